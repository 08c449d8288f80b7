"""Settings read from the environment (names follow the product spec's .env list)."""
from __future__ import annotations

import logging
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rozgar_core.errors import InvalidInput
from rozgar_core.model import Phone

log = logging.getLogger("rozgar.settings")

MIN_SECRET_BYTES = 32
MIN_DEVELOPMENT_SECRET_BYTES = 16
_DURATION = re.compile(r"^\s*(\d+)\s*(ms|s|m|h|d)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}


class SettingsError(ValueError):
    """A setting is missing or malformed: the app refuses to start."""


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    port: int = 3000
    data_dir: Path = Path("data")
    database_url: str = ""
    database_pool_min: int = 2
    database_pool_max: int = 10
    # PostgreSQL cancels a statement after this long (0: never), so a stuck query cannot hold a request.
    database_statement_timeout_ms: int = 5000
    redis_url: str | None = None
    redis_key_prefix: str = "rozgar:"
    jwt_secret: str = ""
    jwt_access_ttl_seconds: int = 900
    jwt_refresh_ttl_seconds: int = 30 * 86400
    jwt_issuer: str = "rozgar360"
    jwt_audience: str = "rozgar360-app"
    otp_length: int = 6
    otp_pepper: str = ""
    otp_test_numbers: Mapping[str, str] = field(default_factory=dict)
    sms_provider: str = "console"
    sms_timeout_seconds: float = 5.0
    msg91_auth_key: str | None = None
    msg91_sender_id: str | None = None
    msg91_template_id: str | None = None
    msg91_base_url: str = "https://control.msg91.com"
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_phone_number: str | None = None
    twilio_base_url: str = "https://api.twilio.com"
    storage: str = "local"
    storage_timeout_seconds: float = 5.0
    public_base_url: str = "http://localhost:3000"
    aws_access_key_id: str | None = None
    aws_secret_access_key: str | None = None
    aws_s3_bucket: str | None = None
    aws_region: str = "ap-south-1"
    aws_s3_endpoint_url: str | None = None
    aws_s3_public_base_url: str | None = None
    google_maps_api_key: str | None = None
    sendgrid_api_key: str | None = None
    sendgrid_from_email: str = "noreply@rozgar360.com"
    sendgrid_base_url: str = "https://api.sendgrid.com"
    rate_limit_window_ms: int = 900_000
    rate_limit_max_requests: int = 100
    trusted_proxy_count: int = 0
    cors_origins: tuple[str, ...] = ()
    sentry_dsn: str | None = None
    web_concurrency: int | None = None
    rate_limit_user_max_requests: int = 600
    metrics_token: str | None = None
    log_format: str = "auto"
    log_level: str = "INFO"
    hsts: bool = False
    graceful_timeout_seconds: int = 30

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'rozgar360.sqlite3').resolve()}"

    @property
    def uses_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        env = dict(os.environ if environ is None else environ)
        return _read(env)


def parse_duration(raw: str, name: str) -> int:
    """`900`, `900s`, `15m`, `2h`, `30d` -> seconds."""
    match = _DURATION.match(raw)
    if not match:
        raise SettingsError(f"{name} must be a duration like 900, 15m, 2h or 30d, not {raw!r}")
    seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2) or "s"]
    if seconds < 1:
        raise SettingsError(f"{name} must be at least one second")
    return int(seconds)


def parse_test_numbers(raw: str) -> dict[str, str]:
    """`9000000001:123456,9000000002:654321` -> {"+919000000001": "123456", ...}."""
    numbers: dict[str, str] = {}
    for entry in filter(None, (part.strip() for part in raw.split(","))):
        phone, sep, code = entry.partition(":")
        if not sep or not code.strip().isdigit() or not 4 <= len(code.strip()) <= 8:
            raise SettingsError("OTP_TEST_NUMBERS entries must look like 9000000001:123456")
        try:
            numbers[Phone.parse(phone).e164] = code.strip()
        except InvalidInput:
            raise SettingsError(f"OTP_TEST_NUMBERS has an invalid phone ending {phone[-4:]}") from None
    return numbers


