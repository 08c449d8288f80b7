"""The ports: every way the core reaches the outside world. Adapters implement these Protocols."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol

from rozgar_core.model import (
    AccessClaims,
    IssuedAccessToken,
    OtpChallenge,
    Phone,
    RefreshToken,
    User,
)
from rozgar_core.ports.activity import (
    AppSettingsRepository,
    ContactRepository,
    NotificationRepository,
    ReportRepository,
    ReviewRepository,
)
from rozgar_core.ports.admin import (
    AdminUserQueries,
    AnalyticsQueries,
    AuditLogRepository,
)
from rozgar_core.ports.profiles import UserSettingsRepository
from rozgar_core.ports.search import ProfileViewRepository, SearchHistoryRepository


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class SecretGenerator(Protocol):
    def otp_code(self, length: int) -> str:
        """`length` random decimal digits from a CSPRNG."""
        ...

    def token(self) -> str:
        """An opaque token carrying 256 random bits, URL-safe."""
        ...

    def new_id(self) -> str:
        """A new random UUID in its canonical string form."""
        ...


class UserRepository(Protocol):
    def get(self, user_id: str) -> User | None: ...

    def get_by_phone(self, phone: Phone) -> User | None: ...

    def get_or_create_by_phone(self, phone: Phone, new_id: str, now: datetime) -> tuple[User, bool]:
        """The account of `phone`, created with the phone alone if missing (safe under concurrency).

        Returns the user and whether this call created it."""
        ...

    def record_login(self, user_id: str, at: datetime) -> None: ...

    def save_profile(self, user: User) -> None:
        """Write every profile field of `user` (skills replaced as a set, `updated_at` included).

        Raises Conflict with code EMAIL_TAKEN when another account has the email."""
        ...

    def email_in_use(self, email: str, except_user_id: str) -> bool: ...

    def set_availability(self, user_id: str, is_available: bool, at: datetime) -> None: ...

    def set_picture(self, user_id: str, url: str | None, key: str | None, at: datetime) -> None: ...

    def set_hidden(self, user_id: str, hidden: bool, at: datetime) -> None:
        """Hide a user from search (many reports) or show them again (an admin decided)."""
        ...

    def delete_account(self, user_id: str) -> None:
        """Erase the user and everything of theirs: skills, settings, tokens, notifications (also those
        about them), contacts, search history, profile views, reports, reviews written and received.

        The rating and review count of every labour they had reviewed are recomputed in the same
        transaction."""
        ...


class OtpRepository(Protocol):
    def add(self, challenge: OtpChallenge) -> None: ...

    def latest_for(self, phone: str) -> OtpChallenge | None:
        """The most recently created challenge of `phone` (only that one may be verified)."""
        ...

    def reserve_attempt(self, challenge_id: str, max_attempts: int) -> bool:
        """Atomically count one verification attempt; False when the code has no attempts left."""
        ...

    def consume(self, challenge_id: str) -> bool:
        """Atomically mark the challenge used; True only for the single call that did it."""
        ...

    def delete_expired(self, before: datetime) -> int: ...

    def withdraw(self, challenge_id: str) -> None:
        """Remove a challenge whose code never reached the user, so the previous code stays valid."""
        ...


class RefreshTokenRepository(Protocol):
    def add(self, token: RefreshToken) -> None: ...

    def get_by_hash(self, token_hash: str) -> RefreshToken | None: ...

    def revoke(self, token_id: str, at: datetime) -> bool:
        """Atomically revoke one live token; True only for the single call that revoked it."""
        ...

    def revoke_family(self, family_id: str, at: datetime) -> int: ...

    def revoke_all_for_user(self, user_id: str, at: datetime) -> int: ...


class UnitOfWork(Protocol):
    """One transaction. Rolls back on exit unless `commit()` was called."""

    users: UserRepository
    otps: OtpRepository
    refresh_tokens: RefreshTokenRepository
    user_settings: UserSettingsRepository
    search_history: SearchHistoryRepository
    profile_views: ProfileViewRepository
    reviews: ReviewRepository
    contacts: ContactRepository
    notifications: NotificationRepository
    reports: ReportRepository
    app_settings: AppSettingsRepository
    admin_users: AdminUserQueries
    audit_log: AuditLogRepository
    analytics: AnalyticsQueries

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class SmsSender(Protocol):
    def send(self, phone: Phone, message: str) -> None:
        """Deliver one SMS. Raises DependencyUnavailable when the provider fails or times out."""
        ...


class AccessTokenCodec(Protocol):
    def issue(self, user_id: str, phone: str, now: datetime) -> IssuedAccessToken: ...

    def decode(self, token: str, now: datetime) -> AccessClaims:
        """The claims of a valid, unexpired access token; raises TokenInvalid otherwise."""
        ...


class TokenDenylist(Protocol):
    """Access tokens stopped before their expiry (logout, logout everywhere, suspension, deletion)."""

    def revoke_token(self, jti: str, until: datetime) -> None: ...

    def revoke_user_tokens(self, user_id: str, issued_before: datetime, until: datetime) -> None:
        """Every access token of the user issued before `issued_before` is refused until `until`."""
        ...

    def is_revoked(self, claims: AccessClaims) -> bool: ...


@dataclass(frozen=True, slots=True)
class RateRule:
    key: str
    limit: int
    window_seconds: int


@dataclass(frozen=True, slots=True)
class RateDecision:
    allowed: bool
    retry_after: int = 0


class RateLimiter(Protocol):
    """Rolling-window counters. Raises DependencyUnavailable when its store is down."""

    def hit(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        """Atomically: when every rule has room, count one event in each; otherwise count nothing."""
        ...

    def check(self, rules: Sequence[RateRule], now: datetime) -> RateDecision:
        """Whether `hit` would be allowed now, counting nothing."""
        ...


@dataclass(frozen=True, slots=True)
class Admission:
    """What a request's gate found: the rate decision and whether its access token is revoked."""

    decision: RateDecision
    revoked: bool


class RequestGate(Protocol):
    """An authenticated request's general rate limit and its token's revocation, read together: every
    request needs both, and on a shared store they are one round trip instead of two. Raises
    DependencyUnavailable when its store is down."""

    def admit(self, rules: Sequence[RateRule], claims: AccessClaims, now: datetime) -> Admission:
        """`RateLimiter.hit(rules, now)`, and `TokenDenylist.is_revoked(claims)` (whatever the decision)."""
        ...
