"""Image processing adapters."""
from rozgar_adapters.images.pillow_processor import PillowImageProcessor

__all__ = ["PillowImageProcessor"]
