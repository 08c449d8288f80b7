"""Admin views of users: list, verify, suspend and reactivate."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rozgar_core.errors import InvalidInput, NotFound
from rozgar_core.model import User
from rozgar_core.model.activity import NotificationType
from rozgar_core.model.pagination import PageRequest
from rozgar_core.ports import Cache, Clock, TokenDenylist, UnitOfWork, UnitOfWorkFactory
from rozgar_core.ports.admin import UserFilter
from rozgar_core.ports.realtime import RealtimePublisher
from rozgar_core.use_cases.activity.notifier import Notifier, Outbox
from rozgar_core.use_cases.admin.common import Auditor
from rozgar_core.use_cases.auth.logout import end_live_sessions
from rozgar_core.use_cases.auth.policy import AuthPolicy
from rozgar_core.use_cases.profiles.cache_keys import forget_profile
from rozgar_core.use_cases.profiles.public import is_uuid


def existing_user(uow: UnitOfWork, user_id: str) -> User:
    user = uow.users.get(user_id) if is_uuid(user_id) else None
    if user is None:
        raise NotFound("No such user", code="USER_NOT_FOUND")
    return user


class ListUsers:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, filters: UserFilter, page: PageRequest) -> tuple[list[User], int]:
        with self._uow() as uow:
            return uow.admin_users.list_users(filters, page.offset, page.limit)


class VerifyUser:
    def __init__(
        self, uow: UnitOfWorkFactory, notifier: Notifier, auditor: Auditor, clock: Clock, cache: Cache
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._auditor = auditor
        self._clock = clock
        self._cache = cache

    def __call__(self, admin_id: str, user_id: str) -> User:
        with self._uow() as uow:
            user = existing_user(uow, user_id)
            uow.admin_users.set_verified(user.id, True, self._clock.now())
            outbox = Outbox()
            self._notifier.add(
                uow, outbox, user.id, NotificationType.VERIFICATION, "Profile verified",
                "Your Rozgar360 profile is now verified", admin_id,
            )
            self._auditor.record(uow, admin_id, "user.verify", "user", user.id)
            uow.commit()
        self._notifier.send(outbox)
        forget_profile(self._cache, user.id)
        user.is_verified = True
        return user


@dataclass(frozen=True, slots=True)
class SetUserStatusCommand:
    admin_id: str
    user_id: str
    is_active: bool


class SetUserStatus:
    """Suspending ends every session of the user at once and hides them; reactivating restores them."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        denylist: TokenDenylist,
        auditor: Auditor,
        clock: Clock,
        policy: AuthPolicy,
        cache: Cache,
        realtime: RealtimePublisher,
    ) -> None:
        self._realtime = realtime
        self._uow = uow
        self._denylist = denylist
        self._auditor = auditor
        self._clock = clock
        self._policy = policy
        self._cache = cache

    def __call__(self, command: SetUserStatusCommand) -> User:
        if command.user_id == command.admin_id and not command.is_active:
            raise InvalidInput.field("isActive", "You cannot suspend yourself")
        now = self._clock.now()
        if not command.is_active:
            until = now + timedelta(seconds=self._policy.access_ttl_seconds)
            self._denylist.revoke_user_tokens(command.user_id, now + timedelta(milliseconds=1), until)
        with self._uow() as uow:
            user = existing_user(uow, command.user_id)
            uow.admin_users.set_active(user.id, command.is_active, now)
            if not command.is_active:
                uow.refresh_tokens.revoke_all_for_user(user.id, now)
            action = "user.reactivate" if command.is_active else "user.suspend"
            self._auditor.record(uow, command.admin_id, action, "user", user.id)
            uow.commit()
        forget_profile(self._cache, user.id)
        if not command.is_active:
            end_live_sessions(self._realtime, user.id, None)
        user.is_active = command.is_active
        return user
