"""UserProfile as the app reads it."""
from __future__ import annotations

from marshmallow import Schema, fields

from rozgar_web.schemas.fields import UtcDateTime


class UserProfileSchema(Schema):
    """The user's own profile: everything, exact address and coordinates included."""

    id = fields.String(required=True)
    phone = fields.Function(lambda user: user.phone.e164, required=True)
    email = fields.String(allow_none=True)
    name = fields.String(allow_none=True)
    profilePictureUrl = fields.String(attribute="profile_picture_url", allow_none=True)
    bio = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    state = fields.String(allow_none=True)
    pincode = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    isAvailable = fields.Boolean(attribute="is_available")
    skills = fields.List(fields.String())
    experienceYears = fields.Integer(attribute="experience_years", allow_none=True)
    labourType = fields.String(attribute="labour_type", allow_none=True)
    role = fields.String()
    rating = fields.Function(lambda user: round(float(user.rating), 2))
    totalReviews = fields.Integer(attribute="total_reviews")
    isVerified = fields.Boolean(attribute="is_verified")
    isProfileComplete = fields.Boolean(attribute="is_profile_complete")
    createdAt = UtcDateTime(attribute="created_at")
    updatedAt = UtcDateTime(attribute="updated_at")
