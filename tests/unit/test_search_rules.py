"""The search rules of the core: every rejected query, and what text, city and skill filters find
(through the in-memory search, the oracle of the SQL adapters)."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from rozgar_adapters.memory import MemoryStore, memory_uow_factory
from rozgar_adapters.memory.search import MemoryLabourSearch
from rozgar_core.errors import InvalidInput
from rozgar_core.model import Phone
from rozgar_core.model.search import (
    Cursor,
    RawSearch,
    build_query,
    comes_after,
    text_terms,
)

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
PUNE = (18.52, 73.85)


def _fields(raw: RawSearch) -> list[str]:
    with pytest.raises(InvalidInput) as caught:
        build_query(raw, None)
    return sorted({error.field for error in caught.value.errors})


@pytest.mark.parametrize(
    ("raw", "fields"),
    [
        (RawSearch(limit=0), ["limit"]),
        (RawSearch(limit=101), ["limit"]),
        (RawSearch(page=0), ["page"]),
        (RawSearch(page=501, limit=20), ["page"]),
        (RawSearch(page=101, limit=100), ["page"]),
        (RawSearch(sort="name"), ["sortBy"]),
        (RawSearch(sort="distance"), ["sortBy"]),
        (RawSearch(latitude=18.5), ["latitude", "longitude"]),
        (RawSearch(longitude=73.8), ["latitude", "longitude"]),
        (RawSearch(latitude=91, longitude=73.8), ["latitude"]),
        (RawSearch(latitude=91, longitude=73.8, radius_km=5, sort="distance"), ["latitude"]),
        (RawSearch(latitude=18.5, longitude=-181, radius_km=5), ["longitude"]),
        (RawSearch(latitude=18.5, radius_km=5, sort="distance"), ["latitude", "longitude"]),
        (RawSearch(latitude=18.5, longitude=73.8, radius_km=0.05), ["radius"]),
        (RawSearch(latitude=18.5, longitude=73.8, radius_km=100.5), ["radius"]),
        (RawSearch(radius_km=5), ["radius"]),
        (RawSearch(min_rating=-0.1), ["minRating"]),
        (RawSearch(min_rating=5.01), ["minRating"]),
        (RawSearch(min_experience=-1), ["minExperience"]),
        (RawSearch(max_experience=61), ["maxExperience"]),
        (RawSearch(min_experience=5, max_experience=4), ["maxExperience"]),
        (RawSearch(labour_type="hourly"), ["labourType"]),
        (RawSearch(text="x" * 101), ["search"]),
        (RawSearch(skills=[f"skill {n}" for n in range(21)]), ["skills"]),
        (RawSearch(cursor="not a cursor"), ["cursor"]),
        (RawSearch(cursor=Cursor("rating", 4.5, "id").encode()[:-3]), ["cursor"]),
        (RawSearch(cursor=Cursor("distance", 1.5, "id").encode()), ["cursor"]),
        (RawSearch(latitude=18.5, longitude=73.8, cursor=Cursor("rating", 4.5, "id").encode()), ["cursor"]),
    ],
)
def test_invalid_queries_name_every_bad_parameter(raw: RawSearch, fields: list[str]) -> None:
    assert _fields(raw) == fields


def test_every_problem_is_reported_at_once() -> None:
    raw = RawSearch(limit=0, min_rating=9, sort="name", radius_km=500)
    assert _fields(raw) == ["limit", "minRating", "radius", "sortBy"]


def test_the_largest_allowed_window_is_accepted() -> None:
    assert build_query(RawSearch(page=100, limit=100), None).offset == 9_900
    assert build_query(RawSearch(page=10_000, limit=1), None).offset == 9_999


def test_the_default_order_is_by_distance_with_a_point_and_by_rating_without() -> None:
    assert build_query(RawSearch(latitude=18.5, longitude=73.8), None).sort == "distance"
    assert build_query(RawSearch(), None).sort == "rating"


def test_a_cursor_survives_its_encoding_and_orders_after_its_labour() -> None:
    cursor = Cursor("rating", 4.25, "b")
    query = build_query(RawSearch(cursor=cursor.encode()), None)

    assert query.cursor == cursor and query.offset == 0
    assert comes_after(query, 4.25, "a") and comes_after(query, 4.0, "z")
    assert not comes_after(query, 4.25, "b") and not comes_after(query, 4.5, "a")


def test_words_shorter_than_two_letters_and_repeats_are_ignored() -> None:
    assert [term.prefix for term in text_terms("a Ramesh ramesh  k kumar")] == ["ramesh", "kumar"]


class Labours:
    """Labours saved through the in-memory repositories, searched with the in-memory search."""

    def __init__(self) -> None:
        self.store = MemoryStore()
        self.ids: dict[str, str] = {}

    def add(self, name: str, skills: list[str], city: str = "Pune", **changes: object) -> None:
        with memory_uow_factory(self.store)() as uow:
            phone = Phone(f"+9198765{len(self.ids):05d}")
            user, _ = uow.users.get_or_create_by_phone(phone, str(uuid.uuid4()), NOW)
            profile = replace(
                user, name=name, skills=skills, city=city, state="Maharashtra", role="labour",
                is_available=True, experience_years=3, labour_type="daily", latitude=PUNE[0], longitude=PUNE[1],
                updated_at=NOW, profile_completed_at=NOW,
            )
            uow.users.save_profile(replace(profile, **changes))
            uow.commit()
        self.ids[name] = user.id

    def find(self, searcher: str | None = None, **raw: object) -> list[str]:
        query = build_query(RawSearch(**raw), self.ids.get(searcher) if searcher else None)  # type: ignore[arg-type]
        names = {user_id: name for name, user_id in self.ids.items()}
        return sorted(names[labour.id] for labour in MemoryLabourSearch(self.store).search(query).labours)


@pytest.fixture
def labours() -> Labours:
    found = Labours()
    found.add("Ramesh Kumar", ["electrician"])
    found.add("Suresh Patel", ["plumber"], city="PUNE ")
    found.add("Anita Devi", ["carpenter", "painter"], city="Mumbai")
    found.add("Ram Lal", ["mason"], city="Pune Cantonment")
    return found


def test_a_misspelt_trade_finds_its_labours(labours: Labours) -> None:
    assert labours.find(text="eletrician") == ["Ramesh Kumar"]
    assert labours.find(text="plumbr") == ["Suresh Patel"]


def test_a_name_is_found_by_its_words_and_their_beginnings(labours: Labours) -> None:
    assert labours.find(text="ramesh") == ["Ramesh Kumar"]
    assert labours.find(text="RAMESH kum") == ["Ramesh Kumar"]
    assert labours.find(text="ram") == ["Ram Lal", "Ramesh Kumar"]
    assert labours.find(text="amesh") == []


def test_hindi_and_other_names_of_a_trade_find_it(labours: Labours) -> None:
    assert labours.find(text="प्लंबर") == ["Suresh Patel"]
    assert labours.find(text="बिजली मिस्त्री") == ["Ramesh Kumar"]
    assert labours.find(text="बढ़ई") == ["Anita Devi"]
    assert labours.find(text="raj mistri") == ["Ram Lal"]


def test_city_matches_whole_ignoring_case_and_spaces(labours: Labours) -> None:
    assert labours.find(city=" pune") == ["Ramesh Kumar", "Suresh Patel"]
    assert labours.find(text="mumbai") == ["Anita Devi"]


def test_skills_are_any_of_and_accept_any_spelling(labours: Labours) -> None:
    assert labours.find(skills=["Plumbers", "बढ़ई"]) == ["Anita Devi", "Suresh Patel"]


def test_only_complete_active_visible_labours_other_than_the_searcher_are_found(labours: Labours) -> None:
    labours.add("Employer Ramesh", ["electrician"], role="employer")
    labours.add("Unfinished Ramesh", ["electrician"], profile_completed_at=None)
    assert labours.find(text="ramesh") == ["Ramesh Kumar"]
    assert labours.find(searcher="Ramesh Kumar", text="ramesh") == []


def test_distances_are_to_the_snapped_point_rounded_to_a_tenth(labours: Labours) -> None:
    query = build_query(RawSearch(latitude=18.53, longitude=73.86, radius_km=5), None)
    found = MemoryLabourSearch(labours.store).search(query).labours

    assert {labour.distance for labour in found} == {1.5}
    assert all((labour.latitude, labour.longitude) != PUNE for labour in found)
