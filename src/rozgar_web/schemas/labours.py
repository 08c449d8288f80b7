"""Search and discovery: query parameters and the labour as other users see it."""
from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, Schema, fields, post_dump, post_load

from rozgar_core.model import search as rules
from rozgar_core.model.profile import LABOUR_TYPES, MAX_EXPERIENCE_YEARS
from rozgar_web.schemas.common import SuccessSchema

# The core checks search parameters; the metadata documents its rules.
_LATITUDE = {"minimum": -90, "maximum": 90}
_LONGITUDE = {"minimum": -180, "maximum": 180}
_RADIUS = {"minimum": rules.RADIUS_RANGE_KM[0], "maximum": rules.RADIUS_RANGE_KM[1]}
_LIMIT = {"minimum": 1, "maximum": rules.MAX_LIMIT}
_EXPERIENCE = {"minimum": 0, "maximum": MAX_EXPERIENCE_YEARS}


class LabourSchema(Schema):
    """A labour seen by others: no email, no exact address, coordinates snapped to ~1 km."""

    id = fields.String(required=True)
    phone = fields.String(required=True)
    name = fields.String(allow_none=True)
    profilePictureUrl = fields.String(attribute="profile_picture_url", allow_none=True)
    bio = fields.String(allow_none=True)
    city = fields.String(allow_none=True)
    state = fields.String(allow_none=True)
    pincode = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True, metadata={"description": "Snapped to a ~1 km grid"})
    longitude = fields.Float(allow_none=True, metadata={"description": "Snapped to a ~1 km grid"})
    isAvailable = fields.Boolean(attribute="is_available")
    skills = fields.List(fields.String())
    experienceYears = fields.Integer(attribute="experience_years", allow_none=True)
    labourType = fields.String(attribute="labour_type", allow_none=True)
    rating = fields.Float()
    totalReviews = fields.Integer(attribute="total_reviews")
    isVerified = fields.Boolean(attribute="is_verified")
    distance = fields.Float(
        metadata={"description": "Kilometres from the given point, to 0.1 km (only when a point was given)"}
    )

    @post_dump
    def drop_missing_distance(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if data.get("distance") is None:
            data.pop("distance", None)
        return data


class _Query(Schema):
    class Meta:
        unknown = EXCLUDE


class SearchQuery(_Query):
    search = fields.String(
        metadata={"description": "Name, trade (English or Hindi), city or state", "maxLength": 100}
    )
    city = fields.String()
    skills = fields.List(
        fields.String(),
        metadata={"description": "Comma-joined or repeated, at most 20 in all, each printable; any of"},
    )
    minExperience = fields.Integer(metadata=_EXPERIENCE)
    maxExperience = fields.Integer(metadata={**_EXPERIENCE, "description": "At least minExperience"})
    labourType = fields.String(metadata={"enum": list(LABOUR_TYPES)})
    availableOnly = fields.Boolean(load_default=False)
    minRating = fields.Float(allow_nan=False, metadata={"minimum": 0, "maximum": 5})
    latitude = fields.Float(allow_nan=False, metadata={**_LATITUDE, "description": "With longitude"})
    longitude = fields.Float(allow_nan=False, metadata={**_LONGITUDE, "description": "With latitude"})
    radius = fields.Float(allow_nan=False, metadata={**_RADIUS, "description": "Kilometres; needs a point"})
    page = fields.Integer(
        load_default=1,
        metadata={
            "minimum": 1,
            "maximum": rules.MAX_WINDOW,
            "description": f"page * limit is at most {rules.MAX_WINDOW}",
        },
    )
    limit = fields.Integer(load_default=rules.DEFAULT_LIMIT, metadata=_LIMIT)
    sortBy = fields.String(
        metadata={
            "enum": [*rules.SORTS, ""],
            "description": "distance (the default with a point) needs a point; empty means the default",
        }
    )
    cursor = fields.String(metadata={"description": "The nextCursor of the previous page"})

    @post_load
    def split_skills(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if "skills" in data:
            data["skills"] = [part.strip() for item in data["skills"] for part in item.split(",") if part.strip()]
        return data


class NearbyQuery(_Query):
    latitude = fields.Float(required=True, allow_nan=False, metadata=_LATITUDE)
    longitude = fields.Float(required=True, allow_nan=False, metadata=_LONGITUDE)
    radius = fields.Float(load_default=10.0, allow_nan=False, metadata={**_RADIUS, "description": "Kilometres"})
    limit = fields.Integer(load_default=rules.DEFAULT_LIMIT, metadata=_LIMIT)
    availableOnly = fields.Boolean(load_default=False)


class PointQuery(_Query):
    latitude = fields.Float(allow_nan=False, metadata={**_LATITUDE, "description": "With longitude"})
    longitude = fields.Float(allow_nan=False, metadata={**_LONGITUDE, "description": "With latitude"})


class PaginationSchema(Schema):
    page = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    total = fields.Integer(required=True)
    totalPages = fields.Integer(required=True)
    totalCapped = fields.Boolean(
        required=True, metadata={"description": "true when there are more matches than `total` counts"}
    )
    nextCursor = fields.String(allow_none=True)


class SearchResponse(SuccessSchema):
    labours = fields.List(fields.Nested(LabourSchema), required=True)
    pagination = fields.Nested(PaginationSchema, required=True)
    nextCursor = fields.String(allow_none=True, metadata={"description": "Pass as `cursor` for the next page"})


class NearbyResponse(SuccessSchema):
    labours = fields.List(fields.Nested(LabourSchema), required=True)


class LabourResponse(SuccessSchema):
    labour = fields.Nested(LabourSchema, required=True)
