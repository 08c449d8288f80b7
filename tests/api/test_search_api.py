"""/labours, /labours/nearby and /labours/:id through HTTP: who is listed, every filter, distances and
radius, sort orders and paging, totals, parameter errors, fresh results after writes, search history."""
from __future__ import annotations

import base64
import json
from dataclasses import replace
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from rozgar_adapters.container import Container
from rozgar_adapters.memory.store import MemoryStore
from rozgar_adapters.memory.uow import MemoryUnitOfWork
from rozgar_core.model.search import TOTAL_COUNT_CAP

from .activity_helpers import (
    ACCOUNT,
    SEARCH_TRENDS,
    People,
    contact_and_review,
    memory_people,
    report,
)
from .conftest import assert_error, bearer, field_names
from .profile_helpers import AVAILABILITY, LABOURS, PROFILE, Account
from .search_helpers import (
    ALL_TOWN,
    ANDHERI,
    BENGALURU,
    HADAPSAR,
    KOTHRUD,
    NEARBY,
    PIMPRI,
    PUBLIC_FIELDS,
    PUNE,
    SHIVAJINAGAR,
    TOWN_PLACES,
    Crowd,
    Town,
    build_crowd,
    build_town,
    exact_km,
    found,
    ids,
    labour_body,
    names,
    nearby,
    search,
    seed_labours_directly,
    shared_people,
    shown_km,
    walk_by_cursor,
    walk_by_page,
)

MISSING_ID = "6f1c2a48-3c3e-4c47-9d0e-4b1b8f8b1e11"
AT_PUNE = {"latitude": PUNE[0], "longitude": PUNE[1]}


@pytest.fixture
def people(client: FlaskClient, container: Container, store: MemoryStore) -> People:
    return memory_people(client, container, store)


@pytest.fixture
def town(client: FlaskClient, people: People) -> Town:
    """A town of its own, for a test that changes it."""
    return build_town(client, people)


TownSite = tuple[FlaskClient, Town]
CrowdSite = tuple[FlaskClient, Crowd]


@pytest.fixture(scope="module")
def town_site() -> TownSite:
    """One town on one app for every test that only reads it."""
    people = shared_people()
    return people.client, build_town(people.client, people)


@pytest.fixture(scope="module")
def crowd_site() -> CrowdSite:
    """One crowd on one app for every test that only reads it."""
    people = shared_people()
    return people.client, build_crowd(people.client, people)



def as_set(client: FlaskClient, viewer: Account, **params: Any) -> set[str]:
    return set(found(client, viewer, **params))


# --- access -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LABOURS, f"{NEARBY}?latitude=18.52&longitude=73.85", f"{LABOURS}/{MISSING_ID}"])
@pytest.mark.parametrize("headers", [{}, bearer("not.a.token")], ids=["no-token", "bad-token"])
def test_every_search_endpoint_needs_a_valid_access_token(
    town_site: TownSite, path: str, headers: dict[str, str]
) -> None:
    client, _ = town_site
    assert_error(client.get(path, headers=headers), 401)


# --- who is listed ------------------------------------------------------------------------------------


def test_only_complete_active_labour_profiles_are_listed(town_site: TownSite) -> None:
    client, town = town_site
    body = search(client, town.searcher, limit=100)
    assert set(names(body["labours"])) == ALL_TOWN
    assert len(body["labours"]) == body["pagination"]["total"] == len(ALL_TOWN)
    listed = set(ids(body["labours"]))
    for unlisted in (town.searcher, town.rater, town.admin, town.incomplete, town.suspended):
        assert unlisted.id not in listed


def test_a_labour_never_finds_themself(town_site: TownSite) -> None:
    client, town = town_site
    ramesh = town.labours["Ramesh Kumar"]
    assert as_set(client, ramesh) == ALL_TOWN - {"Ramesh Kumar"}
    assert found(client, ramesh, search="ramesh") == []
    assert "Ramesh Kumar" not in found(client, ramesh, **AT_PUNE)
    assert "Ramesh Kumar" not in names(nearby(client, ramesh, **AT_PUNE))


def test_nobody_unlisted_is_found_near_them(town_site: TownSite) -> None:
    client, town = town_site
    # The employer searching and the suspended labour both stand in Deccan, 1.5 km from the point.
    assert names(nearby(client, town.labours["Suresh Patil"], **AT_PUNE)) == ["Ramesh Kumar", "Anita Jadhav"]


# --- text ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["ramesh", "RAMESH", "Ram", "  rAmEsH  ", "kumar", "ramesh kumar"])
def test_search_matches_a_name_prefix_case_insensitively(town_site: TownSite, text: str) -> None:
    client, town = town_site
    # Not "Paramesh Rao" (no word of it starts with "ram"), nor the suspended "Ramesh Shinde".
    assert found(client, town.searcher, search=text) == ["Ramesh Kumar"]


