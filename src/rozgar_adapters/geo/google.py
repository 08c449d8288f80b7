"""PIN codes located with the Google Maps Geocoding API (used when GOOGLE_MAPS_API_KEY is set)."""
from __future__ import annotations

import logging
import re
from typing import Any

import httpx

from rozgar_core.errors import DependencyUnavailable, InvalidInput
from rozgar_core.model.india import validate_pincode
from rozgar_core.model.location import GeoPoint

logger = logging.getLogger("rozgar.geo")

DEFAULT_BASE_URL = "https://maps.googleapis.com"
GEOCODE_PATH = "/maps/api/geocode/json"
LOOKUP_FAILED = "Could not locate the PIN code, please try again"
_MAX_LOGGED_DETAIL = 200
_KEY_PARAMETER = re.compile(r"([?&]key=)[^&#\s\"']*")


class GoogleGeocoder:
    def __init__(
        self, api_key: str, *, base_url: str = DEFAULT_BASE_URL, timeout: float = 5.0
    ) -> None:
        if not api_key:
            raise ValueError("a Google Maps API key is required")
        self._api_key = api_key
        self._client = httpx.Client(base_url=base_url, timeout=timeout)
        _hide_api_keys_in_httpx_logs()

    def locate_pincode(self, pincode: str) -> GeoPoint | None:
        pin = validate_pincode(pincode)
        params = {"components": f"postal_code:{pin}|country:IN", "key": self._api_key}
        try:
            response = self._client.get(GEOCODE_PATH, params=params)
        except httpx.HTTPError as error:
            logger.warning("Google geocoding unreachable for PIN %s: %s", pin, type(error).__name__)
            raise DependencyUnavailable(LOOKUP_FAILED) from None
        body = _json_object(response)
        if not response.is_success or body is None or not isinstance(body.get("status"), str):
            logger.warning("Google geocoding failed for PIN %s: HTTP %s", pin, response.status_code)
            raise DependencyUnavailable(LOOKUP_FAILED)
        status = body["status"]
        if status == "ZERO_RESULTS":
            return None
        if status != "OK":
            detail = str(body.get("error_message", ""))[:_MAX_LOGGED_DETAIL]
            logger.warning("Google geocoding refused PIN %s: %s %s", pin, status, detail)
            raise DependencyUnavailable(LOOKUP_FAILED)
        return _postal_code_location(body, pin)

    def close(self) -> None:
        self._client.close()


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _postal_code_location(body: dict[str, Any], pin: str) -> GeoPoint | None:
    """The first result that is the postal code itself.

    With a component filter Google may answer an unknown postal code with the whole country as a
    partial match; India's centroid is no place to put a labour, so that counts as not found.
    """
    results = body.get("results")
    if not isinstance(results, list):
        raise _malformed(pin)
    for result in results:
        if isinstance(result, dict) and "postal_code" in (result.get("types") or []):
            return _location_of(result, pin)
    return None


def _location_of(result: dict[str, Any], pin: str) -> GeoPoint:
    try:
        location = result["geometry"]["location"]
        return GeoPoint(location["lat"], location["lng"])
    except (KeyError, TypeError, InvalidInput):
        raise _malformed(pin) from None


def _malformed(pin: str) -> DependencyUnavailable:
    logger.warning("Google geocoding answered PIN %s with an unexpected body", pin)
    return DependencyUnavailable(LOOKUP_FAILED)


class _RedactApiKeys(logging.Filter):
    """httpx logs every request URL at INFO level, and the Geocoding API takes its key in the URL."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_redact(arg) for arg in record.args)
        return True


def _redact(value: object) -> object:
    if isinstance(value, (str, httpx.URL)) and "key=" in str(value):
        return _KEY_PARAMETER.sub(r"\1REDACTED", str(value))
    return value


def _hide_api_keys_in_httpx_logs() -> None:
    httpx_logger = logging.getLogger("httpx")
    if not any(isinstance(f, _RedactApiKeys) for f in httpx_logger.filters):
        httpx_logger.addFilter(_RedactApiKeys())
