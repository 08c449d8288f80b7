"""One contract for every Geocoder: memory, the offline PIN-code directory and Google Maps.

Google runs against a local HTTP server that checks each request and answers like the real API.
"""
from __future__ import annotations

import bz2
import json
import logging
import socket
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from rozgar_adapters.geo import GoogleGeocoder, MemoryGeocoder, OfflinePincodeGeocoder
from rozgar_adapters.geo import offline as offline_module
from rozgar_core.errors import DependencyUnavailable, InvalidInput
from rozgar_core.model.location import GeoPoint, distance_km
from rozgar_core.ports import Geocoder

API_KEY = "test-key-not-secret-123"
NEW_DELHI = GeoPoint(28.6315, 77.2167)  # Connaught Place
MUMBAI_FORT = GeoPoint(18.9388, 72.8354)
BENGALURU = GeoPoint(12.9716, 77.5946)
KNOWN = {"110001": GeoPoint(28.6227, 77.2195), "400001": GeoPoint(18.9359, 72.8341)}


class FakeGoogle(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), GeocodeHandler)
        self.mode = "normal"
        self.requests: list[str] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class GeocodeHandler(BaseHTTPRequestHandler):
    server: FakeGoogle

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.requests.append(self.path)
        mode = self.server.mode
        if mode == "slow":
            time.sleep(1.0)  # past the client's timeout: it has hung up, so no answer
            return
        if mode == "http-500":
            return self._send(500, {"error": "internal"})
        if mode == "not-json":
            return self._send(200, None, raw=b"<html>busy</html>")
        if mode.startswith("status:"):
            return self._send(200, {"status": mode[7:], "error_message": "refused", "results": []})
        self._answer_geocode()

    def _answer_geocode(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query, strict_parsing=True)
        components = query.get("components", [""])[0]
        if url.path != "/maps/api/geocode/json" or query.get("key") != [API_KEY]:
            return self._send(400, {"status": "INVALID_REQUEST", "results": []})
        if not components.startswith("postal_code:") or not components.endswith("|country:IN"):
            return self._send(400, {"status": "INVALID_REQUEST", "results": []})
        point = KNOWN.get(components[len("postal_code:") : -len("|country:IN")])
        if self.server.mode == "country-only":
            return self._send(200, {"status": "OK", "results": [_result(["country", "political"])]})
        if point is None:
            return self._send(200, {"status": "ZERO_RESULTS", "results": []})
        result = _result(["postal_code"], point)
        self._send(200, {"status": "OK", "results": [result, _result(["locality"])]})

    def _send(self, status: int, body: Any, raw: bytes | None = None) -> None:
        payload = raw if raw is not None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base signature
        pass


def _result(types: list[str], point: GeoPoint = GeoPoint(22.35, 78.67)) -> dict[str, Any]:
    return {
        "types": types,
        "geometry": {"location": {"lat": point.latitude, "lng": point.longitude}},
    }


@pytest.fixture(scope="module")
def google_server() -> Iterator[FakeGoogle]:
    server = FakeGoogle()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_google(google_server: FakeGoogle) -> Iterator[FakeGoogle]:
    google_server.mode = "normal"
    google_server.requests.clear()
    yield google_server
    google_server.mode = "normal"


@pytest.fixture(scope="module")
def offline_geocoder() -> OfflinePincodeGeocoder:
    return OfflinePincodeGeocoder()


@pytest.fixture(params=["memory", "offline", "google"])
def geocoder(
    request: pytest.FixtureRequest,
    offline_geocoder: OfflinePincodeGeocoder,
    fake_google: FakeGoogle,
) -> Iterator[Geocoder]:
    if request.param == "memory":
        yield MemoryGeocoder(KNOWN)
    elif request.param == "offline":
        yield offline_geocoder
    else:
        google = GoogleGeocoder(API_KEY, base_url=fake_google.base_url, timeout=2)
        yield google
        google.close()


# ---- the contract: every adapter ----


@pytest.mark.parametrize(("pincode", "city"), [("110001", NEW_DELHI), ("400001", MUMBAI_FORT)])
def test_a_known_pincode_is_located_near_its_city(
    geocoder: Geocoder, pincode: str, city: GeoPoint
) -> None:
    point = geocoder.locate_pincode(pincode)
    assert point is not None
    assert distance_km(point, city) < 5


def test_an_unknown_pincode_is_none(geocoder: Geocoder) -> None:
    assert geocoder.locate_pincode("999999") is None