@pytest.mark.parametrize("text", ["amesh", "umar", "rameshx"])
def test_search_does_not_match_inside_a_word(town_site: TownSite, text: str) -> None:
    client, town = town_site
    assert found(client, town.searcher, search=text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("electrician", {"Ramesh Kumar", "Suresh Patil"}),
        ("eletrician", {"Ramesh Kumar", "Suresh Patil"}),
        ("Electricians", {"Ramesh Kumar", "Suresh Patil"}),
        ("bijli mistri", {"Ramesh Kumar", "Suresh Patil"}),
        ("इलेक्ट्रीशियन", {"Ramesh Kumar", "Suresh Patil"}),
        ("plumbr", {"Ramesh Kumar"}),
        ("karpenter", {"Mohammed Shaikh"}),
        ("bawarchi", {"Lakshmi Devi"}),
        ("raj mistri", {"Paramesh Rao"}),
    ],
)
def test_search_matches_trades_in_english_and_hindi_with_a_small_typo(
    town_site: TownSite, text: str, expected: set[str]
) -> None:
    client, town = town_site
    assert as_set(client, town.searcher, search=text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pune", {"Ramesh Kumar", "Suresh Patil", "Anita Jadhav"}),
        ("Mumbai", {"Mohammed Shaikh"}),
        ("chinchwad", {"Vikas More"}),
        ("KARNATAKA", {"Lakshmi Devi"}),
        ("telangana", {"Paramesh Rao"}),
        ("maharashtra", {"Ramesh Kumar", "Suresh Patil", "Anita Jadhav", "Vikas More", "Mohammed Shaikh"}),
    ],
)
def test_search_matches_city_and_state(town_site: TownSite, text: str, expected: set[str]) -> None:
    client, town = town_site
    assert as_set(client, town.searcher, search=text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ramesh pune", {"Ramesh Kumar"}),
        ("ramesh mumbai", set()),
        ("electrician pune", {"Ramesh Kumar", "Suresh Patil"}),
        ("painter mumbai", set()),
    ],
)
def test_every_word_of_a_search_must_match(town_site: TownSite, text: str, expected: set[str]) -> None:
    client, town = town_site
    assert as_set(client, town.searcher, search=text) == expected


# --- filters ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"skills": "plumber,carpenter"}, {"Ramesh Kumar", "Mohammed Shaikh"}),
        (MultiDict([("skills", "plumber"), ("skills", "carpenter")]), {"Ramesh Kumar", "Mohammed Shaikh"}),
        ({"skills": "electrician"}, {"Ramesh Kumar", "Suresh Patil"}),
        ({"skills": " Electricians , welder "}, {"Ramesh Kumar", "Suresh Patil", "Vikas More"}),
        ({"skills": "house-help"}, {"Lakshmi Devi"}),
        ({"skills": "astronaut"}, set()),
    ],
)
def test_skills_match_any_of_them(
    town_site: TownSite, query: dict[str, str] | MultiDict[str, str], expected: set[str]
) -> None:
    client, town = town_site
    body = search(client, town.searcher, query)
    assert set(names(body["labours"])) == expected
    assert body["pagination"]["total"] == len(expected)


@pytest.mark.parametrize(
    ("city", "expected"),
    [
        ("Pune", {"Ramesh Kumar", "Suresh Patil", "Anita Jadhav"}),
        ("PUNE", {"Ramesh Kumar", "Suresh Patil", "Anita Jadhav"}),
        ("  pune ", {"Ramesh Kumar", "Suresh Patil", "Anita Jadhav"}),
        ("pimpri-chinchwad", {"Vikas More"}),
        ("Pun", set()),
        ("Pimpri", set()),
    ],
)
def test_city_is_exact_but_case_insensitive(town_site: TownSite, city: str, expected: set[str]) -> None:
    client, town = town_site
    assert as_set(client, town.searcher, city=city) == expected


@pytest.mark.parametrize(
    ("min_rating", "expected"),
    [
        (0, ALL_TOWN),
        (2.5, {"Ramesh Kumar", "Suresh Patil", "Vikas More", "Mohammed Shaikh"}),
        (4, {"Ramesh Kumar", "Suresh Patil", "Mohammed Shaikh"}),
        (4.5, {"Ramesh Kumar"}),
        (5, {"Ramesh Kumar"}),
    ],
)
def test_min_rating_keeps_labours_rated_at_least_that(
    town_site: TownSite, min_rating: float, expected: set[str]
) -> None:
    client, town = town_site
    assert as_set(client, town.searcher, minRating=min_rating) == expected


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        ({"minExperience": 7, "maxExperience": 12}, {"Ramesh Kumar", "Suresh Patil", "Vikas More"}),
        ({"minExperience": 7, "maxExperience": 7}, {"Ramesh Kumar"}),
        ({"minExperience": 15}, {"Mohammed Shaikh"}),
        ({"maxExperience": 0}, {"Paramesh Rao"}),
        ({"maxExperience": 3}, {"Paramesh Rao", "Anita Jadhav"}),
        ({"minExperience": 0, "maxExperience": 60}, ALL_TOWN),
        ({"minExperience": 16}, set()),
    ],
)
def test_experience_bounds_are_inclusive(
    town_site: TownSite, bounds: dict[str, int], expected: set[str]
) -> None:
    client, town = town_site
    assert as_set(client, town.searcher, **bounds) == expected


