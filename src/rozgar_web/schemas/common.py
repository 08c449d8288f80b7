"""Base schema and the envelopes every response shares."""
from __future__ import annotations

from marshmallow import RAISE, Schema, fields


class StrictSchema(Schema):
    """Request bodies: unknown fields are an error, not silently dropped."""

    class Meta:
        unknown = RAISE


class FieldErrorSchema(Schema):
    field = fields.String(required=True)
    message = fields.String(required=True)


class ErrorEnvelopeSchema(Schema):
    success = fields.Boolean(required=True, metadata={"example": False})
    message = fields.String(required=True)
    code = fields.String(required=True, metadata={"example": "VALIDATION_ERROR"})
    errors = fields.List(fields.Nested(FieldErrorSchema))


class SuccessSchema(Schema):
    success = fields.Boolean(required=True, metadata={"example": True})


class MessageSchema(SuccessSchema):
    message = fields.String(required=True)
