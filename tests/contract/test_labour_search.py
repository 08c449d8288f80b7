"""The SQL labour search (SQLite and PostgreSQL) against the in-memory search, the oracle: random
labours, random queries, the same labours in the same order with the same distances, totals and
cursors, and every match exactly once when walking the pages by cursor or by number."""
from __future__ import annotations

import itertools
import math
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from search_support import (
    CITIES,
    LABOUR_TYPES,
    SKILLS,
    SOUTH,
    SPAN,
    WEST,
    Labour,
    fresh_backends,
    labours,
    listed_labour,
    walk_by_cursor,
    walk_by_number,
)
from sqlalchemy.engine import Engine

from rozgar_adapters.sql import engine as engine_module
from rozgar_adapters.sql.search import nearest
from rozgar_adapters.sql.search.reuse import (
    forget_statements,
    reusable_count_statement,
    reusable_page_statement,
    statement_form,
)
from rozgar_core.errors import InvalidInput
from rozgar_core.model import search as rules
from rozgar_core.model.search import (
    Cursor,
    LabourQuery,
    RawSearch,
    SearchResult,
    Total,
    build_query,
    text_terms,
)
from rozgar_core.ports.search import LabourSearch

TEXTS = [
    None, "ramesh", "RAM", "eletrician", "plumbr", "प्लंबर", "बिजली", "pune", "maha", "100%", "a_b",
    "kumar ramesh", "bijli mistri", "back\\", "zz", "x", "Suresh", "paint", "tile",
]
T = TypeVar("T")
EXAMPLE_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _origin() -> st.SearchStrategy[tuple[float, float] | None]:
    inside = st.tuples(
        st.integers(-500, 5500).map(lambda step: round(SOUTH + SPAN * step / 5000, 5)),
        st.integers(-500, 5500).map(lambda step: round(WEST + SPAN * step / 5000, 5)),
    )
    return st.one_of(st.none(), inside, st.just((18.5, 73.8)), st.just((18.52, 73.85)))


def _sometimes(strategy: st.SearchStrategy[T], empty: T | None = None) -> st.SearchStrategy[T | None]:
    """`strategy` one time in four, else `empty`: most queries keep most filters off, so they match."""
    return st.integers(0, 3).flatmap(lambda n: strategy if n == 0 else st.just(empty))


@st.composite
def raw_searches(draw: st.DrawFn) -> RawSearch:
    origin = draw(_origin())
    sort = draw(st.sampled_from([None, "rating", "experience", "distance"] if origin else [None, "rating", "experience"]))
    return RawSearch(
        text=draw(_sometimes(st.sampled_from(TEXTS))),
        city=draw(_sometimes(st.sampled_from([*CITIES, "Mumbai "]))),
        skills=draw(_sometimes(st.lists(st.sampled_from([*SKILLS, "Plumbers", "इलेक्ट्रीशियन"]), max_size=2), [])),
        min_experience=draw(_sometimes(st.integers(0, 6))),
        max_experience=draw(_sometimes(st.integers(0, 6))),
        labour_type=draw(_sometimes(st.sampled_from(LABOUR_TYPES))),
        available_only=draw(st.booleans()),
        min_rating=draw(_sometimes(st.one_of(st.sampled_from([0, 3.5, 4.1, 4.25, 5]), st.floats(0, 5)))),
        latitude=origin[0] if origin else None,
        longitude=origin[1] if origin else None,
        radius_km=draw(_sometimes(st.one_of(st.sampled_from([0.1, 0.6, 1, 2.5, 100]), st.floats(0.1, 100))))
        if origin else None,
        sort=sort,
        page=draw(st.integers(1, 3)),
        limit=draw(st.integers(1, 6)),
    )


def _query(raw: RawSearch, searcher_id: str | None) -> LabourQuery:
    try:
        return build_query(raw, searcher_id)
    except InvalidInput:
        assume(False)
        raise








def _ids(pages: list[SearchResult]) -> list[str]:
    return [labour.id for page in pages for labour in page.labours]


