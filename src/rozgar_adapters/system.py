"""The real clock and the CSPRNG-backed secret generator."""
from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class CryptoSecrets:
    def otp_code(self, length: int) -> str:
        return "".join(secrets.choice("0123456789") for _ in range(length))

    def token(self) -> str:
        return secrets.token_urlsafe(32)

    def new_id(self) -> str:
        return str(uuid.uuid4())
