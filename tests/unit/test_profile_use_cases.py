"""Completing, reading and updating one's own profile, availability, and locations from PIN codes."""
from __future__ import annotations

from collections.abc import Callable

import pytest
from profile_harness import (
    EMPLOYER_FIELDS,
    EXACT_POINT,
    LABOUR_FIELDS,
    MUMBAI_PIN,
    MUMBAI_POINT,
    PUNE_POINT,
    BrokenGeocoder,
    ProfileWorld,
    world_with_pincodes,
)

from rozgar_core.errors import Conflict, InvalidInput, NotFound


@pytest.fixture
def world() -> ProfileWorld:
    return world_with_pincodes()


def test_a_new_account_reads_as_an_incomplete_profile(world: ProfileWorld) -> None:
    user = world.own_profile(world.new_user().id)
    assert not user.is_profile_complete
    assert (user.name, user.address, user.skills, user.experience_years, user.labour_type) == (None, None, [], None, None)


def test_completing_stores_every_field_and_marks_the_profile_complete(world: ProfileWorld) -> None:
    user = world.new_user()
    world.clock.advance(60)

    world.complete(user.id, **LABOUR_FIELDS)

    stored = world.own_profile(user.id)
    assert stored.is_profile_complete and stored.profile_completed_at == world.clock.now()
    assert stored.updated_at == world.clock.now() and stored.created_at == user.created_at
    assert (stored.name, stored.city, stored.skills, stored.experience_years) == ("Ramesh Kumar", "Pune", ["plumber", "electrician"], 7)
    assert (stored.role, stored.rating, stored.total_reviews, stored.is_verified) == ("labour", 0.0, 0, False)


def test_completing_twice_is_a_conflict(world: ProfileWorld) -> None:
    labour = world.new_labour()
    with pytest.raises(Conflict) as conflict:
        world.complete(labour.id, **LABOUR_FIELDS | {"name": "Someone Else"})
    assert conflict.value.code == "PROFILE_EXISTS"
    stored = world.stored(labour.id)
    assert stored is not None and stored.name == "Ramesh Kumar"


def test_completing_without_required_fields_names_each_missing_one(world: ProfileWorld) -> None:
    user = world.new_user()
    with pytest.raises(InvalidInput) as invalid:
        world.complete(user.id, name="Ramesh Kumar", city="Pune")
    assert [error.field for error in invalid.value.errors] == [
        "address", "state", "pincode", "skills", "experienceYears", "labourType",
    ]
    stored = world.stored(user.id)
    assert stored is not None and not stored.is_profile_complete and stored.name is None


def test_an_employer_completes_without_skills_experience_or_labour_type(world: ProfileWorld) -> None:
    employer = world.complete(world.new_user().id, **EMPLOYER_FIELDS)
    assert employer.role == "employer" and employer.is_profile_complete
    assert (employer.skills, employer.experience_years, employer.labour_type) == ([], None, None)


def test_an_employer_becoming_a_labour_must_give_the_labour_fields(world: ProfileWorld) -> None:
    employer = world.complete(world.new_user().id, **EMPLOYER_FIELDS)
    with pytest.raises(InvalidInput) as invalid:
        world.update(employer.id, role="labour")
    assert [error.field for error in invalid.value.errors] == ["skills", "experienceYears", "labourType"]

    labour = world.update(employer.id, role="labour", skills=["mason"], experience_years=3, labour_type="contract")
    assert (labour.role, labour.skills) == ("labour", ["mason"])


def test_a_partial_update_changes_only_the_given_fields(world: ProfileWorld) -> None:
    before = world.new_labour(email="ramesh@example.in")
    world.clock.advance(60)

    world.update(before.id, bio="Twenty years of pipes", experience_years=20)

    after = world.own_profile(before.id)
    assert (after.bio, after.experience_years, after.updated_at) == ("Twenty years of pipes", 20, world.clock.now())
    unchanged = ("name", "email", "address", "city", "state", "pincode", "skills", "labour_type", "is_available",
                 "latitude", "longitude", "profile_completed_at", "created_at")
    assert {name: getattr(after, name) for name in unchanged} == {name: getattr(before, name) for name in unchanged}


def test_an_update_that_would_empty_a_required_field_is_refused(world: ProfileWorld) -> None:
    labour = world.new_labour()
    with pytest.raises(InvalidInput) as invalid:
        world.update(labour.id, skills=None, name=None)
    assert sorted(error.field for error in invalid.value.errors) == ["name", "skills"]
    assert world.stored(labour.id) == labour


def test_optional_fields_can_be_cleared(world: ProfileWorld) -> None:
    labour = world.new_labour(email="ramesh@example.in")
    cleared = world.update(labour.id, email=None, bio="")
    assert (cleared.email, cleared.bio) == (None, None)


