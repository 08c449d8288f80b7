"""A labour as other users see it: snapped coordinates, no email or address, cached until the owner changes."""
from __future__ import annotations

from dataclasses import fields, replace

import pytest
from profile_harness import (
    EMPLOYER_FIELDS,
    EXACT_POINT,
    ProfileWorld,
    world_with_pincodes,
)
from support.images import jpeg_with_metadata

from rozgar_core.errors import NotFound
from rozgar_core.model.location import GeoPoint, distance_km, snap_to_grid
from rozgar_core.model.public_profile import PublicProfile
from rozgar_core.use_cases.profiles.cache_keys import PROFILE_TTL_SECONDS, profile_key


@pytest.fixture
def world() -> ProfileWorld:
    return world_with_pincodes()


def test_others_never_get_the_email_the_address_or_timestamps() -> None:
    names = {field.name for field in fields(PublicProfile)}
    assert names.isdisjoint({"email", "address", "created_at", "updated_at", "profile_picture_key", "location_source"})


def test_others_see_the_centre_of_the_grid_cell_not_the_exact_point(world: ProfileWorld) -> None:
    labour = world.new_labour(latitude=EXACT_POINT.latitude, longitude=EXACT_POINT.longitude)

    seen = world.public_profile(labour.id)

    shown = GeoPoint(seen.latitude, seen.longitude)  # type: ignore[arg-type]
    assert shown == snap_to_grid(EXACT_POINT) and shown != EXACT_POINT
    assert distance_km(shown, EXACT_POINT) < 1.0
    assert (seen.name, seen.city, seen.pincode, seen.skills) == ("Ramesh Kumar", "Pune", labour.pincode, labour.skills)


def test_the_distance_is_measured_from_the_snapped_point(world: ProfileWorld) -> None:
    labour = world.new_labour(latitude=EXACT_POINT.latitude, longitude=EXACT_POINT.longitude)
    origin = GeoPoint(18.6, 73.9)

    seen = world.public_profile(labour.id, origin)

    assert seen.distance == round(distance_km(origin, snap_to_grid(EXACT_POINT)), 1)
    assert world.public_profile(labour.id).distance is None


def test_an_employer_is_never_shown_as_a_labour(world: ProfileWorld) -> None:
    employer = world.complete(world.new_user().id, **EMPLOYER_FIELDS)
    with pytest.raises(NotFound):
        world.public_profile(employer.id)


@pytest.mark.parametrize("labour_id", ["not-a-uuid", "6f1c2a48-3c3e-4c47-9d0e-4b1b8f8b1e11", ""])
def test_unknown_ids_are_not_found(world: ProfileWorld, labour_id: str) -> None:
    with pytest.raises(NotFound):
        world.public_profile(labour_id)


def test_an_incomplete_profile_is_not_found(world: ProfileWorld) -> None:
    with pytest.raises(NotFound):
        world.public_profile(world.new_user().id)


def test_a_read_is_cached_for_thirty_minutes(world: ProfileWorld) -> None:
    labour = world.new_labour()
    world.public_profile(labour.id)
    _change_behind_the_use_cases(world, labour.id, "Renamed Directly")

    world.clock.advance(PROFILE_TTL_SECONDS - 1)
    assert world.public_profile(labour.id).name == "Ramesh Kumar"
    world.clock.advance(1)
    assert world.public_profile(labour.id).name == "Renamed Directly"


@pytest.mark.parametrize("change", ["update", "availability", "picture"])
def test_a_change_by_the_owner_is_seen_by_the_next_read(world: ProfileWorld, change: str) -> None:
    labour = world.new_labour(is_available=True)
    before = world.public_profile(labour.id)

    if change == "update":
        world.update(labour.id, name="Ramesh K")
    elif change == "availability":
        world.set_available(labour.id, False)
    else:
        world.upload(labour.id, jpeg_with_metadata())

    after = world.public_profile(labour.id)
    assert after != before
    assert after == PublicProfile.of(world.own_profile(labour.id))


def test_a_deleted_account_is_gone_from_the_cache(world: ProfileWorld) -> None:
    labour = world.new_labour()
    world.public_profile(labour.id)
    world.delete_account(labour.id)
    assert world.cache.get(profile_key(labour.id)) is None
    with pytest.raises(NotFound):
        world.public_profile(labour.id)


def _change_behind_the_use_cases(world: ProfileWorld, user_id: str, name: str) -> None:
    """A write that skips the use cases (and so the cache eviction): only the TTL makes it visible."""
    with world.uow() as uow:
        user = uow.users.get(user_id)
        assert user is not None
        uow.users.save_profile(replace(user, name=name))
        uow.commit()
