"""Field types of the wire contract."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from marshmallow import fields


class UtcDateTime(fields.DateTime):
    """ISO 8601 in UTC with milliseconds and a Z, as JavaScript's Date.toISOString() writes it."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        moment: datetime = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class StrictBoolean(fields.Boolean):
    """JSON true or false only: marshmallow's Boolean would also take 1, "yes" or "on"."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


# Control characters, which no text field accepts. Fields whose runs of spaces are collapsed first take
# the whitespace ones (tab, line breaks, ...); a bio keeps its text as written, so only tabs and line
# breaks. (Lone surrogates, which are not characters, are refused as well; the patterns leave them out.)
_UNSAFE_IN_COLLAPSED = r"\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
_UNSAFE_IN_BIO = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"


def text_pattern(min_visible: int) -> str:
    """The regular expression the API document gives for one-line text: at least `min_visible`
    characters that are not spaces, and no control characters except spaces."""
    any_text = f"[^{_UNSAFE_IN_COLLAPSED}]*"
    visible = rf"[^\s{_UNSAFE_IN_COLLAPSED}]"
    return "^" + any_text + (visible + any_text) * min_visible + "$"


BIO_PATTERN = rf"^\s*[^{_UNSAFE_IN_BIO}]*\s*$"  # the API trims the ends
