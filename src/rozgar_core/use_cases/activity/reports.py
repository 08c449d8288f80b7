"""Reporting a user; enough distinct reporters hide them from search until an admin decides."""
from __future__ import annotations

from dataclasses import dataclass

from rozgar_core.errors import InvalidInput
from rozgar_core.model.activity import Report, validate_report_reason
from rozgar_core.model.app_settings import REPORTS_AUTO_HIDE_THRESHOLD
from rozgar_core.ports import Cache, Clock, SecretGenerator, UnitOfWorkFactory
from rozgar_core.use_cases.activity.common import active_user, int_setting
from rozgar_core.use_cases.profiles.cache_keys import forget_profile


@dataclass(frozen=True, slots=True)
class FileReportCommand:
    reporter_id: str
    user_id: str
    reason: object


class FileReport:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, secrets: SecretGenerator, cache: Cache) -> None:
        self._uow = uow
        self._clock = clock
        self._secrets = secrets
        self._cache = cache

    def __call__(self, command: FileReportCommand) -> Report:
        reason = validate_report_reason(command.reason)
        if command.user_id == command.reporter_id:
            raise InvalidInput.field("userId", "You cannot report yourself")
        with self._uow() as uow:
            reported = active_user(uow, command.user_id)
            report = Report(self._secrets.new_id(), command.reporter_id, reported.id, reason, self._clock.now())
            uow.reports.add(report)
            threshold = int_setting(uow, REPORTS_AUTO_HIDE_THRESHOLD)
            hide = not reported.is_hidden and uow.reports.pending_reporters(reported.id) >= threshold
            if hide:
                uow.users.set_hidden(reported.id, True, self._clock.now())
            uow.commit()
        if hide:
            forget_profile(self._cache, reported.id)
        return report
