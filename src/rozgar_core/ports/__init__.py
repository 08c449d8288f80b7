"""The ports: every way the core reaches the outside world. Adapters implement these Protocols."""
from rozgar_core.ports.core import (
    AccessTokenCodec,
    Admission,
    Clock,
    OtpRepository,
    RateDecision,
    RateLimiter,
    RateRule,
    RefreshTokenRepository,
    RequestGate,
    SecretGenerator,
    SmsSender,
    TokenDenylist,
    UnitOfWork,
    UnitOfWorkFactory,
    UserRepository,
)
from rozgar_core.ports.geo import Geocoder
from rozgar_core.ports.media import (
    FileStorage,
    ImageProcessor,
    ProcessedPicture,
    StoredFile,
)
from rozgar_core.ports.profiles import Cache, UserSettingsRepository

__all__ = [
    "AccessTokenCodec",
    "Admission",
    "Cache",
    "FileStorage",
    "Geocoder",
    "ImageProcessor",
    "ProcessedPicture",
    "StoredFile",
    "UserSettingsRepository",
    "Clock",
    "OtpRepository",
    "RateDecision",
    "RateLimiter",
    "RateRule",
    "RefreshTokenRepository",
    "RequestGate",
    "SecretGenerator",
    "SmsSender",
    "TokenDenylist",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserRepository",
]