def _int(env: dict[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, not {raw!r}") from None
    if not low <= value <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, not {value}")
    return value


def _opt(env: dict[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


def _read(env: dict[str, str]) -> Settings:
    app_env = (env.get("NODE_ENV") or env.get("APP_ENV") or "development").strip().lower()
    data_dir = Path(env.get("DATA_DIR", "data")).expanduser()
    port = _int(env, "PORT", 3000, 1, 65535)
    pool_min = _int(env, "DATABASE_POOL_MIN", 2, 0, 1000)
    pool_max = _int(env, "DATABASE_POOL_MAX", 10, 1, 1000)
    if pool_min > pool_max:
        raise SettingsError("DATABASE_POOL_MIN cannot exceed DATABASE_POOL_MAX")
    production = app_env == "production"
    return Settings(
        env=app_env,
        port=port,
        data_dir=data_dir,
        database_url=env.get("DATABASE_URL", "").strip(),
        database_pool_min=pool_min,
        database_pool_max=pool_max,
        database_statement_timeout_ms=_int(env, "DATABASE_STATEMENT_TIMEOUT_MS", 5000, 0, 3_600_000),
        redis_url=_opt(env, "REDIS_URL"),
        redis_key_prefix=env.get("REDIS_KEY_PREFIX", "rozgar:"),
        jwt_secret=_secret(env, "JWT_SECRET", data_dir, production),
        jwt_access_ttl_seconds=parse_duration(env.get("JWT_ACCESS_EXPIRY", "15m"), "JWT_ACCESS_EXPIRY"),
        jwt_refresh_ttl_seconds=parse_duration(env.get("JWT_REFRESH_EXPIRY", "30d"), "JWT_REFRESH_EXPIRY"),
        jwt_issuer=env.get("JWT_ISSUER", "rozgar360"),
        jwt_audience=env.get("JWT_AUDIENCE", "rozgar360-app"),
        otp_length=_int(env, "OTP_LENGTH", 6, 4, 8),
        otp_pepper=_secret(env, "OTP_PEPPER", data_dir, production),
        otp_test_numbers=parse_test_numbers(env.get("OTP_TEST_NUMBERS", "")),
        sms_provider=_choice(env, "SMS_PROVIDER", "console", {"console", "msg91", "twilio"}),
        sms_timeout_seconds=float(_int(env, "SMS_TIMEOUT_SECONDS", 5, 1, 60)),
        msg91_auth_key=_opt(env, "MSG91_AUTH_KEY"),
        msg91_sender_id=_opt(env, "MSG91_SENDER_ID"),
        msg91_template_id=_opt(env, "MSG91_TEMPLATE_ID"),
        msg91_base_url=env.get("MSG91_BASE_URL", "https://control.msg91.com"),
        twilio_account_sid=_opt(env, "TWILIO_ACCOUNT_SID"),
        twilio_auth_token=_opt(env, "TWILIO_AUTH_TOKEN"),
        twilio_phone_number=_opt(env, "TWILIO_PHONE_NUMBER"),
        twilio_base_url=env.get("TWILIO_BASE_URL", "https://api.twilio.com"),
        storage=_choice(env, "STORAGE", "local", {"local", "s3"}),
        storage_timeout_seconds=float(_int(env, "STORAGE_TIMEOUT_SECONDS", 5, 1, 60)),
        public_base_url=env.get("PUBLIC_BASE_URL", f"http://localhost:{port}").rstrip("/"),
        aws_access_key_id=_opt(env, "AWS_ACCESS_KEY_ID"),
        aws_secret_access_key=_opt(env, "AWS_SECRET_ACCESS_KEY"),
        aws_s3_bucket=_opt(env, "AWS_S3_BUCKET"),
        aws_region=env.get("AWS_REGION", "ap-south-1"),
        aws_s3_endpoint_url=_opt(env, "AWS_S3_ENDPOINT_URL"),
        aws_s3_public_base_url=_opt(env, "AWS_S3_PUBLIC_BASE_URL"),
        google_maps_api_key=_opt(env, "GOOGLE_MAPS_API_KEY"),
        sendgrid_api_key=_opt(env, "SENDGRID_API_KEY"),
        sendgrid_from_email=env.get("SENDGRID_FROM_EMAIL", "noreply@rozgar360.com"),
        sendgrid_base_url=env.get("SENDGRID_BASE_URL", "https://api.sendgrid.com"),
        rate_limit_window_ms=_int(env, "RATE_LIMIT_WINDOW_MS", 900_000, 1000, 86_400_000),
        rate_limit_max_requests=_int(env, "RATE_LIMIT_MAX_REQUESTS", 100, 1, 1_000_000),
        trusted_proxy_count=_int(env, "TRUSTED_PROXY_COUNT", 0, 0, 10),
        cors_origins=tuple(o.strip() for o in env.get("CORS_ORIGIN", "").split(",") if o.strip()),
        sentry_dsn=_opt(env, "SENTRY_DSN"),
        web_concurrency=_int(env, "WEB_CONCURRENCY", 0, 0, 64) or None,
        rate_limit_user_max_requests=_int(env, "RATE_LIMIT_USER_MAX_REQUESTS", 600, 1, 1_000_000),
        metrics_token=_opt(env, "METRICS_TOKEN"),
        log_format=_choice(env, "LOG_FORMAT", "auto", {"auto", "json", "text"}),
        log_level=_choice(env, "LOG_LEVEL", "info", {"debug", "info", "warning", "error", "critical"}).upper(),
        hsts=_bool(env, "HSTS_ENABLED", production),
        graceful_timeout_seconds=_int(env, "GRACEFUL_TIMEOUT", 30, 1, 600),
    )


def _bool(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name} must be true or false, not {raw!r}")


def _choice(env: dict[str, str], name: str, default: str, allowed: set[str]) -> str:
    value = env.get(name, default).strip().lower() or default
    if value not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(sorted(allowed))}, not {value!r}")
    return value


def _secret(env: dict[str, str], name: str, data_dir: Path, production: bool) -> str:
    value = env.get(name, "")
    if len(value.encode()) >= MIN_SECRET_BYTES:
        return value
    if production:
        raise SettingsError(f"{name} must be set to at least {MIN_SECRET_BYTES} bytes in production")
    if value:
        if len(value.encode()) < MIN_DEVELOPMENT_SECRET_BYTES:
            raise SettingsError(f"{name} must be at least {MIN_DEVELOPMENT_SECRET_BYTES} bytes (32 in production)")
        log.warning("%s is shorter than %d bytes; acceptable only for development", name, MIN_SECRET_BYTES)
        return value
    return _development_secret(name, data_dir)


def _development_secret(name: str, data_dir: Path) -> str:
    """Generated once and kept in the data directory, so restarts do not log everyone out."""
    path = data_dir / f".{name.lower()}"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process generated it first: use theirs
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    log.warning("%s is not set: generated a development value in %s", name, path)
    return value
