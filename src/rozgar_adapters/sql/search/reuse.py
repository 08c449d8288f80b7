"""Search statements built once per query form and reused.

Building a nearest-first page statement costs about 1 ms of Python, as much as PostgreSQL takes to
run it. The values that vary between searches are named parameters of the statements
(`Conditions.parameters`): the searcher, the origin on PostgreSQL, the city, trades, experience
bounds, labour type, minimum rating and each word of the text (and the trades it names). Searches
that differ only in those share one statement object, whose SQLAlchemy cache key is then computed
once too. What shapes the SQL stays in the form: which filters are present, the number of words and
whether each names trades, a word PostgreSQL cannot hold (NUL), the radius, the sort, the page and
limit, the cursor (its values included) and, for the nearest-first scan's budget, whether a filter's
value is empty or zero."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any, TypeVar

import sqlalchemy as sa

from rozgar_adapters.sql.search.conditions import Conditions
from rozgar_adapters.sql.search.cursor_ids import canonical_id
from rozgar_adapters.sql.search.statements import count_statement, page_statement
from rozgar_core.model import search as rules
from rozgar_core.model.location import GeoPoint
from rozgar_core.model.search import LabourQuery, TextTerm

FORMS_KEPT = 512
_STAND_IN_ID = "00000000-0000-0000-0000-000000000000"
_STAND_IN_POINT = GeoPoint(0.0, 0.0)
_STAND_IN_SKILLS = ("skill",)
T = TypeVar("T")


def statement_form(query: LabourQuery, dialect: str) -> LabourQuery:
    """`query` with its named-parameter values replaced by stand-ins: equal forms, equal statements."""
    searcher = _STAND_IN_ID if query.searcher_id is not None and canonical_id(query.searcher_id) else None
    # SQLite's radius box is written with the origin's values; PostgreSQL's takes them as parameters.
    origin = _STAND_IN_POINT if query.origin is not None and dialect == "postgresql" else query.origin
    return replace(
        query, searcher_id=searcher, origin=origin, text=None, count_total=True,
        terms=tuple(_term_form(term, dialect) for term in query.terms),
        city_key=_stand_in(query.city_key, "city", ""),
        skills=_STAND_IN_SKILLS if query.skills else (),
        min_experience=_stand_in(query.min_experience, 1, 0),
        max_experience=_stand_in(query.max_experience, 1, 0),
        labour_type=_stand_in(query.labour_type, "type", ""),
        min_rating=_stand_in(query.min_rating, 1.0, 0.0),
    )


def _stand_in(value: T | None, truthy: T, falsy: T) -> T | None:
    """A stand-in as present and as truthy as `value`: the scan budget of `nearest` counts a filter
    of 0 or "" as no filter."""
    if value is None:
        return None
    return truthy if value else falsy


def _term_form(term: TextTerm, dialect: str) -> TextTerm:
    # PostgreSQL text cannot hold NUL: such a word matches no document, a condition without parameter.
    impossible = dialect == "postgresql" and "\x00" in term.prefix
    return TextTerm("\x00" if impossible else "word", _STAND_IN_SKILLS if term.skills else ())


@lru_cache(maxsize=FORMS_KEPT)
def reusable_page_statement(form: LabourQuery, dialect: str, boxed: bool) -> sa.Select[Any]:
    """`page_statement` of a form (the default nearest-first scan); run it with the parameters of
    the conditions of the query itself."""
    return page_statement(form, Conditions(form, dialect), boxed=boxed)


def reusable_count_statement(form: LabourQuery, dialect: str, cap: int | None = None) -> sa.Select[Any]:
    """`count_statement` of a form, counting up to `cap` (by default the current cap of totals)."""
    return _count_statement(form, dialect, rules.TOTAL_COUNT_CAP if cap is None else cap)


@lru_cache(maxsize=FORMS_KEPT)
def _count_statement(form: LabourQuery, dialect: str, cap: int) -> sa.Select[Any]:
    return count_statement(Conditions(form, dialect), cap)


def forget_statements() -> None:
    """Drop every kept statement (after changing a module constant that statements are built with)."""
    reusable_page_statement.cache_clear()
    _count_statement.cache_clear()
