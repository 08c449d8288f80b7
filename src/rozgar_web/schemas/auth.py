"""Requests and responses of the four auth endpoints."""
from __future__ import annotations

from marshmallow import fields, validate

from rozgar_web.schemas.common import MessageSchema, StrictSchema, SuccessSchema
from rozgar_web.schemas.users import UserProfileSchema


class SendOtpRequest(StrictSchema):
    phone = fields.String(required=True, metadata={"example": "9876543210"})


class SendOtpResponse(MessageSchema):
    expiresIn = fields.Integer(required=True, metadata={"description": "Seconds until the code expires"})


class VerifyOtpRequest(StrictSchema):
    phone = fields.String(required=True, metadata={"example": "9876543210"})
    otp = fields.String(required=True, metadata={"example": "123456"})


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
    allDevices = fields.Boolean(load_default=False)
