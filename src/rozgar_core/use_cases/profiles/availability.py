"""Toggling availability."""
from __future__ import annotations

from dataclasses import dataclass

from rozgar_core.model.profile import validate_is_available
from rozgar_core.ports import Cache, Clock, UnitOfWorkFactory
from rozgar_core.use_cases.profiles.cache_keys import forget_profile
from rozgar_core.use_cases.profiles.own_profile import load_user


@dataclass(frozen=True, slots=True)
class SetAvailabilityCommand:
    user_id: str
    is_available: object


class SetAvailability:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, cache: Cache) -> None:
        self._uow = uow
        self._clock = clock
        self._cache = cache

    def __call__(self, command: SetAvailabilityCommand) -> bool:
        available = validate_is_available(command.is_available)
        with self._uow() as uow:
            user = load_user(uow, command.user_id)
            uow.users.set_availability(user.id, available, self._clock.now())
            uow.commit()
        forget_profile(self._cache, command.user_id)
        return available
