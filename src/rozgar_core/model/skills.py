"""Skills: the catalogue of trades, normalisation of what people type, and fuzzy lookup."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rozgar_core.errors import InvalidInput
from rozgar_core.model.skill_catalogue import CATALOGUE_ROWS

MAX_SKILLS = 20
MAX_SKILL_LENGTH = 50
MAX_SKILL_INPUTS = 100  # entries in one list, duplicates and other spellings of one skill included
_MAX_SEARCH_LENGTH = 100
_NUKTA = "\u093c"
_SEPARATORS = re.compile(r"[\s.,;:\-_/()'’+|]+")
# Words too common to identify a trade on their own ("press wala" and "safai wala" share "wala").
_STOP_WORDS = frozenset({
    "a", "an", "and", "for", "in", "of", "the", "wala", "wali", "wale",
    "और", "का", "की", "के", "वाला", "वाली",
})
_EXACT, _PREFIX, _WORD, _WORD_PREFIX, _TYPO = 5, 4, 3, 2, 1


@dataclass(frozen=True, slots=True)
class SkillEntry:
    """One trade: its canonical slug, display names in English and Hindi, and other spellings."""

    slug: str
    name_en: str
    name_hi: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        """Every way of writing this trade, the slug and each part of an "A / B" name included."""
        parts = [*self.name_en.split("/"), *self.name_hi.split("/")]
        return (self.slug, self.name_en, self.name_hi, *parts, *self.aliases)


SKILL_CATALOGUE: tuple[SkillEntry, ...] = tuple(SkillEntry(*row) for row in CATALOGUE_ROWS)
SKILLS_BY_SLUG: dict[str, SkillEntry] = {entry.slug: entry for entry in SKILL_CATALOGUE}


def comparable_words(text: str) -> list[str]:
    """Comparable words: case, nukta, punctuation and "&" vs "and" never matter."""
    return _words(text)


def _words(text: str) -> list[str]:
    """Comparable words: case, nukta, punctuation and "&" vs "and" never matter."""
    text = unicodedata.normalize("NFKC", text).casefold().replace(_NUKTA, "").replace("&", " and ")
    return [word for word in _SEPARATORS.split(text) if word]


@dataclass(frozen=True, slots=True)
class _Term:
    slug: str
    words: tuple[str, ...]
    compact: str


def _build_terms() -> tuple[_Term, ...]:
    terms: dict[tuple[str, tuple[str, ...]], _Term] = {}
    for entry in SKILL_CATALOGUE:
        for name in entry.names():
            words = tuple(_words(name))
            if words:
                terms.setdefault((entry.slug, words), _Term(entry.slug, words, "".join(words)))
    return tuple(terms.values())


def _build_lookup(terms: Iterable[_Term]) -> dict[str, str]:
    """Exact spellings (spaces ignored) to slugs; one spelling may never name two trades."""
    lookup: dict[str, str] = {}
    for term in terms:
        if lookup.setdefault(term.compact, term.slug) != term.slug:
            raise ValueError(f"{term.compact!r} names both {lookup[term.compact]} and {term.slug}")
    return lookup


_TERMS = _build_terms()
_LOOKUP = _build_lookup(_TERMS)
_CATALOGUE_ORDER = {entry.slug: index for index, entry in enumerate(SKILL_CATALOGUE)}


def skill_entry(slug: str) -> SkillEntry | None:
    return SKILLS_BY_SLUG.get(slug)


def normalise_skill(raw: object) -> str:
    """The slug of a known trade in any listed spelling, else the text trimmed and lowercased."""
    if not isinstance(raw, str):
        raise InvalidInput.field("skills", "Each skill must be text")
    display = unicodedata.normalize("NFC", " ".join(raw.split())).lower()
    if not display:
        raise InvalidInput.field("skills", "A skill cannot be empty")
    if len(display) > MAX_SKILL_LENGTH or not display.isprintable():
        raise InvalidInput.field(
            "skills", f"A skill is at most {MAX_SKILL_LENGTH} printable characters"
        )
    return _known_slug("".join(_words(display))) or display


def _known_slug(compact: str) -> str | None:
    slug = _LOOKUP.get(compact)
    if slug is None and compact.isascii() and compact.endswith("s"):
        slug = _LOOKUP.get(compact[:-1])  # "plumbers", "electricians"
    return slug


def normalise_skills(raws: object) -> list[str]:
    """1 to 20 distinct normalised skills, in the order first given."""
    if isinstance(raws, (str, bytes)) or not isinstance(raws, (list, tuple)):
        raise InvalidInput.field("skills", "Skills must be a list")
    if len(raws) > MAX_SKILL_INPUTS:
        raise InvalidInput.field("skills", f"Give at most {MAX_SKILLS} skills")
    skills = list(dict.fromkeys(normalise_skill(raw) for raw in raws))
    if not skills:
        raise InvalidInput.field("skills", "Give at least one skill")
    if len(skills) > MAX_SKILLS:
        raise InvalidInput.field("skills", f"Give at most {MAX_SKILLS} skills")
    return skills


def find_skills(text: str) -> list[str]:
    """Slugs of the trades whose English or Hindi names or aliases match `text`, best match first.

    Matches a whole name or its prefix ("elec"), any word of a name exactly or by prefix, and
    words with a small typo ("eletrician"): one edit for words of 4-7 letters, two from 8 on.
    """
    if not isinstance(text, str):
        return []
    return list(_find_skills(" ".join(_words(text[:_MAX_SEARCH_LENGTH]))))


@lru_cache(maxsize=2048)
def _find_skills(normalised: str) -> tuple[str, ...]:
    words = normalised.split()
    if not words:
        return ()
    compact = "".join(words)
    query_words = [word for word in words if word not in _STOP_WORDS]
    scores: dict[str, int] = {}
    for term in _TERMS:
        score = _term_score(term, compact, query_words)
        if score > scores.get(term.slug, 0):
            scores[term.slug] = score
    return tuple(sorted(scores, key=lambda slug: (-scores[slug], _CATALOGUE_ORDER[slug])))


def _term_score(term: _Term, compact: str, query_words: list[str]) -> int:
    if compact == term.compact:
        return _EXACT
    if len(compact) >= 2 and term.compact.startswith(compact):
        return _PREFIX
    return max((_word_score(q, t) for q in query_words for t in term.words), default=0)


def _word_score(query: str, word: str) -> int:
    if query == word:
        return _WORD
    if len(query) >= 3 and word.startswith(query):
        return _WORD_PREFIX
    limit = typo_limit(min(len(query), len(word)))
    if limit and edit_distance(query, word, limit) <= limit:
        return _TYPO
    return 0


def typo_limit(length: int) -> int:
    """How many edits a word of `length` letters may carry and still match: 0, 1 or 2."""
    if length >= 8:
        return 2
    return 1 if length >= 4 else 0


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (a swap of neighbours is one edit), capped at `limit + 1`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return min(previous[-1], limit + 1)
