"""The user account. Profile fields arrive in the profile issue; an account starts with the phone alone."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rozgar_core.model.phone import Phone

ROLE_LABOUR = "labour"
ROLE_EMPLOYER = "employer"


@dataclass(slots=True)
class User:
    id: str
    phone: Phone
    created_at: datetime
    updated_at: datetime
    last_login_at: datetime | None = None
    is_active: bool = True
    is_hidden: bool = False
    """Hidden from search after reports from several users, until an admin decides."""
    is_admin: bool = False
    role: str = ROLE_LABOUR
    name: str | None = None
    email: str | None = None
    profile_picture_url: str | None = None
    profile_picture_key: str | None = None
    """Storage key of the picture (its thumbnail sits beside it), so a replacement can delete it."""
    bio: str | None = None
    address: str | None = None
    city: str | None = None
    state: str | None = None
    pincode: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    location_source: str | None = None
    """"user" when the labour gave coordinates, "pincode" when derived from the PIN code."""
    is_available: bool = False
    skills: list[str] = field(default_factory=list)
    experience_years: int | None = None
    labour_type: str | None = None
    rating: float = 0.0
    total_reviews: int = 0
    is_verified: bool = False
    profile_completed_at: datetime | None = None

    @property
    def is_profile_complete(self) -> bool:
        return self.profile_completed_at is not None
