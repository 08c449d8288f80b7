"""Reading and changing one's settings."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rozgar_core.model.settings import UserSettings
from rozgar_core.ports import Clock, UnitOfWorkFactory
from rozgar_core.use_cases.profiles.own_profile import load_user


@dataclass(frozen=True, slots=True)
class UpdateSettingsCommand:
    user_id: str
    changes: Mapping[str, object]
    """snake_case setting names -> values."""


class GetSettings:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, user_id: str) -> UserSettings:
        with self._uow() as uow:
            load_user(uow, user_id)
            return uow.user_settings.get(user_id) or UserSettings(user_id)


class UpdateSettings:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, command: UpdateSettingsCommand) -> UserSettings:
        with self._uow() as uow:
            load_user(uow, command.user_id)
            settings = uow.user_settings.get(command.user_id) or UserSettings(command.user_id)
            settings.apply(dict(command.changes))
            settings.updated_at = self._clock.now()
            uow.user_settings.save(settings)
            uow.commit()
            return settings
