"""Geocoding: where a PIN code is, for profiles saved without coordinates."""
from __future__ import annotations

from typing import Protocol

from rozgar_core.model.location import GeoPoint


class Geocoder(Protocol):
    def locate_pincode(self, pincode: str) -> GeoPoint | None:
        """A representative point of the PIN code's area, or None when the PIN code is unknown.

        Raises InvalidInput for a malformed PIN code and DependencyUnavailable when the provider
        fails or times out.
        """
        ...
