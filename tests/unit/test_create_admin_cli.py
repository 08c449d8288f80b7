"""`rozgar create-admin` and `rozgar revoke-admin` against a SQLite file database named by the environment."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest
from dependency_injector import providers

from rozgar_adapters.container import Container, build_container
from rozgar_adapters.memory.sms import MemorySmsSender
from rozgar_adapters.settings import Settings
from rozgar_core.model import Phone, User
from rozgar_core.ports import UnitOfWorkFactory
from rozgar_core.ports.admin import UserFilter
from rozgar_web import create_app
from rozgar_web.cli import main

PHONE = "9876543210"
E164 = "+919876543210"
ENV_NAMES = ("NODE_ENV", "APP_ENV", "REDIS_URL", "SMS_PROVIDER", "STORAGE", "JWT_SECRET", "OTP_PEPPER")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/db.sqlite3")
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def container(env: Path) -> Iterator[Container]:
    """A container on the same database the commands use (built after they have migrated it)."""
    assert main(["migrate"]) == 0
    container = build_container(Settings.from_env())
    yield container
    container.engine().dispose()


def units_of_work(container: Container) -> UnitOfWorkFactory:
    return cast(UnitOfWorkFactory, container.uow_factory())


def stored(container: Container, phone: str = E164) -> User | None:
    with units_of_work(container)() as uow:
        return uow.users.get_by_phone(Phone(phone))


def test_create_admin_creates_the_account_and_grants_the_role(
    container: Container, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stored(container) is None
    assert main(["create-admin", "--phone", PHONE]) == 0
    user = stored(container)
    assert user is not None and user.is_admin
    out = capsys.readouterr().out
    assert user.id in out and "3210" in out
    assert PHONE not in out, "the full phone number must not be printed"


def test_create_admin_keeps_an_existing_account(container: Container) -> None:
    existing = container.grant_admin()(PHONE)
    container.revoke_admin()(PHONE)
    assert main(["create-admin", "--phone", "+91 98765-43210"]) == 0
    user = stored(container)
    assert user is not None and (user.id, user.is_admin) == (existing.id, True)


def test_create_admin_twice_is_harmless(container: Container) -> None:
    assert main(["create-admin", "--phone", PHONE]) == 0
    assert main(["create-admin", "--phone", PHONE]) == 0
    user = stored(container)
    assert user is not None and user.is_admin


def test_revoke_admin_removes_the_role_and_keeps_the_account(container: Container) -> None:
    assert main(["create-admin", "--phone", PHONE]) == 0
    assert main(["revoke-admin", "--phone", PHONE]) == 0
    user = stored(container)
    assert user is not None and not user.is_admin


def test_revoke_admin_of_an_unknown_phone_fails_with_a_message(
    container: Container, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["revoke-admin", "--phone", PHONE]) == 1
    assert "error" in capsys.readouterr().err
    assert stored(container) is None


@pytest.mark.parametrize("command", ["create-admin", "revoke-admin"])
def test_an_invalid_phone_fails_with_a_message_and_creates_nothing(
    container: Container, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    assert main([command, "--phone", "12345"]) == 1
    assert "error" in capsys.readouterr().err
    with units_of_work(container)() as uow:
        assert uow.admin_users.list_users(UserFilter(), 0, 10) == ([], 0)


@pytest.mark.parametrize("command", ["create-admin", "revoke-admin"])
def test_the_phone_option_is_required(env: Path, command: str) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command])
    assert exit_info.value.code == 2


def test_an_admin_made_by_the_command_is_accepted_and_refused_at_once_after_revoking(container: Container) -> None:
    container.sms_sender.override(providers.Singleton(MemorySmsSender))
    client = create_app(container).test_client()
    assert client.post("/api/v1/auth/send-otp", json={"phone": PHONE}).status_code == 200
    sms = container.sms_sender()
    assert isinstance(sms, MemorySmsSender)
    code = sms.last_code_for(E164)
    token = client.post("/api/v1/auth/verify-otp", json={"phone": PHONE, "otp": code}).get_json()["accessToken"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/admin/users", headers=headers).status_code == 403
    assert main(["create-admin", "--phone", PHONE]) == 0
    assert client.get("/api/v1/admin/users", headers=headers).status_code == 200
    assert main(["revoke-admin", "--phone", PHONE]) == 0
    refused = client.get("/api/v1/admin/users", headers=headers)
    assert (refused.status_code, refused.get_json()["code"]) == (403, "ADMIN_REQUIRED")
