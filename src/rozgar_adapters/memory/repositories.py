"""In-memory repositories. They return copies: changing a returned object never changes the store."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from rozgar_adapters.memory.store import MemoryTransaction
from rozgar_core.errors import Conflict
from rozgar_core.model import OtpChallenge, Phone, RefreshToken, User


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC, as the SQL adapters return it; a naive datetime is a programming error."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Datetimes given to a repository must be timezone-aware")
    return moment.astimezone(UTC)


def _copy_user(user: User) -> User:
    return replace(user, skills=list(user.skills))


class MemoryUserRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def get(self, user_id: str) -> User | None:
        user = self._tx.require_active().users.get(user_id)
        return _copy_user(user) if user is not None else None

    def get_by_phone(self, phone: Phone) -> User | None:
        user_id = self._tx.require_active().user_ids_by_phone.get(phone.e164)
        return self.get(user_id) if user_id is not None else None

    def get_or_create_by_phone(self, phone: Phone, new_id: str, now: datetime) -> tuple[User, bool]:
        existing = self.get_by_phone(phone)
        if existing is not None:
            return existing, False
        store = self._tx.require_active()
        if new_id in store.users:
            raise Conflict(f"A user with id {new_id} already exists")
        created_at = to_utc(now)
        user = User(id=new_id, phone=phone, created_at=created_at, updated_at=created_at)
        self._tx.put(store.users, new_id, user)
        self._tx.put(store.user_ids_by_phone, phone.e164, new_id)
        return _copy_user(user), True

    def record_login(self, user_id: str, at: datetime) -> None:
        store = self._tx.require_active()
        user = store.users.get(user_id)
        if user is not None:
            self._tx.put(store.users, user_id, replace(user, last_login_at=to_utc(at)))


class MemoryOtpRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def add(self, challenge: OtpChallenge) -> None:
        store = self._tx.require_active()
        if challenge.id in store.otps:
            raise Conflict(f"An OTP challenge with id {challenge.id} already exists")
        stored = replace(
            challenge, expires_at=to_utc(challenge.expires_at), created_at=to_utc(challenge.created_at)
        )
        self._tx.put(store.otps, stored.id, stored)
        ids = store.otp_ids_by_phone.get(stored.phone, ())
        self._tx.put(store.otp_ids_by_phone, stored.phone, (*ids, stored.id))

    def latest_for(self, phone: str) -> OtpChallenge | None:
        store = self._tx.require_active()
        challenges = [store.otps[otp_id] for otp_id in store.otp_ids_by_phone.get(phone, ())]
        if not challenges:
            return None
        return replace(max(challenges, key=lambda challenge: (challenge.created_at, challenge.id)))

    def reserve_attempt(self, challenge_id: str, max_attempts: int) -> bool:
        store = self._tx.require_active()
        challenge = store.otps.get(challenge_id)
        if challenge is None or challenge.is_verified or challenge.attempts >= max_attempts:
            return False
        self._tx.put(store.otps, challenge_id, replace(challenge, attempts=challenge.attempts + 1))
        return True

    def consume(self, challenge_id: str) -> bool:
        store = self._tx.require_active()
        challenge = store.otps.get(challenge_id)
        if challenge is None or challenge.is_verified:
            return False
        self._tx.put(store.otps, challenge_id, replace(challenge, is_verified=True))
        return True

    def delete_expired(self, before: datetime) -> int:
        store = self._tx.require_active()
        cutoff = to_utc(before)
        expired = [challenge for challenge in store.otps.values() if challenge.expires_at < cutoff]
        for challenge in expired:
            self._tx.delete(store.otps, challenge.id)
            remaining = tuple(i for i in store.otp_ids_by_phone[challenge.phone] if i != challenge.id)
            if remaining:
                self._tx.put(store.otp_ids_by_phone, challenge.phone, remaining)
            else:
                self._tx.delete(store.otp_ids_by_phone, challenge.phone)
        return len(expired)


class MemoryRefreshTokenRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def add(self, token: RefreshToken) -> None:
        store = self._tx.require_active()
        if token.id in store.refresh_tokens or token.token_hash in store.refresh_token_ids_by_hash:
            raise Conflict("This refresh token already exists")
        if token.user_id not in store.users:
            raise Conflict(f"No user with id {token.user_id}")
        stored = replace(
            token,
            expires_at=to_utc(token.expires_at),
            created_at=to_utc(token.created_at),
            revoked_at=to_utc(token.revoked_at) if token.revoked_at is not None else None,
        )
        self._tx.put(store.refresh_tokens, stored.id, stored)
        self._tx.put(store.refresh_token_ids_by_hash, stored.token_hash, stored.id)

    def get_by_hash(self, token_hash: str) -> RefreshToken | None:
        store = self._tx.require_active()
        token_id = store.refresh_token_ids_by_hash.get(token_hash)
        return replace(store.refresh_tokens[token_id]) if token_id is not None else None

    def revoke(self, token_id: str, at: datetime) -> bool:
        store = self._tx.require_active()
        token = store.refresh_tokens.get(token_id)
        if token is None or token.revoked_at is not None:
            return False
        self._tx.put(store.refresh_tokens, token_id, replace(token, revoked_at=to_utc(at)))
        return True

    def revoke_family(self, family_id: str, at: datetime) -> int:
        store = self._tx.require_active()
        ids = [t.id for t in store.refresh_tokens.values() if t.family_id == family_id]
        return sum(self.revoke(token_id, at) for token_id in ids)

    def revoke_all_for_user(self, user_id: str, at: datetime) -> int:
        store = self._tx.require_active()
        ids = [t.id for t in store.refresh_tokens.values() if t.user_id == user_id]
        return sum(self.revoke(token_id, at) for token_id in ids)
