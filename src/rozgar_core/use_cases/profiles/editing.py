"""Applying validated profile changes to a user, and deriving a location from the PIN code."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from rozgar_core.errors import Conflict, DependencyUnavailable, InvalidInput
from rozgar_core.model import User
from rozgar_core.model.location import GeoPoint
from rozgar_core.model.profile import ProfileChanges, missing_required
from rozgar_core.ports import Geocoder, UnitOfWork

log = logging.getLogger("rozgar.profiles")

PLAIN_FIELDS = (
    "name", "email", "address", "city", "state", "pincode", "bio",
    "is_available", "skills", "experience_years", "labour_type", "role",
)
LOCATION_FROM_USER = "user"
LOCATION_FROM_PINCODE = "pincode"


def apply_changes(user: User, changes: ProfileChanges) -> None:
    old_pincode = user.pincode
    for field in PLAIN_FIELDS:
        if field in changes:
            setattr(user, field, changes.get(field))
    if "location" in changes:
        point: GeoPoint | None = changes.get("location")
        user.latitude = point.latitude if point else None
        user.longitude = point.longitude if point else None
        user.location_source = LOCATION_FROM_USER if point else None
    elif user.location_source == LOCATION_FROM_PINCODE and user.pincode != old_pincode:
        user.latitude = user.longitude = user.location_source = None


def needs_geocoding(user: User) -> bool:
    return user.latitude is None and user.pincode is not None


def locate(geocoder: Geocoder, pincode: str) -> GeoPoint | None:
    """The PIN code's point, or None: a geocoder outage must not block saving a profile."""
    try:
        return geocoder.locate_pincode(pincode)
    except DependencyUnavailable:
        log.warning("geocoder unavailable: profile saved without coordinates")
        return None


@dataclass(frozen=True, slots=True)
class DerivedLocation:
    pincode: str
    point: GeoPoint


def apply_derived_location(user: User, derived: DerivedLocation | None) -> None:
    if derived is not None and needs_geocoding(user) and user.pincode == derived.pincode:
        user.latitude = derived.point.latitude
        user.longitude = derived.point.longitude
        user.location_source = LOCATION_FROM_PINCODE


def check_complete(user: User) -> None:
    fields = {field: getattr(user, field) for field in PLAIN_FIELDS}
    missing = missing_required(fields, user.role)
    if missing:
        raise InvalidInput(missing)


def check_email_free(uow: UnitOfWork, user: User) -> None:
    if user.email and uow.users.email_in_use(user.email, user.id):
        raise Conflict("This email is used by another account", code="EMAIL_TAKEN")
