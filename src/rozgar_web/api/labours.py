"""Search and discovery: /labours, /labours/nearby, /labours/:id."""
from __future__ import annotations

import math
from typing import Any

from flask import Response, current_app

from rozgar_core.model.location import GeoPoint
from rozgar_core.model.search import RawSearch
from rozgar_core.use_cases.search import NearbyCommand
from rozgar_web.auth import auth_required, current_claims
from rozgar_web.blueprint import BEARER_AUTH, Blueprint
from rozgar_web.container_access import container
from rozgar_web.schemas.labour_json import labour_json, labours_json
from rozgar_web.schemas.labours import (
    LabourResponse,
    NearbyQuery,
    NearbyResponse,
    PointQuery,
    SearchQuery,
    SearchResponse,
)

blp = Blueprint("labours", __name__, url_prefix="/api/v1/labours", description="Find labours")


@blp.route("", methods=["GET"])
@auth_required
@blp.arguments(SearchQuery(), location="query")
@blp.response(200, SearchResponse)
@blp.errors(401, 503)
@blp.doc(security=BEARER_AUTH)
def search_labours(query: dict[str, Any]) -> Response:
    """Search labours by text, city, skills, experience, type, availability, rating and distance."""
    raw = RawSearch(
        text=query.get("search"),
        city=query.get("city"),
        skills=query.get("skills", []),
        min_experience=query.get("minExperience"),
        max_experience=query.get("maxExperience"),
        labour_type=query.get("labourType"),
        available_only=query["availableOnly"],
        min_rating=query.get("minRating"),
        latitude=query.get("latitude"),
        longitude=query.get("longitude"),
        radius_km=query.get("radius"),
        sort=query.get("sortBy"),
        page=query["page"],
        limit=query["limit"],
        cursor=query.get("cursor"),
    )
    result = container().search_labours()(raw, current_claims().user_id)
    next_cursor = result.next_cursor.encode() if result.next_cursor else None
    pagination = {
        "page": raw.page,
        "limit": raw.limit,
        "total": result.total,
        "totalPages": math.ceil(result.total / raw.limit) if result.total else 0,
        "totalCapped": result.total_capped,
        "nextCursor": next_cursor,
    }
    labours = labours_json(result.labours)
    return _ok({"success": True, "labours": labours, "pagination": pagination, "nextCursor": next_cursor})


@blp.route("/nearby", methods=["GET"])
@auth_required
@blp.arguments(NearbyQuery(), location="query")
@blp.response(200, NearbyResponse)
@blp.errors(401, 503)
@blp.doc(security=BEARER_AUTH)
def nearby_labours(query: dict[str, Any]) -> Response:
    """Labours within `radius` km (default 10), nearest first, each with its distance."""
    command = NearbyCommand(
        latitude=query["latitude"],
        longitude=query["longitude"],
        radius_km=query["radius"],
        limit=query["limit"],
        available_only=query["availableOnly"],
    )
    labours = container().nearby_labours()(command, current_claims().user_id)
    return _ok({"success": True, "labours": labours_json(labours)})


@blp.route("/<string:labour_id>", methods=["GET"])
@auth_required
@blp.arguments(PointQuery(), location="query")
@blp.response(200, LabourResponse)
@blp.errors(401, 404, 503)
@blp.doc(security=BEARER_AUTH)
def get_labour(query: dict[str, Any], labour_id: str) -> Response:
    """A labour's profile (with `distance` when you pass your latitude and longitude)."""
    origin = _point(query)
    labour = container().view_labour()(labour_id, current_claims().user_id, origin)
    return _ok({"success": True, "labour": labour_json(labour)})


def _ok(body: dict[str, Any]) -> Response:
    """A 200 with a body already in its documented shape: `labour_json` gives exactly what the response
    schemas would dump, at a fraction of the cost. flask-smorest passes a Response through as it is."""
    response: Response = current_app.json.response(body)
    return response


def _point(query: dict[str, Any]) -> GeoPoint | None:
    return GeoPoint.from_optional(query.get("latitude"), query.get("longitude"))
