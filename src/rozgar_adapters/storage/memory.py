"""FileStorage in a dict: for tests, demos and single-process development."""
from __future__ import annotations

import threading

from rozgar_core.ports.media import StoredFile, validate_object_key


class MemoryFileStorage:
    """Objects live in this process; `url_for` points at the app's `/media/` route like local disk."""

    def __init__(self, base_url: str = "") -> None:
        self._base_url = base_url.rstrip("/")
        self._files: dict[str, StoredFile] = {}
        self._lock = threading.Lock()

    def save(self, key: str, data: bytes, content_type: str) -> None:
        stored = StoredFile(bytes(data), content_type)
        with self._lock:
            self._files[validate_object_key(key)] = stored

    def delete(self, key: str) -> None:
        with self._lock:
            self._files.pop(validate_object_key(key), None)

    def read(self, key: str) -> StoredFile | None:
        with self._lock:
            return self._files.get(validate_object_key(key))

    def url_for(self, key: str) -> str:
        return f"{self._base_url}/media/{validate_object_key(key)}"

    def keys(self) -> list[str]:
        """Every stored key, sorted (lets tests check that replaced pictures were deleted)."""
        with self._lock:
            return sorted(self._files)
