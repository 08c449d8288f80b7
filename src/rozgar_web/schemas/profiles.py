"""Profile, availability, picture, settings and skills requests and responses."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_smorest.fields import Upload
from marshmallow import (
    EXCLUDE,
    Schema,
    ValidationError,
    fields,
    validate,
    validates_schema,
)

from rozgar_core.errors import InvalidInput
from rozgar_core.model import profile as rules
from rozgar_core.model.india import canonical_state, validate_pincode
from rozgar_core.model.settings import SUPPORTED_LANGUAGES
from rozgar_core.model.skills import normalise_skills
from rozgar_web.schemas.common import MessageSchema, StrictSchema, SuccessSchema
from rozgar_web.schemas.users import UserProfileSchema


def core_rule(check: Callable[[Any], Any]) -> Callable[[Any], None]:
    """Run a core validator at the edge, so every problem is reported in one answer."""

    def run(value: Any) -> None:
        try:
            check(value)
        except InvalidInput as error:
            raise ValidationError([e.message for e in error.errors]) from None

    return run


class StrictBoolean(fields.Boolean):
    """JSON true or false, as the core rules ask: no 1, "yes" or "on" read as a boolean."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def _profile_fields(required: bool) -> dict[str, fields.Field]:
    def req() -> dict[str, Any]:
        return {"required": True} if required else {}

    return {
        "name": fields.String(**req(), validate=core_rule(rules.validate_name)),
        "email": fields.String(allow_none=True, validate=core_rule(rules.validate_email)),
        "address": fields.String(**req(), validate=core_rule(rules.validate_address)),
        "city": fields.String(**req(), validate=core_rule(rules.validate_city)),
        "state": fields.String(**req(), validate=core_rule(canonical_state)),
        "pincode": fields.String(**req(), validate=core_rule(validate_pincode)),
        "bio": fields.String(allow_none=True, validate=core_rule(rules.validate_bio)),
        "isAvailable": StrictBoolean(),
        "skills": fields.List(fields.String(), validate=core_rule(normalise_skills)),
        "experienceYears": fields.Integer(strict=True, validate=core_rule(rules.validate_experience_years)),
        "labourType": fields.String(validate=validate.OneOf(rules.LABOUR_TYPES)),
        "role": fields.String(validate=validate.OneOf(rules.ROLES), metadata={"description": "labour (default) or employer"}),
        "latitude": fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(-90, 90)),
        "longitude": fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(-180, 180)),
    }


class _PairedCoordinates(StrictSchema):
    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def coordinates_together(self, data: dict[str, Any], original: Any, **kwargs: Any) -> None:
        if not isinstance(original, dict):
            return
        if ("latitude" in original) != ("longitude" in original) or (
            (original.get("latitude") is None) != (original.get("longitude") is None)
        ):
            message = "Give latitude and longitude together, or neither"
            raise ValidationError({"latitude": [message], "longitude": [message]})


class ProfileCreateRequest(_PairedCoordinates.from_dict(_profile_fields(required=True))):  # type: ignore[misc]
    """POST: name, address, city, state and pincode always; skills, experienceYears and labourType
    too unless role is employer."""

    @validates_schema(skip_on_field_errors=False, pass_original=True)
    def labour_fields(self, data: dict[str, Any], original: Any, **kwargs: Any) -> None:
        if not isinstance(original, dict) or original.get("role", "labour") != "labour":
            return
        missing = {
            name: ["Missing data for required field."]
            for name in ("skills", "experienceYears", "labourType")
            if name not in original
        }
        if missing:
            raise ValidationError(missing)


class ProfileUpdateRequest(_PairedCoordinates.from_dict(_profile_fields(required=False))):  # type: ignore[misc]
    """PUT: any subset of the fields; only those given change."""


class ProfileResponse(MessageSchema):
    user = fields.Nested(UserProfileSchema, required=True)


class OwnProfileResponse(SuccessSchema):
    user = fields.Nested(UserProfileSchema, required=True)


class AvailabilityRequest(StrictSchema):
    isAvailable = StrictBoolean(required=True)


class AvailabilityResponse(MessageSchema):
    id = fields.String(required=True)
    isAvailable = fields.Boolean(required=True)


class PictureUpload(Schema):
    class Meta:
        unknown = EXCLUDE

    file = Upload(required=True, metadata={"description": "JPEG, PNG or WebP, at most 5 MB"})


class PictureResponse(MessageSchema):
    profilePictureUrl = fields.String(required=True)


class SettingsSchema(Schema):
    language = fields.String(required=True)
    pushNotifications = fields.Boolean(attribute="push_notifications", required=True)
    emailNotifications = fields.Boolean(attribute="email_notifications", required=True)
    smsNotifications = fields.Boolean(attribute="sms_notifications", required=True)


class SettingsRequest(StrictSchema):
    language = fields.String(validate=validate.OneOf(SUPPORTED_LANGUAGES))
    pushNotifications = StrictBoolean()
    emailNotifications = StrictBoolean()
    smsNotifications = StrictBoolean()


class SettingsResponse(SuccessSchema):
    message = fields.String()
    settings = fields.Nested(SettingsSchema, required=True)


class SkillSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(attribute="name_en", required=True)
    nameHi = fields.String(attribute="name_hi", required=True)
    aliases = fields.List(fields.String())


class SkillsResponse(SuccessSchema):
    skills = fields.List(fields.Nested(SkillSchema), required=True)
