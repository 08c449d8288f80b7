"""Uploading a profile picture: checked, re-encoded, stored under a random name; the old one deleted."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from rozgar_core.errors import RozgarError
from rozgar_core.ports import (
    Cache,
    Clock,
    FileStorage,
    ImageProcessor,
    SecretGenerator,
    UnitOfWorkFactory,
)
from rozgar_core.ports.media import new_picture_keys
from rozgar_core.use_cases.profiles.cache_keys import forget_profile
from rozgar_core.use_cases.profiles.own_profile import load_user

log = logging.getLogger("rozgar.pictures")


@dataclass(frozen=True, slots=True)
class UploadPictureCommand:
    user_id: str
    data: bytes


def thumbnail_key(picture_key: str) -> str:
    stem, dot, extension = picture_key.rpartition(".")
    return f"{stem}-thumb{dot}{extension}"


def delete_picture_objects(storage: FileStorage, picture_key: str | None) -> None:
    """Best effort: a leftover object is only wasted space, never a reason to fail the request."""
    if not picture_key:
        return
    for key in (picture_key, thumbnail_key(picture_key)):
        try:
            storage.delete(key)
        except RozgarError:
            log.warning("could not delete a replaced picture object")


class UploadProfilePicture:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        storage: FileStorage,
        processor: ImageProcessor,
        secrets: SecretGenerator,
        clock: Clock,
        cache: Cache,
    ) -> None:
        self._uow = uow
        self._storage = storage
        self._processor = processor
        self._secrets = secrets
        self._clock = clock
        self._cache = cache

    def __call__(self, command: UploadPictureCommand) -> str:
        with self._uow() as uow:
            load_user(uow, command.user_id)
        picture = self._processor.process(command.data)
        key, thumb_key = new_picture_keys(command.user_id, self._secrets.token(), picture.extension)
        self._storage.save(key, picture.picture, picture.content_type)
        self._storage.save(thumb_key, picture.thumbnail, picture.content_type)
        url = self._storage.url_for(key)
        try:
            old_key = self._point_profile_at(command.user_id, url, key)
        except BaseException:
            delete_picture_objects(self._storage, key)  # nothing half-done: no orphaned upload
            raise
        delete_picture_objects(self._storage, old_key)
        forget_profile(self._cache, command.user_id)
        return url

    def _point_profile_at(self, user_id: str, url: str, key: str) -> str | None:
        with self._uow() as uow:
            user = load_user(uow, user_id)
            uow.users.set_picture(user_id, url, key, self._clock.now())
            uow.commit()
            return user.profile_picture_key
