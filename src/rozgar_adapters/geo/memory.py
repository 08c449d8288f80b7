"""A geocoder on a table held in memory: for tests, demos and fixed deployments."""
from __future__ import annotations

import threading
from collections.abc import Mapping

from rozgar_core.model.india import validate_pincode
from rozgar_core.model.location import GeoPoint


class MemoryGeocoder:
    def __init__(self, table: Mapping[str, GeoPoint] | None = None) -> None:
        self._table = {validate_pincode(pincode): point for pincode, point in (table or {}).items()}
        self._lock = threading.Lock()

    def add(self, pincode: str, point: GeoPoint) -> None:
        with self._lock:
            self._table[validate_pincode(pincode)] = point

    def locate_pincode(self, pincode: str) -> GeoPoint | None:
        key = validate_pincode(pincode)
        with self._lock:
            return self._table.get(key)