@pytest.mark.parametrize(
    ("labour_type", "expected"),
    [
        ("daily", {"Ramesh Kumar", "Paramesh Rao"}),
        ("contract", {"Vikas More", "Mohammed Shaikh"}),
        ("partTime", {"Anita Jadhav"}),
        ("freelance", set()),
    ],
)
def test_labour_type_filters(town_site: TownSite, labour_type: str, expected: set[str]) -> None:
    client, town = town_site
    assert as_set(client, town.searcher, labourType=labour_type) == expected


def test_available_only_leaves_out_the_unavailable(town_site: TownSite) -> None:
    client, town = town_site
    assert as_set(client, town.searcher, availableOnly="true") == ALL_TOWN - {"Anita Jadhav"}
    assert as_set(client, town.searcher, availableOnly="false") == ALL_TOWN
    assert as_set(client, town.searcher) == ALL_TOWN


@pytest.mark.parametrize("skills", ["", ",", " , "])
def test_empty_skills_do_not_filter(town_site: TownSite, skills: str) -> None:
    client, town = town_site
    assert as_set(client, town.searcher, skills=skills) == ALL_TOWN


def test_filters_combine(town_site: TownSite) -> None:
    client, town = town_site
    assert found(client, town.searcher, city="pune", skills="electrician", minExperience=10) == ["Suresh Patil"]
    assert found(client, town.searcher, search="maharashtra", labourType="contract", minRating=4) == [
        "Mohammed Shaikh"
    ]
    assert found(client, town.searcher, skills="painter", availableOnly="true") == []


# --- distance -----------------------------------------------------------------------------------------


def test_with_a_point_every_result_has_its_distance_and_the_nearest_come_first(town_site: TownSite) -> None:
    client, town = town_site
    body = search(client, town.searcher, limit=100, **AT_PUNE)
    order = ["Ramesh Kumar", "Suresh Patil", "Anita Jadhav", "Vikas More", "Mohammed Shaikh", "Lakshmi Devi"]
    assert names(body["labours"]) == order  # Paramesh Rao gave no location
    assert body["pagination"]["total"] == len(order)
    for labour in body["labours"]:
        assert labour["distance"] == shown_km(PUNE, TOWN_PLACES[labour["name"]])
    assert [labour["distance"] for labour in body["labours"]] == [1.3, 5.0, 7.2, 13.0, 123.1, 735.9]


def test_without_a_point_there_is_no_distance(town_site: TownSite) -> None:
    client, town = town_site
    assert all("distance" not in labour for labour in search(client, town.searcher, limit=100)["labours"])


@pytest.mark.parametrize(
    ("radius", "expected"),
    [
        (0.1, []),
        (1.4, ["Ramesh Kumar"]),
        (10, ["Ramesh Kumar", "Suresh Patil", "Anita Jadhav"]),
        (100, ["Ramesh Kumar", "Suresh Patil", "Anita Jadhav", "Vikas More"]),
    ],
)
def test_the_radius_keeps_only_labours_within_it(
    town_site: TownSite, radius: float, expected: list[str]
) -> None:
    client, town = town_site
    body = search(client, town.searcher, radius=radius, limit=100, **AT_PUNE)
    assert names(body["labours"]) == expected
    assert body["pagination"]["total"] == len(expected)
    assert all(labour["distance"] <= radius for labour in body["labours"])


def test_other_orders_with_a_point_still_show_the_distance(town_site: TownSite) -> None:
    client, town = town_site
    body = search(client, town.searcher, sortBy="experience", limit=100, **AT_PUNE)
    assert names(body["labours"]) == [
        "Mohammed Shaikh", "Suresh Patil", "Vikas More", "Ramesh Kumar", "Lakshmi Devi", "Anita Jadhav",
    ]
    assert all(labour["distance"] == shown_km(PUNE, TOWN_PLACES[labour["name"]]) for labour in body["labours"])


