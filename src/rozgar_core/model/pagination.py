"""Offset pagination of lists: page >= 1, limit 1-100 (default 20)."""
from __future__ import annotations

from dataclasses import dataclass

from rozgar_core.errors import FieldError, InvalidInput

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int = 1
    limit: int = DEFAULT_LIMIT

    def __post_init__(self) -> None:
        errors = []
        if self.page < 1:
            errors.append(FieldError("page", "Must be at least 1"))
        if not 1 <= self.limit <= MAX_LIMIT:
            errors.append(FieldError("limit", f"Must be between 1 and {MAX_LIMIT}"))
        if errors:
            raise InvalidInput(errors)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit
