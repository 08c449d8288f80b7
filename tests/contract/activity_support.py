"""Users for the activity contract suites: created through the ports, with a name and a picture."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from rozgar_core.model import Phone, User
from rozgar_core.ports import UnitOfWorkFactory

NOW = datetime(2025, 3, 10, 9, 15, 30, 123456, tzinfo=UTC)

NewUser = Callable[..., User]


def complete_labour(user: User, name: str) -> User:
    """A labour with a complete profile: what reviews may be written about."""
    user.name, user.city, user.state, user.pincode = name, "Pune", "Maharashtra", "411001"
    user.skills, user.labour_type, user.role, user.is_available = ["plumber"], "daily", "labour", True
    user.updated_at = user.profile_completed_at = NOW
    return user


def create_user(
    uow_factory: UnitOfWorkFactory, phone: Phone, *, name: str | None = None, picture: str | None = None
) -> User:
    with uow_factory() as uow:
        user, _ = uow.users.get_or_create_by_phone(phone, str(uuid.uuid4()), NOW)
        if name is not None:
            uow.users.save_profile(complete_labour(user, name))
        if picture is not None:
            uow.users.set_picture(user.id, picture, None, NOW)
        stored = uow.users.get(user.id)
        uow.commit()
    assert stored is not None
    return stored


_AUTO = "auto"


def user_factory(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> NewUser:
    """`new_user(name=..., picture=None)`: a new account with a complete labour profile under a generated
    name, or the given one; `name=None` leaves the account with its phone alone."""
    counter = iter(range(1, 10_000))

    def create(name: str | None = _AUTO, picture: str | None = None) -> User:
        chosen = f"User {next(counter)}" if name == _AUTO else name
        return create_user(uow_factory, new_phone(), name=chosen, picture=picture)

    return create


def moments(count: int, start: datetime = NOW, step: timedelta = timedelta(minutes=1)) -> list[datetime]:
    return [start + step * index for index in range(count)]
