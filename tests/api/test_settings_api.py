"""GET and PUT /settings: documented defaults, partial updates, a fixed list of languages."""
from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from rozgar_core.model.settings import SUPPORTED_LANGUAGES

from .conftest import Login, assert_error, field_names
from .profile_helpers import SETTINGS, Account, log_in

DEFAULTS = {"language": "en", "pushNotifications": True, "emailNotifications": False, "smsNotifications": True}


@pytest.fixture
def account(client: FlaskClient, login: Login) -> Account:
    return log_in(client, login)


def _settings(client: FlaskClient, account: Account) -> dict[str, Any]:
    response = client.get(SETTINGS, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert set(body) == {"success", "settings"} and body["success"] is True
    settings: dict[str, Any] = body["settings"]
    return settings


def test_a_new_account_has_the_documented_defaults(client: FlaskClient, account: Account) -> None:
    assert _settings(client, account) == DEFAULTS


def test_an_update_answers_with_all_settings_and_is_kept(client: FlaskClient, account: Account) -> None:
    response = client.put(SETTINGS, json={"language": "hi", "emailNotifications": True}, headers=account.headers)

    assert response.status_code == 200
    body = response.get_json()
    assert body["success"] is True and body["message"]
    expected = DEFAULTS | {"language": "hi", "emailNotifications": True}
    assert body["settings"] == expected
    assert _settings(client, account) == expected


@pytest.mark.parametrize(
    "change",
    [{"language": "ta"}, {"pushNotifications": False}, {"emailNotifications": True}, {"smsNotifications": False}, {}],
    ids=lambda change: ",".join(change) or "empty",
)
def test_only_the_given_settings_change(client: FlaskClient, account: Account, change: dict[str, Any]) -> None:
    client.put(SETTINGS, json={"language": "mr", "smsNotifications": True}, headers=account.headers)
    response = client.put(SETTINGS, json=change, headers=account.headers)
    assert response.status_code == 200
    assert response.get_json()["settings"] == DEFAULTS | {"language": "mr"} | change


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_every_supported_language_can_be_chosen(client: FlaskClient, account: Account, language: str) -> None:
    response = client.put(SETTINGS, json={"language": language}, headers=account.headers)
    assert response.status_code == 200 and _settings(client, account)["language"] == language


def test_hindi_and_the_major_indian_languages_are_supported() -> None:
    assert {"en", "hi", "bn", "te", "mr", "ta", "gu", "kn", "ml", "pa"} <= set(SUPPORTED_LANGUAGES)


@pytest.mark.parametrize("language", ["fr", "HI", "hindi", "", "en-IN", "zz", None, 1, ["hi"]])
def test_an_unsupported_language_is_400(client: FlaskClient, account: Account, language: object) -> None:
    response = client.put(SETTINGS, json={"language": language}, headers=account.headers)
    assert field_names(assert_error(response, 400, "VALIDATION_ERROR")) == ["language"]
    assert _settings(client, account) == DEFAULTS


@pytest.mark.parametrize("field", ["pushNotifications", "emailNotifications", "smsNotifications"])
@pytest.mark.parametrize("value", ["sometimes", None, [True], {"on": True}, 1, 0, "true", "off"])
def test_a_switch_that_is_not_a_boolean_is_400(client: FlaskClient, account: Account, field: str, value: object) -> None:
    response = client.put(SETTINGS, json={field: value}, headers=account.headers)
    assert field_names(assert_error(response, 400)) == [field]
    assert _settings(client, account) == DEFAULTS


@pytest.mark.parametrize("field", ["darkMode", "userId", "updatedAt", "language_code"])
def test_an_unknown_field_is_400(client: FlaskClient, account: Account, field: str) -> None:
    response = client.put(SETTINGS, json={"language": "hi", field: True}, headers=account.headers)
    assert field_names(assert_error(response, 400)) == [field]
    assert _settings(client, account) == DEFAULTS


def test_every_problem_is_reported_at_once(client: FlaskClient, account: Account) -> None:
    body = {"language": "fr", "pushNotifications": "sometimes", "darkMode": True}
    response = client.put(SETTINGS, json=body, headers=account.headers)
    assert sorted(field_names(assert_error(response, 400))) == ["darkMode", "language", "pushNotifications"]


@pytest.mark.parametrize("body", ["[]", "null", '"hi"', "{"])
def test_a_body_that_is_not_a_json_object_is_400(client: FlaskClient, account: Account, body: str) -> None:
    response = client.put(SETTINGS, data=body, content_type="application/json", headers=account.headers)
    assert_error(response, 400)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [("language=hi", "application/x-www-form-urlencoded"), ('{"language": "hi"}', "text/plain"), (None, None)],
    ids=["form", "json-sent-as-text", "no-body"],
)
def test_an_update_that_is_not_json_is_400_not_an_empty_change(
    client: FlaskClient, account: Account, data: str | None, content_type: str | None
) -> None:
    response = client.put(SETTINGS, data=data, content_type=content_type, headers=account.headers)
    assert field_names(assert_error(response, 400)) == ["body"]
    assert _settings(client, account) == DEFAULTS


def test_settings_belong_to_their_user(client: FlaskClient, login: Login, account: Account) -> None:
    other = log_in(client, login)
    client.put(SETTINGS, json={"language": "bn", "pushNotifications": False}, headers=account.headers)
    assert _settings(client, other) == DEFAULTS
    assert _settings(client, account) == DEFAULTS | {"language": "bn", "pushNotifications": False}


def test_settings_need_no_completed_profile(client: FlaskClient, account: Account) -> None:
    response = client.put(SETTINGS, json={"language": "kn"}, headers=account.headers)
    assert response.status_code == 200 and response.get_json()["settings"]["language"] == "kn"
