"""Settings from the environment: durations, test numbers, OTP length and the secrets rules."""
from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from rozgar_adapters.settings import Settings, SettingsError, parse_duration, parse_test_numbers
from rozgar_adapters.wiring import build_auth_policy

STRONG = "s" * 32


def env(tmp_path: Path, **values: str) -> dict[str, str]:
    return {"DATA_DIR": str(tmp_path), "JWT_SECRET": STRONG, "OTP_PEPPER": "p" * 32, **values}


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [("900", 900), ("900s", 900), ("15m", 900), ("2h", 7200), ("30d", 2_592_000), (" 15m ", 900), ("1500ms", 1)],
)
def test_durations_are_read_in_seconds(raw: str, seconds: int) -> None:
    assert parse_duration(raw, "JWT_ACCESS_EXPIRY") == seconds


@pytest.mark.parametrize("raw", ["", "fifteen", "15 minutes", "-5m", "1.5h", "15w", "0", "500ms"])
def test_malformed_or_empty_durations_are_refused(raw: str) -> None:
    with pytest.raises(SettingsError, match="JWT_ACCESS_EXPIRY"):
        parse_duration(raw, "JWT_ACCESS_EXPIRY")


def test_token_lifetimes_default_to_15_minutes_and_30_days(tmp_path: Path) -> None:
    settings = Settings.from_env(env(tmp_path))
    assert (settings.jwt_access_ttl_seconds, settings.jwt_refresh_ttl_seconds) == (900, 30 * 86400)


def test_token_lifetimes_are_read_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env(env(tmp_path, JWT_ACCESS_EXPIRY="5m", JWT_REFRESH_EXPIRY="7d"))
    assert (settings.jwt_access_ttl_seconds, settings.jwt_refresh_ttl_seconds) == (300, 7 * 86400)


def test_test_numbers_are_parsed_into_e164_with_their_codes() -> None:
    assert parse_test_numbers("9000000001:123456,9000000002:654321") == {
        "+919000000001": "123456",
        "+919000000002": "654321",
    }


def test_test_numbers_accept_any_written_form_and_stray_spaces() -> None:
    assert parse_test_numbers(" +91 90000-00001 : 1234 , ,09000000002:87654321 ") == {
        "+919000000001": "1234",
        "+919000000002": "87654321",
    }


def test_no_test_numbers_by_default(tmp_path: Path) -> None:
    assert Settings.from_env(env(tmp_path)).otp_test_numbers == {}


def test_test_numbers_are_read_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env(env(tmp_path, OTP_TEST_NUMBERS="9000000001:123456"))
    assert settings.otp_test_numbers == {"+919000000001": "123456"}


@pytest.mark.parametrize(
    "raw",
    ["9000000001", "9000000001:", "9000000001:12ab56", "9000000001:123", "9000000001:123456789", "12345:123456",
     "+12025550143:123456"],
)
def test_malformed_test_numbers_are_refused(raw: str) -> None:
    with pytest.raises(SettingsError, match="OTP_TEST_NUMBERS"):
        parse_test_numbers(raw)


@pytest.mark.parametrize("length", ["4", "6", "8"])
def test_otp_length_4_to_8_is_accepted(tmp_path: Path, length: str) -> None:
    assert Settings.from_env(env(tmp_path, OTP_LENGTH=length)).otp_length == int(length)


@pytest.mark.parametrize("length", ["3", "9", "six"])
def test_otp_length_outside_4_to_8_is_refused(tmp_path: Path, length: str) -> None:
    with pytest.raises(SettingsError, match="OTP_LENGTH"):
        Settings.from_env(env(tmp_path, OTP_LENGTH=length))


def test_otp_length_defaults_to_6(tmp_path: Path) -> None:
    assert Settings.from_env(env(tmp_path)).otp_length == 6


@pytest.mark.parametrize("name", ["JWT_SECRET", "OTP_PEPPER"])
@pytest.mark.parametrize("value", ["", "short", "x" * 31])
def test_production_refuses_a_missing_or_short_secret(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(env(tmp_path, NODE_ENV="production", **{name: value}))
    assert not any(tmp_path.iterdir())  # nothing was generated in its place


def test_production_accepts_secrets_of_32_bytes(tmp_path: Path) -> None:
    settings = Settings.from_env(env(tmp_path, NODE_ENV="production", JWT_SECRET="j" * 32, OTP_PEPPER="q" * 32))
    assert settings.is_production
    assert (settings.jwt_secret, settings.otp_pepper) == ("j" * 32, "q" * 32)


def test_secret_length_counts_bytes_not_characters(tmp_path: Path) -> None:
    eight_chars_of_four_bytes = "\U0001f512" * 8  # 32 bytes in UTF-8
    settings = Settings.from_env(env(tmp_path, NODE_ENV="production", JWT_SECRET=eight_chars_of_four_bytes))
    assert settings.jwt_secret == eight_chars_of_four_bytes


def test_development_generates_a_secret_once_and_keeps_it_in_the_data_dir(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    environ = {"DATA_DIR": str(tmp_path / "data")}
    with caplog.at_level(logging.WARNING, logger="rozgar.settings"):
        first = Settings.from_env(environ)
    assert len(first.jwt_secret.encode()) >= 32 and len(first.otp_pepper.encode()) >= 32
    assert first.jwt_secret != first.otp_pepper
    assert "JWT_SECRET" in caplog.text
    again = Settings.from_env(environ)
    assert (again.jwt_secret, again.otp_pepper) == (first.jwt_secret, first.otp_pepper)
    stored = tmp_path / "data" / ".jwt_secret"
    assert stored.read_text().strip() == first.jwt_secret
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert first.jwt_secret not in caplog.text


def test_development_generates_a_different_secret_for_another_data_dir(tmp_path: Path) -> None:
    one = Settings.from_env({"DATA_DIR": str(tmp_path / "one")})
    two = Settings.from_env({"DATA_DIR": str(tmp_path / "two")})
    assert one.jwt_secret != two.jwt_secret


def test_development_accepts_a_short_secret_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="rozgar.settings"):
        settings = Settings.from_env(env(tmp_path, JWT_SECRET="dev-secret-16-bytes"))
    assert settings.jwt_secret == "dev-secret-16-bytes"
    assert "JWT_SECRET" in caplog.text


@pytest.mark.parametrize("name", ["JWT_SECRET", "OTP_PEPPER"])
def test_even_development_refuses_a_secret_under_16_bytes(tmp_path: Path, name: str) -> None:
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(env(tmp_path, **{name: "dev"}))


def test_without_configuration_the_defaults_are_sqlite_console_sms_and_no_redis(tmp_path: Path) -> None:
    settings = Settings.from_env({"DATA_DIR": str(tmp_path)})
    assert settings.uses_sqlite and settings.effective_database_url.endswith("rozgar360.sqlite3")
    assert (settings.redis_url, settings.sms_provider, settings.env) == (None, "console", "development")


def test_every_pepper_the_settings_accept_is_one_the_auth_policy_accepts(tmp_path: Path) -> None:
    try:
        settings = Settings.from_env(env(tmp_path, OTP_PEPPER="dev-pepper"))
    except SettingsError:
        return  # refused at start: as good as accepted and usable
    assert build_auth_policy(settings).pepper == b"dev-pepper"
