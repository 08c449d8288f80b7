"""The SQL unit of work: one connection and one transaction, rolled back unless committed."""
from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Engine

from rozgar_adapters.sql.repositories import (
    SqlOtpRepository,
    SqlProfileViewRepository,
    SqlRefreshTokenRepository,
    SqlSearchHistoryRepository,
    SqlUserRepository,
    SqlUserSettingsRepository,
)
from rozgar_adapters.sql.repositories.admin import SqlAdminUserQueries, SqlAuditLogRepository
from rozgar_adapters.sql.repositories.analytics import SqlAnalyticsQueries
from rozgar_adapters.sql.repositories.app_settings import SqlAppSettingsRepository
from rozgar_adapters.sql.repositories.contacts import SqlContactRepository
from rozgar_adapters.sql.repositories.notifications import SqlNotificationRepository
from rozgar_adapters.sql.repositories.reports import SqlReportRepository
from rozgar_adapters.sql.repositories.reviews import SqlReviewRepository
from rozgar_core.errors import DependencyUnavailable
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


class SqlUnitOfWork:
    """Opens a connection and begins a transaction on enter. Not shareable between threads."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        # Typed as the ports: the UnitOfWork protocol declares them as plain (invariant) attributes.
        self.users: UserRepository = SqlUserRepository(self._active_connection)
        self.otps: OtpRepository = SqlOtpRepository(self._active_connection)
        self.refresh_tokens: RefreshTokenRepository = SqlRefreshTokenRepository(self._active_connection)
        self.user_settings: UserSettingsRepository = SqlUserSettingsRepository(self._active_connection)
        self.search_history: SearchHistoryRepository = SqlSearchHistoryRepository(self._active_connection)
        self.profile_views: ProfileViewRepository = SqlProfileViewRepository(self._active_connection)
        self.reviews: ReviewRepository = SqlReviewRepository(self._active_connection)
        self.contacts: ContactRepository = SqlContactRepository(self._active_connection)
        self.notifications: NotificationRepository = SqlNotificationRepository(self._active_connection)
        self.reports: ReportRepository = SqlReportRepository(self._active_connection)
        self.app_settings: AppSettingsRepository = SqlAppSettingsRepository(self._active_connection)
        self.admin_users: AdminUserQueries = SqlAdminUserQueries(self._active_connection)
        self.audit_log: AuditLogRepository = SqlAuditLogRepository(self._active_connection)
        self.analytics: AnalyticsQueries = SqlAnalyticsQueries(self._active_connection)

    def __enter__(self) -> SqlUnitOfWork:
        if self._connection is not None:
            raise RuntimeError("This unit of work is already in use")
        try:
            connection = self._engine.connect()
        # TimeoutError: every pooled connection stayed busy for the pool's whole timeout.
        except (exc.OperationalError, exc.InterfaceError, exc.TimeoutError) as error:
            raise DependencyUnavailable() from error
        try:
            connection.begin()
        except exc.DBAPIError as error:
            connection.close()
            raise DependencyUnavailable() from error
        self._connection = connection
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            if connection.in_transaction():
                connection.rollback()
        finally:
            connection.close()

    def commit(self) -> None:
        try:
            self._active_connection().commit()
        except (exc.OperationalError, exc.InterfaceError) as error:
            raise DependencyUnavailable() from error

    def rollback(self) -> None:
        self._active_connection().rollback()

    def _active_connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("The unit of work is not active: use it inside a `with` block")
        return self._connection


def sql_uow_factory(engine: Engine) -> Callable[[], SqlUnitOfWork]:
    """A factory of units of work on `engine` (what use cases receive as `UnitOfWorkFactory`)."""

    def new_unit_of_work() -> SqlUnitOfWork:
        return SqlUnitOfWork(engine)

    return new_unit_of_work