def test_an_empty_sort_means_the_default(town_site: TownSite) -> None:
    client, town = town_site
    assert found(client, town.searcher, sortBy="", **AT_PUNE) == found(client, town.searcher, **AT_PUNE)
    assert found(client, town.searcher, sortBy="") == found(client, town.searcher, sortBy="rating")


# --- orders and pages ---------------------------------------------------------------------------------


def test_without_a_point_the_best_rated_come_first_ties_by_id(town_site: TownSite) -> None:
    client, town = town_site
    labours = search(client, town.searcher, limit=100)["labours"]
    assert [labour["rating"] for labour in labours] == [5.0, 4.0, 4.0, 3.0, 2.0, 0.0, 0.0]
    assert ids(labours) == ids(sorted(labours, key=lambda labour: (labour["rating"], labour["id"]), reverse=True))


def _expected_order(crowd: Crowd, labours: list[dict[str, Any]], sort: str) -> list[str]:
    if sort == "distance":
        return sorted(ids(labours), key=lambda labour_id: (exact_km(PUNE, crowd.places[labour_id]), labour_id))
    value = "rating" if sort == "rating" else "experienceYears"
    return ids(sorted(labours, key=lambda labour: (labour[value], labour["id"]), reverse=True))


@pytest.mark.parametrize("limit", [6, 11])
@pytest.mark.parametrize("sort", ["rating", "experience", "distance"])
def test_pages_by_number_and_by_cursor_cover_the_ordered_list_exactly_once(
    crowd_site: CrowdSite, sort: str, limit: int
) -> None:
    client, crowd = crowd_site
    full = search(client, crowd.searcher, sortBy=sort, limit=100, **AT_PUNE)["labours"]
    assert len(full) == len(crowd.places) == 22
    shown = [labour[{"rating": "rating", "experience": "experienceYears", "distance": "distance"}[sort]]
             for labour in full]
    assert len(set(shown)) < len(shown), "the crowd must have ties for the id tie-break to matter"
    assert ids(full) == _expected_order(crowd, full, sort)
    assert walk_by_page(client, crowd.searcher, limit, sortBy=sort, **AT_PUNE) == ids(full)
    assert walk_by_cursor(client, crowd.searcher, limit, sortBy=sort, **AT_PUNE) == ids(full)


def test_pages_without_a_point_are_in_rating_order(crowd_site: CrowdSite) -> None:
    client, crowd = crowd_site
    full = search(client, crowd.searcher, limit=100)["labours"]
    assert ids(full) == _expected_order(crowd, full, "rating")
    assert walk_by_page(client, crowd.searcher, 5) == ids(full)
    assert walk_by_cursor(client, crowd.searcher, 5) == ids(full)


def test_the_default_limit_is_20(crowd_site: CrowdSite) -> None:
    client, crowd = crowd_site
    first = search(client, crowd.searcher)
    assert len(first["labours"]) == 20
    assert first["pagination"] == {
        "page": 1, "limit": 20, "total": 22, "totalPages": 2, "totalCapped": False,
        "nextCursor": first["nextCursor"],
    }
    assert first["nextCursor"] is not None
    assert len(search(client, crowd.searcher, page=2)["labours"]) == 2


@pytest.mark.parametrize(("limit", "pages"), [(1, 22), (5, 5), (21, 2), (22, 1), (100, 1)])
def test_total_pages_round_up(crowd_site: CrowdSite, limit: int, pages: int) -> None:
    client, crowd = crowd_site
    pagination = search(client, crowd.searcher, limit=limit)["pagination"]
    assert (pagination["total"], pagination["totalPages"], pagination["totalCapped"]) == (22, pages, False)


def test_no_match_is_an_empty_page_with_zero_totals(crowd_site: CrowdSite) -> None:
    client, crowd = crowd_site
    body = search(client, crowd.searcher, city="Nagpur")
    assert body["labours"] == [] and body["nextCursor"] is None
    assert (body["pagination"]["total"], body["pagination"]["totalPages"]) == (0, 0)


def test_totals_are_exact_up_to_the_cap_and_marked_capped_beyond(
    client: FlaskClient, people: People, store: MemoryStore
) -> None:
    assert TOTAL_COUNT_CAP == 500
    seed_labours_directly(store, TOTAL_COUNT_CAP + 501)
    searcher = people.employer()
    body = search(client, searcher, limit=100)
    assert body["pagination"] == {
        "page": 1, "limit": 100, "total": 500, "totalPages": 5, "totalCapped": True,
        "nextCursor": body["nextCursor"],
    }
    few = search(client, searcher, limit=100, search="seeded labour 100")  # 100 and 1000
    assert (few["pagination"]["total"], few["pagination"]["totalPages"], few["pagination"]["totalCapped"]) == (
        2, 1, False,
    )
    # The deepest page allowed by number (page * limit = 10000) is an empty page, not an error.
    assert search(client, searcher, limit=100, page=100)["labours"] == []
    assert len(search(client, searcher, limit=100, page=11)["labours"]) == 1


