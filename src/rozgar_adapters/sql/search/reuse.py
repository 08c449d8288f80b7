"""Search statements built once per query form and reused.

Building a nearest-first page statement costs about 1 ms of Python, as much as PostgreSQL takes to
run it. The values that vary most between searches (the searcher and, on PostgreSQL, the origin) are
named parameters of the statements (`Conditions.parameters`), so searches that differ only in them
share one statement object, whose SQLAlchemy cache key is then computed once too."""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from rozgar_adapters.sql.search.conditions import Conditions
from rozgar_adapters.sql.search.cursor_ids import canonical_id
from rozgar_adapters.sql.search.statements import count_statement, page_statement
from rozgar_core.model import search as rules
from rozgar_core.model.location import GeoPoint
from rozgar_core.model.search import LabourQuery

FORMS_KEPT = 512
_STAND_IN_ID = "00000000-0000-0000-0000-000000000000"
_STAND_IN_POINT = GeoPoint(0.0, 0.0)


def statement_form(query: LabourQuery, dialect: str) -> LabourQuery:
    """`query` with its named-parameter values replaced by stand-ins: equal forms, equal statements."""
    searcher = _STAND_IN_ID if query.searcher_id is not None and canonical_id(query.searcher_id) else None
    # SQLite's radius box is written with the origin's values; PostgreSQL's takes them as parameters.
    origin = _STAND_IN_POINT if query.origin is not None and dialect == "postgresql" else query.origin
    return replace(query, searcher_id=searcher, origin=origin, text=None, count_total=True)


@lru_cache(maxsize=FORMS_KEPT)
def reusable_page_statement(form: LabourQuery, dialect: str, boxed: bool) -> sa.Select[Any]:
    """`page_statement` of a form (the default nearest-first scan); run it with the parameters of
    the conditions of the query itself."""
    return page_statement(form, Conditions(form, dialect), boxed=boxed)


def reusable_count_statement(form: LabourQuery, dialect: str) -> sa.Select[Any]:
    """`count_statement` of a form, counting up to the current cap."""
    return _count_statement(form, dialect, rules.TOTAL_COUNT_CAP)


@lru_cache(maxsize=FORMS_KEPT)
def _count_statement(form: LabourQuery, dialect: str, cap: int) -> sa.Select[Any]:
    return count_statement(Conditions(form, dialect))


def forget_statements() -> None:
    """Drop every kept statement (after changing a module constant that statements are built with)."""
    reusable_page_statement.cache_clear()
    _count_statement.cache_clear()
