"""Helpers of the search API tests: places, a small town of labours with known attributes, a crowd of
labours for paging, and calls of /labours and /labours/nearby."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from dependency_injector import providers
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from werkzeug.test import TestResponse

from rozgar_adapters.container import build_memory_container
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.search import MemoryLabourSearch
from rozgar_adapters.memory.store import MemoryStore
from rozgar_adapters.memory.uow import MemoryUnitOfWork, memory_uow_factory
from rozgar_core.model.location import (
    GeoPoint,
    distance_km,
    round_distance,
    snap_to_grid,
)
from rozgar_core.model.phone import Phone
from rozgar_web import create_app

from .activity_helpers import ADMIN_USERS, People, contact_and_review
from .conftest import api_settings
from .profile_helpers import LABOURS, Account

NEARBY = f"{LABOURS}/nearby"

# The labour as other users see it (UserProfile minus email, address and timestamps); `distance` is
# added when the request gave a point.
PUBLIC_FIELDS = {
    "id", "phone", "name", "profilePictureUrl", "bio", "city", "state", "pincode", "latitude", "longitude",
    "isAvailable", "skills", "experienceYears", "labourType", "rating", "totalReviews", "isVerified",
}
PAGINATION_FIELDS = {"page", "limit", "total", "totalPages", "totalCapped", "nextCursor"}

Point = tuple[float, float]

PUNE: Point = (18.5204, 73.8567)
SHIVAJINAGAR: Point = (18.5308, 73.8475)  # 1.3 km from PUNE (distances are from the snapped point)
DECCAN: Point = (18.5167, 73.8414)  # 1.5 km
SWARGATE: Point = (18.5018, 73.8636)  # 2.3 km
CAMP: Point = (18.5158, 73.8770)  # 2.5 km
KOTHRUD: Point = (18.5074, 73.8077)  # 5.0 km
HADAPSAR: Point = (18.5089, 73.9260)  # 7.2 km
PIMPRI: Point = (18.6298, 73.7997)  # 13.0 km
ANDHERI: Point = (19.1136, 72.8697)  # 123.1 km
BENGALURU: Point = (12.9716, 77.5946)  # 735.9 km


def shown_km(origin: Point, place: Point) -> float:
    """The distance the API shows: from the origin to the labour's snapped public point, to 0.1 km."""
    return round_distance(exact_km(origin, place))


def exact_km(origin: Point, place: Point) -> float:
    return distance_km(GeoPoint(*origin), snap_to_grid(GeoPoint(*place)))


def labour_body(
    name: str, city: str, state: str, pincode: str, skills: list[str], experience: int, labour_type: str,
    available: bool = True, place: Point | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "address": f"House 7, {city}",
        "city": city,
        "state": state,
        "pincode": pincode,
        "bio": f"{', '.join(skills).capitalize()} work, {experience} years",
        "isAvailable": available,
        "skills": skills,
        "experienceYears": experience,
        "labourType": labour_type,
    }
    if place is not None:
        body["latitude"], body["longitude"] = place
    return body


# name -> (profile, rating given by one employer or None for no review)
TOWN_LABOURS: dict[str, tuple[dict[str, Any], int | None]] = {
    "Ramesh Kumar": (
        labour_body("Ramesh Kumar", "Pune", "Maharashtra", "411005", ["plumber", "electrician"], 7, "daily",
                    place=SHIVAJINAGAR), 5),
    "Suresh Patil": (
        labour_body("Suresh Patil", "Pune", "Maharashtra", "411038", ["electrician"], 12, "monthly",
                    place=KOTHRUD), 4),
    "Anita Jadhav": (
        labour_body("Anita Jadhav", "pune", "Maharashtra", "411028", ["painter"], 3, "partTime",
                    available=False, place=HADAPSAR), 2),
    "Vikas More": (
        labour_body("Vikas More", "Pimpri-Chinchwad", "Maharashtra", "411018", ["welder"], 9, "contract",
                    place=PIMPRI), 3),
    "Mohammed Shaikh": (
        labour_body("Mohammed Shaikh", "Mumbai", "Maharashtra", "400053", ["carpenter"], 15, "contract",
                    place=ANDHERI), 4),
    "Lakshmi Devi": (
        labour_body("Lakshmi Devi", "Bengaluru", "Karnataka", "560001", ["cook", "house-help"], 5, "fullTime",
                    place=BENGALURU), None),
    "Paramesh Rao": (
        labour_body("Paramesh Rao", "Hyderabad", "Telangana", "500001", ["mason"], 0, "daily"), None),
}
TOWN_PLACES: dict[str, Point] = {
    name: (body["latitude"], body["longitude"]) for name, (body, _) in TOWN_LABOURS.items() if "latitude" in body
}
ALL_TOWN = set(TOWN_LABOURS)


