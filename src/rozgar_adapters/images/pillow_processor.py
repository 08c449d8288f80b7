"""The ImageProcessor on Pillow: content sniffing, decompression-bomb limits and clean re-encoding.

Output formats: a JPEG (or a camera's multi-picture JPEG, "MPO") becomes an RGB JPEG; a PNG stays a
PNG and a WebP stays a WebP, RGBA when the source has any transparency and RGB otherwise. Only the
pixels are copied into a new image before encoding, so no EXIF, GPS, XMP, comment, text chunk or ICC
profile reaches the output; colours tagged with an ICC profile are first converted to sRGB. Animated
files keep their first frame.
"""
from __future__ import annotations

import io
import struct
import warnings

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from rozgar_core.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from rozgar_core.ports.media import MAX_PICTURE_BYTES, ProcessedPicture

_OUTPUT_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
_CONTENT_TYPE = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_EXTENSION = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Formats Pillow may even try to parse: every other decoder stays out of reach of uploads.
_PARSERS = ("JPEG", "PNG", "WEBP")
# Pillow raises these (and OSError subclasses) for truncated or malformed image data.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, struct.error)
_SRGB = ImageCms.createProfile("sRGB")


class PillowImageProcessor:
    def __init__(
        self,
        max_bytes: int = MAX_PICTURE_BYTES,
        max_pixels: int = 40_000_000,
        max_side: int = 1600,
        thumb_side: int = 256,
        quality: int = 85,
    ) -> None:
        if min(max_bytes, max_pixels, max_side, thumb_side) < 1 or not 1 <= quality <= 100:
            raise ValueError("image limits must be positive and quality within 1..100")
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels
        self.max_side = max_side
        self.thumb_side = thumb_side
        self.quality = quality

    def process(self, data: bytes) -> ProcessedPicture:
        if len(data) > self.max_bytes:
            raise PayloadTooLarge(f"The picture may be at most {_readable_size(self.max_bytes)}")
        with warnings.catch_warnings():
            # Pillow only warns for images between its own limit and twice that; such a file is
            # refused like any other bomb. The filters are process-wide, so the explicit pixel check
            # in _check_pixels is the guard that holds under concurrent requests.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Damaged metadata (EXIF tags pointing past the end, ...) is dropped anyway.
            warnings.simplefilter("ignore", UserWarning)
            source_format, picture = self._decode(data)
        output_format = _OUTPUT_FORMAT[source_format]
        picture.thumbnail((self.max_side, self.max_side), Image.Resampling.LANCZOS)
        thumbnail = picture.copy()
        thumbnail.thumbnail((self.thumb_side, self.thumb_side), Image.Resampling.LANCZOS)
        return ProcessedPicture(
            picture=self._encode(picture, output_format),
            thumbnail=self._encode(thumbnail, output_format),
            content_type=_CONTENT_TYPE[output_format],
            extension=_EXTENSION[output_format],
            width=picture.width,
            height=picture.height,
        )

    def _decode(self, data: bytes) -> tuple[str, Image.Image]:
        """The source format and a metadata-free, upright copy of the first frame's pixels."""
        try:
            image = Image.open(io.BytesIO(data), formats=_PARSERS)
        except UnidentifiedImageError:
            raise UnsupportedMediaType("Only JPEG, PNG and WebP pictures are accepted") from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _too_many_pixels() from None
        except _DECODE_ERRORS:
            raise _corrupt() from None
        with image:
            if image.format not in _OUTPUT_FORMAT:
                raise UnsupportedMediaType("Only JPEG, PNG and WebP pictures are accepted")
            source_format = image.format
            self._check_pixels(image)
            try:
                return source_format, self._clean_copy(image, _OUTPUT_FORMAT[source_format])
            except (Image.DecompressionBombWarning, Image.DecompressionBombError):
                raise _too_many_pixels() from None
            except _DECODE_ERRORS:
                raise _corrupt() from None

    def _check_pixels(self, image: Image.Image) -> None:
        # Image.open has read only the header: this runs before any pixel is decompressed.
        width, height = image.size
        if width < 1 or height < 1:
            raise _corrupt()
        if width * height > self.max_pixels:
            raise _too_many_pixels()

    def _clean_copy(self, image: Image.Image, output_format: str) -> Image.Image:
        icc_profile = image.info.get("icc_profile")
        if image.format == "JPEG":
            # Decode a big JPEG at a reduced scale when that still leaves more pixels than we keep.
            scale = self.max_side / max(image.size)
            if scale < 1:
                image.draft(None, (round(image.width * scale), round(image.height * scale)))
        image.load()
        upright = ImageOps.exif_transpose(image)
        converted = _to_srgb(upright, _target_mode(upright, output_format), icc_profile)
        # A new image holding nothing but the pixels: no info dict, no EXIF, no profile to carry over.
        clean = Image.new(converted.mode, converted.size)
        clean.paste(converted)
        return clean

    def _encode(self, image: Image.Image, output_format: str) -> bytes:
        buffer = io.BytesIO()
        if output_format == "JPEG":
            image.save(buffer, "JPEG", quality=self.quality, optimize=True, progressive=True)
        elif output_format == "WEBP":
            image.save(buffer, "WEBP", quality=self.quality, method=4)
        else:
            image.save(buffer, "PNG", optimize=True)
        return buffer.getvalue()


def _target_mode(image: Image.Image, output_format: str) -> str:
    if output_format != "JPEG" and _has_transparency(image):
        return "RGBA"
    return "RGB"


def _has_transparency(image: Image.Image) -> bool:
    if image.mode in {"RGBA", "LA", "PA", "RGBa", "La"}:
        return True
    return "transparency" in image.info


def _to_srgb(image: Image.Image, mode: str, icc_profile: bytes | None) -> Image.Image:
    """`image` in `mode`, its colours converted from its ICC profile (if any) to sRGB."""
    # CMYK pixels only make sense with their profile, so they go through it before any conversion.
    working = image if image.mode == "CMYK" else image.convert(mode)
    if not icc_profile:
        return working.convert(mode)
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        output_mode = "RGB" if working.mode == "CMYK" else mode
        result = ImageCms.profileToProfile(working, source, _SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        result = None  # a profile that does not fit the pixels is ignored: they are still a picture
    return (result if result is not None else working).convert(mode)


def _readable_size(size: int) -> str:
    megabytes = size / (1024 * 1024)
    return f"{megabytes:g} MB" if megabytes >= 1 else f"{size / 1024:.0f} KB"


def _corrupt() -> InvalidInput:
    return InvalidInput.field("file", "The picture is damaged or incomplete")


def _too_many_pixels() -> InvalidInput:
    return InvalidInput.field("file", "The picture has too many pixels")
