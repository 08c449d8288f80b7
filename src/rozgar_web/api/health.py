"""Liveness and readiness."""
from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from marshmallow import fields

from rozgar_web.blueprint import Blueprint
from rozgar_web.container_access import container
from rozgar_web.schemas.common import MessageSchema

blp = Blueprint(
    "health", __name__, url_prefix="/api/v1/health", description="Service health", rate_limited=False
)


class HealthResponse(MessageSchema):
    version = fields.String()


class ReadinessResponse(MessageSchema):
    checks = fields.Dict(keys=fields.String(), values=fields.String())




@blp.route("", methods=["GET"])
@blp.response(200, HealthResponse)
def health() -> dict[str, Any]:
    """Liveness: the process answers."""
    return {"success": True, "message": "ok", "version": "v1"}


@blp.route("/ready", methods=["GET"])
@blp.response(200, ReadinessResponse)
@blp.alt_response(503, schema=ReadinessResponse, description="A dependency is down")
def ready() -> Response:
    """Readiness: the database (and Redis, when configured) answer."""
    checks = {name: ("ok" if probe() else "down") for name, probe in container().readiness_checks().items()}
    healthy = all(state == "ok" for state in checks.values())
    down = [name for name, state in checks.items() if state != "ok"]
    response = jsonify(
        {
            "success": healthy,
            "message": "ready" if healthy else f"unavailable: {', '.join(down)}",
            "checks": checks,
        }
    )
    response.status_code = 200 if healthy else 503
    return response
