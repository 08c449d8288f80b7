"""Building the Redis client, and turning Redis failures into the core's DependencyUnavailable."""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from rozgar_core.errors import DependencyUnavailable

logger = logging.getLogger("rozgar.redis")

HEALTH_CHECK_INTERVAL_SECONDS = 30


def make_redis_client(
    url: str, *, socket_timeout: float = 1.0, connect_timeout: float = 1.0
) -> redis.Redis:
    """A pooled client that fails fast. No connection is opened until the first command."""
    return redis.Redis.from_url(
        url,
        socket_timeout=socket_timeout,
        socket_connect_timeout=connect_timeout,
        health_check_interval=HEALTH_CHECK_INTERVAL_SECONDS,
        # One immediate retry on a dropped connection; redis-py's default backs off for seconds,
        # which would hold a web worker long after the request should have failed.
        retry=Retry(NoBackoff(), 1, supported_errors=(redis.exceptions.ConnectionError,)),
    )


@contextmanager
def redis_unavailable_on_error(operation: str) -> Iterator[None]:
    """Fail closed: any Redis error or timeout becomes DependencyUnavailable, details only in the log."""
    try:
        yield
    except (redis.exceptions.RedisError, OSError) as error:
        logger.warning("Redis %s failed: %s: %s", operation, type(error).__name__, error)
        raise DependencyUnavailable() from None
