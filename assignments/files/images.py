"""Photos made fit for the record: upright, no larger than a phone needs, without their
metadata, and a thumbnail for lists.

A phone's photo is 4,000 pixels wide and 5 MB, and its EXIF block says where it was taken
and with what. What is kept is re-encoded from the pixels alone: at most
FILES_IMAGE_MAX_SIDE pixels on its longer side (2,560 by default), turned as the camera
said (then the orientation tag is not needed), with no EXIF, GPS or comments. JPEGs are
decoded at a reduced scale straight away (`draft`), so a large photo never sits in memory
at full size. An image of more than IMAGE_MAX_PIXELS is refused before it is decoded: a
small file can declare an image of a billion pixels (a "decompression bomb").
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from assignments.files import checks

#: The largest image decoded (width × height): a 50-megapixel camera's photo.
IMAGE_MAX_PIXELS = 60_000_000
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 85

#: Pillow's name of each accepted image type's format.
_FORMATS = {checks.JPEG: "JPEG", checks.PNG: "PNG", checks.WEBP: "WEBP"}

TOO_MANY_PIXELS = _("The image is too large to open: at most %(limit)s megapixels.")


@dataclass(frozen=True)
class ProcessedImage:
    content: bytes
    thumbnail: bytes


def process(stream: IO[bytes], content_type: str) -> ProcessedImage:
    """The image re-encoded for keeping (same type), and its JPEG thumbnail."""
    stream.seek(0)
    try:
        with Image.open(stream, formats=[_FORMATS[content_type]]) as image:
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise checks.refuse(
                    TOO_MANY_PIXELS % {"limit": IMAGE_MAX_PIXELS // 1_000_000}, "too_many_pixels"
                )
            side = int(settings.FILES_IMAGE_MAX_SIDE)
            if content_type == checks.JPEG:
                image.draft("RGB", (side, side))
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((side, side), Image.Resampling.LANCZOS)
            kept = _encode(upright, content_type)
            small = upright.copy()
            small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
            thumbnail = _encode(small, checks.JPEG)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        raise checks.refuse(checks.DAMAGED, "damaged") from None
    return ProcessedImage(content=kept, thumbnail=thumbnail)


def _encode(image: Image.Image, content_type: str) -> bytes:
    """The pixels alone, in `content_type`: no EXIF, no GPS, no comments."""
    out = io.BytesIO()
    if content_type == checks.JPEG:
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    elif content_type == checks.PNG:
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=JPEG_QUALITY)
    return out.getvalue()
