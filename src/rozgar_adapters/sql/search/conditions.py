"""The WHERE clause of a search: the core's `matches` and `comes_after`, term by term, in SQL."""
from __future__ import annotations

import math
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from rozgar_adapters.sql.search.cursor_ids import (
    IdBound,
    canonical_id,
    ids_above,
    ids_below,
)
from rozgar_adapters.sql.search.geo import Origin, haversine_km, radius_prefilter
from rozgar_adapters.sql.tables import LISTED, user_skills, users
from rozgar_core.model.search import (
    SORT_DISTANCE,
    SORT_EXPERIENCE,
    Cursor,
    LabourQuery,
    TextTerm,
)

_SKILLS = postgresql.ARRAY(sa.Text())
SEARCHER_PARAMETER = "searcher_id"
CITY_PARAMETER = "filter_city_key"
SKILLS_PARAMETER = "filter_skills"
MIN_EXPERIENCE_PARAMETER = "filter_min_experience"
MAX_EXPERIENCE_PARAMETER = "filter_max_experience"
LABOUR_TYPE_PARAMETER = "filter_labour_type"
MIN_RATING_PARAMETER = "filter_min_rating"
_LIKE_ESCAPE = "\\"


def experience() -> sa.ColumnElement[int]:
    """Experience as the core sorts and filters it (none counts as 0), spelt as its index is."""
    return sa.func.coalesce(users.c.experience_years, sa.literal_column("0"))


def listed() -> sa.ColumnElement[bool]:
    # The very text of the partial indexes' predicate, so that the planners can match it.
    return sa.literal_column(LISTED, sa.Boolean())


def available() -> sa.ColumnElement[bool]:
    return sa.literal_column("is_available", sa.Boolean())


def rating_value(value: float, dialect: str) -> float | Decimal:
    """A float to compare ratings with, exactly as the core compares floats.

    PostgreSQL stores ratings as numeric(3, 2): the shortest decimal of the float compares with them
    as the float compares with their nearest floats, and keeps the comparison indexable."""
    return Decimal(repr(value)) if dialect == "postgresql" else value


