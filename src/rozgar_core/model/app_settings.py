"""Global settings kept in the app_settings table, each with a type and a default."""
from __future__ import annotations

from dataclasses import dataclass

from rozgar_core.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class SettingDefinition:
    key: str
    kind: type
    default: object
    description: str
    minimum: int | None = None
    maximum: int | None = None

    def parse(self, raw: object) -> object:
        """A value of this setting's type, from JSON (true/5) or from its stored text ("true"/"5")."""
        value = _coerce(self.kind, raw)
        if value is None:
            raise InvalidInput.field("value", f"{self.key} must be {_kind_name(self.kind)}")
        if isinstance(value, int) and not isinstance(value, bool):
            if (self.minimum is not None and value < self.minimum) or (
                self.maximum is not None and value > self.maximum
            ):
                raise InvalidInput.field("value", f"{self.key} must be between {self.minimum} and {self.maximum}")
        return value

    def to_text(self, value: object) -> str:
        return ("true" if value else "false") if self.kind is bool else str(value)


def _coerce(kind: type, raw: object) -> object | None:
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        return {"true": True, "false": False}.get(raw) if isinstance(raw, str) else None
    if kind is int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        return int(raw) if isinstance(raw, str) and raw.strip().lstrip("-").isdigit() else None
    return raw if isinstance(raw, str) else None


def _kind_name(kind: type) -> str:
    return {bool: "true or false", int: "a whole number"}.get(kind, "text")


REVIEWS_REQUIRE_CONTACT = SettingDefinition(
    "reviews.requireContact", bool, True, "Only users who contacted a labour may review them"
)
CONTACTS_DAILY_CAP = SettingDefinition(
    "contacts.dailyCap", int, 100, "Contacts one user may make in 24 hours", minimum=1, maximum=10_000
)
REPORTS_AUTO_HIDE_THRESHOLD = SettingDefinition(
    "reports.autoHideThreshold", int, 5, "Distinct pending reporters that hide a user from search",
    minimum=1, maximum=1000,
)
CONTACT_NOTIFY_INTERVAL_MINUTES = SettingDefinition(
    "notifications.contactIntervalMinutes", int, 60,
    "Minutes between two contact notifications for the same pair of users", minimum=0, maximum=1440,
)

SETTINGS = {
    definition.key: definition
    for definition in (
        REVIEWS_REQUIRE_CONTACT,
        CONTACTS_DAILY_CAP,
        REPORTS_AUTO_HIDE_THRESHOLD,
        CONTACT_NOTIFY_INTERVAL_MINUTES,
    )
}


def definition_of(key: str) -> SettingDefinition:
    definition = SETTINGS.get(key)
    if definition is None:
        raise InvalidInput.field("key", "Unknown setting")
    return definition
