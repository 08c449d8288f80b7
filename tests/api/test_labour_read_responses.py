"""The read endpoints of labours (/labours, /labours/nearby, /labours/:id) answer in their documented
shape, byte for byte what their response schemas dump; and a request decodes its access token once."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from dependency_injector import providers
from flask import Flask
from flask.testing import FlaskClient
from marshmallow import Schema
from werkzeug.test import TestResponse

from rozgar_adapters.container import Container
from rozgar_adapters.memory.clock import ManualClock
from rozgar_core.errors import TokenInvalid
from rozgar_core.model import AccessClaims
from rozgar_core.model.location import GeoPoint
from rozgar_core.ports import AccessTokenCodec
from rozgar_core.use_cases.search import NearbyCommand
from rozgar_web.auth import authenticate_request, remember_decoded_token
from rozgar_web.schemas.labours import LabourResponse, NearbyResponse, SearchResponse

from .conftest import LOGOUT, Login, assert_error, bearer
from .profile_helpers import EMPLOYER_BODY, LABOURS, PROFILE, Account, complete, log_in

DELHI = (28.6139, 77.2090)
NEARBY = f"{LABOURS}/nearby?latitude={DELHI[0]}&longitude={DELHI[1]}"


class CountingCodec:
    """The container's codec, counting decodes."""

    def __init__(self, codec: AccessTokenCodec) -> None:
        self._codec = codec
        self.decodes = 0

    def issue(self, user_id: str, phone: str, now: datetime) -> Any:
        return self._codec.issue(user_id, phone, now)

    def decode(self, token: str, now: datetime) -> AccessClaims:
        self.decodes += 1
        return self._codec.decode(token, now)


@pytest.fixture
def codec(container: Container) -> CountingCodec:
    counting = CountingCodec(container.token_codec())
    container.token_codec.override(providers.Object(counting))
    return counting


@pytest.fixture
def labours(client: FlaskClient, login: Login) -> list[Account]:
    accounts = []
    for index, name in enumerate(["Ramesh Kumar", "सुनील यादव", "Anil"]):
        account = log_in(client, login)
        point = {"latitude": DELHI[0] + index * 0.01, "longitude": DELHI[1] - index * 0.01}
        complete(client, account, name=name, city="New Delhi", state="Delhi", pincode="110001", **point)
        accounts.append(account)
    account = log_in(client, login)
    complete(client, account, name="No point", city="New Delhi", state="Delhi", pincode="110001", bio=None)
    accounts.append(account)
    return accounts


@pytest.fixture
def viewer(client: FlaskClient, login: Login) -> Account:
    account = log_in(client, login)
    complete(client, account, EMPLOYER_BODY)
    return account


def documented(response: TestResponse, schema: Schema) -> dict[str, Any]:
    """A 200 JSON body that the response schema loads (no unknown or missing fields, right types) and
    dumps back to the very same body."""
    assert response.status_code == 200, response.get_json()
    assert response.mimetype == "application/json"
    body: dict[str, Any] = response.get_json()
    assert repr(schema.dump(schema.load(body))) == repr(body)
    return body


def test_search_answers_in_its_documented_shape(client: FlaskClient, labours: list[Account], viewer: Account) -> None:
    for query in ["?city=New%20Delhi", f"?latitude={DELHI[0]}&longitude={DELHI[1]}&limit=2", "?search=Ramesh"]:
        body = documented(client.get(LABOURS + query, headers=viewer.headers), SearchResponse())
        assert body["labours"], query
        assert body["nextCursor"] == body["pagination"]["nextCursor"]


def test_the_distance_is_there_only_with_a_point(
    client: FlaskClient, labours: list[Account], viewer: Account
) -> None:
    near = f"{LABOURS}?latitude={DELHI[0]}&longitude={DELHI[1]}"
    with_point = documented(client.get(near, headers=viewer.headers), SearchResponse())
    assert all(isinstance(labour["distance"], float) for labour in with_point["labours"])
    without = documented(client.get(f"{LABOURS}?city=New%20Delhi", headers=viewer.headers), SearchResponse())
    assert all("distance" not in labour for labour in without["labours"])
    assert any(labour["latitude"] is None for labour in without["labours"])


