"""The rules of the login flow, and the hashing of OTPs and refresh tokens."""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field

from rozgar_core.errors import InvalidInput

OTP_MIN_LENGTH = 4
OTP_MAX_LENGTH = 8


@dataclass(frozen=True, slots=True)
class AuthPolicy:
    pepper: bytes
    otp_length: int = 6
    otp_ttl_seconds: int = 300
    otp_max_attempts: int = 5
    otp_sends_per_hour: int = 3
    otp_send_cooldown_seconds: int = 60
    # Per-IP limits are generous: Indian mobile carriers put many users behind one NAT address. The
    # per-phone limits are what stop SMS pumping and code guessing.
    ip_sends_per_hour: int = 60
    ip_verifies_per_15_minutes: int = 100
    phone_failures_per_hour: int = 10
    access_ttl_seconds: int = 15 * 60
    refresh_ttl_seconds: int = 30 * 24 * 3600
    test_numbers: Mapping[str, str] = field(default_factory=dict)
    """E.164 phone -> fixed code. These numbers get no SMS and no send quota."""

    def __post_init__(self) -> None:
        if not OTP_MIN_LENGTH <= self.otp_length <= OTP_MAX_LENGTH:
            raise ValueError(f"OTP length must be {OTP_MIN_LENGTH}-{OTP_MAX_LENGTH}, not {self.otp_length}")
        if len(self.pepper) < 16:
            raise ValueError("The OTP pepper must be at least 16 bytes")
        for phone, code in self.test_numbers.items():
            if not (code.isdigit() and OTP_MIN_LENGTH <= len(code) <= OTP_MAX_LENGTH):
                raise ValueError(f"The fixed code of test number {phone[-4:]} must be 4-8 digits")


def otp_digest(pepper: bytes, phone_e164: str, code: str) -> str:
    """A keyed hash: a stolen table of digests cannot be brute-forced without the server's pepper."""
    return hmac.new(pepper, f"{phone_e164}:{code}".encode(), hashlib.sha256).hexdigest()


def refresh_token_digest(token: str) -> str:
    # 256 random bits need no key or slow hash: a plain SHA-256 cannot be reversed or guessed.
    return hashlib.sha256(token.encode()).hexdigest()


def parse_otp_code(raw: object) -> str:
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit():
        raise InvalidInput.field("otp", "The code must be digits only")
    if not OTP_MIN_LENGTH <= len(raw) <= OTP_MAX_LENGTH:
        raise InvalidInput.field("otp", f"The code must have {OTP_MIN_LENGTH}-{OTP_MAX_LENGTH} digits")
    return raw
