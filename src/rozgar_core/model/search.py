"""Labour search: the query, its validation, the text-matching rules and keyset cursors.

Every adapter of the LabourSearch port must give exactly the results these rules define; the
in-memory adapter implements them by brute force and is the oracle the SQL adapters are tested
against.
"""
from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field

from rozgar_core.errors import FieldError, InvalidInput
from rozgar_core.model.location import GeoPoint, distance_km, public_point
from rozgar_core.model.public_profile import PublicProfile
from rozgar_core.model.skills import comparable_words, find_skills, skill_entry
from rozgar_core.model.user import User

SORT_RATING = "rating"
SORT_EXPERIENCE = "experience"
SORT_DISTANCE = "distance"
SORTS = (SORT_RATING, SORT_EXPERIENCE, SORT_DISTANCE)
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_WINDOW = 10_000
"""page * limit may not exceed this: deeper pages use the keyset cursor."""
TOTAL_COUNT_CAP = 500
"""Totals are exact up to this many matches; beyond it `total_capped` is set. Counting costs as many
rows as it must read to find this many matches (for a common trade word, ~7,000 at 500: about half
of a text search's time at a million labours); 25 pages of 20 are known exactly, and the cursor
scrolls past them."""
RADIUS_RANGE_KM = (0.1, 100.0)
ORIGIN_DECIMALS = 7
MAX_TEXT_WORDS = 5
MIN_PREFIX_LENGTH = 2


@dataclass(frozen=True, slots=True)
class TextTerm:
    """One query word: it matches a labour whose search document has a token starting with
    `prefix`, or who has one of `skills` (trades the word names with a small typo)."""

    prefix: str
    skills: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the previous page ended: the sort value and id of its last labour."""

    sort: str
    value: float
    id: str

    def encode(self) -> str:
        raw = json.dumps([self.sort, self.value, self.id], separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        try:
            padded = text + "=" * (-len(text) % 4)
            sort, value, last_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
            if sort not in SORTS or not isinstance(last_id, str) or isinstance(value, bool):
                raise ValueError
            return cls(sort, float(value), last_id)
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise InvalidInput.field("cursor", "Invalid cursor") from None


@dataclass(frozen=True, slots=True)
class LabourQuery:
    searcher_id: str | None = None
    terms: tuple[TextTerm, ...] = ()
    text: str | None = None
    city_key: str | None = None
    skills: tuple[str, ...] = ()
    min_experience: int | None = None
    max_experience: int | None = None
    labour_type: str | None = None
    available_only: bool = False
    min_rating: float | None = None
    origin: GeoPoint | None = None
    radius_km: float | None = None
    sort: str = SORT_RATING
    page: int = 1
    limit: int = DEFAULT_LIMIT
    cursor: Cursor | None = None
    count_total: bool = True
    """False when the caller has no use for the total (nearby lists): it is then not counted."""

    @property
    def offset(self) -> int:
        return 0 if self.cursor else (self.page - 1) * self.limit

    def filter_key(self) -> str:
        """Everything the set of matching labours depends on, and so the total: not the order, the
        page, the limit or the cursor."""
        return json.dumps(
            [self.searcher_id, [[t.prefix, list(t.skills)] for t in self.terms], self.city_key,
             list(self.skills), self.min_experience, self.max_experience, self.labour_type,
             self.available_only, self.min_rating,
             [self.origin.latitude, self.origin.longitude] if self.origin else None, self.radius_km],
            separators=(",", ":"), ensure_ascii=False,
        )

    def cache_key(self) -> str:
        cursor = self.cursor.encode() if self.cursor else None
        return json.dumps(
            [self.filter_key(), self.sort, self.page, self.limit, cursor, self.count_total],
            separators=(",", ":"), ensure_ascii=False,
        )


@dataclass(frozen=True, slots=True)
class Total:
    """How many labours match a query's filters, exact up to TOTAL_COUNT_CAP."""

    count: int
    capped: bool = False

    @classmethod
    def of(cls, matches: int) -> "Total":
        return cls(min(matches, TOTAL_COUNT_CAP), matches > TOTAL_COUNT_CAP)


