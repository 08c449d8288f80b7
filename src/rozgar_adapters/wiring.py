"""Builders that turn settings into adapters; the container calls them lazily."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from rozgar_adapters.memory.denylist import MemoryTokenDenylist
from rozgar_adapters.memory.rate_limiter import MemoryRateLimiter
from rozgar_adapters.request_gate import CompositeRequestGate
from rozgar_adapters.settings import Settings, SettingsError
from rozgar_adapters.tokens.jwt_codec import JwtAccessTokenCodec
from rozgar_core.ports import (
    Cache,
    Clock,
    FileStorage,
    Geocoder,
    RateLimiter,
    RequestGate,
    SmsSender,
    TokenDenylist,
)
from rozgar_core.ports.activity import EmailSender
from rozgar_core.ports.search import LabourSearch
from rozgar_core.use_cases.auth import AuthPolicy

log = logging.getLogger("rozgar.wiring")


def build_engine(settings: Settings) -> Any:
    from rozgar_adapters.sql.engine import create_engine_from_url

    return create_engine_from_url(
        settings.effective_database_url,
        pool_min=settings.database_pool_min,
        pool_max=settings.database_pool_max,
        statement_timeout_ms=settings.database_statement_timeout_ms or None,
    )


def build_redis_client(settings: Settings) -> Any:
    if not settings.redis_url:
        return None
    from rozgar_adapters.redis.client import make_redis_client

    return make_redis_client(settings.redis_url)


def build_rate_limiter(settings: Settings, redis_client: Any) -> RateLimiter:
    if redis_client is None:
        return MemoryRateLimiter()
    from rozgar_adapters.redis.rate_limiter import RedisRateLimiter

    return RedisRateLimiter(redis_client, prefix=settings.redis_key_prefix)


def build_denylist(settings: Settings, redis_client: Any, clock: Clock) -> TokenDenylist:
    if redis_client is None:
        return MemoryTokenDenylist(clock)
    from rozgar_adapters.redis.denylist import RedisTokenDenylist

    return RedisTokenDenylist(redis_client, clock, prefix=settings.redis_key_prefix)


def build_request_gate(limiter: RateLimiter, denylist: TokenDenylist) -> RequestGate:
    """One round trip on Redis when both live there; otherwise a call to each."""
    from rozgar_adapters.redis.denylist import RedisTokenDenylist
    from rozgar_adapters.redis.rate_limiter import RedisRateLimiter
    from rozgar_adapters.redis.request_gate import RedisRequestGate

    if (
        isinstance(limiter, RedisRateLimiter)
        and isinstance(denylist, RedisTokenDenylist)
        and limiter.client is denylist.client
    ):
        return RedisRequestGate(limiter, denylist)
    return CompositeRequestGate(limiter, denylist)


def build_sms_sender(settings: Settings) -> SmsSender:
    if settings.sms_provider == "msg91":
        from rozgar_adapters.sms.msg91 import Msg91SmsSender

        if not (settings.msg91_auth_key and settings.msg91_template_id):
            raise SettingsError("SMS_PROVIDER=msg91 needs MSG91_AUTH_KEY and MSG91_TEMPLATE_ID")
        return Msg91SmsSender(
            auth_key=settings.msg91_auth_key,
            template_id=settings.msg91_template_id,
            sender_id=settings.msg91_sender_id,
            base_url=settings.msg91_base_url,
            timeout=settings.sms_timeout_seconds,
        )
    if settings.sms_provider == "twilio":
        from rozgar_adapters.sms.twilio import TwilioSmsSender

        if not (settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_phone_number):
            raise SettingsError(
                "SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER"
            )
        return TwilioSmsSender(
            account_sid=settings.twilio_account_sid,
            auth_token=settings.twilio_auth_token,
            from_number=settings.twilio_phone_number,
            base_url=settings.twilio_base_url,
            timeout=settings.sms_timeout_seconds,
        )
    from rozgar_adapters.sms.console import ConsoleSmsSender

    return ConsoleSmsSender()


def build_token_codec(settings: Settings) -> JwtAccessTokenCodec:
    return JwtAccessTokenCodec(
        settings.jwt_secret,
        ttl_seconds=settings.jwt_access_ttl_seconds,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )


def build_auth_policy(settings: Settings) -> AuthPolicy:
    return AuthPolicy(
        pepper=settings.otp_pepper.encode(),
        otp_length=settings.otp_length,
        access_ttl_seconds=settings.jwt_access_ttl_seconds,
        refresh_ttl_seconds=settings.jwt_refresh_ttl_seconds,
        test_numbers=dict(settings.otp_test_numbers),
    )


def build_readiness_checks(engine: Any, redis_client: Any) -> dict[str, Callable[[], bool]]:
    from rozgar_adapters.sql.engine import ping_database

    checks: dict[str, Callable[[], bool]] = {"database": lambda: ping_database(engine)}
    if redis_client is not None:
        checks["redis"] = lambda: _ping_redis(redis_client)
    return checks


def _ping_redis(client: Any) -> bool:
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        log.warning("readiness: Redis does not answer")
        return False


def build_geocoder(settings: Settings) -> Geocoder:
    if settings.google_maps_api_key:
        from rozgar_adapters.geo.google import GoogleGeocoder

        return GoogleGeocoder(settings.google_maps_api_key)
    from rozgar_adapters.geo.offline import OfflinePincodeGeocoder

    return OfflinePincodeGeocoder()


def build_file_storage(settings: Settings) -> FileStorage:
    if settings.storage == "s3":
        from rozgar_adapters.storage.s3 import S3FileStorage

        if not settings.aws_s3_bucket:
            raise SettingsError("STORAGE=s3 needs AWS_S3_BUCKET")
        return S3FileStorage(
            settings.aws_s3_bucket,
            settings.aws_region,
            access_key_id=settings.aws_access_key_id,
            secret_access_key=settings.aws_secret_access_key,
            endpoint_url=settings.aws_s3_endpoint_url,
            public_base_url=settings.aws_s3_public_base_url,
            timeout=settings.storage_timeout_seconds,
        )
    from rozgar_adapters.storage.local import LocalFileStorage

    return LocalFileStorage(settings.data_dir / "media", settings.public_base_url)


def build_cache(settings: Settings, redis_client: Any, clock: Clock) -> Cache:
    if redis_client is None:
        from rozgar_adapters.memory.cache import MemoryCache

        return MemoryCache(clock)
    from rozgar_adapters.redis.cache import RedisCache

    return RedisCache(redis_client, prefix=settings.redis_key_prefix)


def build_labour_search(engine: Any) -> LabourSearch:
    from rozgar_adapters.sql.search import SqlLabourSearch

    return SqlLabourSearch(engine)


def build_email_sender(settings: Settings) -> EmailSender:
    if settings.sendgrid_api_key:
        from rozgar_adapters.email.sendgrid import SendGridEmailSender

        return SendGridEmailSender(
            settings.sendgrid_api_key, settings.sendgrid_from_email, base_url=settings.sendgrid_base_url
        )
    from rozgar_adapters.email.console import ConsoleEmailSender

    return ConsoleEmailSender()
