"""/reports: report a user to the moderators."""
from __future__ import annotations

from typing import Any

from rozgar_core.use_cases.activity.reports import FileReportCommand
from rozgar_web.auth import auth_required, current_claims
from rozgar_web.blueprint import BEARER_AUTH, Blueprint
from rozgar_web.container_access import container
from rozgar_web.schemas.activity import ReportRequest, ReportResponse

blp = Blueprint("reports", __name__, url_prefix="/api/v1/reports", description="Reports and moderation")


@blp.route("", methods=["POST"])
@auth_required
@blp.arguments(ReportRequest())
@blp.response(201, ReportResponse)
@blp.errors(401, 404, 409, 503)
@blp.doc(security=BEARER_AUTH)
def file_report(body: dict[str, Any]) -> dict[str, Any]:
    """Report a user (one pending report per user you report)."""
    report = container().file_report()(FileReportCommand(current_claims().user_id, body["userId"], body["reason"]))
    return {"success": True, "message": "Report submitted", "report": report}
