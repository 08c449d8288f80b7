"""`labour_json` gives exactly what `LabourSchema().dump` gives, for any public profile."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rozgar_core.model.public_profile import PublicProfile
from rozgar_web.schemas.labour_json import labour_json, labours_json
from rozgar_web.schemas.labours import LabourSchema

texts = st.text(max_size=40)
optional_texts = st.none() | texts
floats = st.floats(allow_nan=True, allow_infinity=True)
# Whole numbers and booleans where a float is declared: the schema turns them into floats.
float_like = floats | st.integers(-(10**15), 10**15) | st.booleans()
optional_floats = st.none() | float_like
int_like = st.integers() | st.booleans()

profiles = st.builds(
    PublicProfile,
    id=texts,
    phone=texts,
    name=optional_texts,
    profile_picture_url=optional_texts,
    bio=optional_texts,
    city=optional_texts,
    state=optional_texts,
    pincode=optional_texts,
    latitude=optional_floats,
    longitude=optional_floats,
    is_available=st.booleans(),
    skills=st.lists(texts, max_size=6),
    experience_years=st.none() | int_like,
    labour_type=optional_texts,
    role=st.sampled_from(["labour", "employer", "admin"]),
    rating=float_like,
    total_reviews=int_like,
    is_verified=st.booleans(),
    distance=optional_floats,
)


def same(fast: Any, slow: Any) -> bool:
    """Equal with the same types and key order (repr tells 1 from 1.0 and True, and NaN equals NaN)."""
    return repr(fast) == repr(slow)


@settings(max_examples=500)
@given(profile=profiles)
def test_labour_json_is_the_schema_dump(profile: PublicProfile) -> None:
    assert same(labour_json(profile), LabourSchema().dump(profile))


@given(profile=profiles.filter(lambda profile: profile.distance is not None))
def test_a_distance_is_included(profile: PublicProfile) -> None:
    assert "distance" in labour_json(profile)
    assert same(labour_json(profile), LabourSchema().dump(profile))


@given(profile=profiles.map(lambda profile: replace(profile, distance=None)))
def test_no_distance_no_key(profile: PublicProfile) -> None:
    assert "distance" not in labour_json(profile)
    assert same(labour_json(profile), LabourSchema().dump(profile))


@given(population=st.lists(profiles, max_size=5))
def test_a_list_is_the_schema_dump_of_many(population: list[PublicProfile]) -> None:
    assert same(labours_json(population), LabourSchema(many=True).dump(population))


def test_a_typical_labour() -> None:
    profile = PublicProfile(
        id="u-1", phone="+919876543210", name="रमेश कुमार", profile_picture_url=None, bio="Pipes, taps",
        city="Pune", state="Maharashtra", pincode="411005", latitude=18.5225, longitude=73.8575,
        is_available=True, skills=["plumber", "नल"], experience_years=7, labour_type="daily", rating=4.5,
        total_reviews=12, is_verified=False, distance=1.3,
    )
    assert same(labour_json(profile), LabourSchema().dump(profile))
    assert list(labour_json(profile)) == [
        "id", "phone", "name", "profilePictureUrl", "bio", "city", "state", "pincode", "latitude",
        "longitude", "isAvailable", "skills", "experienceYears", "labourType", "rating", "totalReviews",
        "isVerified", "distance",
    ]
