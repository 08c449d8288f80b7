"""The in-memory unit of work: holds the store lock from enter to exit, undoes uncommitted writes."""
from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from rozgar_adapters.memory.activity import (
    MemoryAppSettingsRepository,
    MemoryContactRepository,
    MemoryNotificationRepository,
    MemoryReportRepository,
    MemoryReviewRepository,
)
from rozgar_adapters.memory.admin import (
    MemoryAdminUserQueries,
    MemoryAnalyticsQueries,
    MemoryAuditLogRepository,
)
from rozgar_adapters.memory.repositories import (
    MemoryOtpRepository,
    MemoryProfileViewRepository,
    MemoryRefreshTokenRepository,
    MemorySearchHistoryRepository,
    MemoryUserRepository,
    MemoryUserSettingsRepository,
)
from rozgar_adapters.memory.store import MemoryStore, MemoryTransaction
from rozgar_core.ports import OtpRepository, RefreshTokenRepository, UserRepository, UserSettingsRepository
from rozgar_core.ports.activity import (
    AppSettingsRepository,
    ContactRepository,
    NotificationRepository,
    ReportRepository,
    ReviewRepository,
)
from rozgar_core.ports.admin import AdminUserQueries, AnalyticsQueries, AuditLogRepository
from rozgar_core.ports.search import ProfileViewRepository, SearchHistoryRepository


class MemoryUnitOfWork:
    """One transaction over a `MemoryStore`.

    Holding the store's lock for the whole unit of work makes every unit of work serialisable, so the
    port's atomic operations need nothing more. Not shareable between threads; each thread opens its own.
    """

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._transaction = MemoryTransaction(store)
        # Typed as the ports: the UnitOfWork protocol declares them as plain (invariant) attributes.
        self.users: UserRepository = MemoryUserRepository(self._transaction)
        self.otps: OtpRepository = MemoryOtpRepository(self._transaction)
        self.refresh_tokens: RefreshTokenRepository = MemoryRefreshTokenRepository(self._transaction)
        self.user_settings: UserSettingsRepository = MemoryUserSettingsRepository(self._transaction)
        self.search_history: SearchHistoryRepository = MemorySearchHistoryRepository(self._transaction)
        self.profile_views: ProfileViewRepository = MemoryProfileViewRepository(self._transaction)
        self.reviews: ReviewRepository = MemoryReviewRepository(self._transaction)
        self.contacts: ContactRepository = MemoryContactRepository(self._transaction)
        self.notifications: NotificationRepository = MemoryNotificationRepository(self._transaction)
        self.reports: ReportRepository = MemoryReportRepository(self._transaction)
        self.app_settings: AppSettingsRepository = MemoryAppSettingsRepository(self._transaction)
        self.admin_users: AdminUserQueries = MemoryAdminUserQueries(self._transaction)
        self.audit_log: AuditLogRepository = MemoryAuditLogRepository(self._transaction)
        self.analytics: AnalyticsQueries = MemoryAnalyticsQueries(self._transaction)

    def __enter__(self) -> MemoryUnitOfWork:
        if self._transaction.active:
            raise RuntimeError("This unit of work is already in use")
        self._store.lock.acquire()
        self._transaction.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._transaction.end()
        finally:
            self._store.lock.release()

    def commit(self) -> None:
        self._transaction.commit()

    def rollback(self) -> None:
        self._transaction.rollback()


def memory_uow_factory(store: MemoryStore) -> Callable[[], MemoryUnitOfWork]:
    """A factory of units of work over one shared store (what use cases receive as `UnitOfWorkFactory`)."""

    def new_unit_of_work() -> MemoryUnitOfWork:
        return MemoryUnitOfWork(store)

    return new_unit_of_work
