"""FileStorage on the local disk; the app serves the files under `/media/`."""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from rozgar_core.errors import DependencyUnavailable, InvalidInput
from rozgar_core.ports.media import StoredFile, validate_object_key

logger = logging.getLogger(__name__)

DEFAULT_CONTENT_TYPE = "application/octet-stream"
# Keys never start with a dot, so neither this directory nor the temporary files can clash with one.
_META_DIR = ".content-types"


class LocalFileStorage:
    """Each object is a file at `root_dir/<key>`; its content type is kept in a small sidecar file
    under `root_dir/.content-types/<key>`. Writes are atomic (temporary file, then rename).

    The sidecar is written before the object, so a reader never sees a new object without its type."""

    def __init__(self, root_dir: str | os.PathLike[str], base_url: str = "") -> None:
        self._root = Path(root_dir).resolve()
        self._base_url = base_url.rstrip("/")

    def save(self, key: str, data: bytes, content_type: str) -> None:
        path, meta_path = self._paths(key)
        try:
            _write_atomically(meta_path, content_type.encode("utf-8"))
            _write_atomically(path, data)
        except OSError as error:
            raise _unavailable("save", key, error) from None

    def delete(self, key: str) -> None:
        path, meta_path = self._paths(key)
        try:
            path.unlink(missing_ok=True)
            meta_path.unlink(missing_ok=True)
        except OSError as error:
            raise _unavailable("delete", key, error) from None

    def read(self, key: str) -> StoredFile | None:
        path, meta_path = self._paths(key)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None
        except OSError as error:
            raise _unavailable("read", key, error) from None
        try:
            content_type = meta_path.read_text("utf-8").strip() or DEFAULT_CONTENT_TYPE
        except (OSError, UnicodeDecodeError):
            content_type = DEFAULT_CONTENT_TYPE
        return StoredFile(data, content_type)

    def url_for(self, key: str) -> str:
        return f"{self._base_url}/media/{validate_object_key(key)}"

    def _paths(self, key: str) -> tuple[Path, Path]:
        """The object's file and its sidecar, both proven to lie inside the root."""
        validate_object_key(key)
        return self._inside(self._root / key), self._inside(self._root / _META_DIR / key)

    def _inside(self, path: Path) -> Path:
        # The key syntax already forbids "..": resolving also catches a symlink leading out.
        resolved = path.resolve()
        if not resolved.is_relative_to(self._root) or resolved == self._root:
            raise InvalidInput.field("key", "Invalid storage key")
        return resolved


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; a front web server may serve these files
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _unavailable(action: str, key: str, error: OSError) -> DependencyUnavailable:
    logger.error("local storage could not %s %s: %s", action, key, error)
    return DependencyUnavailable("File storage is temporarily unavailable")
