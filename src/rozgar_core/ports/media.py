"""Ports for uploaded pictures: where files are stored and how an upload becomes a safe picture."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from rozgar_core.errors import InvalidInput

MAX_PICTURE_BYTES = 5 * 1024 * 1024
PICTURE_KEY_PREFIX = "profile-pictures"
MAX_KEY_LENGTH = 512

# One path segment of an object key. It may not start with a dot, which rules out "." and ".."
# and leaves dot-names free for a storage's own bookkeeping (temporary files, sidecars).
_KEY_SEGMENT = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")
_EXTENSION = re.compile(r"[a-z0-9]{1,10}")


@dataclass(frozen=True, slots=True)
class StoredFile:
    data: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class ProcessedPicture:
    """A re-encoded picture free of metadata, with its thumbnail (same format)."""

    picture: bytes
    thumbnail: bytes
    content_type: str
    extension: str
    width: int
    height: int


class FileStorage(Protocol):
    """Named blobs. Every method raises DependencyUnavailable when the backing store fails and
    InvalidInput (field "key") for a key that `validate_object_key` refuses."""

    def save(self, key: str, data: bytes, content_type: str) -> None:
        """Store `data` under `key`, replacing whatever was there."""
        ...

    def delete(self, key: str) -> None:
        """Remove `key`; removing a key that does not exist is not an error."""
        ...

    def read(self, key: str) -> StoredFile | None:
        """The stored file, or None when there is none under `key`."""
        ...

    def url_for(self, key: str) -> str:
        """The public URL a client fetches the object from."""
        ...


class ImageProcessor(Protocol):
    def process(self, data: bytes) -> ProcessedPicture:
        """Check and re-encode an uploaded picture.

        Raises PayloadTooLarge for input over the byte limit, UnsupportedMediaType for anything that
        is not a JPEG, PNG or WebP by its content, and InvalidInput (field "file") for a corrupt image
        or one with too many pixels (a decompression bomb)."""
        ...


def validate_object_key(key: str) -> str:
    """`key` if it is a relative, slash-separated path of plain segments; InvalidInput otherwise.

    Refuses absolute paths, "." and "..", empty segments, backslashes and anything outside
    [A-Za-z0-9._-], so a key is safe as a file path under a root and needs no escaping in a URL."""
    segments = key.split("/")
    if not key or len(key) > MAX_KEY_LENGTH or not all(_KEY_SEGMENT.fullmatch(s) for s in segments):
        raise InvalidInput.field("key", "Invalid storage key")
    return key


def new_picture_keys(user_id: str, token: str, extension: str) -> tuple[str, str]:
    """The keys of a new picture and of its thumbnail; `token` must be fresh randomness.

    Keys are never reused, so stored objects can be cached forever."""
    if not _EXTENSION.fullmatch(extension):
        raise ValueError(f"invalid picture extension: {extension!r}")
    for name, value in (("user_id", user_id), ("token", token)):
        if not _KEY_SEGMENT.fullmatch(value):
            raise ValueError(f"{name} is not a plain key segment: {value!r}")
    base = f"{PICTURE_KEY_PREFIX}/{user_id}/{token}"
    return f"{base}.{extension}", f"{base}-thumb.{extension}"
