"""The user's own profile: /users/profile, /users/availability, /users/upload-picture, /users/account."""
from __future__ import annotations

from typing import Any

from flask import request
from flask.views import MethodView

from rozgar_core.errors import InvalidInput
from rozgar_core.use_cases.profiles import (
    ProfileCommand,
    SetAvailabilityCommand,
    UploadPictureCommand,
)
from rozgar_web.auth import auth_required, current_claims
from rozgar_web.blueprint import BEARER_AUTH, Blueprint
from rozgar_web.container_access import container
from rozgar_web.schemas.common import MessageSchema
from rozgar_web.schemas.profiles import (
    AvailabilityRequest,
    AvailabilityResponse,
    OwnProfileResponse,
    PictureResponse,
    PictureUpload,
    ProfileCreateRequest,
    ProfileResponse,
    ProfileUpdateRequest,
)

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="Your own profile")

_SNAKE = {"isAvailable": "is_available", "experienceYears": "experience_years", "labourType": "labour_type"}


def to_core_fields(body: dict[str, Any]) -> dict[str, Any]:
    return {_SNAKE.get(name, name): value for name, value in body.items()}


def require_json_body() -> None:
    """A body of optional fields must still be JSON: any other body would be read as no change at all."""
    if not request.is_json:
        raise InvalidInput.field("body", "Send a JSON object with Content-Type: application/json")


@blp.route("/profile")
class Profile(MethodView):
    decorators = [auth_required]

    @blp.response(200, OwnProfileResponse)
    @blp.errors(401, 404, 503)
    @blp.doc(security=BEARER_AUTH)
    def get(self) -> dict[str, Any]:
        """Your profile, exactly as stored (profile fields are null until it is complete)."""
        user = container().get_own_profile()(current_claims().user_id)
        return {"success": True, "user": user}

    @blp.arguments(ProfileCreateRequest())
    @blp.response(201, ProfileResponse)
    @blp.errors(401, 404, 409, 503)
    @blp.doc(security=BEARER_AUTH)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Complete your profile the first time (409 when it is already complete)."""
        command = ProfileCommand(current_claims().user_id, to_core_fields(body))
        user = container().complete_profile()(command)
        return {"success": True, "message": "Profile created", "user": user}

    @blp.arguments(ProfileUpdateRequest())
    @blp.response(200, ProfileResponse)
    @blp.errors(401, 404, 409, 503)
    @blp.doc(security=BEARER_AUTH)
    def put(self, body: dict[str, Any]) -> dict[str, Any]:
        """Change any of your profile's fields; the others stay as they are."""
        require_json_body()
        command = ProfileCommand(current_claims().user_id, to_core_fields(body))
        user = container().update_profile()(command)
        return {"success": True, "message": "Profile updated", "user": user}


@blp.route("/availability", methods=["PATCH"])
@auth_required
@blp.arguments(AvailabilityRequest())
@blp.response(200, AvailabilityResponse)
@blp.errors(401, 404, 503)
@blp.doc(security=BEARER_AUTH)
def set_availability(body: dict[str, Any]) -> dict[str, Any]:
    """Switch whether you are available for work."""
    user_id = current_claims().user_id
    available = container().set_availability()(SetAvailabilityCommand(user_id, body["isAvailable"]))
    message = "You are now available for work" if available else "You are now unavailable"
    return {"success": True, "message": message, "id": user_id, "isAvailable": available}


@blp.route("/upload-picture", methods=["POST"])
@auth_required
@blp.arguments(PictureUpload(), location="files")
@blp.response(200, PictureResponse)
@blp.errors(401, 404, 413, 415, 503)
@blp.doc(security=BEARER_AUTH)
def upload_picture(files: dict[str, Any]) -> dict[str, Any]:
    """Upload a profile picture (JPEG, PNG or WebP, at most 5 MB); it replaces the previous one."""
    data = files["file"].read()
    url = container().upload_picture()(UploadPictureCommand(current_claims().user_id, data))
    return {"success": True, "message": "Picture updated", "profilePictureUrl": url}


@blp.route("/account", methods=["DELETE"])
@auth_required
@blp.response(200, MessageSchema)
@blp.errors(401, 404, 503)
@blp.doc(security=BEARER_AUTH)
def delete_account() -> dict[str, Any]:
    """Delete your account and everything of yours; every session ends at once."""
    container().delete_account()(current_claims().user_id)
    return {"success": True, "message": "Account deleted"}
