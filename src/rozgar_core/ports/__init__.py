"""The ports: every way the core reaches the outside world. Adapters implement these Protocols."""
from rozgar_core.ports.core import (
    AccessTokenCodec,
    Clock,
    OtpRepository,
    RateDecision,
    RateLimiter,
    RateRule,
    RefreshTokenRepository,
    SecretGenerator,
    SmsSender,
    TokenDenylist,
    UnitOfWork,
    UnitOfWorkFactory,
    UserRepository,
)

__all__ = [
    "AccessTokenCodec",
    "Clock",
    "OtpRepository",
    "RateDecision",
    "RateLimiter",
    "RateRule",
    "RefreshTokenRepository",
    "SecretGenerator",
    "SmsSender",
    "TokenDenylist",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
]
