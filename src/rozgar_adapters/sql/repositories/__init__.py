"""SQL repositories: each maps rows of its tables to domain objects explicitly."""
from rozgar_adapters.sql.repositories.activity import SqlProfileViewRepository, SqlSearchHistoryRepository
from rozgar_adapters.sql.repositories.otps import SqlOtpRepository
from rozgar_adapters.sql.repositories.refresh_tokens import SqlRefreshTokenRepository
from rozgar_adapters.sql.repositories.user_settings import SqlUserSettingsRepository
from rozgar_adapters.sql.repositories.users import SqlUserRepository

__all__ = [
    "SqlOtpRepository",
    "SqlProfileViewRepository",
    "SqlRefreshTokenRepository",
    "SqlSearchHistoryRepository",
    "SqlUserRepository",
    "SqlUserSettingsRepository",
]