@EXAMPLE_SETTINGS
@given(
    population=st.lists(labours, min_size=3, max_size=28),
    searches=st.lists(raw_searches(), min_size=1, max_size=4),
    searcher=st.integers(0, 30),
    seed=st.integers(0, 2**32),
)
def test_sql_search_returns_exactly_what_the_oracle_returns(
    sql_engine: Engine, population: list[Labour], searches: list[RawSearch], searcher: int, seed: int
) -> None:
    oracle, sql, ids = fresh_backends(sql_engine, population, seed)
    searcher_id = ids[searcher] if searcher < len(ids) else None
    queries = [_query(raw, searcher_id) for raw in searches]

    for query in queries:
        expected = oracle.search.search(query)
        event(f"matches: {'none' if not expected.total else 'one page' if expected.next_cursor is None else 'more'}")
        assert sql.search.search(query) == expected

    _assert_same_walks(sql.search, oracle.search, queries[0])


def _assert_same_walks(sql: LabourSearch, oracle: LabourSearch, query: LabourQuery) -> None:
    """Page by page the same, and every match exactly once, by cursor and by page number."""
    by_cursor, by_number = walk_by_cursor(sql, query), walk_by_number(sql, query)
    assert by_cursor == walk_by_cursor(oracle, query)
    assert by_number == walk_by_number(oracle, query)
    every_match = _ids(by_cursor)
    assert _ids(by_number) == every_match
    assert len(set(every_match)) == len(every_match) == by_cursor[0].total


@EXAMPLE_SETTINGS
@given(
    population=st.lists(labours.map(lambda labour: replace(labour, is_active=True, is_hidden=False)), min_size=5,
                        max_size=30),
    origin=_origin().filter(lambda origin: origin is not None),
    radius=st.one_of(st.none(), st.floats(0.1, 8)),
    available_only=st.booleans(),
    limit=st.integers(1, 5),
    text=st.sampled_from([None, None, "ramesh", "plumber"]),
    scanned_beyond_page=st.sampled_from([0, 1, 3, 200]),
    seed=st.integers(0, 2**32),
)
def test_nearest_first_pages_match_the_oracle(
    sql_engine: Engine, population: list[Labour], origin: tuple[float, float], radius: float | None,
    available_only: bool, limit: int, text: str | None, scanned_beyond_page: int, seed: int,
) -> None:
    """Pages of the distance order. PostgreSQL reads a bounded number of labours nearest first; a
    short scan forces both of its ways on when the scan was not enough (ties, sparse matches)."""
    oracle, sql, _ = fresh_backends(sql_engine, population, seed)
    raw = RawSearch(text=text, latitude=origin[0], longitude=origin[1], radius_km=radius,
                    available_only=available_only, limit=limit)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(nearest, "SCANNED_BEYOND_PAGE", scanned_beyond_page)
        patch.setattr(nearest, "SCANNED_BEYOND_PAGE_FILTERED", scanned_beyond_page)

        _assert_same_walks(sql.search, oracle.search, build_query(raw, None))


def _forged_values() -> st.SearchStrategy[float]:
    near_real = st.sampled_from([0.0, 1.0, 2.0, 3.5, 4.0, 4.25, 4.5, 5.0, 0.7, 1.3, 2.05])
    return st.one_of(near_real, st.floats(-100, 100), st.sampled_from([math.inf, -math.inf, math.nan]))


def _forged_ids(ids: list[str]) -> st.SearchStrategy[str]:
    known = st.sampled_from(ids) if ids else st.just("00000000-0000-0000-0000-000000000000")
    prefixes = known.flatmap(lambda i: st.integers(0, 36).map(lambda n: i[:n]))
    return st.one_of(known, prefixes, known.map(str.upper), st.text(max_size=40), known.map(lambda i: i + "0"))


