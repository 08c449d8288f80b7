"""The UserSettingsRepository contract, run against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from rozgar_core.errors import Conflict
from rozgar_core.model import Phone
from rozgar_core.model.settings import UserSettings
from rozgar_core.ports import UnitOfWorkFactory

NOW = datetime(2025, 3, 10, 9, 15, 30, 123456, tzinfo=UTC)


@pytest.fixture
def user_id(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> str:
    with uow_factory() as uow:
        user, _ = uow.users.get_or_create_by_phone(new_phone(), str(uuid.uuid4()), NOW)
        uow.commit()
    return user.id


def _save(uow_factory: UnitOfWorkFactory, settings: UserSettings) -> None:
    with uow_factory() as uow:
        uow.user_settings.save(settings)
        uow.commit()


def _get(uow_factory: UnitOfWorkFactory, user_id: str) -> UserSettings | None:
    with uow_factory() as uow:
        return uow.user_settings.get(user_id)


def test_a_user_without_saved_settings_has_none(uow_factory: UnitOfWorkFactory, user_id: str) -> None:
    assert _get(uow_factory, user_id) is None
    assert _get(uow_factory, "not-a-uuid") is None


def test_saved_settings_come_back_equal(uow_factory: UnitOfWorkFactory, user_id: str) -> None:
    ist = timezone(timedelta(hours=5, minutes=30))
    settings = UserSettings(user_id, language="ta", push_notifications=False, email_notifications=True,
                            sms_notifications=False, updated_at=NOW.astimezone(ist))
    _save(uow_factory, settings)

    stored = _get(uow_factory, user_id)

    assert stored == settings and stored.updated_at is not None
    assert stored.updated_at.utcoffset() == timedelta(0)


def test_saving_again_replaces_the_settings(uow_factory: UnitOfWorkFactory, user_id: str) -> None:
    _save(uow_factory, UserSettings(user_id, language="hi", updated_at=NOW))
    replacement = UserSettings(user_id, language="bn", sms_notifications=False, updated_at=NOW + timedelta(days=1))

    _save(uow_factory, replacement)

    assert _get(uow_factory, user_id) == replacement


def test_settings_without_a_time_are_stamped_when_saved(uow_factory: UnitOfWorkFactory, user_id: str) -> None:
    before = datetime.now(UTC) - timedelta(seconds=5)
    _save(uow_factory, UserSettings(user_id))

    stored = _get(uow_factory, user_id)

    assert stored is not None and stored.updated_at is not None
    assert before <= stored.updated_at <= datetime.now(UTC) + timedelta(seconds=5)


def test_settings_need_an_existing_user(uow_factory: UnitOfWorkFactory) -> None:
    with pytest.raises(Conflict):
        _save(uow_factory, UserSettings(str(uuid.uuid4()), updated_at=NOW))