@dataclass
class Town:
    """Seven listed labours (TOWN_LABOURS) and accounts that must never be listed: the searching
    employer, the employer who rated the labours, an admin, an incomplete account and a suspended
    labour named like a listed one."""

    searcher: Account
    rater: Account
    admin: Account
    incomplete: Account
    suspended: Account
    labours: dict[str, Account] = field(default_factory=dict)

    def name_of(self, labour_id: str) -> str:
        for name, account in self.labours.items():
            if account.id == labour_id:
                return name
        raise AssertionError(f"{labour_id} is not a labour of the town")


def build_town(client: FlaskClient, people: People) -> Town:
    searcher = people.employer(name="Sunita Builders", latitude=DECCAN[0], longitude=DECCAN[1])
    rater = people.employer(name="Kavita Constructions")
    admin = people.admin()
    incomplete = people.account()
    suspended = people.labour(
        **labour_body("Ramesh Shinde", "Pune", "Maharashtra", "411004", ["electrician"], 7, "daily", place=DECCAN)
    )
    response = client.patch(f"{ADMIN_USERS}/{suspended.id}/status", json={"isActive": False}, headers=admin.headers)
    assert response.status_code == 200, response.get_json()
    town = Town(searcher, rater, admin, incomplete, suspended)
    for name, (body, rating) in TOWN_LABOURS.items():
        town.labours[name] = people.labour(**body)
        if rating is not None:
            contact_and_review(client, rater, town.labours[name], rating)
    return town


CROWD_NAMES = (
    "Aarav Shinde", "Bhavna Kulkarni", "Chetan Pawar", "Deepa Gaikwad", "Eknath Bhosale", "Farida Sayyed",
    "Ganesh Kale", "Hema Deshmukh", "Irfan Khan", "Jyoti Salunkhe", "Kiran Mane", "Latika Joshi",
    "Mahesh Chavan", "Nanda Thorat", "Omkar Jagtap", "Pooja Nikam", "Rahul Kadam", "Savita Shirke",
    "Tukaram Lokhande", "Usha Wagh", "Vijay Gavade", "Yogesh Kamble",
)
CROWD_PLACES = (SHIVAJINAGAR, DECCAN, SWARGATE, CAMP, KOTHRUD)
CROWD_RATINGS = (5, 4, 4, 3, 5, 2, 4, 3, 5, 1, 4, 3)  # the first twelve are reviewed, the rest have none
CROWD_TRADES = ("plumber", "electrician", "carpenter", "painter", "mason")


@dataclass
class Crowd:
    """22 labours in Pune with many ties: five places (so equal distances), ratings repeated and ten
    unrated labours, experience in steps of three."""

    searcher: Account
    places: dict[str, Point]
    """labour id -> where the labour is."""


def build_crowd(client: FlaskClient, people: People) -> Crowd:
    searcher = people.employer(name="Pune Infra Projects")
    places: dict[str, Point] = {}
    for i, name in enumerate(CROWD_NAMES):
        place = CROWD_PLACES[i % len(CROWD_PLACES)]
        labour = people.labour(**labour_body(
            name, "Pune", "Maharashtra", "411001", [CROWD_TRADES[i % len(CROWD_TRADES)]], i * 7 % 5 * 3, "daily",
            place=place,
        ))
        places[labour.id] = place
        if i < len(CROWD_RATINGS):
            contact_and_review(client, searcher, labour, CROWD_RATINGS[i])
    return Crowd(searcher, places)


def seed_labours_directly(store: MemoryStore, count: int, first_phone: int = 9_300_000_000) -> None:
    """`count` complete Pune labours written straight into the store (far quicker than over HTTP)."""
    now = datetime(2024, 6, 1, tzinfo=UTC)
    with MemoryUnitOfWork(store) as uow:
        for n in range(count):
            user, _ = uow.users.get_or_create_by_phone(
                Phone.parse(f"+91{first_phone + n}"), str(uuid.uuid4()), now
            )
            user.name, user.city, user.state, user.pincode = f"Seeded Labour {n}", "Pune", "Maharashtra", "411001"
            user.address, user.skills, user.experience_years, user.labour_type = "Pune", ["mason"], 4, "daily"
            user.is_available, user.profile_completed_at = True, now
            uow.users.save_profile(user)
        uow.commit()


