"""A labour's profile as other users see it, cached (the owner's changes evict it)."""
from __future__ import annotations

import uuid
from dataclasses import dataclass

from rozgar_core.errors import NotFound
from rozgar_core.model.location import GeoPoint
from rozgar_core.model.public_profile import PublicProfile
from rozgar_core.model.search import is_listed
from rozgar_core.ports import Cache, UnitOfWorkFactory
from rozgar_core.use_cases.profiles.cache_keys import PROFILE_TTL_SECONDS, profile_key


def is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class GetLabourCommand:
    labour_id: str
    origin: GeoPoint | None = None


class GetLabourProfile:
    def __init__(self, uow: UnitOfWorkFactory, cache: Cache) -> None:
        self._uow = uow
        self._cache = cache

    def __call__(self, command: GetLabourCommand) -> PublicProfile:
        cached = self._cache.get(profile_key(command.labour_id))
        profile = PublicProfile.from_json(cached) if cached else self._load(command.labour_id)
        return profile.measured_from(command.origin)

    def _load(self, labour_id: str) -> PublicProfile:
        if not is_uuid(labour_id):
            raise NotFound("No such labour", code="LABOUR_NOT_FOUND")
        with self._uow() as uow:
            user = uow.users.get(labour_id)
        if user is None or not is_listed(user):
            raise NotFound("No such labour", code="LABOUR_NOT_FOUND")
        profile = PublicProfile.of(user)
        self._cache.set(profile_key(labour_id), profile.to_json(), PROFILE_TTL_SECONDS)
        return profile
