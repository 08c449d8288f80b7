"""The labour as other users see it, as JSON-ready data, without marshmallow's per-field machinery.

The hot read endpoints (/labours, /labours/nearby, /labours/:id) list many labours per request, and
dumping each through `LabourSchema` costs more than the rest of a cached request. `labour_json` gives
exactly what `LabourSchema().dump(profile)` gives: the same keys in the same order, the same value
types (String -> str, Float -> float, Integer -> int, None kept), and no `distance` without one.
`LabourSchema` stays the documented shape; tests hold the two equal.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from marshmallow.utils import ensure_text_type

from rozgar_core.model.public_profile import PublicProfile


def labour_json(profile: PublicProfile) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": _text(profile.id),
        "phone": _text(profile.phone),
        "name": _text(profile.name),
        "profilePictureUrl": _text(profile.profile_picture_url),
        "bio": _text(profile.bio),
        "city": _text(profile.city),
        "state": _text(profile.state),
        "pincode": _text(profile.pincode),
        "latitude": _float(profile.latitude),
        "longitude": _float(profile.longitude),
        "isAvailable": profile.is_available,
        "skills": _texts(profile.skills),
        "experienceYears": _int(profile.experience_years),
        "labourType": _text(profile.labour_type),
        "rating": _float(profile.rating),
        "totalReviews": _int(profile.total_reviews),
        "isVerified": profile.is_verified,
    }
    if profile.distance is not None:
        data["distance"] = float(profile.distance)
    return data


def labours_json(profiles: Iterable[PublicProfile]) -> list[dict[str, Any]]:
    return [labour_json(profile) for profile in profiles]


def _text(value: Any) -> str | None:
    if value is None or type(value) is str:
        return value
    return ensure_text_type(value)


def _texts(values: Any) -> list[str | None] | None:
    if values is None:
        return None
    return [_text(value) for value in values]


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)
