"""Requests and responses of the four auth endpoints."""
from __future__ import annotations

from marshmallow import fields, validate

from rozgar_core.model.phone import mobile_number_pattern
from rozgar_core.use_cases.auth.policy import OTP_MAX_LENGTH, OTP_MIN_LENGTH
from rozgar_web.schemas.common import MessageSchema, StrictSchema, SuccessSchema
from rozgar_web.schemas.fields import StrictBoolean
from rozgar_web.schemas.users import UserProfileSchema

# The core checks phone numbers and codes; the metadata documents what it accepts.
_PHONE = {
    "example": "9876543210",
    "pattern": mobile_number_pattern(),
    "description": "An Indian mobile number; spaces, hyphens and brackets between the digits are accepted too",
}
_OTP = {"example": "123456", "pattern": f"^[0-9]{{{OTP_MIN_LENGTH},{OTP_MAX_LENGTH}}}$"}


class SendOtpRequest(StrictSchema):
    phone = fields.String(required=True, metadata=_PHONE)


class SendOtpResponse(MessageSchema):
    expiresIn = fields.Integer(required=True, metadata={"description": "Seconds until the code expires"})


class VerifyOtpRequest(StrictSchema):
    phone = fields.String(required=True, metadata=_PHONE)
    otp = fields.String(required=True, metadata=_OTP)


class TokenPairResponse(SuccessSchema):
    message = fields.String()
    accessToken = fields.String(required=True)
    refreshToken = fields.String(required=True)
    expiresIn = fields.Integer(metadata={"description": "Seconds until the access token expires"})


class VerifyOtpResponse(TokenPairResponse):
    isNewUser = fields.Boolean(required=True)
    user = fields.Nested(UserProfileSchema, allow_none=True, required=True)


class RefreshTokenRequest(StrictSchema):
    refreshToken = fields.String(required=True, validate=validate.Length(min=1, max=512))


class LogoutRequest(StrictSchema):
    refreshToken = fields.String(validate=validate.Length(min=1, max=512))
    allDevices = StrictBoolean(load_default=False)
