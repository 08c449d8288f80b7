"""/settings: the user's own settings; /skills: the trade catalogue."""
from __future__ import annotations

from typing import Any

from flask.views import MethodView

from rozgar_core.model.skills import SKILL_CATALOGUE
from rozgar_core.use_cases.profiles import UpdateSettingsCommand
from rozgar_web.api.users import require_json_body
from rozgar_web.auth import auth_required, current_claims
from rozgar_web.blueprint import BEARER_AUTH, Blueprint
from rozgar_web.container_access import container
from rozgar_web.schemas.profiles import (
    SettingsRequest,
    SettingsResponse,
    SkillsResponse,
)

blp = Blueprint("settings", __name__, url_prefix="/api/v1", description="Settings and catalogues")

_SNAKE = {
    "pushNotifications": "push_notifications",
    "emailNotifications": "email_notifications",
    "smsNotifications": "sms_notifications",
}


@blp.route("/settings")
class Settings(MethodView):
    decorators = [auth_required]

    @blp.response(200, SettingsResponse)
    @blp.errors(401, 404, 503)
    @blp.doc(security=BEARER_AUTH)
    def get(self) -> dict[str, Any]:
        """Your settings (defaults: language en, push and SMS notifications on, email off)."""
        return {"success": True, "settings": container().get_settings()(current_claims().user_id)}

    @blp.arguments(SettingsRequest())
    @blp.response(200, SettingsResponse)
    @blp.errors(401, 404, 503)
    @blp.doc(security=BEARER_AUTH)
    def put(self, body: dict[str, Any]) -> dict[str, Any]:
        """Change any of your settings."""
        require_json_body()
        changes = {_SNAKE.get(name, name): value for name, value in body.items()}
        settings = container().update_settings()(UpdateSettingsCommand(current_claims().user_id, changes))
        return {"success": True, "message": "Settings updated", "settings": settings}


@blp.route("/skills", methods=["GET"])
@blp.response(200, SkillsResponse)
def list_skills() -> dict[str, Any]:
    """The catalogue of trades, with English and Hindi names; profiles store the slug."""
    return {"success": True, "skills": SKILL_CATALOGUE}
