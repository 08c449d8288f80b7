"""Admin use cases on in-memory adapters: the admin check, users, report decisions, settings, the audit log."""
from __future__ import annotations

from datetime import timedelta

import pytest
from activity_harness import FIRST_PAGE, ActivityWorld

from rozgar_core.errors import Conflict, Forbidden, InvalidInput, NotFound
from rozgar_core.model import AccessClaims, User
from rozgar_core.model.auth import RefreshToken
from rozgar_core.model.pagination import PageRequest
from rozgar_core.ports.admin import AuditEntry, UserFilter
from rozgar_core.use_cases.admin.admins import GrantAdmin, RevokeAdmin
from rozgar_core.use_cases.admin.common import RequireAdmin
from rozgar_core.use_cases.admin.reports import (
    DecideReport,
    DecideReportCommand,
    ListReports,
)
from rozgar_core.use_cases.admin.settings import (
    ListAppSettings,
    ListAuditLog,
    UpdateAppSetting,
)
from rozgar_core.use_cases.admin.users import (
    ListUsers,
    SetUserStatus,
    SetUserStatusCommand,
    VerifyUser,
)


@pytest.fixture
def world() -> ActivityWorld:
    return ActivityWorld()


def require_admin(world: ActivityWorld, user_id: str) -> User:
    return RequireAdmin(world.uow)(user_id)


def verify(world: ActivityWorld, admin_id: str, user_id: str) -> User:
    return VerifyUser(world.uow, world.notifier(), world.auditor(), world.clock, world.cache)(admin_id, user_id)


def set_status(world: ActivityWorld, admin_id: str, user_id: str, active: bool) -> User:
    use_case = SetUserStatus(
        world.uow, world.denylist, world.auditor(), world.clock, world.policy, world.cache, world.realtime
    )
    return use_case(SetUserStatusCommand(admin_id, user_id, active))


def decide(world: ActivityWorld, admin_id: str, report_id: str, status: str, note: str | None = None) -> object:
    use_case = DecideReport(world.uow, world.notifier(), world.auditor(), world.clock, world.cache)
    return use_case(DecideReportCommand(admin_id, report_id, status, note))


def audit(world: ActivityWorld) -> list[AuditEntry]:
    return ListAuditLog(world.uow)(FIRST_PAGE)[0]


def claims_of(world: ActivityWorld, user: User) -> AccessClaims:
    now = world.clock.now()
    return AccessClaims(user.id, user.phone.e164, "jti-1", now, now + timedelta(minutes=15))


def test_grant_admin_creates_the_account_and_revoke_admin_keeps_it(world: ActivityWorld) -> None:
    granted = GrantAdmin(world.uow, world.clock, world.secrets)("9876543210")
    assert require_admin(world, granted.id).id == granted.id
    revoked = RevokeAdmin(world.uow, world.clock)("+91 98765 43210")
    assert revoked.id == granted.id and world.stored(granted.id) is not None
    with pytest.raises(Forbidden) as error:
        require_admin(world, granted.id)
    assert error.value.code == "ADMIN_REQUIRED"


def test_revoking_an_unknown_phone_is_not_found(world: ActivityWorld) -> None:
    with pytest.raises(NotFound):
        RevokeAdmin(world.uow, world.clock)("9876543210")


def test_the_admin_check_refuses_non_admins_missing_users_and_suspended_admins(world: ActivityWorld) -> None:
    admin, other_admin, employer = world.new_admin(), world.new_admin(), world.new_employer()
    set_status(world, admin.id, other_admin.id, False)
    for user_id in (employer.id, "00000000-0000-4000-8000-000000000000", other_admin.id):
        with pytest.raises(Forbidden):
            require_admin(world, user_id)


def test_admins_list_users_filtered_and_paged(world: ActivityWorld) -> None:
    admin, labour, employer = world.new_admin(), world.new_labour(name="Ramesh Kumar"), world.new_employer()
    verify(world, admin.id, labour.id)
    set_status(world, admin.id, employer.id, False)
    list_users = ListUsers(world.uow)
    assert [u.id for u in list_users(UserFilter(verified=True), FIRST_PAGE)[0]] == [labour.id]
    assert [u.id for u in list_users(UserFilter(active=False), FIRST_PAGE)[0]] == [employer.id]
    assert [u.id for u in list_users(UserFilter(search="ramesh"), FIRST_PAGE)[0]] == [labour.id]
    assert list_users(UserFilter(), FIRST_PAGE)[1] == 3


def test_verifying_sets_the_flag_notifies_and_is_audited(world: ActivityWorld) -> None:
    admin, labour = world.new_admin(), world.new_labour()
    assert verify(world, admin.id, labour.id).is_verified
    assert world.own_profile(labour.id).is_verified
    assert [n.type for n in world.notifications(labour.id)] == ["verification"]
    [entry] = audit(world)
    assert (entry.admin_id, entry.action, entry.target_type) == (admin.id, "user.verify", "user")
    assert entry.target_id == labour.id
    assert entry.created_at == world.clock.now()


def test_verifying_a_missing_user_is_not_found(world: ActivityWorld) -> None:
    admin = world.new_admin()
    for user_id in ("nope", "00000000-0000-4000-8000-000000000000"):
        with pytest.raises(NotFound):
            verify(world, admin.id, user_id)


def test_suspending_revokes_access_and_refresh_tokens_at_once(world: ActivityWorld) -> None:
    admin, labour = world.new_admin(), world.new_labour()
    claims = claims_of(world, labour)
    now = world.clock.now()
    with world.uow() as uow:
        uow.refresh_tokens.add(RefreshToken("t1", labour.id, "f1", "hash-1", now + timedelta(days=30), now))
        uow.commit()
    assert not set_status(world, admin.id, labour.id, False).is_active
    assert world.denylist.is_revoked(claims)
    with world.uow() as uow:
        token = uow.refresh_tokens.get_by_hash("hash-1")
    assert token is not None and token.revoked_at == now
    assert [e.action for e in audit(world)] == ["user.suspend"]


