"""A user's own settings (the spec's Settings APIs)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rozgar_core.errors import FieldError, InvalidInput

SUPPORTED_LANGUAGES = ("en", "hi", "bn", "te", "mr", "ta", "ur", "gu", "kn", "ml", "or", "pa", "as")
DEFAULT_LANGUAGE = "en"


@dataclass(slots=True)
class UserSettings:
    """Defaults: English, push and SMS notifications on, email off (most workers have no email)."""

    user_id: str
    language: str = DEFAULT_LANGUAGE
    push_notifications: bool = True
    email_notifications: bool = False
    sms_notifications: bool = True
    updated_at: datetime | None = None

    def apply(self, changes: dict[str, object]) -> None:
        errors: list[FieldError] = []
        for field, value in changes.items():
            if field == "language":
                if value not in SUPPORTED_LANGUAGES:
                    errors.append(FieldError("language", "Must be one of " + ", ".join(SUPPORTED_LANGUAGES)))
                    continue
            elif field in {"push_notifications", "email_notifications", "sms_notifications"}:
                if not isinstance(value, bool):
                    errors.append(FieldError(_wire(field), "Must be true or false"))
                    continue
            else:
                errors.append(FieldError(_wire(field), "Unknown field"))
                continue
            setattr(self, field, value)
        if errors:
            raise InvalidInput(errors)


def _wire(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(part.title() for part in rest)
