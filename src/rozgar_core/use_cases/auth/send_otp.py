"""SendOtp: generate a code, store only its keyed hash, and text it to the phone."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from rozgar_core.errors import DependencyUnavailable, RateLimited
from rozgar_core.model import OtpChallenge, Phone
from rozgar_core.ports import (
    Clock,
    RateLimiter,
    RateRule,
    SecretGenerator,
    SmsSender,
    UnitOfWorkFactory,
)
from rozgar_core.use_cases.auth.policy import AuthPolicy, otp_digest


@dataclass(frozen=True, slots=True)
class SendOtpCommand:
    phone: str
    client_ip: str


@dataclass(frozen=True, slots=True)
class SendOtpResult:
    expires_in: int


class SendOtp:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        sms: SmsSender,
        limiter: RateLimiter,
        clock: Clock,
        secrets: SecretGenerator,
        policy: AuthPolicy,
    ) -> None:
        self._uow = uow
        self._sms = sms
        self._limiter = limiter
        self._clock = clock
        self._secrets = secrets
        self._policy = policy

    def __call__(self, command: SendOtpCommand) -> SendOtpResult:
        phone = Phone.parse(command.phone)
        if phone.e164 in self._policy.test_numbers:
            # Store reviewers log in with a fixed code: nothing to send, nothing to count.
            return SendOtpResult(self._policy.otp_ttl_seconds)
        self._count_send(phone, command.client_ip)
        code = self._secrets.otp_code(self._policy.otp_length)
        challenge_id = self._store_challenge(phone, code)
        try:
            self._sms.send(phone, self._message(code))
        except DependencyUnavailable:
            self._withdraw(challenge_id)
            raise
        return SendOtpResult(self._policy.otp_ttl_seconds)

    def _withdraw(self, challenge_id: str) -> None:
        with self._uow() as uow:
            uow.otps.withdraw(challenge_id)
            uow.commit()

    def _count_send(self, phone: Phone, client_ip: str) -> None:
        policy = self._policy
        rules = [
            RateRule(f"otp-send-cooldown:{phone.e164}", 1, policy.otp_send_cooldown_seconds),
            RateRule(f"otp-send-hour:{phone.e164}", policy.otp_sends_per_hour, 3600),
            RateRule(f"otp-send-ip:{client_ip}", policy.ip_sends_per_hour, 3600),
        ]
        decision = self._limiter.hit(rules, self._clock.now())
        if not decision.allowed:
            raise RateLimited(decision.retry_after, "Too many codes requested, please wait before trying again")

    def _store_challenge(self, phone: Phone, code: str) -> str:
        now = self._clock.now()
        challenge = OtpChallenge(
            id=self._secrets.new_id(),
            phone=phone.e164,
            code_hash=otp_digest(self._policy.pepper, phone.e164, code),
            expires_at=now + timedelta(seconds=self._policy.otp_ttl_seconds),
            created_at=now,
        )
        with self._uow() as uow:
            uow.otps.add(challenge)
            uow.commit()
        return challenge.id

    def _message(self, code: str) -> str:
        minutes = max(1, self._policy.otp_ttl_seconds // 60)
        return f"{code} is your Rozgar360 login code. It is valid for {minutes} minutes. Do not share it."
