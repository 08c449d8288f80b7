"""In-process access-token denylist. Entries expire by the injected clock."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime

from rozgar_core.model import AccessClaims
from rozgar_core.ports import Clock

# Expired entries are dropped on write, at most this often, so revocations cannot pile up forever.
_SWEEP_EVERY = 256


@dataclass(frozen=True, slots=True)
class _UserCutoff:
    issued_before: datetime
    until: datetime


class MemoryTokenDenylist:
    """Revocations live only in this process: fine for one worker, not shared between processes."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._revoked_jtis: dict[str, datetime] = {}
        self._user_cutoffs: dict[str, _UserCutoff] = {}
        self._writes = 0

    def revoke_token(self, jti: str, until: datetime) -> None:
        with self._lock:
            self._maybe_sweep()
            current = self._revoked_jtis.get(jti)
            self._revoked_jtis[jti] = until if current is None else max(current, until)

    def revoke_user_tokens(self, user_id: str, issued_before: datetime, until: datetime) -> None:
        with self._lock:
            self._maybe_sweep()
            current = self._user_cutoffs.get(user_id)
            if current is not None and current.until > self._clock.now():
                issued_before = max(issued_before, current.issued_before)
                until = max(until, current.until)
            self._user_cutoffs[user_id] = _UserCutoff(issued_before, until)

    def is_revoked(self, claims: AccessClaims) -> bool:
        now = self._clock.now()
        with self._lock:
            jti_until = self._revoked_jtis.get(claims.jti)
            cutoff = self._user_cutoffs.get(claims.user_id)
        if jti_until is not None and now < jti_until:
            return True
        return cutoff is not None and now < cutoff.until and claims.issued_at < cutoff.issued_before

    def _maybe_sweep(self) -> None:
        self._writes += 1
        if self._writes % _SWEEP_EVERY:
            return
        now = self._clock.now()
        self._revoked_jtis = {jti: until for jti, until in self._revoked_jtis.items() if until > now}
        self._user_cutoffs = {
            user_id: cutoff for user_id, cutoff in self._user_cutoffs.items() if cutoff.until > now
        }