def test_an_email_of_another_account_is_a_conflict(world: ProfileWorld) -> None:
    world.new_labour(email="ramesh@example.in")
    with pytest.raises(Conflict) as on_complete:
        world.complete(world.new_user().id, **LABOUR_FIELDS | {"email": "ramesh@EXAMPLE.in"})
    other = world.new_labour()
    with pytest.raises(Conflict) as on_update:
        world.update(other.id, email="ramesh@example.in")
    assert on_complete.value.code == on_update.value.code == "EMAIL_TAKEN"


def test_keeping_ones_own_email_is_no_conflict(world: ProfileWorld) -> None:
    labour = world.new_labour(email="ramesh@example.in")
    assert world.update(labour.id, email="ramesh@example.in", bio="same email").email == "ramesh@example.in"


def test_a_profile_without_coordinates_is_placed_at_its_pincode(world: ProfileWorld) -> None:
    labour = world.new_labour()
    assert (labour.latitude, labour.longitude, labour.location_source) == (PUNE_POINT.latitude, PUNE_POINT.longitude, "pincode")


def test_given_coordinates_are_kept_exactly(world: ProfileWorld) -> None:
    labour = world.new_labour(latitude=EXACT_POINT.latitude, longitude=EXACT_POINT.longitude)
    assert (labour.latitude, labour.longitude, labour.location_source) == (EXACT_POINT.latitude, EXACT_POINT.longitude, "user")


def test_a_new_pincode_moves_a_location_that_came_from_the_old_one(world: ProfileWorld) -> None:
    labour = world.new_labour()
    moved = world.update(labour.id, pincode=MUMBAI_PIN, city="Mumbai")
    assert (moved.latitude, moved.longitude) == (MUMBAI_POINT.latitude, MUMBAI_POINT.longitude)


def test_a_new_pincode_never_moves_coordinates_the_labour_gave(world: ProfileWorld) -> None:
    labour = world.new_labour(latitude=EXACT_POINT.latitude, longitude=EXACT_POINT.longitude)
    moved = world.update(labour.id, pincode=MUMBAI_PIN, city="Mumbai")
    assert (moved.latitude, moved.longitude) == (EXACT_POINT.latitude, EXACT_POINT.longitude)


def test_clearing_given_coordinates_falls_back_to_the_pincode(world: ProfileWorld) -> None:
    labour = world.new_labour(latitude=EXACT_POINT.latitude, longitude=EXACT_POINT.longitude)
    cleared = world.update(labour.id, latitude=None, longitude=None)
    assert (cleared.latitude, cleared.longitude, cleared.location_source) == (PUNE_POINT.latitude, PUNE_POINT.longitude, "pincode")


def test_an_unknown_pincode_leaves_the_profile_without_coordinates(world: ProfileWorld) -> None:
    labour = world.new_labour(pincode="799001", state="Tripura", city="Agartala")
    assert (labour.latitude, labour.longitude, labour.location_source) == (None, None, None)


def test_a_moved_pincode_that_is_unknown_drops_the_old_derived_point(world: ProfileWorld) -> None:
    labour = world.new_labour()
    moved = world.update(labour.id, pincode="799001", state="Tripura", city="Agartala")
    assert (moved.latitude, moved.longitude) == (None, None)


def test_a_geocoder_outage_never_blocks_saving_a_profile() -> None:
    world = ProfileWorld(geocoder=BrokenGeocoder())
    labour = world.new_labour()
    assert labour.is_profile_complete and (labour.latitude, labour.longitude) == (None, None)


@pytest.mark.parametrize("available", [True, False])
def test_availability_is_switched_and_stored(world: ProfileWorld, available: bool) -> None:
    labour = world.new_labour(is_available=not available)
    world.clock.advance(5)
    assert world.set_available(labour.id, available) is available
    stored = world.own_profile(labour.id)
    assert stored.is_available is available and stored.updated_at == world.clock.now()


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_availability_must_be_a_boolean(world: ProfileWorld, value: object) -> None:
    labour = world.new_labour()
    with pytest.raises(InvalidInput) as invalid:
        world.set_available(labour.id, value)
    assert [error.field for error in invalid.value.errors] == ["isAvailable"]


def test_a_missing_account_is_not_found_everywhere(world: ProfileWorld) -> None:
    ghost = "6f1c2a48-3c3e-4c47-9d0e-4b1b8f8b1e11"
    calls: list[Callable[[], object]] = [
        lambda: world.own_profile(ghost),
        lambda: world.complete(ghost, **LABOUR_FIELDS),
        lambda: world.update(ghost, bio="x"),
        lambda: world.set_available(ghost, True),
        lambda: world.delete_account(ghost),
        lambda: world.settings(ghost),
    ]
    for call in calls:
        with pytest.raises(NotFound):
            call()
