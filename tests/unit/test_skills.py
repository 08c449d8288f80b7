from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rozgar_core.errors import InvalidInput
from rozgar_core.model.skills import (
    MAX_SKILLS,
    SKILL_CATALOGUE,
    SKILLS_BY_SLUG,
    SkillEntry,
    edit_distance,
    find_skills,
    normalise_skill,
    normalise_skills,
    skill_entry,
    typo_limit,
)

DEVANAGARI_TEXT = re.compile(r"[\u0900-\u097f ]+( / [\u0900-\u097f ]+)?")
REQUIRED_TRADES = [
    "plumber", "electrician", "carpenter", "mason", "painter", "welder", "driver", "cook",
    "house-help", "cleaner", "security-guard", "gardener", "labourer", "tile-fitter",
    "ac-technician", "mechanic", "tailor", "beautician", "babysitter", "elder-care", "delivery",
    "loader", "construction-worker", "bar-bender", "shuttering-carpenter", "fabricator",
    "false-ceiling", "waterproofing", "pest-control", "cctv-technician", "computer-repair",
    "mobile-repair", "ro-technician", "washing-machine-repair", "furniture-assembly",
    "packers-movers", "event-helper", "dishwasher", "waiter", "watchman",
]


def error_fields(error: InvalidInput) -> list[str]:
    return [e.field for e in error.errors]


class TestCatalogue:
    def test_covers_the_common_trades(self) -> None:
        assert len(SKILL_CATALOGUE) >= 40
        assert set(REQUIRED_TRADES) <= set(SKILLS_BY_SLUG)

    def test_slugs_are_unique_lowercase_identifiers(self) -> None:
        slugs = [entry.slug for entry in SKILL_CATALOGUE]
        assert len(slugs) == len(set(slugs))
        assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", slug) for slug in slugs)

    @pytest.mark.parametrize("entry", SKILL_CATALOGUE, ids=lambda entry: entry.slug)
    def test_every_entry_has_english_and_devanagari_names(self, entry: SkillEntry) -> None:
        assert SKILLS_BY_SLUG[entry.slug] is entry
        assert entry.name_en.isascii() and entry.name_en.strip()
        assert DEVANAGARI_TEXT.fullmatch(entry.name_hi)
        assert entry.aliases

    def test_electrician_entry(self) -> None:
        entry = skill_entry("electrician")
        assert entry is not None
        assert (entry.name_en, entry.name_hi) == ("Electrician", "इलेक्ट्रीशियन")
        assert {"bijli mistri", "wireman", "electric"} <= set(entry.aliases)
        assert skill_entry("astronaut") is None


class TestNormaliseSkill:
    @pytest.mark.parametrize("entry", SKILL_CATALOGUE, ids=lambda entry: entry.slug)
    def test_every_listed_spelling_gives_the_slug(self, entry: SkillEntry) -> None:
        for name in entry.names():
            assert normalise_skill(name) == entry.slug
            assert normalise_skill(f"  {name.upper()} ") == entry.slug

    @pytest.mark.parametrize(
        ("raw", "slug"),
        [
            ("इलेक्ट्रीशियन", "electrician"),
            ("बिजली  मिस्त्री", "electrician"),
            ("बढ़ई", "carpenter"),
            ("बढई", "carpenter"),
            ("प्लंबर", "plumber"),
            ("Bijli Mistri", "electrician"),
            ("BIJLI-MISTRI", "electrician"),
            ("bijlimistri", "electrician"),
            ("Plumbers", "plumber"),
            ("AC Technician", "ac-technician"),
            ("a.c. technician", "ac-technician"),
            ("Maid", "house-help"),
            ("Packers & Movers", "packers-movers"),
            ("POP", "false-ceiling"),
            ("Dhobi", "laundry"),
        ],
    )
    def test_known_spellings(self, raw: str, slug: str) -> None:
        assert normalise_skill(raw) == slug

    @pytest.mark.parametrize(
        ("raw", "normalised"),
        [
            ("  Drone   Pilot ", "drone pilot"),
            ("Yoga Teacher\n", "yoga teacher"),
            ("कुम्हार", "कुम्हार"),
            ("C++ Developer", "c++ developer"),
        ],
    )
    def test_unknown_skills_are_kept_trimmed_and_lowercased(self, raw: str, normalised: str) -> None:
        assert normalise_skill(raw) == normalised

    @pytest.mark.parametrize("raw", ["", "   ", "x" * 51, "tab\x00null", None, 5, ["plumber"]])
    def test_bad_skills_are_refused_on_the_skills_field(self, raw: object) -> None:
        with pytest.raises(InvalidInput) as caught:
            normalise_skill(raw)
        assert error_fields(caught.value) == ["skills"]

    def test_fifty_characters_is_the_limit(self) -> None:
        assert normalise_skill("y" * 50) == "y" * 50


