"""The ReportRepository contract, run against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import pytest
from activity_support import NOW, NewUser, moments, user_factory

from rozgar_core.errors import Conflict, NotFound
from rozgar_core.model import Phone, User
from rozgar_core.model.activity import Report, UserSummary
from rozgar_core.ports import UnitOfWorkFactory

REASON = "Asked for the full payment before starting"


@pytest.fixture
def new_user(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> NewUser:
    return user_factory(uow_factory, new_phone)


def _report(reporter: User, reported: User, at: datetime = NOW, status: str = "pending") -> Report:
    return Report(str(uuid.uuid4()), reporter.id, reported.id, REASON, at, status)


def _add(uow_factory: UnitOfWorkFactory, *reports: Report) -> None:
    with uow_factory() as uow:
        for report in reports:
            uow.reports.add(report)
        uow.commit()


def _summary(user: User) -> UserSummary:
    return UserSummary(user.id, user.name, user.profile_picture_url, user.phone.e164)


def _resolved(report: Report, status: str = "resolved") -> Report:
    return replace(report, status=status, resolution_note="Warned the user", resolved_at=NOW + timedelta(days=1))


def test_a_report_is_stored_and_read_with_both_summaries(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    reporter, reported = new_user("Meera", "https://cdn/m.webp"), new_user(name=None)
    report = _report(reporter, reported)

    _add(uow_factory, report)

    with uow_factory() as uow:
        assert uow.reports.get(report.id) == replace(report, reporter=_summary(reporter), reported_user=_summary(reported))
        assert uow.reports.get(str(uuid.uuid4())) is None
        assert uow.reports.get("not-a-uuid") is None


def test_one_pending_report_per_reporter_and_user(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    reporter, reported, other = new_user(), new_user(), new_user()
    first = _report(reporter, reported)
    _add(uow_factory, first)

    with uow_factory() as uow:
        with pytest.raises(Conflict) as conflict:
            uow.reports.add(_report(reporter, reported, NOW + timedelta(hours=1)))
        assert conflict.value.code == "REPORT_PENDING"
        uow.reports.add(_report(other, reported))  # the transaction is still usable
        uow.reports.add(_report(reported, reporter))
        uow.commit()

    with uow_factory() as uow:
        assert uow.reports.list("pending", 0, 20)[1] == 3


def test_a_decided_report_does_not_block_a_new_one(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    reporter, reported = new_user(), new_user()
    first = _report(reporter, reported)
    _add(uow_factory, first, _report(reporter, reported, status="rejected"))
    with uow_factory() as uow:
        uow.reports.update(_resolved(first))
        uow.commit()

    again = _report(reporter, reported, NOW + timedelta(days=2))
    _add(uow_factory, again)

    with uow_factory() as uow:
        assert [r.id for r in uow.reports.list("pending", 0, 20)[0]] == [again.id]
        with pytest.raises(Conflict) as reopening:
            uow.reports.update(replace(first, status="pending", resolution_note=None, resolved_at=None))
        assert reopening.value.code == "REPORT_PENDING"


def test_update_records_the_decision(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    reporter, reported = new_user(), new_user()
    report = _report(reporter, reported)
    _add(uow_factory, report)
    decided = _resolved(report)

    with uow_factory() as uow:
        uow.reports.update(replace(decided, reporter_id=reported.id, created_at=NOW + timedelta(days=9)))
        uow.commit()

    with uow_factory() as uow:
        stored = uow.reports.get(report.id)
    assert stored == replace(decided, reporter=_summary(reporter), reported_user=_summary(reported))


@pytest.mark.parametrize("report_id", [str(uuid.uuid4()), "not-a-uuid"])
def test_updating_a_missing_report_is_not_found(
    uow_factory: UnitOfWorkFactory, new_user: NewUser, report_id: str
) -> None:
    report = replace(_report(new_user(), new_user()), id=report_id)
    with uow_factory() as uow, pytest.raises(NotFound):
        uow.reports.update(_resolved(report))


def test_list_filters_by_status_newest_first_with_summaries(uow_factory: UnitOfWorkFactory, new_user: NewUser) -> None:
    a, b, c, d = new_user("A"), new_user("B"), new_user("C"), new_user("D")
    at = moments(3)
    tied = sorted([_report(a, d, at[2]), _report(b, d, at[2])], key=lambda r: r.id)
    oldest, resolved = _report(c, d, at[0]), _report(a, b, at[1], "resolved")
    _add(uow_factory, oldest, resolved, *tied)

    with uow_factory() as uow:
        everything, total = uow.reports.list(None, 0, 20)
        pending = uow.reports.list("pending", 0, 20)
        page = uow.reports.list("pending", 1, 1)
        rejected = uow.reports.list("rejected", 0, 20)

    assert [r.id for r in everything] == [tied[1].id, tied[0].id, resolved.id, oldest.id] and total == 4
    assert ([r.id for r in pending[0]], pending[1]) == ([tied[1].id, tied[0].id, oldest.id], 3)
    assert ([r.id for r in page[0]], page[1]) == ([tied[0].id], 3)
    assert rejected == ([], 0)
    assert everything[2] == replace(resolved, reporter=_summary(a), reported_user=_summary(b))


def test_pending_reporters_counts_distinct_pending_reporters(
    uow_factory: UnitOfWorkFactory, new_user: NewUser
) -> None:
    reported, a, b, c = new_user(), new_user(), new_user(), new_user()
    _add(uow_factory, _report(a, reported), _report(b, reported), _report(c, reported, status="rejected"),
         _report(a, reported, status="resolved"), _report(reported, a))

    with uow_factory() as uow:
        assert uow.reports.pending_reporters(reported.id) == 2
        assert uow.reports.pending_reporters(a.id) == 1
        assert uow.reports.pending_reporters(c.id) == 0
        assert uow.reports.pending_reporters("not-a-uuid") == 0


def test_concurrent_duplicate_reports_keep_one(
    uow_factory: UnitOfWorkFactory, new_user: NewUser, run_concurrently: Callable[..., list[Any]]
) -> None:
    reporter, reported = new_user(), new_user()

    def file(index: int) -> str:
        try:
            _add(uow_factory, _report(reporter, reported, NOW + timedelta(seconds=index)))
        except Conflict as conflict:
            return conflict.code
        return "created"

    outcomes = run_concurrently(8, file)

    assert sorted(outcomes) == ["REPORT_PENDING"] * 7 + ["created"]
    with uow_factory() as uow:
        assert uow.reports.pending_reporters(reported.id) == 1


@pytest.mark.parametrize("broken", ["missing reporter", "missing reported user", "status", "same id"])
def test_reports_breaking_a_constraint_are_plain_conflicts(
    uow_factory: UnitOfWorkFactory, new_user: NewUser, broken: str
) -> None:
    reporter, reported = new_user(), new_user()
    existing = _report(new_user(), reported)
    _add(uow_factory, existing)
    report = _report(reporter, reported)
    report = {
        "missing reporter": replace(report, reporter_id=str(uuid.uuid4())),
        "missing reported user": replace(report, reported_user_id=str(uuid.uuid4())),
        "status": replace(report, status="open"),
        "same id": replace(report, id=existing.id),
    }[broken]

    with uow_factory() as uow, pytest.raises(Conflict) as conflict:
        uow.reports.add(report)
    assert conflict.value.code == "CONFLICT"
