"""Reading, completing and updating one's own profile."""
from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass

from rozgar_core.errors import Conflict, NotFound
from rozgar_core.model import User
from rozgar_core.model.profile import ProfileChanges
from rozgar_core.ports import Cache, Clock, Geocoder, UnitOfWork, UnitOfWorkFactory
from rozgar_core.use_cases.profiles.cache_keys import forget_profile
from rozgar_core.use_cases.profiles.editing import (
    DerivedLocation,
    apply_changes,
    apply_derived_location,
    check_complete,
    check_email_free,
    locate,
    needs_geocoding,
)


@dataclass(frozen=True, slots=True)
class ProfileCommand:
    user_id: str
    fields: Mapping[str, object]
    """snake_case field names -> raw values as the client sent them."""


def load_user(uow: UnitOfWork, user_id: str) -> User:
    user = uow.users.get(user_id)
    if user is None:
        raise NotFound("This account no longer exists", code="USER_NOT_FOUND")
    return user


class GetOwnProfile:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, user_id: str) -> User:
        with self._uow() as uow:
            return load_user(uow, user_id)


class _SaveProfile:
    completing = False

    def __init__(self, uow: UnitOfWorkFactory, geocoder: Geocoder, clock: Clock, cache: Cache) -> None:
        self._uow = uow
        self._geocoder = geocoder
        self._clock = clock
        self._cache = cache

    def __call__(self, command: ProfileCommand) -> User:
        changes = ProfileChanges.parse(command.fields)
        derived = self._derive_location(command.user_id, changes)
        with self._uow() as uow:
            user = load_user(uow, command.user_id)
            self._check_state(user)
            apply_changes(user, changes)
            apply_derived_location(user, derived)
            check_complete(user)
            check_email_free(uow, user)
            now = self._clock.now()
            user.updated_at = now
            user.profile_completed_at = user.profile_completed_at or now
            uow.users.save_profile(user)
            uow.commit()
        forget_profile(self._cache, user.id)
        return user

    def _check_state(self, user: User) -> None:
        if self.completing and user.is_profile_complete:
            raise Conflict("The profile is already complete: update it instead", code="PROFILE_EXISTS")

    def _derive_location(self, user_id: str, changes: ProfileChanges) -> DerivedLocation | None:
        """Geocode outside the transaction: a slow provider must not hold database locks."""
        with self._uow() as uow:
            draft = copy.deepcopy(load_user(uow, user_id))
        self._check_state(draft)
        apply_changes(draft, changes)
        check_complete(draft)
        if not needs_geocoding(draft) or draft.pincode is None:
            return None
        point = locate(self._geocoder, draft.pincode)
        return DerivedLocation(draft.pincode, point) if point else None


class CompleteProfile(_SaveProfile):
    """First-time setup: 409 when the profile is already complete."""

    completing = True


class UpdateProfile(_SaveProfile):
    """Partial update: only the given fields change; the result must still be a complete profile."""
