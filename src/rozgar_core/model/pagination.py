"""Offset pagination of lists: page 1 to 1,000,000, limit 1-100 (default 20)."""
from __future__ import annotations

from dataclasses import dataclass

from rozgar_core.errors import FieldError, InvalidInput

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# Beyond any real list, and keeps the offset a 64-bit integer as SQL databases need.
MAX_PAGE = 1_000_000


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int = 1
    limit: int = DEFAULT_LIMIT

    def __post_init__(self) -> None:
        errors = []
        if not 1 <= self.page <= MAX_PAGE:
            errors.append(FieldError("page", f"Must be between 1 and {MAX_PAGE}"))
        if not 1 <= self.limit <= MAX_LIMIT:
            errors.append(FieldError("limit", f"Must be between 1 and {MAX_LIMIT}"))
        if errors:
            raise InvalidInput(errors)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit
