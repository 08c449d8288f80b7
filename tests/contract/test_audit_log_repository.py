"""The AuditLogRepository contract, run against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from rozgar_core.errors import Conflict
from rozgar_core.model import Phone
from rozgar_core.ports import UnitOfWorkFactory
from rozgar_core.ports.admin import AuditEntry

NOW = datetime(2025, 3, 10, 9, 15, 30, 123456, tzinfo=UTC)
IST = timezone(timedelta(hours=5, minutes=30))


@pytest.fixture
def admin_id(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> str:
    with uow_factory() as uow:
        admin, _ = uow.users.get_or_create_by_phone(new_phone(), str(uuid.uuid4()), NOW)
        uow.admin_users.set_admin(admin.id, True, NOW)
        uow.commit()
    return admin.id


def _entry(admin_id: str, at: datetime = NOW, **changes: object) -> AuditEntry:
    fields: dict[str, object] = {
        "id": str(uuid.uuid4()), "admin_id": admin_id, "action": "user.verify", "target_type": "user",
        "target_id": str(uuid.uuid4()), "created_at": at, "details": {},
    }
    fields.update(changes)
    return AuditEntry(**fields)  # type: ignore[arg-type]


def _add(uow_factory: UnitOfWorkFactory, *entries: AuditEntry) -> None:
    with uow_factory() as uow:
        for entry in entries:
            uow.audit_log.add(entry)
        uow.commit()


def _list(uow_factory: UnitOfWorkFactory, offset: int = 0, limit: int = 100) -> tuple[list[AuditEntry], int]:
    with uow_factory() as uow:
        return uow.audit_log.list(offset, limit)


def test_an_entry_is_read_back_as_written(uow_factory: UnitOfWorkFactory, admin_id: str) -> None:
    details = {"status": "resolved", "value": 6, "flags": {"notify": True, "ratio": 0.5}, "ids": ["a", "b"]}
    entry = _entry(admin_id, NOW.astimezone(IST), action="setting.update", target_type="setting",
                   target_id="OTP_LENGTH", details=details)

    _add(uow_factory, entry)
    entries, total = _list(uow_factory)

    assert (entries, total) == ([entry], 1)
    assert entries[0].created_at.tzinfo == UTC
    assert entries[0].details == details


def test_an_entry_may_have_no_target_nor_details(uow_factory: UnitOfWorkFactory, admin_id: str) -> None:
    entry = _entry(admin_id, target_id=None, details={})

    _add(uow_factory, entry)

    assert _list(uow_factory) == ([entry], 1)


def test_details_come_back_as_json_would_give_them(uow_factory: UnitOfWorkFactory, admin_id: str) -> None:
    _add(uow_factory, _entry(admin_id, details={"pair": ("x", 1), "nested": {"tuple": (True, None)}}))

    entries, _ = _list(uow_factory)

    assert entries[0].details == {"pair": ["x", 1], "nested": {"tuple": [True, None]}}


def test_entries_are_newest_first_with_ties_by_id(uow_factory: UnitOfWorkFactory, admin_id: str) -> None:
    oldest = _entry(admin_id, NOW - timedelta(days=1))
    tied = [_entry(admin_id, NOW) for _ in range(4)]
    newest = _entry(admin_id, NOW + timedelta(microseconds=1))
    _add(uow_factory, tied[2], newest, oldest, tied[0], tied[3], tied[1])

    entries, total = _list(uow_factory)

    assert [e.id for e in entries] == [newest.id, *sorted(e.id for e in tied), oldest.id]
    assert total == 6


def test_pages_cover_the_log_once_and_keep_the_total(uow_factory: UnitOfWorkFactory, admin_id: str) -> None:
    _add(uow_factory, *(_entry(admin_id, NOW - timedelta(minutes=i % 3)) for i in range(7)))
    everything, _ = _list(uow_factory)

    pages = [_list(uow_factory, offset, 3) for offset in (0, 3, 6, 9)]

    assert [entries for entries, _ in pages] == [everything[0:3], everything[3:6], everything[6:7], []]
    assert {total for _, total in pages} == {7}


def test_an_uncommitted_entry_is_not_kept(uow_factory: UnitOfWorkFactory, admin_id: str) -> None:
    with uow_factory() as uow:
        uow.audit_log.add(_entry(admin_id))

    assert _list(uow_factory) == ([], 0)


def test_an_entry_needs_an_existing_admin_and_a_new_id(uow_factory: UnitOfWorkFactory, admin_id: str) -> None:
    with uow_factory() as uow, pytest.raises(Conflict):
        uow.audit_log.add(_entry(str(uuid.uuid4())))
    entry = _entry(admin_id)
    _add(uow_factory, entry)
    with uow_factory() as uow, pytest.raises(Conflict):
        uow.audit_log.add(_entry(admin_id, id=entry.id))

    assert _list(uow_factory) == ([entry], 1)


def test_the_trail_outlives_the_admins_account(uow_factory: UnitOfWorkFactory, admin_id: str) -> None:
    entry = _entry(admin_id)
    _add(uow_factory, entry)

    with uow_factory() as uow:
        uow.users.delete_account(admin_id)
        uow.commit()
    entries, total = _list(uow_factory)

    assert total == 1
    assert entries[0].admin_id is None
    assert (entries[0].id, entries[0].action, entries[0].target_id) == (entry.id, entry.action, entry.target_id)
