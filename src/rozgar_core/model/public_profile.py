"""What other users see of a labour: no email, exact address or exact coordinates."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

from rozgar_core.model.location import GeoPoint, public_distance_km, public_point
from rozgar_core.model.user import User


@dataclass(frozen=True, slots=True)
class PublicProfile:
    id: str
    phone: str
    name: str | None
    profile_picture_url: str | None
    bio: str | None
    city: str | None
    state: str | None
    pincode: str | None
    latitude: float | None
    longitude: float | None
    is_available: bool
    skills: list[str] = field(default_factory=list)
    experience_years: int | None = None
    labour_type: str | None = None
    role: str = "labour"
    rating: float = 0.0
    total_reviews: int = 0
    is_verified: bool = False
    distance: float | None = None
    """Kilometres from the searcher's point to the labour's public (snapped) point, to 0.1 km."""

    @classmethod
    def of(cls, user: User) -> "PublicProfile":
        point = public_point(user.latitude, user.longitude)
        return cls(
            id=user.id,
            phone=user.phone.e164,
            name=user.name,
            profile_picture_url=user.profile_picture_url,
            bio=user.bio,
            city=user.city,
            state=user.state,
            pincode=user.pincode,
            latitude=point.latitude if point else None,
            longitude=point.longitude if point else None,
            is_available=user.is_available,
            skills=list(user.skills),
            experience_years=user.experience_years,
            labour_type=user.labour_type,
            role=user.role,
            rating=round(float(user.rating), 2),
            total_reviews=user.total_reviews,
            is_verified=user.is_verified,
        )

    def measured_from(self, origin: GeoPoint | None) -> "PublicProfile":
        if origin is None or self.latitude is None or self.longitude is None:
            return self
        # The stored point is already snapped, and snapping is idempotent.
        return replace(self, distance=public_distance_km(origin, self.latitude, self.longitude))

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "PublicProfile":
        return cls(**json.loads(text))
