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
from rozgar_core.model.india import (
    ALL_STATES,
    PINCODE_PATTERN,
    canonical_state,
    validate_pincode,
)
from rozgar_core.model.settings import SUPPORTED_LANGUAGES
from rozgar_core.model.skills import (
    MAX_SKILL_INPUTS,
    MAX_SKILL_LENGTH,
    MAX_SKILLS,
    normalise_skills,
)
from rozgar_web.schemas.common import MessageSchema, StrictSchema, SuccessSchema
from rozgar_web.schemas.fields import BIO_PATTERN, StrictBoolean, text_pattern
from rozgar_web.schemas.users import UserProfileSchema


def core_rule(check: Callable[[Any], Any]) -> Callable[[Any], None]:
    """Run a core validator at the edge, so every problem is reported in one answer."""

    def run(value: Any) -> None:
        try:
            check(value)
        except InvalidInput as error:
            raise ValidationError([e.message for e in error.errors]) from None

    return run


def _profile_fields(required: bool) -> dict[str, fields.Field]:
    def req() -> dict[str, Any]:
        return {"required": True} if required else {}

    # The metadata documents the core's rules, which do the checking.
    return {
        "name": fields.String(
            **req(), validate=core_rule(rules.validate_name),
            metadata={"maxLength": rules.NAME_LENGTH[1], "pattern": text_pattern(rules.NAME_LENGTH[0])},
        ),
        "email": fields.String(
            allow_none=True, validate=core_rule(rules.validate_email),
            metadata={"maxLength": rules.MAX_EMAIL_LENGTH, "pattern": _OPTIONAL_EMAIL},
        ),
        "address": fields.String(
            **req(), validate=core_rule(rules.validate_address),
            metadata={"maxLength": rules.MAX_ADDRESS_LENGTH, "pattern": text_pattern(1)},
        ),
        "city": fields.String(
            **req(), validate=core_rule(rules.validate_city),
            metadata={"maxLength": rules.MAX_CITY_LENGTH, "pattern": text_pattern(1)},
        ),
        "state": fields.String(
            **req(), validate=core_rule(canonical_state),
            metadata={"enum": list(ALL_STATES), "description": "Other common spellings are accepted too"},
        ),
        "pincode": fields.String(
            **req(), validate=core_rule(validate_pincode), metadata={"pattern": f"^{PINCODE_PATTERN.pattern}$"}
        ),
        "bio": fields.String(
            allow_none=True, validate=core_rule(rules.validate_bio),
            metadata={"maxLength": rules.MAX_BIO_LENGTH, "pattern": BIO_PATTERN},
        ),
        "isAvailable": StrictBoolean(),
        "skills": fields.List(
            fields.String(metadata={"maxLength": MAX_SKILL_LENGTH, "pattern": text_pattern(1)}),
            validate=core_rule(normalise_skills),
            metadata={
                "minItems": 1,
                "maxItems": MAX_SKILL_INPUTS,
                "description": f"At most {MAX_SKILLS} different skills, each printable text: catalogue slugs "
                "(GET /skills), their names, or other trades. Repeats are dropped.",
            },
        ),
        "experienceYears": fields.Integer(
            strict=True, validate=core_rule(rules.validate_experience_years),
            metadata={"minimum": 0, "maximum": rules.MAX_EXPERIENCE_YEARS},
        ),
        "labourType": fields.String(validate=validate.OneOf(rules.LABOUR_TYPES)),
        "role": fields.String(validate=validate.OneOf(rules.ROLES), metadata={"description": "labour (default) or employer"}),
        "latitude": fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(-90, 90)),
        "longitude": fields.Float(allow_none=True, allow_nan=False, validate=validate.Range(-180, 180)),
    }


_OPTIONAL_EMAIL = rf"^\s*$|^\s*{rules.EMAIL_PATTERN[1:-1]}\s*$"


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
