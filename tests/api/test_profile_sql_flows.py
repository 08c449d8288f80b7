"""The key profile flows once more on the production container: a real SQLite file and PostgreSQL,
pictures on the local disk served under /media/."""
from __future__ import annotations

import io
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from dependency_injector import providers
from flask.testing import FlaskClient
from PIL import Image
from support import images

from rozgar_adapters.container import Container, build_container
from rozgar_adapters.geo.memory import MemoryGeocoder
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.sms import MemorySmsSender
from rozgar_adapters.settings import Settings
from rozgar_adapters.sql import tables as t
from rozgar_adapters.sql.migrate import upgrade
from rozgar_adapters.sql.repositories.ratings import recompute_ratings
from rozgar_adapters.tasks import ImmediateTaskRunner
from rozgar_core.model.location import GeoPoint, snap_to_grid
from rozgar_web import create_app

from .conftest import REFRESH, SEND, VERIFY, assert_error, bearer
from .profile_helpers import (
    ACCOUNT,
    AVAILABILITY,
    EMPLOYER_BODY,
    EXACT,
    LABOUR_BODY,
    LABOURS,
    PROFILE,
    PUNE_PIN,
    SETTINGS,
    Account,
    media_key,
    media_path,
    upload,
)

PUNE_POINT = GeoPoint(18.5308, 73.8475)


@dataclass
class SqlWorld:
    container: Container
    client: FlaskClient
    clock: ManualClock
    media_root: Path

    def login(self, phone: str) -> dict[str, Any]:
        assert self.client.post(SEND, json={"phone": phone}).status_code == 200
        sms = self.container.sms_sender()
        assert isinstance(sms, MemorySmsSender)
        response = self.client.post(VERIFY, json={"phone": phone, "otp": sms.last_code_for(f"+91{phone}")})
        assert response.status_code == 200, response.get_json()
        body: dict[str, Any] = response.get_json()
        return body

    def account(self, phone: str | None = None) -> Account:
        """A freshly logged-in phone."""
        phone = phone or fresh_phone()
        body = self.login(phone)
        headers = bearer(body["accessToken"])
        user_id = self.client.get(PROFILE, headers=headers).get_json()["user"]["id"]
        return Account(user_id, phone, headers, body["accessToken"], body["refreshToken"])


def fresh_phone() -> str:
    """A mobile number no earlier run left in the shared database."""
    return "98" + f"{secrets.randbelow(10**8):08d}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlWorld]:
    if request.param == "sqlite":
        database_url = f"sqlite:///{tmp_path}/db.sqlite3"
    else:
        database_url = request.getfixturevalue("postgres_url")
    container = build_container(
        Settings(database_url=database_url, jwt_secret="x" * 32, otp_pepper="y" * 32, data_dir=tmp_path)
    )
    upgrade(container.engine())
    clock = ManualClock(datetime.now(UTC))
    container.clock.override(providers.Object(clock))
    container.sms_sender.override(providers.Singleton(MemorySmsSender))
    container.geocoder.override(providers.Object(MemoryGeocoder({PUNE_PIN: PUNE_POINT})))
    container.task_runner.override(providers.Singleton(ImmediateTaskRunner))
    yield SqlWorld(container, create_app(container).test_client(), clock, tmp_path / "media")
    container.engine().dispose()


def test_complete_update_and_read_a_profile(world: SqlWorld) -> None:
    client = world.client
    account = world.account()
    user_id, headers = account.id, account.headers
    assert client.get(PROFILE, headers=headers).get_json()["user"]["isProfileComplete"] is False

    created = client.post(PROFILE, json=LABOUR_BODY | {"email": f"{user_id}@example.in", "state": "mh",
                                                        "skills": ["प्लंबर", "Plumber", "Tile Setter"]}, headers=headers)
    assert created.status_code == 201, created.get_json()
    user = created.get_json()["user"]
    assert (user["state"], user["skills"]) == ("Maharashtra", ["plumber", "tile setter"])
    assert (user["latitude"], user["longitude"]) == (PUNE_POINT.latitude, PUNE_POINT.longitude)
    assert_error(client.post(PROFILE, json=LABOUR_BODY, headers=headers), 409)

    updated = client.put(PROFILE, json={"bio": "New bio", "latitude": EXACT[0], "longitude": EXACT[1]}, headers=headers)
    assert updated.status_code == 200
    after = client.get(PROFILE, headers=headers).get_json()["user"]
    assert (after["bio"], after["latitude"], after["longitude"], after["name"]) == ("New bio", *EXACT, "Ramesh Kumar")
    assert after["skills"] == ["plumber", "tile setter"] and after["email"] == f"{user_id}@example.in"

    assert client.patch(AVAILABILITY, json={"isAvailable": False}, headers=headers).get_json()["isAvailable"] is False
    assert client.put(SETTINGS, json={"language": "hi"}, headers=headers).status_code == 200
    assert client.get(SETTINGS, headers=headers).get_json()["settings"]["language"] == "hi"
    assert_error(client.put(PROFILE, json={"rating": 5}, headers=headers), 400)


@pytest.mark.parametrize("name", ["Ra\x00mesh", "Ra\ud800mesh"], ids=["nul", "lone-surrogate"])
def test_text_the_database_cannot_store_is_400_not_500(world: SqlWorld, name: str) -> None:
    account = world.account()
    response = world.client.post(PROFILE, json=LABOUR_BODY | {"name": name, "bio": f"bio of {name}"}, headers=account.headers)
    assert sorted(error["field"] for error in assert_error(response, 400)["errors"]) == ["bio", "name"]
    assert world.client.get(PROFILE, headers=account.headers).get_json()["user"]["isProfileComplete"] is False


