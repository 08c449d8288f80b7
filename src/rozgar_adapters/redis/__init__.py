"""Redis adapters: the shared rate limiter and access-token denylist, and the client factory."""
from rozgar_adapters.redis.client import make_redis_client
from rozgar_adapters.redis.denylist import RedisTokenDenylist
from rozgar_adapters.redis.rate_limiter import RedisRateLimiter

__all__ = ["RedisRateLimiter", "RedisTokenDenylist", "make_redis_client"]

