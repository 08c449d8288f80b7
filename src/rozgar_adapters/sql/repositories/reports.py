"""Reports in SQL. One pending report per reporter and reported user, kept by a partial unique index."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Row

from rozgar_adapters.sql.repositories.base import SqlRepository, canonical_uuid, require_uuid
from rozgar_adapters.sql.repositories.summaries import summary_columns, summary_from_row
from rozgar_adapters.sql.repositories.unique import execute_in_savepoint
from rozgar_adapters.sql.tables import REPORTS_ONE_PENDING, reports, users
from rozgar_core.errors import Conflict, NotFound
from rozgar_core.model.activity import Report

PENDING = "pending"


def report_pending() -> Conflict:
    return Conflict("You have already reported this user; the report is being reviewed", code="REPORT_PENDING")


class SqlReportRepository(SqlRepository):
    def add(self, report: Report) -> None:
        statement = reports.insert().values(
            id=require_uuid(report.id, "report.id"),
            reporter_id=require_uuid(report.reporter_id, "report.reporter_id"),
            reported_user_id=require_uuid(report.reported_user_id, "report.reported_user_id"),
            **self._changeable(report),
            created_at=report.created_at,
        )
        self._write(statement)

    def get(self, report_id: str) -> Report | None:
        canonical_id = canonical_uuid(report_id)
        if canonical_id is None:
            return None
        rows = self._execute(self._with_summaries().where(reports.c.id == canonical_id))
        row = rows.first()
        return report_from_row(row) if row is not None else None

    def update(self, report: Report) -> None:
        canonical_id = canonical_uuid(report.id)
        statement = reports.update().where(reports.c.id == canonical_id).values(self._changeable(report))
        if canonical_id is None or self._write(statement).rowcount == 0:
            raise NotFound("No such report", code="REPORT_NOT_FOUND")

    def list(self, status: str | None, offset: int, limit: int) -> tuple[list[Report], int]:
        conditions = [reports.c.status == status] if status is not None else []
        query = (
            self._with_summaries()
            .where(*conditions)
            .order_by(reports.c.created_at.desc(), reports.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        items = [report_from_row(row) for row in self._execute(query)]
        total = self._execute(sa.select(sa.func.count()).select_from(reports).where(*conditions)).scalar_one()
        return items, int(total)

    def pending_reporters(self, reported_user_id: str) -> int:
        canonical_id = canonical_uuid(reported_user_id)
        if canonical_id is None:
            return 0
        query = sa.select(sa.func.count(sa.distinct(reports.c.reporter_id))).where(
            reports.c.reported_user_id == canonical_id, reports.c.status == PENDING
        )
        return int(self._execute(query).scalar_one())

    def _write(self, statement: sa.Insert | sa.Update) -> Any:
        # Also on update: reopening a report (back to pending) can meet another pending one.
        return execute_in_savepoint(
            self._connection(),
            statement,
            unique=REPORTS_ONE_PENDING,
            columns=(reports.c.reporter_id, reports.c.reported_user_id),
            conflict=report_pending(),
            what="report",
        )

    @staticmethod
    def _changeable(report: Report) -> dict[str, Any]:
        return {
            "reason": report.reason,
            "status": report.status,
            "resolution_note": report.resolution_note,
            "resolved_at": report.resolved_at,
        }

    @staticmethod
    def _with_summaries() -> sa.Select[Any]:
        reporter, reported = users.alias("reporter"), users.alias("reported")
        return (
            sa.select(
                reports,
                *summary_columns(reporter, "reporter", with_phone=True),
                *summary_columns(reported, "reported_user", with_phone=True),
            )
            .join_from(reports, reporter, reports.c.reporter_id == reporter.c.id)
            .join(reported, reports.c.reported_user_id == reported.c.id)
        )


def report_from_row(row: Row[Any]) -> Report:
    return Report(
        id=row.id,
        reporter_id=row.reporter_id,
        reported_user_id=row.reported_user_id,
        reason=row.reason,
        created_at=row.created_at,
        status=row.status,
        resolution_note=row.resolution_note,
        resolved_at=row.resolved_at,
        reporter=summary_from_row(row, "reporter", with_phone=True),
        reported_user=summary_from_row(row, "reported_user", with_phone=True),
    )