def get(client: FlaskClient, path: str, viewer: Account, query: dict[str, Any] | MultiDict[str, Any]) -> TestResponse:
    return client.get(path, query_string=query, headers=viewer.headers)


def search(
    client: FlaskClient, viewer: Account, query: dict[str, Any] | MultiDict[str, Any] | None = None, /,
    **params: Any,
) -> dict[str, Any]:
    """GET /labours; the 200 body, checked against the wire shape."""
    response = get(client, LABOURS, viewer, query if query is not None else params)
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    assert set(body) == {"success", "labours", "pagination", "nextCursor"} and body["success"] is True
    assert set(body["pagination"]) == PAGINATION_FIELDS
    assert body["pagination"]["nextCursor"] == body["nextCursor"]
    for labour in body["labours"]:
        assert set(labour) - {"distance"} == PUBLIC_FIELDS
    return body


def nearby(client: FlaskClient, viewer: Account, **params: Any) -> list[dict[str, Any]]:
    """GET /labours/nearby; the labours of the 200 body, checked against the wire shape."""
    response = get(client, NEARBY, viewer, params)
    assert response.status_code == 200, response.get_json()
    body: dict[str, Any] = response.get_json()
    assert set(body) == {"success", "labours"} and body["success"] is True
    for labour in body["labours"]:
        assert set(labour) == PUBLIC_FIELDS | {"distance"}
    labours: list[dict[str, Any]] = body["labours"]
    return labours


def names(labours: list[dict[str, Any]]) -> list[str]:
    return [labour["name"] for labour in labours]


def found(client: FlaskClient, viewer: Account, **params: Any) -> list[str]:
    """The names /labours lists, in order (up to 100)."""
    return names(search(client, viewer, **{"limit": 100, **params})["labours"])


def ids(labours: list[dict[str, Any]]) -> list[str]:
    return [labour["id"] for labour in labours]


def walk_by_page(client: FlaskClient, viewer: Account, limit: int, **params: Any) -> list[str]:
    """Every page by number, checking each page's pagination and that its nextCursor leads to the next
    page; the ids of all pages in order."""
    first = search(client, viewer, limit=limit, **params)
    total, pages = first["pagination"]["total"], first["pagination"]["totalPages"]
    walked: list[str] = []
    previous_cursor: str | None = None
    for page in range(1, pages + 1):
        body = search(client, viewer, limit=limit, page=page, **params)
        pagination = body["pagination"]
        assert (pagination["page"], pagination["limit"], pagination["total"], pagination["totalPages"]) == (
            page, limit, total, pages,
        )
        assert pagination["totalCapped"] is False
        expected_size = limit if page < pages else total - limit * (pages - 1)
        assert len(body["labours"]) == expected_size
        if previous_cursor is not None:
            assert ids(search(client, viewer, limit=limit, cursor=previous_cursor, **params)["labours"]) == ids(
                body["labours"]
            ), "a page's nextCursor must lead to the next page by number"
        previous_cursor = body["nextCursor"]
        assert (previous_cursor is None) == (page == pages)
        walked.extend(ids(body["labours"]))
    beyond = search(client, viewer, limit=limit, page=pages + 1, **params)
    assert beyond["labours"] == [] and beyond["nextCursor"] is None
    return walked


def walk_by_cursor(client: FlaskClient, viewer: Account, limit: int, **params: Any) -> list[str]:
    """Every page by following nextCursor from the first; the ids of all pages in order."""
    walked: list[str] = []
    cursor: str | None = None
    for _ in range(100):
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        body = search(client, viewer, query)
        assert body["pagination"]["page"] == 1
        walked.extend(ids(body["labours"]))
        cursor = body["nextCursor"]
        if cursor is None:
            return walked
        assert len(body["labours"]) == limit
    raise AssertionError("the cursor walk never ended")


def shared_people() -> People:
    """People on an app of their own, built like the `app` fixture's, for a module's read-only tests to
    share: its user rate limit is raised, as one account searches hundreds of times there."""
    store = MemoryStore()
    container = build_memory_container(api_settings(rate_limit_user_max_requests=1_000_000))
    container.clock.override(providers.Object(ManualClock()))
    container.uow_factory.override(providers.Object(memory_uow_factory(store)))
    container.labour_search.override(providers.Object(MemoryLabourSearch(store)))
    app = create_app(container)
    app.config["TESTING"] = True
    return People(app.test_client(), container)