class TestNormaliseSkills:
    def test_duplicates_after_normalisation_collapse_in_first_seen_order(self) -> None:
        raws = ["Plumber", "bijli mistri", " plumber ", "नल मिस्त्री", "Electrician", "Drone Pilot"]
        assert normalise_skills(raws) == ["plumber", "electrician", "drone pilot"]

    def test_twenty_distinct_skills_are_allowed(self) -> None:
        raws = [entry.name_en for entry in SKILL_CATALOGUE[:MAX_SKILLS]]
        assert len(normalise_skills(raws)) == MAX_SKILLS

    def test_twenty_one_distinct_skills_are_too_many(self) -> None:
        raws = [entry.name_en for entry in SKILL_CATALOGUE[: MAX_SKILLS + 1]]
        with pytest.raises(InvalidInput) as caught:
            normalise_skills(raws)
        assert error_fields(caught.value) == ["skills"]

    def test_repeats_do_not_count_towards_the_limit(self) -> None:
        raws = [entry.slug for entry in SKILL_CATALOGUE[:MAX_SKILLS]] + ["Plumber", "PLUMBER"]
        assert len(normalise_skills(raws)) == MAX_SKILLS

    @pytest.mark.parametrize("raws", [[], "plumber", None, {"plumber": 1}, ["plumber", ""]])
    def test_bad_lists_are_refused_on_the_skills_field(self, raws: object) -> None:
        with pytest.raises(InvalidInput) as caught:
            normalise_skills(raws)
        assert error_fields(caught.value) == ["skills"]

    @given(st.lists(st.sampled_from([e.name_en for e in SKILL_CATALOGUE]), min_size=1, max_size=40))
    def test_result_is_distinct_and_within_limits(self, raws: list[str]) -> None:
        expected = list(dict.fromkeys(normalise_skill(raw) for raw in raws))
        if len(expected) > MAX_SKILLS:
            with pytest.raises(InvalidInput):
                normalise_skills(raws)
        else:
            assert normalise_skills(raws) == expected


class TestFindSkills:
    @pytest.mark.parametrize(
        ("text", "slug"),
        [
            ("eletrician", "electrician"),
            ("electrcian", "electrician"),
            ("Electrican", "electrician"),
            ("plumbr", "plumber"),
            ("carpentr", "carpenter"),
            ("welderr", "welder"),
            ("elec", "electrician"),
            ("plum", "plumber"),
            ("bijli", "electrician"),
            ("bijli mistry", "electrician"),
            ("इलेक्ट्री", "electrician"),
            ("बिजली", "electrician"),
            ("दर्जी", "tailor"),
            ("need a plumber in delhi", "plumber"),
            ("washing machine", "washing-machine-repair"),
            ("ac", "ac-technician"),
        ],
    )
    def test_finds_by_name_prefix_and_typo(self, text: str, slug: str) -> None:
        assert slug in find_skills(text)

    def test_best_match_comes_first(self) -> None:
        assert find_skills("eletrician")[0] == "electrician"
        assert find_skills("carpenter")[0] == "carpenter"
        assert find_skills("shuttering carpenter")[0] == "shuttering-carpenter"

    def test_a_general_word_finds_every_trade_using_it(self) -> None:
        found = find_skills("repair")
        assert {"mobile-repair", "computer-repair", "washing-machine-repair"} <= set(found)

    @pytest.mark.parametrize("text", ["", "   ", "xyzzy", "wala", "and", "the", "qqqq qqqq"])
    def test_nothing_for_noise(self, text: str) -> None:
        assert find_skills(text) == []

    def test_short_words_need_exact_spelling(self) -> None:
        assert "cook" not in find_skills("cok")  # three letters: no typo allowed
        assert "cook" in find_skills("coo")  # but a prefix is fine

    def test_results_are_distinct_known_slugs(self) -> None:
        found = find_skills("mistri repair helper")
        assert found and len(found) == len(set(found))
        assert set(found) <= set(SKILLS_BY_SLUG)

    @given(
        st.sampled_from(
            sorted(
                {
                    word
                    for entry in SKILL_CATALOGUE
                    for word in entry.name_en.lower().split()
                    if word.isalpha() and len(word) >= 5
                }
            )
        ),
        st.sampled_from(["delete", "insert", "replace", "swap"]),
        st.integers(min_value=0, max_value=100),
        st.sampled_from(string.ascii_lowercase),
    )
    def test_any_single_typo_in_a_name_word_still_finds_it(
        self, word: str, edit: str, position: int, letter: str
    ) -> None:
        i = position % (len(word) - 1)
        typo = {
            "delete": word[:i] + word[i + 1 :],
            "insert": word[:i] + letter + word[i:],
            "replace": word[:i] + letter + word[i + 1 :],
            "swap": word[:i] + word[i + 1] + word[i] + word[i + 2 :],
        }[edit]
        expected = {e.slug for e in SKILL_CATALOGUE if word in e.name_en.lower().split()}
        assert expected <= set(find_skills(typo))

    def test_non_text_finds_nothing(self) -> None:
        assert find_skills(None) == []  # type: ignore[arg-type]


class TestEditDistance:
    @pytest.mark.parametrize(
        ("a", "b", "distance"),
        [
            ("plumber", "plumber", 0),
            ("plumber", "plumbr", 1),
            ("electrician", "electircian", 1),  # a swap of neighbours is one edit
            ("electrician", "eletrican", 2),
            ("cook", "book", 1),
            ("", "abc", 3),
        ],
    )
    def test_known_distances(self, a: str, b: str, distance: int) -> None:
        assert edit_distance(a, b, limit=5) == distance
        assert edit_distance(b, a, limit=5) == distance

    def test_stops_past_the_limit(self) -> None:
        assert edit_distance("carpenter", "electrician", limit=2) == 3
        assert edit_distance("ab", "abcdef", limit=1) == 2

    @pytest.mark.parametrize(("length", "limit"), [(3, 0), (4, 1), (7, 1), (8, 2), (15, 2)])
    def test_typo_limit_grows_with_the_word(self, length: int, limit: int) -> None:
        assert typo_limit(length) == limit
