"""A user's own settings: documented defaults, a fixed list of languages, partial updates."""
from __future__ import annotations

import pytest
from profile_harness import ProfileWorld

from rozgar_core.errors import InvalidInput
from rozgar_core.model.settings import (
    DEFAULT_LANGUAGE,
    SUPPORTED_LANGUAGES,
    UserSettings,
)

MAJOR_INDIAN_LANGUAGES = ("hi", "bn", "te", "mr", "ta", "ur", "gu", "kn", "ml", "or", "pa", "as")


@pytest.fixture
def world() -> ProfileWorld:
    return ProfileWorld()


def test_defaults_are_english_with_push_and_sms_on_and_email_off() -> None:
    settings = UserSettings("u1")
    assert (settings.language, settings.push_notifications, settings.email_notifications, settings.sms_notifications) == (
        "en", True, False, True,
    )
    assert DEFAULT_LANGUAGE == "en"


def test_english_hindi_and_the_major_indian_languages_are_supported() -> None:
    assert set(SUPPORTED_LANGUAGES) >= {"en", *MAJOR_INDIAN_LANGUAGES}


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_supported_language_can_be_chosen(world: ProfileWorld, language: str) -> None:
    user = world.new_user()
    assert world.update_settings(user.id, language=language).language == language
    assert world.settings(user.id).language == language


@pytest.mark.parametrize("language", ["fr", "HI", "hindi", "", "en-IN", None, 1, ["hi"]])
def test_other_languages_are_refused(world: ProfileWorld, language: object) -> None:
    user = world.new_user()
    with pytest.raises(InvalidInput) as invalid:
        world.update_settings(user.id, language=language)
    assert [error.field for error in invalid.value.errors] == ["language"]


@pytest.mark.parametrize("field", ["push_notifications", "email_notifications", "sms_notifications"])
@pytest.mark.parametrize("value", ["true", 1, None])
def test_notification_switches_must_be_booleans(world: ProfileWorld, field: str, value: object) -> None:
    user = world.new_user()
    with pytest.raises(InvalidInput) as invalid:
        world.update_settings(user.id, **{field: value})
    wire = {"push_notifications": "pushNotifications", "email_notifications": "emailNotifications",
            "sms_notifications": "smsNotifications"}[field]
    assert [error.field for error in invalid.value.errors] == [wire]


def test_every_problem_is_reported_at_once_and_nothing_is_saved(world: ProfileWorld) -> None:
    user = world.new_user()
    with pytest.raises(InvalidInput) as invalid:
        world.update_settings(user.id, language="fr", push_notifications="no", dark_mode=True)
    assert [error.field for error in invalid.value.errors] == ["language", "pushNotifications", "darkMode"]
    assert world.settings(user.id) == UserSettings(user.id)


def test_a_user_without_saved_settings_reads_the_defaults(world: ProfileWorld) -> None:
    user = world.new_user()
    assert world.settings(user.id) == UserSettings(user.id)


def test_an_update_changes_only_the_given_settings(world: ProfileWorld) -> None:
    user = world.new_user()
    world.update_settings(user.id, language="mr", email_notifications=True)
    world.clock.advance(60)

    settings = world.update_settings(user.id, sms_notifications=False)

    assert settings == UserSettings(
        user.id, language="mr", push_notifications=True, email_notifications=True, sms_notifications=False,
        updated_at=world.clock.now(),
    )
    assert world.settings(user.id) == settings


def test_settings_belong_to_one_user(world: ProfileWorld) -> None:
    first, second = world.new_user(), world.new_user()
    world.update_settings(first.id, language="bn", push_notifications=False)
    assert world.settings(second.id) == UserSettings(second.id)