def test_nearby_is_byte_for_byte_the_schema_dump(
    app: Flask, container: Container, client: FlaskClient, labours: list[Account], viewer: Account
) -> None:
    response = client.get(NEARBY, headers=viewer.headers)
    body = documented(response, NearbyResponse())
    assert len(body["labours"]) == 3
    found = container.nearby_labours()(NearbyCommand(latitude=DELHI[0], longitude=DELHI[1]), viewer.id)
    with app.app_context():
        expected = app.json.response(NearbyResponse().dump({"success": True, "labours": found})).get_data()
    assert response.get_data() == expected


@pytest.mark.parametrize("query", ["", f"?latitude={DELHI[0]}&longitude={DELHI[1]}"])
def test_a_labour_is_byte_for_byte_the_schema_dump(
    app: Flask, container: Container, client: FlaskClient, labours: list[Account], viewer: Account, query: str
) -> None:
    for labour in labours:
        response = client.get(f"{LABOURS}/{labour.id}{query}", headers=viewer.headers)
        body = documented(response, LabourResponse())
        origin = GeoPoint(*DELHI) if query else None
        seen = container.view_labour()(labour.id, viewer.id, origin)
        with app.app_context():
            expected = app.json.response(LabourResponse().dump({"success": True, "labour": seen})).get_data()
        assert response.get_data() == expected
        assert ("distance" in body["labour"]) == (bool(query) and seen.latitude is not None)


def test_the_answers_carry_the_headers_of_any_other_api_answer(
    client: FlaskClient, labours: list[Account], viewer: Account
) -> None:
    """The after-request middleware (security headers, request id, Cache-Control) still applies."""
    dumped_by_a_schema = client.get(PROFILE, headers=viewer.headers)
    for path in [NEARBY, f"{LABOURS}?city=Pune", f"{LABOURS}/{labours[0].id}"]:
        response = client.get(path, headers=viewer.headers)
        assert response.status_code == 200
        assert sorted(response.headers.keys()) == sorted(dumped_by_a_schema.headers.keys())
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_authenticated_request_decodes_its_token_once(
    client: FlaskClient, labours: list[Account], viewer: Account, codec: CountingCodec
) -> None:
    for path in [NEARBY, f"{LABOURS}?city=Pune", f"{LABOURS}/{labours[0].id}"]:
        before = codec.decodes
        assert client.get(path, headers=viewer.headers).status_code == 200
        assert codec.decodes == before + 1


def test_an_expired_token_is_still_refused(
    client: FlaskClient, clock: ManualClock, labours: list[Account], viewer: Account
) -> None:
    clock.advance(15 * 60)
    for path in [NEARBY, f"{LABOURS}?city=Pune", f"{LABOURS}/{labours[0].id}"]:
        assert_error(client.get(path, headers=viewer.headers), 401)


def test_a_revoked_token_is_still_refused(client: FlaskClient, labours: list[Account], viewer: Account) -> None:
    response = client.post(LOGOUT, json={"refreshToken": viewer.refresh_token}, headers=viewer.headers)
    assert response.status_code == 200, response.get_json()
    for path in [NEARBY, f"{LABOURS}?city=Pune", f"{LABOURS}/{labours[0].id}"]:
        assert_error(client.get(path, headers=viewer.headers), 401)


def test_claims_are_reused_only_for_the_same_token_in_the_same_request(
    app: Flask, codec: CountingCodec, viewer: Account, clock: ManualClock
) -> None:
    claims = codec.decode(viewer.access_token, clock.now())
    with app.app_context():  # `g` outlives the requests below
        with app.test_request_context(headers=bearer(viewer.access_token)):
            remember_decoded_token(viewer.access_token, claims)
            before = codec.decodes
            assert authenticate_request() == claims
            assert codec.decodes == before
        with app.test_request_context(headers=bearer(viewer.access_token)):
            assert authenticate_request() == claims
            assert codec.decodes == before + 1
        with app.test_request_context(headers=bearer(viewer.access_token + "x")):
            remember_decoded_token(viewer.access_token, claims)
            with pytest.raises(TokenInvalid):
                authenticate_request()