def test_reactivating_restores_the_user_and_is_audited(world: ActivityWorld) -> None:
    admin, labour = world.new_admin(), world.new_labour()
    set_status(world, admin.id, labour.id, False)
    world.clock.advance(1)
    assert set_status(world, admin.id, labour.id, True).is_active
    assert world.public_profile(labour.id).id == labour.id
    assert [e.action for e in audit(world)] == ["user.reactivate", "user.suspend"]


def test_an_admin_cannot_suspend_themself(world: ActivityWorld) -> None:
    admin = world.new_admin()
    with pytest.raises(InvalidInput) as error:
        set_status(world, admin.id, admin.id, False)
    assert [e.field for e in error.value.errors] == ["isActive"]
    assert require_admin(world, admin.id).id == admin.id


def test_deciding_a_report_stamps_it_notifies_the_reporter_and_is_audited(world: ActivityWorld) -> None:
    admin, labour, reporter = world.new_admin(), world.new_labour(), world.new_employer()
    report_id = world.report(reporter.id, labour.id)
    world.clock.advance(hours=2)
    decided = decide(world, admin.id, report_id, "resolved", "Warned the labour")
    [listed] = ListReports(world.uow)("resolved", FIRST_PAGE)[0]
    assert (listed.id, listed.status, listed.resolution_note) == (report_id, "resolved", "Warned the labour")
    assert listed.resolved_at == world.clock.now() and decided is not None
    assert listed.reporter is not None and listed.reporter.id == reporter.id
    assert [n.type for n in world.notifications(reporter.id)] == ["report_update"]
    assert [(e.action, e.target_id, dict(e.details)) for e in audit(world)] == [
        ("report.decide", report_id, {"status": "resolved"})
    ]


def test_a_report_is_decided_once(world: ActivityWorld) -> None:
    admin, labour, reporter = world.new_admin(), world.new_labour(), world.new_employer()
    report_id = world.report(reporter.id, labour.id)
    decide(world, admin.id, report_id, "rejected")
    with pytest.raises(Conflict) as error:
        decide(world, admin.id, report_id, "resolved")
    assert error.value.code == "REPORT_DECIDED"


@pytest.mark.parametrize(("status", "note", "field"), [("pending", None, "status"), ("open", None, "status"),
                                                        ("resolved", "x" * 1001, "note")])
def test_a_decision_is_resolved_or_rejected_with_a_bounded_note(
    world: ActivityWorld, status: str, note: str | None, field: str
) -> None:
    admin, labour, reporter = world.new_admin(), world.new_labour(), world.new_employer()
    report_id = world.report(reporter.id, labour.id)
    with pytest.raises(InvalidInput) as error:
        decide(world, admin.id, report_id, status, note)
    assert [e.field for e in error.value.errors] == [field]


def test_a_decision_shows_the_user_again_once_pending_reporters_fall_below_the_threshold(world: ActivityWorld) -> None:
    world.set_app_setting("reports.autoHideThreshold", "2")
    admin, labour = world.new_admin(), world.new_labour()
    reports = [world.report(world.new_employer().id, labour.id) for _ in range(3)]
    assert world.is_hidden(labour.id)
    decide(world, admin.id, reports[0], "rejected")
    assert world.is_hidden(labour.id), "two reporters are still pending"
    decide(world, admin.id, reports[1], "resolved")
    assert not world.is_hidden(labour.id)


def test_settings_list_defaults_and_stored_values(world: ActivityWorld) -> None:
    admin = world.new_admin()
    before = {s.key: s.value for s in ListAppSettings(world.uow)()}
    assert before["contacts.dailyCap"] == 100 and before["reviews.requireContact"] is True
    changed = UpdateAppSetting(world.uow, world.auditor(), world.clock)(admin.id, "reviews.requireContact", False)
    assert (changed.value, changed.default, changed.type) == (False, True, "bool")
    assert {s.key: s.value for s in ListAppSettings(world.uow)()}["reviews.requireContact"] is False
    [entry] = audit(world)
    assert (entry.action, entry.target_id, dict(entry.details)) == ("setting.update", "reviews.requireContact",
                                                                    {"value": False})


def test_an_invalid_setting_is_refused_and_leaves_no_trace(world: ActivityWorld) -> None:
    admin = world.new_admin()
    update = UpdateAppSetting(world.uow, world.auditor(), world.clock)
    for key, value in (("contacts.dailyCap", "abc"), ("contacts.dailyCap", 0), ("nope.key", 1)):
        with pytest.raises(InvalidInput):
            update(admin.id, key, value)
    assert audit(world) == []
    assert {s.key: s.value for s in ListAppSettings(world.uow)()}["contacts.dailyCap"] == 100


def test_the_audit_log_is_newest_first_and_paged(world: ActivityWorld) -> None:
    admin, labour = world.new_admin(), world.new_labour()
    update = UpdateAppSetting(world.uow, world.auditor(), world.clock)
    for cap in (10, 20, 30):
        update(admin.id, "contacts.dailyCap", cap)
        world.clock.advance(1)
    verify(world, admin.id, labour.id)
    entries = audit(world)
    assert [e.action for e in entries] == ["user.verify"] + ["setting.update"] * 3
    assert [dict(e.details).get("value") for e in entries[1:]] == [30, 20, 10]
    second_page, total = ListAuditLog(world.uow)(PageRequest(2, 3))
    assert (total, [dict(e.details)["value"] for e in second_page]) == (4, [10])
