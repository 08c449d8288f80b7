"""Profile fields: one validator per field, and a parser that reports every problem at once."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from rozgar_core.errors import FieldError, InvalidInput
from rozgar_core.model.india import canonical_state, validate_pincode
from rozgar_core.model.location import GeoPoint
from rozgar_core.model.skills import normalise_skills
from rozgar_core.model.user import ROLE_EMPLOYER, ROLE_LABOUR

LABOUR_TYPES = ("daily", "monthly", "partTime", "fullTime", "contract", "freelance")
ROLES = (ROLE_LABOUR, ROLE_EMPLOYER)
NAME_LENGTH = (2, 100)
MAX_ADDRESS_LENGTH = 500
MAX_CITY_LENGTH = 100
MAX_BIO_LENGTH = 1000
MAX_EMAIL_LENGTH = 254
MAX_EXPERIENCE_YEARS = 60
EMAIL_PATTERN = r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
_EMAIL = re.compile(EMAIL_PATTERN)

# Control characters and lone surrogates: never part of a name or an address, and a database cannot
# store them (PostgreSQL refuses NUL in text; a lone surrogate cannot be encoded as UTF-8).
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cs"})
_BIO_BREAKS = frozenset("\n\r\t")

ALWAYS_REQUIRED = ("name", "address", "city", "state", "pincode")
LABOUR_REQUIRED = ("skills", "experience_years", "labour_type")


def _text(field: str, raw: object, low: int, high: int) -> str:
    if not isinstance(raw, str):
        raise InvalidInput.field(field, "Must be text")
    value = " ".join(raw.split())
    if len(value) < low:
        raise InvalidInput.field(field, "Is required" if low == 1 else f"Must be at least {low} characters")
    if len(value) > high:
        raise InvalidInput.field(field, f"Must be at most {high} characters")
    return _printable(field, value)


def _printable(field: str, value: str, allowed: frozenset[str] = frozenset()) -> str:
    if any(unicodedata.category(char) in _UNSAFE_CATEGORIES and char not in allowed for char in value):
        raise InvalidInput.field(field, "Must not contain control characters")
    return value


def validate_name(raw: object) -> str:
    return _text("name", raw, *NAME_LENGTH)


def validate_address(raw: object) -> str:
    if isinstance(raw, str) and len(raw.strip()) > MAX_ADDRESS_LENGTH:
        raise InvalidInput.field("address", f"Must be at most {MAX_ADDRESS_LENGTH} characters")
    return _text("address", raw, 1, MAX_ADDRESS_LENGTH)


def validate_city(raw: object) -> str:
    return _text("city", raw, 1, MAX_CITY_LENGTH)


def validate_bio(raw: object) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise InvalidInput.field("bio", "Must be text")
    value = raw.strip()
    if len(value) > MAX_BIO_LENGTH:
        raise InvalidInput.field("bio", f"Must be at most {MAX_BIO_LENGTH} characters")
    return _printable("bio", value, _BIO_BREAKS) or None


def validate_email(raw: object) -> str | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if not isinstance(raw, str) or len(raw.strip()) > MAX_EMAIL_LENGTH or not _EMAIL.match(raw.strip()):
        raise InvalidInput.field("email", "Enter a valid email address")
    local, _, domain = raw.strip().rpartition("@")
    return f"{local}@{domain.lower()}"


def validate_experience_years(raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or int(raw) != raw:
        raise InvalidInput.field("experienceYears", "Must be a whole number of years")
    if not 0 <= raw <= MAX_EXPERIENCE_YEARS:
        raise InvalidInput.field("experienceYears", f"Must be between 0 and {MAX_EXPERIENCE_YEARS}")
    return int(raw)


def validate_labour_type(raw: object) -> str:
    if raw not in LABOUR_TYPES:
        raise InvalidInput.field("labourType", "Must be one of " + ", ".join(LABOUR_TYPES))
    return str(raw)


def validate_role(raw: object) -> str:
    if raw not in ROLES:
        raise InvalidInput.field("role", "Must be labour or employer")
    return str(raw)


def validate_is_available(raw: object) -> bool:
    if not isinstance(raw, bool):
        raise InvalidInput.field("isAvailable", "Must be true or false")
    return raw


_VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "name": validate_name,
    "email": validate_email,
    "address": validate_address,
    "city": validate_city,
    "state": canonical_state,
    "pincode": validate_pincode,
    "bio": validate_bio,
    "is_available": validate_is_available,
    "skills": normalise_skills,
    "experience_years": validate_experience_years,
    "labour_type": validate_labour_type,
    "role": validate_role,
}
NULLABLE = {"email", "bio", "latitude", "longitude"}
WIRE_NAMES = {
    "is_available": "isAvailable",
    "experience_years": "experienceYears",
    "labour_type": "labourType",
}


def wire_name(field: str) -> str:
    return WIRE_NAMES.get(field, field)


@dataclass(frozen=True, slots=True)
class ProfileChanges:
    """Validated values of the fields a client sent (snake_case keys); absent fields are absent."""

    values: Mapping[str, Any]

    @classmethod
    def parse(cls, raw: Mapping[str, object]) -> "ProfileChanges":
        errors: list[FieldError] = []
        values: dict[str, Any] = {}
        for field, value in raw.items():
            if field in {"latitude", "longitude"}:
                continue
            validator = _VALIDATORS.get(field)
            if validator is None:
                errors.append(FieldError(wire_name(field), "Unknown field"))
            elif value is None and field not in NULLABLE:
                errors.append(FieldError(wire_name(field), "Cannot be null"))
            else:
                _collect(errors, values, field, partial(validator, value))
        if "latitude" in raw or "longitude" in raw:
            _collect(errors, values, "location", lambda: _location(raw))
        if errors:
            raise InvalidInput(errors)
        return cls(values)

    def __contains__(self, field: str) -> bool:
        return field in self.values

    def get(self, field: str, default: Any = None) -> Any:
        return self.values.get(field, default)


def _location(raw: Mapping[str, object]) -> GeoPoint | None:
    return GeoPoint.from_optional(raw.get("latitude"), raw.get("longitude"))  # type: ignore[arg-type]


def _collect(errors: list[FieldError], values: dict[str, Any], field: str, produce: Callable[[], Any]) -> None:
    try:
        values[field] = produce()
    except InvalidInput as error:
        errors.extend(error.errors)


def missing_required(fields: Mapping[str, Any], role: str) -> list[FieldError]:
    """Required fields that are still empty once the changes are applied."""
    required = ALWAYS_REQUIRED + (LABOUR_REQUIRED if role == ROLE_LABOUR else ())
    return [
        FieldError(wire_name(field), "Is required")
        for field in required
        if fields.get(field) in (None, "", [])
    ]
