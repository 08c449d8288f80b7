"""In-memory adapters: a complete, thread-safe implementation of the persistence ports without a server."""
from rozgar_adapters.memory.repositories import (
    MemoryOtpRepository,
    MemoryProfileViewRepository,
    MemoryRefreshTokenRepository,
    MemorySearchHistoryRepository,
    MemoryUserRepository,
    MemoryUserSettingsRepository,
)
from rozgar_adapters.memory.store import MemoryStore
from rozgar_adapters.memory.uow import MemoryUnitOfWork, memory_uow_factory

__all__ = [
    "MemoryOtpRepository",
    "MemoryProfileViewRepository",
    "MemoryRefreshTokenRepository",
    "MemorySearchHistoryRepository",
    "MemoryStore",
    "MemoryUnitOfWork",
    "MemoryUserRepository",
    "MemoryUserSettingsRepository",
    "memory_uow_factory",
]
