"""Id bounds for a cursor's id, which a client may have forged into any string.

The core compares ids as strings. Stored ids are canonical UUIDs, whose string order is their
numeric order, so "id < text" for any text is "id < the first UUID whose string is >= text"."""
from __future__ import annotations

import uuid
from collections.abc import Callable

_UUID_COUNT = 1 << 128

IdBound = str | bool
"""A canonical UUID to compare with, or True (every id passes) or False (none does)."""


def _text_of(number: int) -> str:
    return str(uuid.UUID(int=number))


def _first_uuid(is_past: Callable[[str], bool]) -> int:
    """The smallest UUID (as a number) whose string passes `is_past` (monotone); 2**128 if none."""
    low, high = 0, _UUID_COUNT
    while low < high:
        middle = (low + high) // 2
        if is_past(_text_of(middle)):
            high = middle
        else:
            low = middle + 1
    return low


def ids_below(text: str) -> IdBound:
    """The bound b with: id < text exactly when id < b."""
    if canonical_id(text) is not None:
        return text
    first_not_below = _first_uuid(lambda candidate: candidate >= text)
    if first_not_below == 0:
        return False
    return True if first_not_below == _UUID_COUNT else _text_of(first_not_below)


def ids_above(text: str) -> IdBound:
    """The bound b with: id > text exactly when id >= b."""
    first_above = _first_uuid(lambda candidate: candidate > text)
    if first_above == _UUID_COUNT:
        return False
    return True if first_above == 0 else _text_of(first_above)


def canonical_id(text: str) -> str | None:
    """`text` when it is a UUID written the way stored ids read back (lowercase, dashed)."""
    try:
        return text if str(uuid.UUID(text)) == text else None
    except (ValueError, TypeError, AttributeError):
        return None
