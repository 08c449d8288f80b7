"""The admin check and the audit trail every admin action leaves."""
from __future__ import annotations

from collections.abc import Mapping

from rozgar_core.errors import Forbidden
from rozgar_core.model import User
from rozgar_core.ports import Clock, SecretGenerator, UnitOfWork, UnitOfWorkFactory
from rozgar_core.ports.admin import AuditEntry


class RequireAdmin:
    """Reads the role from the database on every call, so a revoked admin is refused at once."""

    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, user_id: str) -> User:
        with self._uow() as uow:
            user = uow.users.get(user_id)
        if user is None or not user.is_active or not user.is_admin:
            raise Forbidden("Administrators only", code="ADMIN_REQUIRED")
        return user


class Auditor:
    def __init__(self, clock: Clock, secrets: SecretGenerator) -> None:
        self._clock = clock
        self._secrets = secrets

    def record(
        self,
        uow: UnitOfWork,
        admin_id: str,
        action: str,
        target_type: str,
        target_id: str | None,
        details: Mapping[str, object] | None = None,
    ) -> None:
        uow.audit_log.add(
            AuditEntry(
                id=self._secrets.new_id(),
                admin_id=admin_id,
                action=action,
                target_type=target_type,
                target_id=target_id,
                created_at=self._clock.now(),
                details=dict(details or {}),
            )
        )