@EXAMPLE_SETTINGS
@given(population=st.lists(labours, max_size=15), raw=raw_searches(), seed=st.integers(0, 2**32), data=st.data())
def test_forged_cursors_select_what_the_oracle_selects(
    sql_engine: Engine, population: list[Labour], raw: RawSearch, seed: int, data: st.DataObject
) -> None:
    oracle, sql, ids = fresh_backends(sql_engine, population, seed)
    query = _query(replace(raw, page=1), None)
    cursor = Cursor(query.sort, data.draw(_forged_values()), data.draw(_forged_ids(ids)))
    forged = replace(query, cursor=Cursor.decode(cursor.encode()))

    assert sql.search.search(forged) == oracle.search.search(forged)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(population=st.lists(labours, min_size=4, max_size=14), raw=raw_searches(), seed=st.integers(0, 2**32))
def test_totals_are_capped_alike(
    sql_engine: Engine, population: list[Labour], raw: RawSearch, seed: int
) -> None:
    oracle, sql, _ = fresh_backends(sql_engine, population, seed)
    query = _query(replace(raw, text=None, skills=[], city=None, min_rating=None, page=1), None)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rules, "TOTAL_COUNT_CAP", 3)

        assert sql.search.search(query) == oracle.search.search(query)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(population=st.lists(labours, min_size=2, max_size=14), raw=raw_searches(), seed=st.integers(0, 2**32),
       known=st.sampled_from([Total(0), Total(7), Total(1000, capped=True)]))
def test_a_known_total_is_returned_as_given_and_an_unwanted_one_is_not_counted(
    sql_engine: Engine, population: list[Labour], raw: RawSearch, seed: int, known: Total
) -> None:
    oracle, sql, _ = fresh_backends(sql_engine, population, seed)
    query = _query(raw, None)
    expected = oracle.search.search(query)
    for backend in (oracle, sql):
        # A total that is not the real one shows that it is passed through, not recounted.
        assert backend.search.search(query, known) == replace(expected, total=known.count, total_capped=known.capped)
        uncounted = backend.search.search(replace(query, count_total=False))
        assert uncounted == replace(expected, total=None, total_capped=False)