@dataclass(frozen=True, slots=True)
class SearchResult:
    labours: list[PublicProfile]
    total: int | None
    """None when the query did not ask for it (`count_total`)."""
    total_capped: bool = False
    next_cursor: Cursor | None = None

    @classmethod
    def of(cls, labours: list[PublicProfile], total: Total | None, next_cursor: Cursor | None) -> "SearchResult":
        if total is None:
            return cls(labours, None, False, next_cursor)
        return cls(labours, total.count, total.capped, next_cursor)

    def counted(self) -> Total | None:
        return Total(self.total, self.total_capped) if self.total is not None else None


@dataclass(slots=True)
class RawSearch:
    """Search parameters as they arrive (already typed by the edge, not yet checked)."""

    text: str | None = None
    city: str | None = None
    skills: list[str] = field(default_factory=list)
    min_experience: int | None = None
    max_experience: int | None = None
    labour_type: str | None = None
    available_only: bool = False
    min_rating: float | None = None
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None
    sort: str | None = None
    page: int = 1
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
    count_total: bool = True


def city_key(city: str | None) -> str | None:
    """Cities compare case-insensitively and ignoring extra spaces."""
    if city is None:
        return None
    key = " ".join(city.split()).lower()
    return key or None


def search_document(user: User) -> str:
    """The words a labour can be found by: name, city, state, skills and the catalogue's names for
    them, each a token in a space-separated string that starts with a space (so " word" finds a
    token starting with "word")."""
    parts = [user.name or "", user.city or "", user.state or ""]
    for skill in user.skills:
        parts.append(skill)
        entry = skill_entry(skill)
        if entry is not None:
            parts.extend(entry.names())
    tokens = dict.fromkeys(word for part in parts for word in comparable_words(part))
    return " " + " ".join(tokens)


def text_terms(text: str | None) -> tuple[TextTerm, ...]:
    if not text:
        return ()
    words = [w for w in dict.fromkeys(comparable_words(text)) if len(w) >= MIN_PREFIX_LENGTH]
    return tuple(TextTerm(word, tuple(sorted(find_skills(word)))) for word in words[:MAX_TEXT_WORDS])


def document_matches(document: str, terms: tuple[TextTerm, ...], skills: list[str]) -> bool:
    return all(
        f" {term.prefix}" in document or any(skill in term.skills for skill in skills) for term in terms
    )


def build_query(raw: RawSearch, searcher_id: str | None) -> LabourQuery:
    """Check every parameter, reporting every problem at once."""
    errors: list[FieldError] = []
    origin = _origin(raw, errors)
    sort = raw.sort or (SORT_DISTANCE if origin else SORT_RATING)
    _check_ranges(raw, errors)
    if sort not in SORTS:
        errors.append(FieldError("sortBy", "Must be rating, experience or distance"))
    # A coordinate that was sent but is wrong has its own error: only a point not sent at all is missing.
    point_missing = raw.latitude is None and raw.longitude is None
    if sort == SORT_DISTANCE and point_missing:
        errors.append(FieldError("sortBy", "Sorting by distance needs latitude and longitude"))
    if raw.radius_km is not None and point_missing:
        errors.append(FieldError("radius", "A radius needs latitude and longitude"))
    cursor = _cursor(raw, sort, errors)
    if errors:
        raise InvalidInput(errors)
    return LabourQuery(
        searcher_id=searcher_id,
        terms=text_terms(raw.text),
        text=raw.text.strip() if raw.text and raw.text.strip() else None,
        city_key=city_key(raw.city),
        skills=tuple(dict.fromkeys(_skill_slugs(raw.skills))),
        min_experience=raw.min_experience,
        max_experience=raw.max_experience,
        labour_type=raw.labour_type,
        available_only=raw.available_only,
        min_rating=raw.min_rating,
        origin=origin,
        radius_km=raw.radius_km,
        sort=sort,
        page=raw.page,
        limit=raw.limit,
        cursor=cursor,
        count_total=raw.count_total,
    )


def _skill_slugs(raws: list[str]) -> list[str]:
    from rozgar_core.model.skills import normalise_skill

    return [normalise_skill(raw) for raw in raws if raw.strip()]


def _origin(raw: RawSearch, errors: list[FieldError]) -> GeoPoint | None:
    try:
        point = GeoPoint.from_optional(raw.latitude, raw.longitude)
    except InvalidInput as error:
        errors.extend(error.errors)
        return None
    if point is None:
        return None
    # Past 7 decimals (about a centimetre) a coordinate means nothing, and a value like 1e-200 would
    # make PostgreSQL's distance arithmetic fail with a float underflow.
    return GeoPoint(round(point.latitude, ORIGIN_DECIMALS), round(point.longitude, ORIGIN_DECIMALS))


