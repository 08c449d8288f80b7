"""Moderation: listing reports and deciding them."""
from __future__ import annotations

from dataclasses import dataclass

from rozgar_core.errors import Conflict, InvalidInput, NotFound
from rozgar_core.model.activity import NotificationType, Report
from rozgar_core.model.app_settings import REPORTS_AUTO_HIDE_THRESHOLD
from rozgar_core.model.pagination import PageRequest
from rozgar_core.ports import Cache, Clock, UnitOfWork, UnitOfWorkFactory
from rozgar_core.use_cases.activity.common import int_setting
from rozgar_core.use_cases.activity.notifier import Notifier, Outbox
from rozgar_core.use_cases.admin.common import Auditor
from rozgar_core.use_cases.profiles.cache_keys import forget_profile
from rozgar_core.use_cases.profiles.public import is_uuid

DECISIONS = ("resolved", "rejected")
MAX_NOTE_LENGTH = 1000


class ListReports:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def __call__(self, status: str | None, page: PageRequest) -> tuple[list[Report], int]:
        with self._uow() as uow:
            return uow.reports.list(status, page.offset, page.limit)


@dataclass(frozen=True, slots=True)
class DecideReportCommand:
    admin_id: str
    report_id: str
    status: str
    note: str | None = None


class DecideReport:
    def __init__(
        self, uow: UnitOfWorkFactory, notifier: Notifier, auditor: Auditor, clock: Clock, cache: Cache
    ) -> None:
        self._uow = uow
        self._notifier = notifier
        self._auditor = auditor
        self._clock = clock
        self._cache = cache

    def __call__(self, command: DecideReportCommand) -> Report:
        _check(command)
        with self._uow() as uow:
            report = uow.reports.get(command.report_id) if is_uuid(command.report_id) else None
            if report is None:
                raise NotFound("No such report", code="REPORT_NOT_FOUND")
            if report.status != "pending":
                raise Conflict("This report has already been decided", code="REPORT_DECIDED")
            report.status, report.resolution_note = command.status, command.note
            report.resolved_at = self._clock.now()
            uow.reports.update(report)
            unhidden = self._unhide_if_cleared(uow, report.reported_user_id)
            outbox = Outbox()
            self._notifier.add(
                uow, outbox, report.reporter_id, NotificationType.REPORT_UPDATE, "Report reviewed",
                f"Your report was {command.status}", None,
            )
            details = {"status": command.status}
            self._auditor.record(uow, command.admin_id, "report.decide", "report", report.id, details)
            uow.commit()
        self._notifier.send(outbox)
        if unhidden:
            forget_profile(self._cache, report.reported_user_id)
        return report

    def _unhide_if_cleared(self, uow: UnitOfWork, user_id: str) -> bool:
        """An admin has decided: once pending reporters fall below the threshold, show the user again."""
        user = uow.users.get(user_id)
        threshold = int_setting(uow, REPORTS_AUTO_HIDE_THRESHOLD)
        if user is None or not user.is_hidden or uow.reports.pending_reporters(user_id) >= threshold:
            return False
        uow.users.set_hidden(user_id, False, self._clock.now())
        return True


def _check(command: DecideReportCommand) -> None:
    if command.status not in DECISIONS:
        raise InvalidInput.field("status", "Must be resolved or rejected")
    if command.note is not None and len(command.note) > MAX_NOTE_LENGTH:
        raise InvalidInput.field("note", f"Must be at most {MAX_NOTE_LENGTH} characters")
