"""In-memory repositories. They return copies: changing a returned object never changes the store."""
from __future__ import annotations

import copy
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

from rozgar_adapters.memory.ratings import erase_activity, recompute_rating
from rozgar_adapters.memory.store import MemoryTransaction, SearchRecord
from rozgar_core.errors import Conflict, NotFound
from rozgar_core.model import OtpChallenge, Phone, RefreshToken, User
from rozgar_core.model.settings import UserSettings
from rozgar_core.ports.search import SearchEntry


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC, as the SQL adapters return it; a naive datetime is a programming error."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Datetimes given to a repository must be timezone-aware")
    return moment.astimezone(UTC)


def _copy_user(user: User) -> User:
    return replace(user, skills=list(user.skills))


# What `save_profile` writes; the rest (rating, picture, flags, login) has its own writers.
PROFILE_FIELDS = (
    "name", "email", "bio", "address", "city", "state", "pincode", "latitude", "longitude",
    "location_source", "is_available", "experience_years", "labour_type", "role",
)


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

    def save_profile(self, user: User) -> None:
        stored = self._existing(user.id)
        if user.email is not None and self.email_in_use(user.email, user.id):
            raise Conflict("This email is used by another account", code="EMAIL_TAKEN")
        completed_at = user.profile_completed_at
        saved = replace(
            stored,
            **{field: getattr(user, field) for field in PROFILE_FIELDS},
            skills=list(dict.fromkeys(user.skills)),
            updated_at=to_utc(user.updated_at),
            profile_completed_at=to_utc(completed_at) if completed_at is not None else None,
        )
        self._put(saved)
        self._index_email(stored.email, saved.email, saved.id)

    def email_in_use(self, email: str, except_user_id: str) -> bool:
        owner = self._tx.require_active().user_ids_by_email.get(email)
        return owner is not None and owner != except_user_id

    def set_availability(self, user_id: str, is_available: bool, at: datetime) -> None:
        self._put(replace(self._existing(user_id), is_available=is_available, updated_at=to_utc(at)))

    def set_picture(self, user_id: str, url: str | None, key: str | None, at: datetime) -> None:
        user = self._existing(user_id)
        self._put(replace(user, profile_picture_url=url, profile_picture_key=key, updated_at=to_utc(at)))

    def set_hidden(self, user_id: str, hidden: bool, at: datetime) -> None:
        self._put(replace(self._existing(user_id), is_hidden=hidden, updated_at=to_utc(at)))

    def delete_account(self, user_id: str) -> None:
        user, store = self._existing(user_id), self._tx.store
        reviewed = erase_activity(self._tx, user_id)
        self._tx.delete(store.users, user_id)
        self._tx.delete(store.user_ids_by_phone, user.phone.e164)
        self._index_email(user.email, None, user_id)
        self._tx.delete(store.user_settings, user_id)
        for token in [t for t in store.refresh_tokens.values() if t.user_id == user_id]:
            self._tx.delete(store.refresh_tokens, token.id)
            self._tx.delete(store.refresh_token_ids_by_hash, token.token_hash)
        for record in [r for r in store.search_history.values() if r.user_id == user_id]:
            self._tx.delete(store.search_history, record.id)
        for view in [v for v in store.profile_views if user_id in (v[0], v[1])]:
            self._tx.delete(store.profile_views, view)
        for labour_id in sorted(reviewed):
            recompute_rating(self._tx, labour_id)

    def _existing(self, user_id: str) -> User:
        user = self._tx.require_active().users.get(user_id)
        if user is None:
            raise NotFound("This account no longer exists", code="USER_NOT_FOUND")
        return user

    def _put(self, user: User) -> None:
        self._tx.put(self._tx.store.users, user.id, user)

    def _index_email(self, old: str | None, new: str | None, user_id: str) -> None:
        emails = self._tx.store.user_ids_by_email
        if old is not None and old != new and emails.get(old) == user_id:
            self._tx.delete(emails, old)
        if new is not None:
            self._tx.put(emails, new, user_id)


class MemoryUserSettingsRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def get(self, user_id: str) -> UserSettings | None:
        settings = self._tx.require_active().user_settings.get(user_id)
        return replace(settings) if settings is not None else None

    def save(self, settings: UserSettings) -> None:
        store = self._tx.require_active()
        if settings.user_id not in store.users:
            raise Conflict(f"No user with id {settings.user_id}")
        saved_at = to_utc(settings.updated_at) if settings.updated_at is not None else datetime.now(UTC)
        self._tx.put(store.user_settings, settings.user_id, replace(settings, updated_at=saved_at))


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
            self._remove(challenge)
        return len(expired)

    def withdraw(self, challenge_id: str) -> None:
        challenge = self._tx.require_active().otps.get(challenge_id)
        if challenge is not None:
            self._remove(challenge)

    def _remove(self, challenge: OtpChallenge) -> None:
        store = self._tx.require_active()
        self._tx.delete(store.otps, challenge.id)
        remaining = tuple(i for i in store.otp_ids_by_phone[challenge.phone] if i != challenge.id)
        if remaining:
            self._tx.put(store.otp_ids_by_phone, challenge.phone, remaining)
        else:
            self._tx.delete(store.otp_ids_by_phone, challenge.phone)


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


class MemorySearchHistoryRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def add(self, user_id: str, search_query: str, filters: Mapping[str, object], at: datetime) -> None:
        store = self._tx.require_active()
        if user_id not in store.users:
            raise Conflict(f"No user with id {user_id}")
        record = SearchRecord(str(uuid.uuid4()), user_id, search_query, copy.deepcopy(dict(filters)), to_utc(at))
        self._tx.put(store.search_history, record.id, record)

    def add_many(self, entries: Sequence[SearchEntry]) -> None:
        store = self._tx.require_active()
        for entry in entries:
            if entry.user_id in store.users:
                self.add(entry.user_id, entry.search_query, entry.filters, entry.at)


class MemoryProfileViewRepository:
    def __init__(self, transaction: MemoryTransaction) -> None:
        self._tx = transaction

    def record(self, labour_id: str, viewer_id: str, day: date, at: datetime) -> bool:
        store = self._tx.require_active()
        if labour_id not in store.users or viewer_id not in store.users:
            raise Conflict("Both users of a profile view must exist")
        key = (labour_id, viewer_id, day)
        if key in store.profile_views:
            return False
        self._tx.put(store.profile_views, key, to_utc(at))
        return True