@pytest.mark.parametrize("pincode", ["01234", "1100010", "abcdef", ""])
def test_a_malformed_pincode_is_invalid_input(geocoder: Geocoder, pincode: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        geocoder.locate_pincode(pincode)
    assert [e.field for e in caught.value.errors] == ["pincode"]


def test_the_same_pincode_always_gives_the_same_point(geocoder: Geocoder) -> None:
    assert geocoder.locate_pincode("110001") == geocoder.locate_pincode("110001")


# ---- memory ----


def test_memory_geocoder_can_be_seeded_later() -> None:
    geocoder = MemoryGeocoder()
    assert geocoder.locate_pincode("560001") is None
    geocoder.add("560001", BENGALURU)
    assert geocoder.locate_pincode("560001") == BENGALURU


# ---- offline directory ----


def test_offline_ignores_a_misplaced_office(offline_geocoder: OfflinePincodeGeocoder) -> None:
    # One office of 560001 is listed about 90 km away from Bengaluru's centre.
    point = offline_geocoder.locate_pincode("560001")
    assert point is not None and distance_km(point, BENGALURU) < 3


def test_offline_covers_the_country(offline_geocoder: OfflinePincodeGeocoder) -> None:
    assert len(offline_geocoder) > 19_000
    for pincode in ("744101", "682001", "781001", "190001", "700001", "600001"):
        point = offline_geocoder.locate_pincode(pincode)
        assert point is not None, pincode


def write_directory(path: Path, rows: list[dict[str, Any]]) -> Path:
    with bz2.open(path, "wt", encoding="utf-8") as file:
        for row in rows:
            file.write(json.dumps(row) + "\n")
    return path


def office(pincode: int, latitude: Any, longitude: Any) -> dict[str, Any]:
    return {"Name": "PO", "Pincode": pincode, "Latitude": latitude, "Longitude": longitude}


def test_offline_averages_offices_and_drops_bad_coordinates(tmp_path: Path) -> None:
    rows = [
        office(110001, 28.60, 77.20),
        office(110001, "28.62", "77.22"),
        office(110001, None, None),
        office(110001, 0, 0),
        office(110001, 77.21, 28.61),  # latitude and longitude swapped
        office(110001, 28.61, 81.50),  # ~380 km off: a typo
        office(110001, 28.61, 77.21),
        office(123456, None, 77.0),
    ]
    geocoder = OfflinePincodeGeocoder(write_directory(tmp_path / "pins.json.bz2", rows))
    assert geocoder.locate_pincode("110001") == GeoPoint(28.61, 77.21)
    assert geocoder.locate_pincode("123456") is None
    assert len(geocoder) == 1


def test_offline_loads_lazily_and_once_across_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_directory(tmp_path / "pins.json.bz2", [office(400001, 18.94, 72.83)])
    loads: list[Path] = []
    real_load = offline_module._load

    def counting_load(data_file: Path) -> dict[str, GeoPoint]:
        loads.append(data_file)
        time.sleep(0.05)
        return real_load(data_file)

    monkeypatch.setattr(offline_module, "_load", counting_load)
    geocoder = OfflinePincodeGeocoder(path)
    assert not geocoder.is_loaded
    results: list[GeoPoint | None] = []
    threads = [
        threading.Thread(target=lambda: results.append(geocoder.locate_pincode("400001")))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [GeoPoint(18.94, 72.83)] * 8
    assert loads == [path] and geocoder.is_loaded


@pytest.mark.parametrize("content", [None, b"not bzip2 at all", bz2.compress(b"{not json\n")])
def test_offline_with_a_missing_or_broken_directory_is_unavailable(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "pins.json.bz2"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DependencyUnavailable):
        OfflinePincodeGeocoder(path).locate_pincode("110001")


# ---- Google ----


def test_google_sends_the_pincode_country_and_key(fake_google: FakeGoogle) -> None:
    google = GoogleGeocoder(API_KEY, base_url=fake_google.base_url, timeout=2)
    assert google.locate_pincode("400001") == KNOWN["400001"]
    (path,) = fake_google.requests
    url = urlsplit(path)
    assert url.path == "/maps/api/geocode/json"
    assert parse_qs(url.query) == {"components": ["postal_code:400001|country:IN"], "key": [API_KEY]}


def test_google_country_level_answer_is_not_a_location(fake_google: FakeGoogle) -> None:
    fake_google.mode = "country-only"
    google = GoogleGeocoder(API_KEY, base_url=fake_google.base_url, timeout=2)
    assert google.locate_pincode("110001") is None


@pytest.mark.parametrize(
    "mode",
    [
        "status:REQUEST_DENIED", "status:OVER_QUERY_LIMIT", "status:UNKNOWN_ERROR",
        "http-500", "not-json",
    ],
)
def test_google_failures_are_dependency_unavailable(fake_google: FakeGoogle, mode: str) -> None:
    fake_google.mode = mode
    google = GoogleGeocoder(API_KEY, base_url=fake_google.base_url, timeout=2)
    with pytest.raises(DependencyUnavailable):
        google.locate_pincode("110001")


def test_google_slower_than_the_timeout_is_unavailable(fake_google: FakeGoogle) -> None:
    fake_google.mode = "slow"
    google = GoogleGeocoder(API_KEY, base_url=fake_google.base_url, timeout=0.2)
    started = time.monotonic()
    with pytest.raises(DependencyUnavailable):
        google.locate_pincode("110001")
    assert time.monotonic() - started < 0.9


def test_google_on_a_closed_port_is_unavailable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    google = GoogleGeocoder(API_KEY, base_url=f"http://127.0.0.1:{port}", timeout=2)
    with pytest.raises(DependencyUnavailable):
        google.locate_pincode("110001")


def test_google_never_logs_the_key(
    fake_google: FakeGoogle, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    google = GoogleGeocoder(API_KEY, base_url=fake_google.base_url, timeout=2)
    assert google.locate_pincode("110001") is not None
    fake_google.mode = "status:REQUEST_DENIED"
    with pytest.raises(DependencyUnavailable) as caught:
        google.locate_pincode("110001")
    assert any("geocode/json" in record.getMessage() for record in caplog.records)
    assert API_KEY not in caplog.text
    assert API_KEY not in str(caught.value)


def test_google_needs_a_key() -> None:
    with pytest.raises(ValueError):
        GoogleGeocoder("")
