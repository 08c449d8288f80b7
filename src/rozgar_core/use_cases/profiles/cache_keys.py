"""Cache keys shared by the profile and search use cases."""
from __future__ import annotations

import logging

from rozgar_core.ports import Cache

PROFILE_TTL_SECONDS = 30 * 60
SEARCH_GENERATION_KEY = "labours:generation"

log = logging.getLogger("rozgar.cache")


def profile_key(user_id: str) -> str:
    return f"profile:{user_id}"


def forget_profile(cache: Cache, user_id: str) -> None:
    """After a committed change: the next read of the profile, and the next search, see it."""
    cache.delete(profile_key(user_id))
    cache.incr(SEARCH_GENERATION_KEY)