def test_a_cursor_of_another_order_is_400(crowd_site: CrowdSite) -> None:
    client, crowd = crowd_site
    cursor = search(client, crowd.searcher, limit=5)["nextCursor"]
    response = client.get(LABOURS, query_string={"limit": 5, "cursor": cursor, "sortBy": "experience"},
                          headers=crowd.searcher.headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == ["cursor"]


# --- parameter errors ---------------------------------------------------------------------------------


def _cursor(value: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


POINT = {"latitude": "18.52", "longitude": "73.85"}


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({"limit": "0"}, ["limit"]),
        ({"limit": "101"}, ["limit"]),
        ({"limit": "ten"}, ["limit"]),
        ({"page": "0"}, ["page"]),
        ({"page": "-3"}, ["page"]),
        ({"page": "abc"}, ["page"]),
        ({"page": "1.5"}, ["page"]),
        ({"page": "101", "limit": "100"}, ["page"]),
        ({"page": "10001"}, ["page"]),
        ({"page": "99999999999999999999"}, ["page"]),
        ({"sortBy": "name"}, ["sortBy"]),
        ({"sortBy": "distance"}, ["sortBy"]),
        ({"latitude": "18.52"}, ["latitude", "longitude"]),
        ({"longitude": "73.85"}, ["latitude", "longitude"]),
        ({**POINT, "radius": "0.05"}, ["radius"]),
        ({**POINT, "radius": "101"}, ["radius"]),
        ({**POINT, "radius": "NaN"}, ["radius"]),
        ({"radius": "10"}, ["radius"]),
        ({"latitude": "91", "longitude": "73.85"}, ["latitude"]),
        ({"latitude": "-90.5", "longitude": "73.85"}, ["latitude"]),
        ({"latitude": "18.52", "longitude": "181"}, ["longitude"]),
        ({"latitude": "NaN", "longitude": "73.85"}, ["latitude"]),
        ({"latitude": "18.52", "longitude": "inf"}, ["longitude"]),
        ({"latitude": "north", "longitude": "73.85"}, ["latitude"]),
        ({"minRating": "6"}, ["minRating"]),
        ({"minRating": "-1"}, ["minRating"]),
        ({"minRating": "NaN"}, ["minRating"]),
        ({"minRating": "five"}, ["minRating"]),
        ({"minExperience": "10", "maxExperience": "5"}, ["maxExperience"]),
        ({"minExperience": "-1"}, ["minExperience"]),
        ({"maxExperience": "61"}, ["maxExperience"]),
        ({"minExperience": "a lot"}, ["minExperience"]),
        ({"labourType": "weekly"}, ["labourType"]),
        ({"labourType": "Daily"}, ["labourType"]),
        ({"availableOnly": "maybe"}, ["availableOnly"]),
        ({"cursor": "not a cursor!"}, ["cursor"]),
        ({"cursor": _cursor(["rating", 4.5])}, ["cursor"]),
        ({"cursor": _cursor(["name", 4.5, MISSING_ID])}, ["cursor"]),
        ({"cursor": _cursor(["rating", True, MISSING_ID])}, ["cursor"]),
        ({"cursor": _cursor(["rating", 4.5, 7])}, ["cursor"]),
        ({"cursor": _cursor({"sort": "rating"})}, ["cursor"]),
        ({"search": "r" * 101}, ["search"]),
        ({"skills": ",".join(f"trade{n}" for n in range(21))}, ["skills"]),
    ],
    ids=lambda value: json.dumps(value)[:60] if isinstance(value, dict) else None,
)
def test_an_invalid_parameter_is_400_naming_it(
    town_site: TownSite, query: dict[str, str], fields: list[str]
) -> None:
    client, town = town_site
    response = client.get(LABOURS, query_string=query, headers=town.searcher.headers)
    assert sorted(field_names(assert_error(response, 400, "VALIDATION_ERROR"))) == sorted(fields)


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        (LABOURS, {"latitude": "91", "longitude": "73.85", "radius": "5"}, "latitude"),
        (LABOURS, {"latitude": "18.52", "longitude": "181", "sortBy": "distance"}, "longitude"),
        (NEARBY, {"latitude": "91", "longitude": "73.85"}, "latitude"),
        (NEARBY, {"latitude": "18.52", "longitude": "-181", "radius": "5"}, "longitude"),
    ],
    ids=["search-radius", "search-sort", "nearby", "nearby-radius"],
)
def test_an_invalid_coordinate_is_not_blamed_on_the_radius_or_the_sort(
    town_site: TownSite, path: str, query: dict[str, str], field: str
) -> None:
    client, town = town_site
    response = client.get(path, query_string=query, headers=town.searcher.headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == [field]


def test_every_invalid_parameter_is_reported_at_once(town_site: TownSite) -> None:
    client, town = town_site
    query = {"limit": "0", "minRating": "6", "labourType": "weekly", "radius": "5"}
    response = client.get(LABOURS, query_string=query, headers=town.searcher.headers)
    assert sorted(field_names(assert_error(response, 400))) == ["labourType", "limit", "minRating", "radius"]


def test_the_widest_valid_parameters_are_accepted(town_site: TownSite) -> None:
    client, town = town_site
    query = {
        "limit": 100, "page": 100, "radius": 100, "latitude": 90, "longitude": -180, "minRating": 5,
        "minExperience": 60, "maxExperience": 60, "search": "r" * 100,
        "skills": ",".join(f"trade{n}" for n in range(20)),
    }
    assert search(client, town.searcher, query)["labours"] == []
    assert found(client, town.searcher, radius=0.1, **AT_PUNE) == []


# --- nearby -------------------------------------------------------------------------------------------


def test_nearby_lists_labours_within_10_km_by_default_nearest_first(town_site: TownSite) -> None:
    client, town = town_site
    labours = nearby(client, town.searcher, **AT_PUNE)
    assert names(labours) == ["Ramesh Kumar", "Suresh Patil", "Anita Jadhav"]  # Vikas More is 13 km away
    assert [labour["distance"] for labour in labours] == [
        shown_km(PUNE, SHIVAJINAGAR), shown_km(PUNE, KOTHRUD), shown_km(PUNE, HADAPSAR),
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"radius": 15}, ["Ramesh Kumar", "Suresh Patil", "Anita Jadhav", "Vikas More"]),
        ({"radius": 3}, ["Ramesh Kumar"]),
        ({"radius": 0.1}, []),
        ({"limit": 2}, ["Ramesh Kumar", "Suresh Patil"]),
        ({"limit": 1, "radius": 100}, ["Ramesh Kumar"]),
        ({"availableOnly": "true"}, ["Ramesh Kumar", "Suresh Patil"]),
    ],
)
def test_nearby_radius_limit_and_availability(
    town_site: TownSite, params: dict[str, Any], expected: list[str]
) -> None:
    client, town = town_site
    assert names(nearby(client, town.searcher, **AT_PUNE, **params)) == expected


