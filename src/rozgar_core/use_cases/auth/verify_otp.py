"""VerifyOtp: check a code, log the user in (creating the account on first login), issue tokens."""
from __future__ import annotations

import hmac
from dataclasses import dataclass

from rozgar_core.errors import Forbidden, OtpInvalid, RateLimited
from rozgar_core.model import Phone, User
from rozgar_core.ports import (
    Clock,
    RateDecision,
    RateLimiter,
    RateRule,
    SecretGenerator,
    UnitOfWork,
    UnitOfWorkFactory,
)
from rozgar_core.use_cases.auth.policy import AuthPolicy, otp_digest, parse_otp_code
from rozgar_core.use_cases.auth.sessions import SessionIssuer, TokenPair


@dataclass(frozen=True, slots=True)
class VerifyOtpCommand:
    phone: str
    otp: str
    client_ip: str


@dataclass(frozen=True, slots=True)
class LoginResult:
    is_new_user: bool
    tokens: TokenPair
    user: User | None
    """The profile of a returning user with a complete profile; None for a new (or incomplete) one."""


class VerifyOtp:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        sessions: SessionIssuer,
        limiter: RateLimiter,
        clock: Clock,
        secrets: SecretGenerator,
        policy: AuthPolicy,
    ) -> None:
        self._uow = uow
        self._sessions = sessions
        self._limiter = limiter
        self._clock = clock
        self._secrets = secrets
        self._policy = policy

    def __call__(self, command: VerifyOtpCommand) -> LoginResult:
        phone = Phone.parse(command.phone)
        code = parse_otp_code(command.otp)
        self._check_quotas(phone, command.client_ip)
        fixed_code = self._policy.test_numbers.get(phone.e164)
        with self._uow() as uow:
            accepted = (
                hmac.compare_digest(code, fixed_code)
                if fixed_code is not None
                else self._consume_challenge(uow, phone, code)
            )
            if not accepted:
                uow.commit()  # the used-up attempt stays counted even though the answer is an error
                if accepted is False:
                    self._count_failure(phone)
                raise OtpInvalid()
            result = self._login(uow, phone)
            uow.commit()
            return result

    def _check_quotas(self, phone: Phone, client_ip: str) -> None:
        now = self._clock.now()
        decision = RateDecision(True)
        if phone.e164 not in self._policy.test_numbers:
            # Test numbers (store reviewers) skip the per-IP count; their failures are still counted.
            per_ip = RateRule(f"otp-verify-ip:{client_ip}", self._policy.ip_verifies_per_15_minutes, 900)
            decision = self._limiter.hit([per_ip], now)
        if decision.allowed:
            decision = self._limiter.check([self._failure_rule(phone)], now)
        if not decision.allowed:
            raise RateLimited(decision.retry_after, "Too many attempts, please wait before trying again")

    def _failure_rule(self, phone: Phone) -> RateRule:
        # Counted per phone across codes, so requesting a new code does not reset it.
        return RateRule(f"otp-failures:{phone.e164}", self._policy.phone_failures_per_hour, 3600)

    def _count_failure(self, phone: Phone) -> None:
        self._limiter.hit([self._failure_rule(phone)], self._clock.now())

    def _consume_challenge(self, uow: UnitOfWork, phone: Phone, code: str) -> bool | None:
        """True: logged in. False: a wrong (or expired, unknown, burnt) code. None: the right code,
        already used, e.g. by a double-tapped submit; it does not count against the phone."""
        challenge = uow.otps.latest_for(phone.e164)
        if challenge is None or challenge.expires_at <= self._clock.now():
            return False
        matched = hmac.compare_digest(otp_digest(self._policy.pepper, phone.e164, code), challenge.code_hash)
        if challenge.is_verified:
            return None if matched else False
        # Reserve the attempt before acting on the comparison, so parallel guesses cannot exceed the limit.
        if not uow.otps.reserve_attempt(challenge.id, self._policy.otp_max_attempts):
            return None if matched else False
        if not matched:
            return False
        return True if uow.otps.consume(challenge.id) else None

    def _login(self, uow: UnitOfWork, phone: Phone) -> LoginResult:
        now = self._clock.now()
        user, _created = uow.users.get_or_create_by_phone(phone, self._secrets.new_id(), now)
        if not user.is_active:
            raise Forbidden("This account is suspended", code="ACCOUNT_SUSPENDED")
        uow.users.record_login(user.id, now)
        user.last_login_at = now
        tokens = self._sessions.start(uow, user, now)
        complete = user.is_profile_complete
        return LoginResult(is_new_user=not complete, tokens=tokens, user=user if complete else None)
