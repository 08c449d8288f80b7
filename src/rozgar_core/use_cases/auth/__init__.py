"""Phone-OTP login with rotating refresh tokens."""
from rozgar_core.use_cases.auth.authenticate import Authenticate
from rozgar_core.use_cases.auth.logout import Logout, LogoutCommand
from rozgar_core.use_cases.auth.policy import AuthPolicy
from rozgar_core.use_cases.auth.refresh import RefreshSession, RefreshSessionCommand
from rozgar_core.use_cases.auth.send_otp import SendOtp, SendOtpCommand, SendOtpResult
from rozgar_core.use_cases.auth.sessions import SessionIssuer, TokenPair
from rozgar_core.use_cases.auth.verify_otp import (
    LoginResult,
    VerifyOtp,
    VerifyOtpCommand,
)

__all__ = [
    "Authenticate",
    "AuthPolicy",
    "LoginResult",
    "Logout",
    "LogoutCommand",
    "RefreshSession",
    "RefreshSessionCommand",
    "SendOtp",
    "SendOtpCommand",
    "SendOtpResult",
    "SessionIssuer",
    "TokenPair",
    "VerifyOtp",
    "VerifyOtpCommand",
]
