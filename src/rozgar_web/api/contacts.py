"""/contacts: record a call or message to a labour; your contact history."""
from __future__ import annotations

from typing import Any

from rozgar_core.model.pagination import PageRequest
from rozgar_core.use_cases.activity.contacts import RecordContactCommand
from rozgar_web.auth import auth_required, current_claims
from rozgar_web.blueprint import BEARER_AUTH, Blueprint
from rozgar_web.container_access import container
from rozgar_web.schemas.activity import (
    ContactHistoryQuery,
    ContactHistoryResponse,
    ContactRequest,
    ContactResponse,
    pagination,
)

blp = Blueprint("contacts", __name__, url_prefix="/api/v1/contacts", description="Contact tracking")


@blp.route("", methods=["POST"])
@auth_required
@blp.arguments(ContactRequest())
@blp.response(201, ContactResponse)
@blp.errors(401, 404, 429, 503)
@blp.doc(security=BEARER_AUTH)
def record_contact(body: dict[str, Any]) -> dict[str, Any]:
    """Record that you called or messaged a labour (a daily cap applies)."""
    command = RecordContactCommand(current_claims().user_id, body["labourId"], body["contactType"])
    contact = container().record_contact()(command)
    return {"success": True, "message": "Contact recorded", "contact": contact}


@blp.route("/history", methods=["GET"])
@auth_required
@blp.arguments(ContactHistoryQuery(), location="query")
@blp.response(200, ContactHistoryResponse)
@blp.errors(401, 503)
@blp.doc(security=BEARER_AUTH)
def contact_history(query: dict[str, Any]) -> dict[str, Any]:
    """Contacts you made (`sent`), received (`received`) or both, newest first."""
    page = PageRequest(query["page"], query["limit"])
    contacts, total = container().contact_history()(current_claims().user_id, query.get("type"), page)
    return {"success": True, "contacts": contacts, "pagination": pagination(page.page, page.limit, total)}
