"""Global settings (app_settings) and the audit log, for admins."""
from __future__ import annotations

from dataclasses import dataclass

from rozgar_core.model.app_settings import SETTINGS, definition_of
from rozgar_core.model.pagination import PageRequest
from rozgar_core.ports import Clock, UnitOfWorkFactory
from rozgar_core.ports.admin import AuditEntry
from rozgar_core.use_cases.activity.common import setting
from rozgar_core.use_cases.admin.common import Auditor


@dataclass(frozen=True, slots=True)
class AppSettingView:
    key: str
    value: object
    default: object
    type: str
    description: str


class ListAppSettings:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self) -> list[AppSettingView]:
        with self._uow() as uow:
            return [
                AppSettingView(d.key, setting(uow, d), d.default, d.kind.__name__, d.description)
                for d in SETTINGS.values()
            ]


class UpdateAppSetting:
    def __init__(self, uow: UnitOfWorkFactory, auditor: Auditor, clock: Clock) -> None:
        self._uow = uow
        self._auditor = auditor
        self._clock = clock

    def __call__(self, admin_id: str, key: str, raw_value: object) -> AppSettingView:
        definition = definition_of(key)
        value = definition.parse(raw_value)
        with self._uow() as uow:
            uow.app_settings.set(key, definition.to_text(value), definition.description, self._clock.now())
            self._auditor.record(uow, admin_id, "setting.update", "setting", key, {"value": value})
            uow.commit()
        kind = definition.kind.__name__
        return AppSettingView(key, value, definition.default, kind, definition.description)


class ListAuditLog:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, page: PageRequest) -> tuple[list[AuditEntry], int]:
        with self._uow() as uow:
            return uow.audit_log.list(page.offset, page.limit)
