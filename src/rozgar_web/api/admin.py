"""/admin: users, reports, global settings and the audit log. Admins only."""
from __future__ import annotations

from typing import Any

from rozgar_core.model.pagination import PageRequest
from rozgar_core.ports.admin import UserFilter
from rozgar_core.use_cases.admin.reports import DecideReportCommand
from rozgar_core.use_cases.admin.users import SetUserStatusCommand
from rozgar_web.auth import admin_required, current_claims
from rozgar_web.blueprint import BEARER_AUTH, Blueprint
from rozgar_web.container_access import container
from rozgar_web.schemas.activity import PageQuery, pagination
from rozgar_web.schemas.admin import (
    AdminUserResponse,
    AdminUsersQuery,
    AdminUsersResponse,
    AppSettingRequest,
    AppSettingResponse,
    AppSettingsResponse,
    AuditResponse,
    DecideReportRequest,
    DecideReportResponse,
    ReportsQuery,
    ReportsResponse,
    UserStatusRequest,
)

blp = Blueprint("admin", __name__, url_prefix="/api/v1/admin", description="Administration (admins only)")


@blp.route("/users", methods=["GET"])
@admin_required
@blp.arguments(AdminUsersQuery(), location="query")
@blp.response(200, AdminUsersResponse)
@blp.errors(401, 403, 503)
@blp.doc(security=BEARER_AUTH)
def list_users(query: dict[str, Any]) -> dict[str, Any]:
    """Users, newest first, filtered by status, verification and name or phone."""
    page = PageRequest(query["page"], query["limit"])
    status = query.get("status")
    filters = UserFilter(
        active=None if status is None else status == "active",
        verified=query.get("verified"),
        search=query.get("search"),
    )
    users, total = container().admin_list_users()(filters, page)
    return {"success": True, "users": users, "pagination": pagination(page.page, page.limit, total)}


@blp.route("/users/<string:user_id>/verify", methods=["PATCH"])
@admin_required
@blp.response(200, AdminUserResponse)
@blp.errors(401, 403, 404, 503)
@blp.doc(security=BEARER_AUTH)
def verify_user(user_id: str) -> dict[str, Any]:
    """Mark a user as verified (they are notified)."""
    user = container().verify_user()(current_claims().user_id, user_id)
    return {"success": True, "message": "User verified", "user": user}


@blp.route("/users/<string:user_id>/status", methods=["PATCH"])
@admin_required
@blp.arguments(UserStatusRequest())
@blp.response(200, AdminUserResponse)
@blp.errors(401, 403, 404, 503)
@blp.doc(security=BEARER_AUTH)
def set_user_status(body: dict[str, Any], user_id: str) -> dict[str, Any]:
    """Suspend (every session ends at once; hidden from search) or reactivate a user."""
    command = SetUserStatusCommand(current_claims().user_id, user_id, body["isActive"])
    user = container().set_user_status()(command)
    message = "User reactivated" if body["isActive"] else "User suspended"
    return {"success": True, "message": message, "user": user}


@blp.route("/reports", methods=["GET"])
@admin_required
@blp.arguments(ReportsQuery(), location="query")
@blp.response(200, ReportsResponse)
@blp.errors(401, 403, 503)
@blp.doc(security=BEARER_AUTH)
def list_reports(query: dict[str, Any]) -> dict[str, Any]:
    """Reports, newest first, with reporter and reported user."""
    page = PageRequest(query["page"], query["limit"])
    reports, total = container().admin_list_reports()(query.get("status"), page)
    return {"success": True, "reports": reports, "pagination": pagination(page.page, page.limit, total)}


@blp.route("/reports/<string:report_id>", methods=["PATCH"])
@admin_required
@blp.arguments(DecideReportRequest())
@blp.response(200, DecideReportResponse)
@blp.errors(401, 403, 404, 409, 503)
@blp.doc(security=BEARER_AUTH)
def decide_report(body: dict[str, Any], report_id: str) -> dict[str, Any]:
    """Resolve or reject a pending report (the reporter is notified)."""
    command = DecideReportCommand(current_claims().user_id, report_id, body["status"], body.get("note"))
    report = container().decide_report()(command)
    return {"success": True, "message": f"Report {body['status']}", "report": report}


@blp.route("/settings", methods=["GET"])
@admin_required
@blp.response(200, AppSettingsResponse)
@blp.errors(401, 403, 503)
@blp.doc(security=BEARER_AUTH)
def list_settings() -> dict[str, Any]:
    """Every global setting with its current value, default and type."""
    return {"success": True, "settings": container().list_app_settings()()}


@blp.route("/settings/<string:key>", methods=["PUT"])
@admin_required
@blp.arguments(AppSettingRequest())
@blp.response(200, AppSettingResponse)
@blp.errors(401, 403, 503)
@blp.doc(security=BEARER_AUTH)
def update_setting(body: dict[str, Any], key: str) -> dict[str, Any]:
    """Change a global setting (the value is checked against the setting's type)."""
    setting = container().update_app_setting()(current_claims().user_id, key, body["value"])
    return {"success": True, "message": "Setting updated", "setting": setting}


@blp.route("/audit", methods=["GET"])
@admin_required
@blp.arguments(PageQuery(), location="query")
@blp.response(200, AuditResponse)
@blp.errors(401, 403, 503)
@blp.doc(security=BEARER_AUTH)
def audit_log(query: dict[str, Any]) -> dict[str, Any]:
    """Every admin action: who, what, when, on whom; newest first."""
    page = PageRequest(query["page"], query["limit"])
    entries, total = container().list_audit_log()(page)
    return {"success": True, "entries": entries, "pagination": pagination(page.page, page.limit, total)}