def test_nearby_from_other_cities(town_site: TownSite) -> None:
    client, town = town_site
    mumbai = nearby(client, town.searcher, latitude=ANDHERI[0], longitude=ANDHERI[1])
    assert [(labour["name"], labour["distance"]) for labour in mumbai] == [
        ("Mohammed Shaikh", shown_km(ANDHERI, ANDHERI)),
    ]
    assert names(nearby(client, town.searcher, latitude=BENGALURU[0], longitude=BENGALURU[1])) == ["Lakshmi Devi"]
    assert names(nearby(client, town.searcher, latitude=PIMPRI[0], longitude=PIMPRI[1], radius=1)) == ["Vikas More"]


def test_nearby_nearest_first_with_ties_by_id(crowd_site: CrowdSite) -> None:
    client, crowd = crowd_site
    labours = nearby(client, crowd.searcher, limit=100, **AT_PUNE)
    assert len(labours) == 22
    assert ids(labours) == _expected_order(crowd, labours, "distance")
    assert ids(nearby(client, crowd.searcher, limit=7, **AT_PUNE)) == ids(labours)[:7]


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ({}, ["latitude", "longitude"]),
        ({"latitude": "18.52"}, ["longitude"]),
        ({"longitude": "73.85"}, ["latitude"]),
        ({**POINT, "radius": "0.05"}, ["radius"]),
        ({**POINT, "radius": "101"}, ["radius"]),
        ({**POINT, "limit": "0"}, ["limit"]),
        ({**POINT, "limit": "101"}, ["limit"]),
        ({"latitude": "NaN", "longitude": "73.85"}, ["latitude"]),
        ({**POINT, "radius": "ten"}, ["radius"]),
        ({**POINT, "availableOnly": "maybe"}, ["availableOnly"]),
    ],
    ids=lambda value: json.dumps(value)[:60] if isinstance(value, dict) else None,
)
def test_nearby_invalid_parameters_are_400_naming_them(
    town_site: TownSite, query: dict[str, str], fields: list[str]
) -> None:
    client, town = town_site
    response = client.get(NEARBY, query_string=query, headers=town.searcher.headers)
    assert sorted(field_names(assert_error(response, 400, "VALIDATION_ERROR"))) == sorted(fields)


