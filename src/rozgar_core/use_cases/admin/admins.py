"""Granting and revoking the admin role (from the command line)."""
from __future__ import annotations

from rozgar_core.errors import NotFound
from rozgar_core.model import Phone, User
from rozgar_core.ports import Clock, SecretGenerator, UnitOfWorkFactory


class GrantAdmin:
    """Makes the account of `phone` an admin, creating the account if needed."""

    def __init__(self, uow: UnitOfWorkFactory, clock: Clock, secrets: SecretGenerator) -> None:
        self._uow = uow
        self._clock = clock
        self._secrets = secrets

    def __call__(self, phone: str) -> User:
        number = Phone.parse(phone)
        now = self._clock.now()
        with self._uow() as uow:
            user, _ = uow.users.get_or_create_by_phone(number, self._secrets.new_id(), now)
            uow.admin_users.set_admin(user.id, True, now)
            uow.commit()
        user.is_admin = True
        return user


class RevokeAdmin:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def __call__(self, phone: str) -> User:
        number = Phone.parse(phone)
        with self._uow() as uow:
            user = uow.users.get_by_phone(number)
            if user is None:
                raise NotFound("No account has this phone number", code="USER_NOT_FOUND")
            uow.admin_users.set_admin(user.id, False, self._clock.now())
            uow.commit()
        user.is_admin = False
        return user
