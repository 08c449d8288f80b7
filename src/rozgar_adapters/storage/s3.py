"""FileStorage on Amazon S3 or any S3-compatible service (MinIO, DigitalOcean Spaces, R2, ...)."""
from __future__ import annotations

import logging
import threading
from typing import Any

import boto3  # type: ignore[import-untyped]
from botocore.config import Config  # type: ignore[import-untyped]
from botocore.exceptions import BotoCoreError, ClientError  # type: ignore[import-untyped]

from rozgar_core.errors import DependencyUnavailable
from rozgar_core.ports.media import StoredFile, validate_object_key

logger = logging.getLogger(__name__)

# Keys are random and never rewritten, so an object may be cached for good.
CACHE_CONTROL = "public, max-age=31536000, immutable"
_MISSING_CODES = {"NoSuchKey", "404", "NotFound"}


class S3FileStorage:
    """Objects in one bucket. Without credentials, boto3's default chain (instance role, ...) applies.

    `public_base_url` (a CDN or the bucket's website) is where clients fetch objects; without it URLs
    are virtual-hosted S3 URLs, or `<endpoint_url>/<bucket>/<key>` for an S3-compatible endpoint."""

    def __init__(
        self,
        bucket: str,
        region: str,
        *,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        endpoint_url: str | None = None,
        public_base_url: str | None = None,
        client: Any | None = None,
        timeout: float = 5,
    ) -> None:
        self.bucket = bucket
        self.region = region
        self._access_key_id = access_key_id
        self._secret_access_key = secret_access_key
        self._endpoint_url = endpoint_url.rstrip("/") if endpoint_url else None
        self._public_base_url = public_base_url.rstrip("/") if public_base_url else None
        self._timeout = timeout
        self._client = client
        self._client_lock = threading.Lock()

    def save(self, key: str, data: bytes, content_type: str) -> None:
        validate_object_key(key)
        self._call(
            "put_object",
            key,
            Bucket=self.bucket,
            Key=key,
            Body=data,
            ContentType=content_type,
            CacheControl=CACHE_CONTROL,
        )

    def delete(self, key: str) -> None:
        validate_object_key(key)
        self._call("delete_object", key, Bucket=self.bucket, Key=key)

    def read(self, key: str) -> StoredFile | None:
        validate_object_key(key)
        try:
            response = self._client_or_build().get_object(Bucket=self.bucket, Key=key)
            with response["Body"] as body:
                data = body.read()
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING_CODES:
                return None
            raise _unavailable("get_object", key, error) from None
        except BotoCoreError as error:
            raise _unavailable("get_object", key, error) from None
        return StoredFile(data, response.get("ContentType") or "application/octet-stream")

    def url_for(self, key: str) -> str:
        validate_object_key(key)
        if self._public_base_url:
            return f"{self._public_base_url}/{key}"
        if self._endpoint_url:
            return f"{self._endpoint_url}/{self.bucket}/{key}"
        return f"https://{self.bucket}.s3.{self.region}.amazonaws.com/{key}"

    def _call(self, operation: str, key: str, **arguments: Any) -> Any:
        try:
            return getattr(self._client_or_build(), operation)(**arguments)
        except (BotoCoreError, ClientError) as error:
            raise _unavailable(operation, key, error) from None

    def _client_or_build(self) -> Any:
        with self._client_lock:
            if self._client is None:
                self._client = self._build_client()
            return self._client

    def _build_client(self) -> Any:
        config = Config(
            connect_timeout=self._timeout,
            read_timeout=self._timeout,
            # Two attempts in all: an upload waits at most about twice the timeout before its 503.
            retries={"total_max_attempts": 2, "mode": "standard"},
            # S3-compatible servers are usually addressed by path, not by a bucket subdomain.
            s3={"addressing_style": "path" if self._endpoint_url else "auto"},
        )
        try:
            session = boto3.session.Session(
                aws_access_key_id=self._access_key_id,
                aws_secret_access_key=self._secret_access_key,
                region_name=self.region,
            )
            return session.client("s3", endpoint_url=self._endpoint_url, config=config)
        except BotoCoreError as error:
            raise _unavailable("create a client for", self.bucket, error) from None


def _unavailable(operation: str, key: str, error: Exception) -> DependencyUnavailable:
    logger.error("S3 %s failed for %s: %s", operation, key, error)
    return DependencyUnavailable("File storage is temporarily unavailable")
