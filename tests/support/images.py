"""Builders of picture uploads for tests: real files made with Pillow, and hostile ones made by hand."""
from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image, ImageCms
from PIL.PngImagePlugin import PngInfo

GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP_PACKET = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
SECRET_TEXT = "home-address-secret"


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def noise(size: tuple[int, int], mode: str = "RGB", seed: int = 7) -> Image.Image:
    """Random pixels: they do not compress, so file sizes stay realistic."""
    bands = len(mode)
    data = random.Random(seed).randbytes(size[0] * size[1] * bands)
    return Image.frombytes(mode, size, data)


def gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = SECRET_TEXT  # Software
    if orientation is not None:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (12.0, 58.0, 17.0)
    gps[3], gps[4] = "E", (77.0, 35.0, 40.0)
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg_with_metadata(size: tuple[int, int] = (120, 80), orientation: int | None = None) -> bytes:
    """A JPEG carrying EXIF with GPS tags, XMP, a comment and an ICC profile."""
    return encode(
        noise(size),
        "JPEG",
        exif=gps_exif(orientation),
        xmp=XMP_PACKET,
        comment=SECRET_TEXT.encode(),
        icc_profile=srgb_profile(),
    )


def half_red_jpeg(size: tuple[int, int], orientation: int) -> bytes:
    """Left half red, right half blue, as stored; the EXIF orientation says how to display it."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    return encode(image, "JPEG", exif=exif, quality=95)


def png_with_text_chunks(size: tuple[int, int] = (64, 64)) -> bytes:
    info = PngInfo()
    info.add_text("Comment", SECRET_TEXT)
    info.add_text("Location", SECRET_TEXT, zip=True)
    info.add_itxt("XML:com.adobe.xmp", XMP_PACKET.decode())
    return encode(noise(size), "PNG", pnginfo=info, exif=gps_exif())


def transparent(size: tuple[int, int] = (80, 60)) -> Image.Image:
    """Fully transparent, with an opaque green left quarter."""
    image = Image.new("RGBA", size, (255, 0, 0, 0))
    image.paste((0, 255, 0, 255), (0, 0, size[0] // 4, size[1]))
    return image


def palette_png_with_transparency() -> bytes:
    image = Image.new("P", (40, 40), 0)
    image.putpalette([255, 255, 255, 200, 0, 0] + [0] * (256 * 3 - 6))
    image.paste(1, (0, 0, 20, 40))
    return encode(image, "PNG", transparency=0)


def gif() -> bytes:
    return encode(noise((50, 50)).convert("P"), "GIF")


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: int(len(data) * keep)]


def png_bomb(width: int, height: int, *, valid_data: bool = True) -> bytes:
    """A 1-bit PNG declaring width x height pixels in a small file (all zero rows compress ~1000:1).

    With `valid_data=False` the image data is garbage: only the header is believable."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # bit depth 1, greyscale
    if valid_data:
        compressor = zlib.compressobj(9)
        row = bytes(1 + (width + 7) // 8)  # filter byte + packed bits
        idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    else:
        idat = b"\x00" * 64
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")


def _chunk(kind: bytes, body: bytes) -> bytes:
    checksum = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", checksum)
