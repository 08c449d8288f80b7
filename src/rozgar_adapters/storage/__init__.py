"""FileStorage adapters: in memory, local disk (the default) and S3."""
from rozgar_adapters.storage.local import LocalFileStorage
from rozgar_adapters.storage.memory import MemoryFileStorage
from rozgar_adapters.storage.s3 import S3FileStorage

__all__ = ["LocalFileStorage", "MemoryFileStorage", "S3FileStorage"]
