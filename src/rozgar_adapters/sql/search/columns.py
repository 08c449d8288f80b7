"""The derived search columns of a user, computed from the core's rules.

The repository writes them with every profile change, the demo seeder and the migration that added
them compute them the same way, so the SQL search sees exactly what the in-memory search computes
on the fly."""
from __future__ import annotations

from typing import Any

from rozgar_core.model.location import public_point
from rozgar_core.model.search import city_key, search_document
from rozgar_core.model.user import User

SEARCH_COLUMNS = ("search_document", "city_key", "public_latitude", "public_longitude", "skills")


def search_columns(user: User) -> dict[str, Any]:
    """Column values for `user`: its search document, city key, public (snapped) point and skills."""
    point = public_point(user.latitude, user.longitude)
    return {
        "search_document": search_document(user),
        "city_key": city_key(user.city),
        "public_latitude": point.latitude if point else None,
        "public_longitude": point.longitude if point else None,
        "skills": list(dict.fromkeys(user.skills)),
    }