def test_nearby_is_not_taken_for_a_labour_id(town_site: TownSite) -> None:
    client, town = town_site
    response = client.get(NEARBY, headers=town.searcher.headers)
    assert field_names(assert_error(response, 400)) == ["latitude", "longitude"]
    assert set(client.get(NEARBY, query_string=AT_PUNE, headers=town.searcher.headers).get_json()) == {
        "success", "labours",
    }


# --- one labour ---------------------------------------------------------------------------------------


def test_a_listed_labour_opens_by_id_as_the_search_shows_them(town_site: TownSite) -> None:
    client, town = town_site
    [listed] = search(client, town.searcher, search="ramesh", **AT_PUNE)["labours"]
    response = client.get(f"{LABOURS}/{listed['id']}", headers=town.searcher.headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"success", "labour"} and body["success"] is True
    assert set(body["labour"]) == PUBLIC_FIELDS
    assert body["labour"] == {name: value for name, value in listed.items() if name != "distance"}
    measured = client.get(f"{LABOURS}/{listed['id']}", query_string=AT_PUNE, headers=town.searcher.headers)
    assert measured.get_json()["labour"] == listed


@pytest.mark.parametrize("who", ["unknown", "malformed", "injection", "employer", "incomplete", "suspended"])
def test_an_id_that_is_not_a_listed_labour_is_404(town_site: TownSite, who: str) -> None:
    client, town = town_site
    labour_id = {
        "unknown": MISSING_ID, "malformed": "not-a-uuid", "injection": "1%20OR%201=1",
        "employer": town.rater.id, "incomplete": town.incomplete.id, "suspended": town.suspended.id,
    }[who]
    assert_error(client.get(f"{LABOURS}/{labour_id}", headers=town.searcher.headers), 404, "LABOUR_NOT_FOUND")


# --- writes are seen by the very next search ----------------------------------------------------------


def _rename_behind_the_api(store: MemoryStore, user_id: str, name: str) -> None:
    """A database write that skips the use cases, so nothing tells the search cache about it."""
    with MemoryUnitOfWork(store) as uow:
        user = uow.users.get(user_id)
        assert user is not None
        uow.users.save_profile(replace(user, name=name))
        uow.commit()


def test_search_results_are_cached(cache_backend: str, client: FlaskClient, store: MemoryStore, town: Town) -> None:
    ramesh = town.labours["Ramesh Kumar"]
    assert found(client, town.searcher, city="pune") == ["Ramesh Kumar", "Suresh Patil", "Anita Jadhav"]
    assert names(nearby(client, town.searcher, **AT_PUNE))[0] == "Ramesh Kumar"
    _rename_behind_the_api(store, ramesh.id, "Renamed Directly")
    assert found(client, town.searcher, city="pune")[0] == "Ramesh Kumar"
    assert names(nearby(client, town.searcher, **AT_PUNE))[0] == "Ramesh Kumar"
    assert found(client, town.searcher, city="pune", limit=99)[0] == "Renamed Directly"  # another query


def test_an_availability_change_is_seen_by_the_next_search(
    cache_backend: str, client: FlaskClient, town: Town
) -> None:
    suresh = town.labours["Suresh Patil"]
    query = {"availableOnly": "true", "skills": "electrician"}
    assert as_set(client, town.searcher, **query) == {"Ramesh Kumar", "Suresh Patil"}
    assert names(nearby(client, town.searcher, availableOnly="true", **AT_PUNE)) == ["Ramesh Kumar", "Suresh Patil"]

    response = client.patch(AVAILABILITY, json={"isAvailable": False}, headers=suresh.headers)
    assert response.status_code == 200, response.get_json()
    assert as_set(client, town.searcher, **query) == {"Ramesh Kumar"}
    assert names(nearby(client, town.searcher, availableOnly="true", **AT_PUNE)) == ["Ramesh Kumar"]
    [shown] = search(client, town.searcher, search="suresh")["labours"]
    assert shown["isAvailable"] is False

    assert client.patch(AVAILABILITY, json={"isAvailable": True}, headers=suresh.headers).status_code == 200
    assert as_set(client, town.searcher, **query) == {"Ramesh Kumar", "Suresh Patil"}


