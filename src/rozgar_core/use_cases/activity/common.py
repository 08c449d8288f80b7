"""Helpers shared by the activity use cases."""
from __future__ import annotations

from rozgar_core.errors import NotFound
from rozgar_core.model import User
from rozgar_core.model.activity import UserSummary
from rozgar_core.model.app_settings import SettingDefinition
from rozgar_core.ports import UnitOfWork
from rozgar_core.use_cases.profiles.public import is_uuid


def setting(uow: UnitOfWork, definition: SettingDefinition) -> object:
    """The stored value of a global setting, or its default when unset or unreadable."""
    stored = uow.app_settings.get(definition.key)
    if stored is None:
        return definition.default
    try:
        return definition.parse(stored)
    except Exception:  # noqa: BLE001 - a bad stored value must not break the feature
        return definition.default


def int_setting(uow: UnitOfWork, definition: SettingDefinition) -> int:
    value = setting(uow, definition)
    return value if isinstance(value, int) and not isinstance(value, bool) else int(str(definition.default))


def bool_setting(uow: UnitOfWork, definition: SettingDefinition) -> bool:
    return bool(setting(uow, definition))


def active_user(uow: UnitOfWork, user_id: str, what: str = "user") -> User:
    user = uow.users.get(user_id) if is_uuid(user_id) else None
    if user is None or not user.is_active:
        raise NotFound(f"No such {what}", code=f"{what.upper()}_NOT_FOUND")
    return user


def summary(user: User, with_phone: bool = False) -> UserSummary:
    return UserSummary(user.id, user.name, user.profile_picture_url, user.phone.e164 if with_phone else None)
