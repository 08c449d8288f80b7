"""The login flow's use cases wired on in-memory adapters with a manual clock (shared by the auth unit tests)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.denylist import MemoryTokenDenylist
from rozgar_adapters.memory.rate_limiter import MemoryRateLimiter
from rozgar_adapters.memory.realtime import MemoryRealtimePublisher
from rozgar_adapters.memory.sms import MemorySmsSender, SentSms
from rozgar_adapters.memory.store import MemoryStore
from rozgar_adapters.memory.tokens import MemoryAccessTokenCodec
from rozgar_adapters.memory.uow import MemoryUnitOfWork
from rozgar_adapters.system import CryptoSecrets
from rozgar_core.model import Phone, User
from rozgar_core.ports import RateLimiter, SecretGenerator, SmsSender
from rozgar_core.use_cases.auth import (
    Authenticate,
    AuthPolicy,
    LoginResult,
    Logout,
    LogoutCommand,
    RefreshSession,
    RefreshSessionCommand,
    SendOtp,
    SendOtpCommand,
    SendOtpResult,
    SessionIssuer,
    TokenPair,
    VerifyOtp,
    VerifyOtpCommand,
)

PEPPER = b"unit-test-pepper-of-32-bytes!!!!"
PHONE = "9876543210"
PHONE_E164 = "+919876543210"
OTHER_PHONE = "9123456789"
IP = "203.0.113.7"


class FixedOtpSecrets(CryptoSecrets):
    """Real tokens and ids, but a known OTP code."""

    def __init__(self, code: str) -> None:
        self.code = code

    def otp_code(self, length: int) -> str:
        return self.code


@dataclass
class AuthWorld:
    policy: AuthPolicy
    clock: ManualClock = field(default_factory=ManualClock)
    store: MemoryStore = field(default_factory=MemoryStore)
    sms: SmsSender = field(default_factory=MemorySmsSender)
    limiter: RateLimiter = field(default_factory=MemoryRateLimiter)
    secrets: SecretGenerator = field(default_factory=CryptoSecrets)
    codec: MemoryAccessTokenCodec = field(default_factory=MemoryAccessTokenCodec)
    denylist: MemoryTokenDenylist = field(init=False)

    def __post_init__(self) -> None:
        self.denylist = MemoryTokenDenylist(self.clock)

    def uow(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.store)

    @property
    def sessions(self) -> SessionIssuer:
        return SessionIssuer(self.codec, self.secrets, self.policy)

    def send(self, phone: str = PHONE, ip: str = IP) -> SendOtpResult:
        use_case = SendOtp(self.uow, self.sms, self.limiter, self.clock, self.secrets, self.policy)
        return use_case(SendOtpCommand(phone, ip))

    def verify(self, otp: str, phone: str = PHONE, ip: str = IP) -> LoginResult:
        use_case = VerifyOtp(self.uow, self.sessions, self.limiter, self.clock, self.secrets, self.policy)
        return use_case(VerifyOtpCommand(phone, otp, ip))

    def refresh(self, refresh_token: str) -> TokenPair:
        return RefreshSession(self.uow, self.sessions, self.clock)(RefreshSessionCommand(refresh_token))

    def logout(self, access_token: str | None, refresh_token: str | None, all_devices: bool = False) -> None:
        claims = self.authenticate(access_token) if access_token is not None else None
        logout = Logout(self.uow, self.denylist, self.clock, self.policy, MemoryRealtimePublisher())
        logout(LogoutCommand(claims, refresh_token, all_devices))

    def authenticate(self, access_token: str) -> Any:
        return Authenticate(self.codec, self.denylist, self.clock)(access_token)

    @property
    def texts(self) -> list[SentSms]:
        """Every SMS "sent" so far."""
        assert isinstance(self.sms, MemorySmsSender)
        return self.sms.sent

    def last_code(self, phone_e164: str = PHONE_E164) -> str:
        assert isinstance(self.sms, MemorySmsSender)
        code = self.sms.last_code_for(phone_e164)
        assert code is not None, "no code was texted to this phone"
        return code

    def send_and_read_code(self, phone: str = PHONE, ip: str = IP) -> str:
        self.send(phone, ip)
        return self.last_code(Phone.parse(phone).e164)

    def login(self, phone: str = PHONE, ip: str = IP) -> LoginResult:
        return self.verify(self.send_and_read_code(phone, ip), phone, ip)

    def user(self, phone: str = PHONE) -> User | None:
        user_id = self.store.user_ids_by_phone.get(Phone.parse(phone).e164)
        return self.store.users.get(user_id) if user_id else None

    def complete_profile(self, user_id: str, at: datetime) -> None:
        """What the profile use case will do: name the user and mark the profile complete."""
        self.store.users[user_id] = replace(self.store.users[user_id], name="Ramesh", profile_completed_at=at)

    def suspend(self, user_id: str) -> None:
        self.store.users[user_id] = replace(self.store.users[user_id], is_active=False)


def make_world(**policy_overrides: Any) -> AuthWorld:
    return AuthWorld(policy=AuthPolicy(pepper=PEPPER, **policy_overrides))