def test_profile_changes_are_seen_by_the_next_search(cache_backend: str, client: FlaskClient, town: Town) -> None:
    ramesh = town.labours["Ramesh Kumar"]
    assert as_set(client, town.searcher, city="Mumbai") == {"Mohammed Shaikh"}
    assert found(client, town.searcher, skills="welder") == ["Vikas More"]
    assert found(client, town.searcher, search="ramesh") == ["Ramesh Kumar"]
    assert found(client, town.searcher, radius=5, **AT_PUNE) == ["Ramesh Kumar"]
    assert found(client, town.searcher, minExperience=20) == []

    changes = {
        "name": "Rakesh Kumar", "city": "Mumbai", "skills": ["welder"], "experienceYears": 20,
        "latitude": ANDHERI[0], "longitude": ANDHERI[1],
    }
    response = client.put(PROFILE, json=changes, headers=ramesh.headers)
    assert response.status_code == 200, response.get_json()

    assert as_set(client, town.searcher, city="Mumbai") == {"Mohammed Shaikh", "Rakesh Kumar"}
    assert as_set(client, town.searcher, skills="welder") == {"Vikas More", "Rakesh Kumar"}
    assert found(client, town.searcher, search="ramesh") == []
    assert found(client, town.searcher, search="rakesh") == ["Rakesh Kumar"]
    assert found(client, town.searcher, radius=5, **AT_PUNE) == []
    assert found(client, town.searcher, minExperience=20) == ["Rakesh Kumar"]
    [moved] = search(client, town.searcher, search="rakesh", **AT_PUNE)["labours"]
    assert moved["distance"] == shown_km(PUNE, ANDHERI)


def test_a_new_review_is_seen_by_the_next_search(cache_backend: str, client: FlaskClient, town: Town) -> None:
    assert as_set(client, town.searcher, minRating=4) == {"Ramesh Kumar", "Suresh Patil", "Mohammed Shaikh"}
    contact_and_review(client, town.searcher, town.labours["Lakshmi Devi"], 5)
    assert as_set(client, town.searcher, minRating=4) == {
        "Ramesh Kumar", "Suresh Patil", "Mohammed Shaikh", "Lakshmi Devi",
    }
    assert found(client, town.searcher, skills="cook")[0] == "Lakshmi Devi"


def test_labours_joining_and_leaving_are_seen_by_the_next_search(
    cache_backend: str, client: FlaskClient, people: People, town: Town
) -> None:
    assert search(client, town.searcher, city="pune")["pagination"]["total"] == 3
    newcomer = people.labour(**labour_body(
        "Nitin Gokhale", "Pune", "Maharashtra", "411030", ["plumber"], 4, "daily", place=SHIVAJINAGAR,
    ))
    body = search(client, town.searcher, city="pune")
    assert body["pagination"]["total"] == 4 and "Nitin Gokhale" in names(body["labours"])

    assert client.delete(ACCOUNT, headers=newcomer.headers).status_code == 200
    assert client.put(PROFILE, json={"role": "employer"}, headers=town.labours["Anita Jadhav"].headers).status_code \
        == 200
    body = search(client, town.searcher, city="pune")
    assert set(names(body["labours"])) == {"Ramesh Kumar", "Suresh Patil"}
    assert body["pagination"]["total"] == 2


def test_a_labour_hidden_by_reports_leaves_the_next_search(
    cache_backend: str, client: FlaskClient, people: People, town: Town
) -> None:
    vikas = town.labours["Vikas More"]
    assert found(client, town.searcher, skills="welder") == ["Vikas More"]
    assert names(nearby(client, town.searcher, latitude=PIMPRI[0], longitude=PIMPRI[1], radius=1)) == ["Vikas More"]
    for _ in range(5):  # the default auto-hide threshold of distinct reporters
        response = report(client, people.employer(), vikas.id)
        assert response.status_code == 201, response.get_json()
    assert found(client, town.searcher, skills="welder") == []
    assert nearby(client, town.searcher, latitude=PIMPRI[0], longitude=PIMPRI[1], radius=1) == []
    assert_error(client.get(f"{LABOURS}/{vikas.id}", headers=town.searcher.headers), 404)


# --- search history -----------------------------------------------------------------------------------


def test_searches_with_text_or_skills_are_recorded_for_the_search_trends(
    client: FlaskClient, store: MemoryStore, town: Town
) -> None:
    searcher = town.searcher
    search(client, searcher, skills="plumber")
    search(client, searcher, skills="plumber")  # the same page again, from the cache, is still a search
    search(client, searcher, search="eletrician", city="pune")
    search(client, searcher, search="ramesh")  # a name: recorded, but no trade
    search(client, searcher, city="pune", minRating=4)  # no text, no skills: not recorded
    search(client, searcher, **AT_PUNE)
    nearby(client, searcher, **AT_PUNE)

    response = client.get(SEARCH_TRENDS, headers=town.admin.headers)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["trends"] == [{"skill": "plumber", "count": 2}, {"skill": "electrician", "count": 1}]
    with store.lock:
        recorded = [
            (record.search_query, record.filters["skills"], record.filters["city"])
            for record in store.search_history.values() if record.user_id == searcher.id
        ]
    assert sorted(recorded, key=repr) == sorted(
        [("", ["plumber"], None), ("", ["plumber"], None), ("eletrician", [], "pune"), ("ramesh", [], None)], key=repr,
    )
