"""RefreshSession: rotate a refresh token; a replayed (already rotated) token revokes its whole family."""
from __future__ import annotations

from dataclasses import dataclass

from rozgar_core.errors import TokenInvalid
from rozgar_core.ports import Clock, UnitOfWorkFactory
from rozgar_core.use_cases.auth.policy import refresh_token_digest
from rozgar_core.use_cases.auth.sessions import SessionIssuer, TokenPair


@dataclass(frozen=True, slots=True)
class RefreshSessionCommand:
    refresh_token: str


class RefreshSession:
    def __init__(self, uow: UnitOfWorkFactory, sessions: SessionIssuer, clock: Clock) -> None:
        self._uow = uow
        self._sessions = sessions
        self._clock = clock

    def __call__(self, command: RefreshSessionCommand) -> TokenPair:
        now = self._clock.now()
        with self._uow() as uow:
            stored = uow.refresh_tokens.get_by_hash(refresh_token_digest(command.refresh_token))
            if stored is None:
                raise TokenInvalid()
            if stored.revoked_at is not None:
                # Reuse of a rotated token means it leaked: end every session descended from it.
                uow.refresh_tokens.revoke_family(stored.family_id, now)
                uow.commit()
                raise TokenInvalid("This session has ended, please log in again", code="TOKEN_REUSED")
            if stored.expires_at <= now or not uow.refresh_tokens.revoke(stored.id, now):
                raise TokenInvalid()
            user = uow.users.get(stored.user_id)
            if user is None or not user.is_active:
                raise TokenInvalid()
            pair = self._sessions.continue_family(uow, user, stored.family_id, stored.expires_at, now)
            uow.commit()
            return pair
