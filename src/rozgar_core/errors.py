"""One error hierarchy for the whole product. The web layer maps each class to an HTTP status."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str


class RozgarError(Exception):
    """Base of every error the core raises on purpose."""

    code = "ERROR"
    default_message = "Something went wrong"

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        self.message = message or self.default_message
        if code is not None:
            self.code = code
        super().__init__(self.message)


class InvalidInput(RozgarError):
    code = "VALIDATION_ERROR"
    default_message = "Invalid input"

    def __init__(self, errors: list[FieldError] | FieldError, message: str | None = None) -> None:
        self.errors = errors if isinstance(errors, list) else [errors]
        super().__init__(message or self._summary())

    @classmethod
    def field(cls, field: str, message: str) -> "InvalidInput":
        return cls([FieldError(field, message)])

    def _summary(self) -> str:
        if len(self.errors) == 1:
            return f"{self.errors[0].field}: {self.errors[0].message}"
        return "Invalid input in " + ", ".join(e.field for e in self.errors)


class NotFound(RozgarError):
    code = "NOT_FOUND"
    default_message = "Not found"


class Conflict(RozgarError):
    code = "CONFLICT"
    default_message = "Conflict"


class Forbidden(RozgarError):
    code = "FORBIDDEN"
    default_message = "You are not allowed to do this"


class AuthError(RozgarError):
    """The caller is not (or no longer) authenticated: missing, bad, expired or revoked credentials."""

    code = "UNAUTHORIZED"
    default_message = "Authentication required"


class TokenInvalid(AuthError):
    code = "TOKEN_INVALID"
    default_message = "The token is invalid or expired"


class OtpInvalid(RozgarError):
    """One error for wrong, expired, used, burnt and unknown codes: it tells an attacker nothing."""

    code = "OTP_INVALID"
    default_message = "The code is invalid or has expired"


class RateLimited(RozgarError):
    code = "RATE_LIMITED"
    default_message = "Too many requests, please try again later"

    def __init__(self, retry_after: int, message: str | None = None, *, code: str | None = None) -> None:
        self.retry_after = max(1, int(retry_after))
        super().__init__(message, code=code)


class DependencyUnavailable(RozgarError):
    """A backing service (database, cache, SMS provider, storage) failed or timed out."""

    code = "SERVICE_UNAVAILABLE"
    default_message = "The service is temporarily unavailable, please try again"


class PayloadTooLarge(RozgarError):
    code = "PAYLOAD_TOO_LARGE"
    default_message = "The upload is too large"


class UnsupportedMediaType(RozgarError):
    code = "UNSUPPORTED_MEDIA_TYPE"
    default_message = "Unsupported file type"