def _check_ranges(raw: RawSearch, errors: list[FieldError]) -> None:
    if not 1 <= raw.limit <= MAX_LIMIT:
        errors.append(FieldError("limit", f"Must be between 1 and {MAX_LIMIT}"))
    if raw.page < 1:
        errors.append(FieldError("page", "Must be at least 1"))
    elif raw.page * raw.limit > MAX_WINDOW:
        errors.append(FieldError("page", f"page * limit may not exceed {MAX_WINDOW}: use the cursor"))
    if raw.min_rating is not None and not 0 <= raw.min_rating <= 5:
        errors.append(FieldError("minRating", "Must be between 0 and 5"))
    for name, value in (("minExperience", raw.min_experience), ("maxExperience", raw.max_experience)):
        if value is not None and not 0 <= value <= 60:
            errors.append(FieldError(name, "Must be between 0 and 60"))
    if raw.min_experience is not None and raw.max_experience is not None and raw.min_experience > raw.max_experience:
        errors.append(FieldError("maxExperience", "Must not be below minExperience"))
    low, high = RADIUS_RANGE_KM
    if raw.radius_km is not None and not low <= raw.radius_km <= high:
        errors.append(FieldError("radius", f"Must be between {low:g} and {high:g} km"))
    if raw.text is not None and len(raw.text) > 100:
        errors.append(FieldError("search", "Must be at most 100 characters"))
    if raw.labour_type is not None:
        from rozgar_core.model.profile import LABOUR_TYPES

        if raw.labour_type not in LABOUR_TYPES:
            errors.append(FieldError("labourType", "Must be one of " + ", ".join(LABOUR_TYPES)))
    if len(raw.skills) > 20:
        errors.append(FieldError("skills", "Give at most 20 skills"))


def _cursor(raw: RawSearch, sort: str, errors: list[FieldError]) -> Cursor | None:
    if not raw.cursor:
        return None
    try:
        cursor = Cursor.decode(raw.cursor)
    except InvalidInput as error:
        errors.extend(error.errors)
        return None
    if cursor.sort != sort:
        errors.append(FieldError("cursor", "The cursor belongs to another sort order"))
    return cursor


def is_listed(user: User) -> bool:
    """Only complete, active, visible labour profiles are ever found."""
    return user.is_active and not user.is_hidden and user.is_profile_complete and user.role == "labour"


def public_distance(query: LabourQuery, user: User) -> float | None:
    """Unrounded km from the query's origin to the labour's public point (None without either)."""
    if query.origin is None:
        return None
    point = public_point(user.latitude, user.longitude)
    return None if point is None else distance_km(query.origin, point)


def matches(query: LabourQuery, user: User, distance: float | None) -> bool:
    """The filter of every search, written out once: adapters must agree with it exactly."""
    checks = (
        is_listed(user) and user.id != query.searcher_id,
        query.city_key is None or city_key(user.city) == query.city_key,
        not query.skills or any(skill in user.skills for skill in query.skills),
        query.min_experience is None or (user.experience_years or 0) >= query.min_experience,
        query.max_experience is None or (user.experience_years or 0) <= query.max_experience,
        query.labour_type is None or user.labour_type == query.labour_type,
        not query.available_only or user.is_available,
        query.min_rating is None or user.rating >= query.min_rating,
        query.origin is None or distance is not None,
        query.radius_km is None or (distance is not None and distance <= query.radius_km),
        not query.terms or document_matches(search_document(user), query.terms, user.skills),
    )
    return all(checks)


def sort_value(query: LabourQuery, user: User, distance: float | None) -> float:
    if query.sort == SORT_DISTANCE:
        return distance if distance is not None else float("inf")
    if query.sort == SORT_EXPERIENCE:
        return float(user.experience_years or 0)
    return float(user.rating)


def comes_after(query: LabourQuery, value: float, user_id: str) -> bool:
    """Whether a labour with this sort value and id lies after the query's cursor."""
    cursor = query.cursor
    if cursor is None:
        return True
    if query.sort == SORT_DISTANCE:
        return (value, user_id) > (cursor.value, cursor.id)
    return value < cursor.value or (value == cursor.value and user_id < cursor.id)
