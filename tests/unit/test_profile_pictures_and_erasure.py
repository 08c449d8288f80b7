"""Profile pictures (clean copies under random names, old ones deleted) and account erasure."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from profile_harness import ProfileWorld, world_with_pincodes
from support import images

from rozgar_adapters.memory.realtime import MemoryRealtimePublisher
from rozgar_adapters.memory.uow import MemoryUnitOfWork
from rozgar_core.errors import InvalidInput, NotFound, UnsupportedMediaType
from rozgar_core.model import AccessClaims
from rozgar_core.model.settings import UserSettings
from rozgar_core.use_cases.profiles import DeleteAccount


@pytest.fixture
def world() -> ProfileWorld:
    return world_with_pincodes()


def _key_of(url: str) -> str:
    return url.split("/media/", 1)[1]


def test_an_upload_is_stored_clean_with_a_thumbnail_under_a_random_name(world: ProfileWorld) -> None:
    labour = world.new_labour()

    url = world.upload(labour.id, images.jpeg_with_metadata((900, 600)))

    key = _key_of(url)
    assert url == f"https://api.example.in/media/{key}"
    assert key.startswith(f"profile-pictures/{labour.id}/") and key.endswith(".jpg")
    assert world.storage.keys() == sorted([key, key.removesuffix(".jpg") + "-thumb.jpg"])
    stored = world.storage.read(key)
    assert stored is not None and stored.content_type == "image/jpeg"
    assert images.SECRET_TEXT.encode() not in stored.data
    with Image.open(io.BytesIO(stored.data)) as picture:
        assert not picture.getexif() and "exif" not in picture.info and picture.size == (900, 600)
    profile = world.own_profile(labour.id)
    assert (profile.profile_picture_url, profile.profile_picture_key) == (url, key)


def test_two_uploads_of_the_same_file_get_different_names(world: ProfileWorld) -> None:
    labour = world.new_labour()
    data = images.jpeg_with_metadata()
    assert world.upload(labour.id, data) != world.upload(labour.id, data)


def test_a_new_picture_deletes_the_old_picture_and_thumbnail(world: ProfileWorld) -> None:
    labour = world.new_labour()
    world.upload(labour.id, images.jpeg_with_metadata())

    url = world.upload(labour.id, images.encode(images.noise((64, 64)), "PNG"))

    key = _key_of(url)
    assert world.storage.keys() == sorted([key, key.removesuffix(".png") + "-thumb.png"])


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (images.gif(), UnsupportedMediaType),
        (b"%PDF-1.7 not a picture", UnsupportedMediaType),
        (images.png_bomb(20_000, 20_000), InvalidInput),
        (images.truncated(images.jpeg_with_metadata((300, 300)), 0.3), InvalidInput),
    ],
    ids=["gif", "pdf", "png-bomb", "truncated-jpeg"],
)
def test_a_refused_upload_stores_nothing_and_keeps_the_old_picture(
    world: ProfileWorld, upload: bytes, error: type[Exception]
) -> None:
    labour = world.new_labour()
    url = world.upload(labour.id, images.jpeg_with_metadata())
    keys = world.storage.keys()

    with pytest.raises(error):
        world.upload(labour.id, upload)

    assert world.storage.keys() == keys
    assert world.own_profile(labour.id).profile_picture_url == url


def test_an_upload_for_a_missing_account_stores_nothing(world: ProfileWorld) -> None:
    with pytest.raises(NotFound):
        world.upload("6f1c2a48-3c3e-4c47-9d0e-4b1b8f8b1e11", images.jpeg_with_metadata())
    assert world.storage.keys() == []


def _claims(user_id: str, issued_at_offset: float, world: ProfileWorld) -> AccessClaims:
    issued_at = world.clock.now() + timedelta(seconds=issued_at_offset)
    return AccessClaims(
        user_id=user_id, phone="+919876500001", jti=f"jti-{issued_at_offset}",
        issued_at=issued_at, expires_at=issued_at + timedelta(minutes=15),
    )


def test_erasure_removes_the_account_its_settings_and_its_picture(world: ProfileWorld) -> None:
    labour = world.new_labour(email="ramesh@example.in")
    world.upload(labour.id, images.jpeg_with_metadata())
    world.update_settings(labour.id, language="hi")

    world.delete_account(labour.id)

    assert world.stored(labour.id) is None and world.storage.keys() == []
    with world.uow() as uow:
        assert uow.users.get_by_phone(labour.phone) is None
        assert uow.user_settings.get(labour.id) is None
        assert uow.users.email_in_use("ramesh@example.in", "someone-else") is False


def test_erasure_ends_every_access_token_issued_until_then(world: ProfileWorld) -> None:
    labour = world.new_labour()
    earlier = _claims(labour.id, -60, world)
    just_now = _claims(labour.id, 0, world)

    world.delete_account(labour.id)

    assert world.denylist.is_revoked(earlier) and world.denylist.is_revoked(just_now)
    world.clock.advance(14 * 60)
    assert world.denylist.is_revoked(just_now)


def test_erasure_leaves_other_accounts_alone(world: ProfileWorld) -> None:
    gone, staying = world.new_labour(), world.new_labour()
    world.upload(staying.id, images.jpeg_with_metadata())
    world.update_settings(staying.id, language="ta")
    keys = world.storage.keys()

    world.delete_account(gone.id)

    assert world.stored(staying.id) == world.own_profile(staying.id)
    assert world.storage.keys() == keys
    assert world.settings(staying.id).language == "ta"
    assert not world.denylist.is_revoked(_claims(staying.id, 0, world))


def test_the_phone_of_an_erased_account_starts_over_as_a_new_user(world: ProfileWorld) -> None:
    labour = world.new_labour()
    world.delete_account(labour.id)

    with world.uow() as uow:
        again, created = uow.users.get_or_create_by_phone(labour.phone, "0b9e4a53-2f0e-4d8c-9d55-7d3f1a2b6c40", world.clock.now())
        uow.commit()

    assert created and again.id != labour.id and not again.is_profile_complete
    assert world.settings(again.id) == UserSettings(again.id)


def test_a_session_refreshed_while_the_account_is_being_erased_ends_too(world: ProfileWorld) -> None:
    labour = world.new_labour()
    refreshed: list[AccessClaims] = []

    def uow_after_a_concurrent_refresh() -> MemoryUnitOfWork:
        # Between the first revocation and the deletion, another device refreshes its session.
        world.clock.advance(2)
        refreshed.append(_claims(labour.id, 0, world))
        return world.uow()

    erase = DeleteAccount(
        uow_after_a_concurrent_refresh, world.storage, world.denylist, world.clock, world.policy, world.cache,
        MemoryRealtimePublisher(),
    )
    erase(labour.id)

    assert refreshed and world.denylist.is_revoked(refreshed[0])
