"""Deleting an account: the right to erasure."""
from __future__ import annotations

from datetime import timedelta

from rozgar_core.ports import (
    Cache,
    Clock,
    FileStorage,
    TokenDenylist,
    UnitOfWorkFactory,
)
from rozgar_core.ports.realtime import RealtimePublisher
from rozgar_core.use_cases.auth.logout import end_live_sessions
from rozgar_core.use_cases.auth.policy import AuthPolicy
from rozgar_core.use_cases.profiles.cache_keys import forget_profile
from rozgar_core.use_cases.profiles.own_profile import load_user
from rozgar_core.use_cases.profiles.picture import delete_picture_objects


class DeleteAccount:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        storage: FileStorage,
        denylist: TokenDenylist,
        clock: Clock,
        policy: AuthPolicy,
        cache: Cache,
        realtime: RealtimePublisher,
    ) -> None:
        self._uow = uow
        self._storage = storage
        self._denylist = denylist
        self._clock = clock
        self._policy = policy
        self._cache = cache
        self._realtime = realtime

    def __call__(self, user_id: str) -> None:
        # Stop every access token first: if that fails, nothing is deleted and the client can retry.
        self._revoke_access_tokens(user_id)
        with self._uow() as uow:
            picture_key = load_user(uow, user_id).profile_picture_key
            rerated = uow.reviews.reviewees_of(user_id)
            uow.users.delete_account(user_id)
            uow.commit()
        delete_picture_objects(self._storage, picture_key)
        for labour_id in (user_id, *rerated):
            forget_profile(self._cache, labour_id)
        # Once more now that the account is gone: a session refreshed during the erasure ends too.
        self._revoke_access_tokens(user_id)
        end_live_sessions(self._realtime, user_id, None)

    def _revoke_access_tokens(self, user_id: str) -> None:
        """Every access token of the user issued until now stops working."""
        now = self._clock.now()
        until = now + timedelta(seconds=self._policy.access_ttl_seconds)
        self._denylist.revoke_user_tokens(user_id, now + timedelta(milliseconds=1), until)