class Conditions:
    """Builds the conditions of one query for one database."""

    def __init__(self, query: LabourQuery, dialect: str) -> None:
        self._query = query
        self._dialect = dialect
        self.dialect = dialect
        self.origin = Origin(query.origin) if query.origin is not None else None
        self.distance = haversine_km(dialect) if self.origin is not None else None
        self.searcher = canonical_id(query.searcher_id) if query.searcher_id is not None else None
        self.parameters: dict[str, object] = {**(self.origin.parameters() if self.origin else {})}
        """Values of the named parameters of the statements built from these conditions: the origin's
        terms, the searcher and the filters' values, so that statements differing only in those can be
        reused (`reuse.statement_form`)."""
        if self.searcher is not None:
            self.parameters[SEARCHER_PARAMETER] = self.searcher
        self.parameters.update(self._filter_values())
        for index, term in enumerate(query.terms):
            self.parameters.update(self._term_values(index, term))

    def _filter_values(self) -> dict[str, object]:
        q = self._query
        values: dict[str, object] = {
            CITY_PARAMETER: q.city_key,
            SKILLS_PARAMETER: list(q.skills) if q.skills else None,
            MIN_EXPERIENCE_PARAMETER: q.min_experience,
            MAX_EXPERIENCE_PARAMETER: q.max_experience,
            LABOUR_TYPE_PARAMETER: q.labour_type,
            MIN_RATING_PARAMETER: rating_value(q.min_rating, self._dialect) if q.min_rating is not None else None,
        }
        return {name: value for name, value in values.items() if value is not None}

    def _term_values(self, index: int, term: TextTerm) -> dict[str, object]:
        text = " " + term.prefix
        values: dict[str, object] = {}
        if self._dialect != "postgresql":
            values[_term_parameter(index, "text")] = text
        elif "\x00" not in text:
            values[_term_parameter(index, "text")] = text
            values[_term_parameter(index, "pattern")] = f"%{_like_escaped(term.prefix)}%"
        if term.skills:
            values[_term_parameter(index, "skills")] = list(term.skills)
        return values

    def filters(self, *, boxed: bool = True) -> list[sa.ColumnElement[bool]]:
        """Everything but the cursor: the rows the total counts. `boxed` adds an index-backed box
        around the radius, before its exact check."""
        return [*self.visibility(), *self.refinements(boxed=boxed)]

    def visibility(self) -> list[sa.ColumnElement[bool]]:
        """Who may be found at all: the terms the partial indexes are restricted by."""
        return [listed(), available()] if self._query.available_only else [listed()]

    def refinements(self, *, boxed: bool = True) -> list[sa.ColumnElement[bool]]:
        """The query's other filters."""
        q = self._query
        conditions: list[sa.ColumnElement[bool]] = []
        if self.searcher is not None:
            conditions.append(users.c.id != sa.bindparam(SEARCHER_PARAMETER, type_=users.c.id.type))
        if q.city_key is not None:
            conditions.append(users.c.city_key == sa.bindparam(CITY_PARAMETER, type_=users.c.city_key.type))
        if q.skills:
            conditions.append(self._has_any_skill(SKILLS_PARAMETER))
        if q.min_experience is not None:
            conditions.append(experience() >= sa.bindparam(MIN_EXPERIENCE_PARAMETER, type_=sa.Integer()))
        if q.max_experience is not None:
            conditions.append(experience() <= sa.bindparam(MAX_EXPERIENCE_PARAMETER, type_=sa.Integer()))
        if q.labour_type is not None:
            conditions.append(users.c.labour_type == sa.bindparam(LABOUR_TYPE_PARAMETER, type_=users.c.labour_type.type))
        if q.min_rating is not None:
            conditions.append(users.c.rating >= self._rating_parameter())
        conditions.extend(self._location(boxed=boxed))
        conditions.extend(self._term(index, term) for index, term in enumerate(q.terms))
        return conditions

    def _rating_parameter(self) -> sa.BindParameter[Any]:
        # A Decimal (PostgreSQL, see rating_value) is compared as numeric without a scale, as is.
        rating_type = sa.Numeric() if self._dialect == "postgresql" else users.c.rating.type
        return sa.bindparam(MIN_RATING_PARAMETER, type_=rating_type)

    def after_cursor(self) -> list[sa.ColumnElement[bool]]:
        cursor = self._query.cursor
        if cursor is None:
            return []
        if cursor.sort == SORT_DISTANCE:
            return [self._after_distance(cursor)]
        if cursor.sort == SORT_EXPERIENCE:
            return [self._after_experience(cursor)]
        return [self._after_rating(cursor)]

    def _location(self, *, boxed: bool) -> list[sa.ColumnElement[bool]]:
        if self.origin is None or self.distance is None:
            return []
        radius = self._query.radius_km
        if radius is None:
            return [users.c.public_latitude.is_not(None)]
        within = self.distance <= sa.bindparam(None, float(radius), type_=sa.Double())
        if boxed:
            return [radius_prefilter(self.origin, radius, self._dialect), within]
        # Without the box, a labour with no point must be left out explicitly: PostgreSQL's GREATEST
        # skips NULLs, so the haversine of a missing point comes out as 0 km.
        return [users.c.public_latitude.is_not(None), within]

    def _has_any_skill(self, parameter: str) -> sa.ColumnElement[bool]:
        """The labour has one of the trades listed in the named parameter."""
        if self._dialect == "postgresql":
            overlap = sa.type_coerce(users.c.skills, _SKILLS).overlap(sa.bindparam(parameter, type_=_SKILLS))
            return cast(sa.ColumnElement[bool], overlap)
        listed_skills = sa.bindparam(parameter, expanding=True, type_=user_skills.c.skill.type)
        having = sa.select(user_skills.c.user_id).where(user_skills.c.skill.in_(listed_skills))
        return users.c.id.in_(having)

    def _term(self, index: int, term: TextTerm) -> sa.ColumnElement[bool]:
        """A word: a token of the search document starts with it, or the labour has a trade it names."""
        either = [self._document_has(index, " " + term.prefix)]
        if term.skills:
            either.append(self._has_any_skill(_term_parameter(index, "skills")))
        return sa.or_(*either)

    def _document_has(self, index: int, text: str) -> sa.ColumnElement[bool]:
        """The search document holds `text`, the value of the term's named parameters (`_term_values`)."""
        searched = sa.bindparam(_term_parameter(index, "text"), type_=sa.Text())
        if self._dialect != "postgresql":
            return sa.func.instr(users.c.search_document, searched) > 0
        if "\x00" in text:
            return sa.false()  # PostgreSQL text cannot hold it, so no document does
        pattern = sa.bindparam(_term_parameter(index, "pattern"), type_=users.c.search_document.type)
        like = users.c.search_document.like(pattern, escape=_LIKE_ESCAPE)
        # The same rows: strpos (a fast substring search) finds the token start exactly and rejects most
        # rows before LIKE's slower matcher runs, while LIKE (the word anywhere: a superset) keeps the
        # trigram index usable. Without the leading space the pattern has no word-start trigrams ("  s",
        # " su"), which nearly every row has: reading the index for a name took 30 % less. PostgreSQL
        # estimates `<> 0` as almost always true, so plans do not change.
        return sa.and_(sa.func.strpos(users.c.search_document, searched) != 0, like)

    def _after_rating(self, cursor: Cursor) -> sa.ColumnElement[bool]:
        value = cursor.value
        if math.isnan(value) or value < -10:
            return sa.false()
        if value > 10:  # every rating is at most 5
            return sa.true()
        return _before(users.c.rating, rating_value(value, self._dialect), ids_below(cursor.id))

    def _after_experience(self, cursor: Cursor) -> sa.ColumnElement[bool]:
        value = cursor.value
        if math.isnan(value) or value < -1000:
            return sa.false()
        if value > 1000:  # experience is at most 60 years
            return sa.true()
        if value != math.floor(value):
            return experience() < math.ceil(value)  # no whole number equals it
        return _before(experience(), int(value), ids_below(cursor.id))

    def _after_distance(self, cursor: Cursor) -> sa.ColumnElement[bool]:
        value, distance = cursor.value, self.distance
        if distance is None or math.isnan(value) or value == math.inf:
            return sa.false()
        if value == -math.inf:
            return sa.true()
        bound = ids_above(cursor.id)
        if isinstance(bound, bool):
            return distance >= value if bound else distance > value
        return sa.tuple_(distance, users.c.id) >= sa.tuple_(_bind(value, column=distance), _id(bound))


def _before(column: sa.ColumnElement[Any], value: object, id_bound: IdBound) -> sa.ColumnElement[bool]:
    """(column, id) < (value, cursor id) in a descending order, as one row comparison when possible."""
    if isinstance(id_bound, bool):
        return column <= value if id_bound else column < value
    return sa.tuple_(column, users.c.id) < sa.tuple_(_bind(value, column=column), _id(id_bound))


def _term_parameter(index: int, part: str) -> str:
    """The name of a parameter of the query's `index`-th text term."""
    return f"word{index}_{part}"


def _like_escaped(text: str) -> str:
    """`text` with LIKE's wildcards and escape character escaped (by `_LIKE_ESCAPE`)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _bind(value: object, *, column: sa.ColumnElement[Any]) -> sa.BindParameter[Any]:
    if isinstance(value, Decimal):
        return sa.bindparam(None, value, type_=sa.Numeric())  # no scale: the value is compared as is
    return sa.bindparam(None, value, type_=column.type)


def _id(value: str) -> sa.BindParameter[str]:
    return sa.bindparam(None, value, type_=users.c.id.type)
