"""What the fuzzer needs to know beyond the OpenAPI document.

OpenAPI 3.0 cannot state rules between parameters ("latitude and longitude together"), between the
items of a list ("at most 20 different skills"), or "printable" (its regular expressions have no
Unicode categories), so positive cases that break one are not generated: the API rightly answers them
400. And a few answers depend on more than the document can describe; each is allowed for its
operation alone, with the reason.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from schemathesis import Case
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from rozgar_core.errors import InvalidInput
from rozgar_core.model.search import MAX_WINDOW, SORT_DISTANCE
from rozgar_core.model.skills import MAX_SKILLS, normalise_skill

# Each path below has one operation: include filters are alternatives, so a method filter would match
# every other operation with that method too.
_POSITIVE_DEFAULT = '"2xx", "3xx", "401", "403", "404", "409", "429", "5xx"'

CONFIG = SchemathesisConfig.from_str(
    f"""
[generation]
# Unknown query parameters are ignored, as the document allows: they are not invalid input.
allow-extra-parameters = false

# A wrong or expired code is a well-formed request answered 400 OTP_INVALID (the app's contract).
[[operations]]
include-path = "/api/v1/auth/verify-otp"
checks.positive_data_acceptance.expected-statuses = [{_POSITIVE_DEFAULT}, "400"]

# Bytes that are not a JPEG, PNG or WebP picture (or decode to too many pixels) fit "format: binary".
[[operations]]
include-path = "/api/v1/users/upload-picture"
checks.positive_data_acceptance.expected-statuses = [{_POSITIVE_DEFAULT}, "400", "413", "415"]

# A setting's value must have the setting's own type and range, which depend on the key.
[[operations]]
include-path-regex = "^/api/v1/admin/settings/"
checks.positive_data_acceptance.expected-statuses = [{_POSITIVE_DEFAULT}, "400"]
"""
)


def _given(values: Mapping[str, Any], name: str) -> bool:
    return values.get(name) is not None


def _paired_point(values: Mapping[str, Any]) -> bool:
    """Latitude and longitude both given or both left out, and both null or neither."""
    same_keys = ("latitude" in values) == ("longitude" in values)
    return same_keys and _given(values, "latitude") == _given(values, "longitude")


def _printable_skills(raws: Any, *, comma_joined: bool = False) -> bool:
    """Each skill printable once its runs of spaces are collapsed, and at most 20 different ones."""
    items = raws if isinstance(raws, list) else [raws] if raws is not None else []
    parts = [part for item in items for part in (str(item).split(",") if comma_joined else [item])]
    given = [part for part in parts if not comma_joined or str(part).strip()]
    try:
        distinct = {normalise_skill(part) for part in given}
    except InvalidInput:
        return False
    return (len(given) if comma_joined else len(distinct)) <= MAX_SKILLS


def _search_rules(query: Mapping[str, Any]) -> bool:
    point = _given(query, "latitude") and _given(query, "longitude")
    low, high = query.get("minExperience"), query.get("maxExperience")
    window = int(query.get("page") or 1) * int(query.get("limit") or 20)
    return (
        _paired_point(query)
        and (point or (not _given(query, "radius") and query.get("sortBy") != SORT_DISTANCE))
        and (low is None or high is None or int(low) <= int(high))
        and window <= MAX_WINDOW
        # A cursor is an opaque token from a previous page: no generated string is one.
        and not query.get("cursor")
        and _printable_skills(query.get("skills"), comma_joined=True)
    )


def _new_profile_rules(body: Any) -> bool:
    if not isinstance(body, dict) or not _paired_point(body):
        return False
    labour_fields = ("skills", "experienceYears", "labourType")
    if body.get("role") != "employer" and not all(name in body for name in labour_fields):
        return False
    return "skills" not in body or _printable_skills(body["skills"])


def _profile_update_rules(body: Any) -> bool:
    if not isinstance(body, dict) or not _paired_point(body):
        return False
    return "skills" not in body or _printable_skills(body["skills"])


_RULES: dict[tuple[str, str], Callable[[Case], bool]] = {
    ("GET", "/api/v1/labours"): lambda case: _search_rules(case.query or {}),
    ("GET", "/api/v1/labours/{labour_id}"): lambda case: _paired_point(case.query or {}),
    ("POST", "/api/v1/users/profile"): lambda case: _new_profile_rules(case.body),
    ("PUT", "/api/v1/users/profile"): lambda case: _profile_update_rules(case.body),
}


def keeps_cross_parameter_rules(case: Case) -> bool:
    """False for a positive case that breaks a rule between parameters."""
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return True
    rule = _RULES.get((case.operation.method.upper(), case.operation.path))
    return rule is None or rule(case)
