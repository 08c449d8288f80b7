"""Logout: end this session (or every session) and stop the access token at once."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from rozgar_core.errors import RozgarError, TokenInvalid
from rozgar_core.model import AccessClaims
from rozgar_core.ports import Clock, TokenDenylist, UnitOfWorkFactory
from rozgar_core.ports.realtime import RealtimePublisher
from rozgar_core.use_cases.auth.policy import AuthPolicy, refresh_token_digest

log = logging.getLogger("rozgar.auth")


@dataclass(frozen=True, slots=True)
class LogoutCommand:
    claims: AccessClaims | None
    """The caller's access token, when it sent one (it was already checked)."""
    refresh_token: str | None = None
    all_devices: bool = False


class Logout:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        denylist: TokenDenylist,
        clock: Clock,
        policy: AuthPolicy,
        realtime: RealtimePublisher,
    ) -> None:
        self._uow = uow
        self._denylist = denylist
        self._clock = clock
        self._policy = policy
        self._realtime = realtime

    def __call__(self, command: LogoutCommand) -> None:
        now = self._clock.now()
        user_id = self._revoke_refresh_tokens(command, now)
        if command.claims is not None:
            self._denylist.revoke_token(command.claims.jti, command.claims.expires_at)
        if command.all_devices:
            until = now + timedelta(seconds=self._policy.access_ttl_seconds)
            # Access tokens carry their issue time to the millisecond: cut off at the same precision.
            cutoff = now.replace(microsecond=now.microsecond // 1000 * 1000)
            self._denylist.revoke_user_tokens(user_id, cutoff, until)
        jti = None if command.all_devices or command.claims is None else command.claims.jti
        end_live_sessions(self._realtime, user_id, jti)

    def _revoke_refresh_tokens(self, command: LogoutCommand, now: datetime) -> str:
        """Revokes what the command names and returns whose session it was."""
        with self._uow() as uow:
            stored = None
            if command.refresh_token:
                stored = uow.refresh_tokens.get_by_hash(refresh_token_digest(command.refresh_token))
            user_id = command.claims.user_id if command.claims else (stored.user_id if stored else None)
            if user_id is None:
                raise TokenInvalid()
            if command.all_devices:
                uow.refresh_tokens.revoke_all_for_user(user_id, now)
            elif stored is not None and stored.user_id == user_id:
                uow.refresh_tokens.revoke_family(stored.family_id, now)
            uow.commit()
            return user_id


def end_live_sessions(realtime: RealtimePublisher, user_id: str, jti: str | None) -> None:
    """Close live connections; the tokens are already dead, so a failure here is only logged."""
    try:
        realtime.end_sessions(user_id, jti)
    except RozgarError:
        log.warning("live connections not closed")