def test_labours_sharing_a_point_page_by_exact_distance_then_id(sql_engine: Engine) -> None:
    """Ties across page boundaries: a dozen labours in one grid cell, a few in the cells around."""
    base = listed_labour(skills=["plumber"], experience_years=3, point=(18.52, 73.85))
    around = [(18.52 + 0.009 * dy, 73.85 + 0.0095 * dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    population = [base] * 12 + [replace(base, point=point) for point in around * 2]
    oracle, sql, _ = fresh_backends(sql_engine, population, seed=7)

    for limit, scanned_beyond_page in itertools.product((1, 4, 5, 7), (0, 2, 200)):
        query = build_query(RawSearch(latitude=18.52, longitude=73.85, radius_km=5, limit=limit), None)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(nearest, "SCANNED_BEYOND_PAGE", scanned_beyond_page)
            forget_statements()
            pages = walk_by_cursor(sql.search, query)
            assert pages == walk_by_cursor(oracle.search, query)
            assert walk_by_number(sql.search, query) == walk_by_number(oracle.search, query)
        forget_statements()
        assert len(set(_ids(pages))) == len(population)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(population=st.lists(labours, min_size=3, max_size=14), raw=raw_searches(), seed=st.integers(0, 2**32),
       searchers=st.tuples(st.integers(0, 20), st.integers(0, 20)), moved=st.floats(-0.2, 0.2))
def test_searches_differing_only_in_searcher_and_point_share_a_statement_and_match_the_oracle(
    sql_engine: Engine, population: list[Labour], raw: RawSearch, seed: int, searchers: tuple[int, int],
    moved: float,
) -> None:
    oracle, sql, ids = fresh_backends(sql_engine, population, seed)
    others = replace(raw, latitude=raw.latitude + moved, longitude=raw.longitude - moved) if raw.latitude else raw
    first, second = (
        _query(search, ids[index] if index < len(ids) else None) for search, index in zip((raw, others), searchers)
    )
    forget_statements()
    for query in (first, second):
        assert sql.search.search(query) == oracle.search.search(query)
    kept = reusable_page_statement.cache_info().currsize
    if statement_form(first, sql_engine.dialect.name) != statement_form(second, sql_engine.dialect.name):
        assert kept == 2
    elif first.radius_km is None or first.sort == "distance":  # else the two totals may pick two plans
        assert kept == 1


def _single_words(trades: bool) -> list[str]:
    """Words that are one search term each, naming trades or not."""
    candidates = [
        "ramesh", "suresh", "kumar", "pune", "anita", "sharma", "zz", "100%", "back\\", "devi", "plumbr",
        "eletrician", "paint", "tile", "बिजली", "प्लंबर", "maha", "mason", "driver", "carpenter", "painter",
    ]
    words = [w for w in candidates if [t.prefix for t in text_terms(w)] == [w]]
    return [w for w in words if bool(text_terms(w)[0].skills) == trades]


WORDS_NAMING_TRADES, WORDS_NAMING_NO_TRADE = _single_words(True), _single_words(False)


def _other_values(data: st.DataObject, raw: RawSearch, query: LabourQuery) -> RawSearch:
    """`raw` with other values for its filters, the same filters present (and zero where they are)."""
    trades = iter(data.draw(st.permutations(WORDS_NAMING_TRADES)))
    no_trade = iter(data.draw(st.permutations(WORDS_NAMING_NO_TRADE)))
    words = [next(trades) if term.skills else next(no_trade) for term in query.terms]
    min_experience = data.draw(st.integers(1, 6)) if raw.min_experience else raw.min_experience
    max_experience = raw.max_experience
    if max_experience:
        max_experience = data.draw(st.integers(max(1, min_experience or 0), 6))
    rating = raw.min_rating
    return replace(
        raw,
        text=" ".join(words) if words else raw.text,
        city=data.draw(st.sampled_from([c for c in CITIES if c])) if raw.city else raw.city,
        skills=data.draw(st.lists(st.sampled_from(SKILLS), min_size=1, max_size=3, unique=True))
        if query.skills else raw.skills,
        min_experience=min_experience,
        max_experience=max_experience,
        labour_type=data.draw(st.sampled_from(LABOUR_TYPES)) if raw.labour_type else raw.labour_type,
        min_rating=data.draw(st.one_of(st.sampled_from([3.5, 4.1, 5]), st.floats(0.01, 5))) if rating else rating,
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(population=st.lists(labours, min_size=3, max_size=14), raw=raw_searches(), seed=st.integers(0, 2**32),
       data=st.data())
def test_searches_differing_only_in_filter_values_share_statements_and_match_the_oracle(
    sql_engine: Engine, population: list[Labour], raw: RawSearch, seed: int, data: st.DataObject
) -> None:
    """City, trades, experience, labour type, rating and words are parameters of one statement."""
    oracle, sql, _ = fresh_backends(sql_engine, population, seed)
    first = _query(raw, None)
    second = _query(_other_values(data, raw, first), None)
    dialect = sql_engine.dialect.name
    form = statement_form(first, dialect)
    assert statement_form(second, dialect) == form
    forget_statements()
    for query in (first, second):
        assert sql.search.search(query) == oracle.search.search(query)
    assert reusable_count_statement(form, dialect) is reusable_count_statement(statement_form(second, dialect), dialect)
    if first.radius_km is None or first.sort == "distance":  # else the two totals may pick two plans
        assert reusable_page_statement.cache_info().currsize == 1


def test_words_and_ratings_share_one_statement(sql_engine: Engine) -> None:
    base = listed_labour(skills=["plumber"], experience_years=3, point=(18.52, 73.85))
    population = [base, replace(base, skills=["electrician"], rating=0.0), replace(base, name="Suresh", rating=4.5)]
    oracle, sql, _ = fresh_backends(sql_engine, population, seed=3)
    dialect = sql_engine.dialect.name
    electricians = build_query(RawSearch(text="electrician", min_rating=0.1, city="Pune"), None)
    plumbers = build_query(RawSearch(text="plumber", min_rating=0.3, city="Mumbai"), None)
    forms = [statement_form(query, dialect) for query in (electricians, plumbers)]

    assert reusable_page_statement(forms[0], dialect, True) is reusable_page_statement(forms[1], dialect, True)
    assert reusable_count_statement(forms[0], dialect) is reusable_count_statement(forms[1], dialect)
    for query in (electricians, plumbers, replace(plumbers, city_key="pune")):
        assert sql.search.search(query) == oracle.search.search(query)


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
@pytest.mark.parametrize(
    ("first", "second"),
    [
        (RawSearch(), RawSearch(city="Pune")),
        (RawSearch(text="ramesh"), RawSearch(text="ramesh kumar")),
        (RawSearch(text="ramesh"), RawSearch(text="plumbr")),
        (RawSearch(min_rating=0), RawSearch(min_rating=0.5)),
        (RawSearch(min_experience=0), RawSearch(min_experience=2)),
        (RawSearch(skills=["plumber"]), RawSearch()),
        (RawSearch(max_experience=3), RawSearch()),
    ],
)
def test_filters_that_shape_the_statement_keep_forms_apart(dialect: str, first: RawSearch, second: RawSearch) -> None:
    assert statement_form(build_query(first, None), dialect) != statement_form(build_query(second, None), dialect)


def test_a_word_postgresql_cannot_hold_has_a_form_of_its_own() -> None:
    nul, other_nul, plain = (build_query(RawSearch(text=text), None) for text in ("ab\x00cd", "x\x00yz", "abcd"))

    assert statement_form(nul, "postgresql") == statement_form(other_nul, "postgresql")
    assert statement_form(nul, "postgresql") != statement_form(plain, "postgresql")
    assert statement_form(nul, "sqlite") == statement_form(plain, "sqlite")


def test_words_postgresql_cannot_hold_match_nothing_as_in_the_oracle(sql_engine: Engine) -> None:
    base = listed_labour(state=None, skills=["plumber"], experience_years=3)
    oracle, sql, _ = fresh_backends(sql_engine, [base, replace(base, name="Suresh")], seed=5)
    forget_statements()

    for text in ("ramesh", "ab\x00cd", "ram\x00", "suresh", "ramesh plumbr", "x\x00y plumbr"):
        query = build_query(RawSearch(text=text), None)
        assert sql.search.search(query) == oracle.search.search(query)


def test_a_word_inside_a_token_but_not_at_its_start_does_not_match(sql_engine: Engine) -> None:
    """PostgreSQL's LIKE pattern finds the word anywhere (for the trigram index); the token start is
    what counts."""
    base = listed_labour(name="Vikram Shriram", skills=["painter"], experience_years=3)
    population = [base, replace(base, name="Ramesh Kumar"), replace(base, name="Param Ramdas")]
    oracle, sql, ids = fresh_backends(sql_engine, population, seed=11)
    forget_statements()

    for text, expected in (("ram", {ids[1], ids[2]}), ("kram", set()), ("ram kum", {ids[1]}), ("aint", set())):
        query = build_query(RawSearch(text=text), None)
        result = sql.search.search(query)
        assert result == oracle.search.search(query)
        assert {labour.id for labour in result.labours} == expected


class _SqliteWithoutMath:
    """A SQLite connection as built without the math functions: only what the engine calls."""

    def __init__(self) -> None:
        self.functions: dict[str, Callable[..., float | None]] = {}

    def execute(self, sql: str) -> None:
        raise sqlite3.OperationalError("no such function: sin")

    def create_function(self, name: str, arguments: int, function: Callable[..., float | None], *,
                        deterministic: bool) -> None:
        assert deterministic
        self.functions[name] = function


def test_a_sqlite_built_without_math_functions_gets_them_from_python() -> None:
    connection = _SqliteWithoutMath()

    engine_module._ensure_math_functions(connection)

    functions = connection.functions
    assert sorted(functions) == ["asin", "cos", "power", "sin", "sqrt"]
    assert functions["sin"](0.3) == math.sin(0.3) and functions["power"](0.7, 2) == 0.7**2
    assert functions["asin"](None) is None and functions["sqrt"](-1.0) is None