def test_an_email_of_another_account_is_409(world: SqlWorld) -> None:
    email = f"{uuid.uuid4().hex}@example.in"
    first = world.client.post(PROFILE, json=LABOUR_BODY | {"email": email}, headers=world.account().headers)
    assert first.status_code == 201
    response = world.client.post(PROFILE, json=LABOUR_BODY | {"email": email}, headers=world.account().headers)
    assert assert_error(response, 409)["code"] == "EMAIL_TAKEN"


def test_pictures_on_local_disk_are_clean_served_with_nosniff_and_replaced(world: SqlWorld) -> None:
    client = world.client
    account = world.account()
    client.post(PROFILE, json=LABOUR_BODY, headers=account.headers)

    first = upload(client, account, images.jpeg_with_metadata()).get_json()["profilePictureUrl"]
    served = client.get(media_path(first))
    assert served.status_code == 200 and served.headers["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(served.data)) as picture:
        assert not picture.getexif() and images.SECRET_TEXT.encode() not in served.data
    assert (world.media_root / media_key(first)).is_file()

    second = upload(client, account, images.png_with_text_chunks(), "p.png", "image/png").get_json()["profilePictureUrl"]
    assert not (world.media_root / media_key(first)).exists()
    assert (world.media_root / media_key(second)).is_file()
    assert_error(client.get(media_path(first)), 404)
    assert_error(upload(client, account, images.gif(), "a.jpg"), 415)


def test_others_see_the_public_view_and_the_owners_changes_at_once(world: SqlWorld) -> None:
    client = world.client
    labour, viewer = world.account(), world.account()
    client.post(PROFILE, json=LABOUR_BODY | {"latitude": EXACT[0], "longitude": EXACT[1]}, headers=labour.headers)
    client.post(PROFILE, json=EMPLOYER_BODY, headers=viewer.headers)

    seen = client.get(f"{LABOURS}/{labour.id}", headers=viewer.headers).get_json()["labour"]
    assert "email" not in seen and "address" not in seen
    assert GeoPoint(seen["latitude"], seen["longitude"]) == snap_to_grid(GeoPoint(*EXACT))

    client.put(PROFILE, json={"name": "Ramesh K"}, headers=labour.headers)
    assert client.get(f"{LABOURS}/{labour.id}", headers=viewer.headers).get_json()["labour"]["name"] == "Ramesh K"


def _insert_review(world: SqlWorld, reviewer: str, reviewee: str, rating: int) -> None:
    now = world.clock.now()
    row = {"id": str(uuid.uuid4()), "reviewer_id": reviewer, "reviewee_id": reviewee, "rating": rating,
           "created_at": now, "updated_at": now}
    with world.container.engine().begin() as connection:
        connection.execute(t.reviews.insert(), [row])
        connection.execute(recompute_ratings([reviewee]))


@dataclass
class ReviewedLabour:
    gone: Account
    labour: Account
    viewer: Account


def _reviewed_labour(world: SqlWorld) -> ReviewedLabour:
    """A labour rated 1 by an account about to be deleted and 5 by an employer who views them."""
    gone, labour, viewer = world.account(), world.account(), world.account()
    world.client.post(PROFILE, json=LABOUR_BODY, headers=gone.headers)
    world.client.post(PROFILE, json=LABOUR_BODY, headers=labour.headers)
    world.client.post(PROFILE, json=EMPLOYER_BODY, headers=viewer.headers)
    _insert_review(world, gone.id, labour.id, 1)
    _insert_review(world, viewer.id, labour.id, 5)
    return ReviewedLabour(gone, labour, viewer)


def _rating_seen(world: SqlWorld, reviewed: ReviewedLabour) -> tuple[float, int]:
    seen = world.client.get(f"{LABOURS}/{reviewed.labour.id}", headers=reviewed.viewer.headers).get_json()["labour"]
    return seen["rating"], seen["totalReviews"]


def test_deleting_an_account_ends_its_sessions_and_removes_its_reviews_from_ratings(world: SqlWorld) -> None:
    client = world.client
    reviewed = _reviewed_labour(world)
    gone = reviewed.gone
    picture = upload(client, gone, images.jpeg_with_metadata()).get_json()["profilePictureUrl"]

    assert client.delete(ACCOUNT, headers=gone.headers).status_code == 200

    assert_error(client.get(PROFILE, headers=gone.headers), 401)
    assert_error(client.post(REFRESH, json={"refreshToken": gone.refresh_token}), 401)
    assert_error(client.get(f"{LABOURS}/{gone.id}", headers=reviewed.viewer.headers), 404)
    assert not (world.media_root / media_key(picture)).exists()
    assert _rating_seen(world, reviewed) == (5.0, 1)
    with world.container.engine().connect() as connection:
        rows = sa.select(sa.func.count()).select_from(t.users).where(t.users.c.id == gone.id)
        assert connection.execute(rows).scalar_one() == 0

    world.clock.advance(61)
    again = world.login(gone.phone)
    assert again["isNewUser"] is True and again["user"] is None
    new_user = client.get(PROFILE, headers=bearer(again["accessToken"])).get_json()["user"]
    assert new_user["id"] != gone.id and new_user["isProfileComplete"] is False


def test_a_cached_rating_drops_the_reviews_of_a_deleted_account(world: SqlWorld) -> None:
    reviewed = _reviewed_labour(world)
    assert _rating_seen(world, reviewed) == (3.0, 2)  # now cached for other readers

    assert world.client.delete(ACCOUNT, headers=reviewed.gone.headers).status_code == 200

    assert _rating_seen(world, reviewed) == (5.0, 1)
