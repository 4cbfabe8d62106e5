"""One gate for uploaded images (people's photos, release images): Pillow decides what a file is.

`validate_image(file)` refuses, each with its own clear message: a file that is not an image,
a format outside the allow-list, an image with too many pixels, a decompression bomb, and a
damaged image. `ImageUploadField` is the form field that applies it, in place of Django's
`forms.ImageField` (whose own check turns every failure, bombs included, into one vague
message before any validator runs).
"""

import os
import warnings

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

# Pillow format name -> (extension stored names get, MIME type): the uploader's name is not
# trusted.
ALLOWED_FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}

# 40 megapixels: more than any camera photo an editor would upload, small enough to decode and
# resize (about 160 MB as RGBA) without starving a 2-core app server.
MAX_PIXELS = 40_000_000

# Pillow warns above this and refuses at twice it; it applies to every image this process opens
# (renditions too), so a file that slipped past the form still cannot exhaust memory.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS * 2

# A well-compressed 40-megapixel photo stays below this; larger files are refused unread.
MAX_FILE_SIZE = 15 * 1024 * 1024


def _open(file):
    file.seek(0)
    return Image.open(file)


def validate_image(file):
    """Check `file` (an upload or any seekable file) with Pillow; return its Pillow format.

    Raises ValidationError with code `too_large`, `not_an_image`, `unsupported_format`,
    `too_many_pixels`, `decompression_bomb` or `damaged`.
    """
    allowed = ", ".join(sorted(ALLOWED_FORMATS))
    size = file.seek(0, os.SEEK_END)
    file.seek(0)
    if size > MAX_FILE_SIZE:
        raise ValidationError(
            _("This file is %(size)s MB, too large. Upload an image of at most %(max)s MB."),
            code="too_large",
            params={"size": round(size / 2**20, 1), "max": MAX_FILE_SIZE // 2**20},
        )
    try:
        # Inside this block Pillow's bomb *warning* is an error too: we never decode one.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = _open(file)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                raise ValidationError(
                    _(
                        "This image claims a huge number of pixels (a “decompression bomb”) "
                        "and was refused. Upload an image of at most %(max)s megapixels."
                    ),
                    code="decompression_bomb",
                    params={"max": MAX_PIXELS // 1_000_000},
                ) from exc
            except Exception as exc:  # Pillow raises many types for "not an image".
                raise ValidationError(
                    _("This file is not an image. Upload a %(formats)s image."),
                    code="not_an_image",
                    params={"formats": allowed},
                ) from exc

            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("%(format)s images are not accepted. Upload a %(formats)s image."),
                    code="unsupported_format",
                    params={"format": image.format, "formats": allowed},
                )
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _(
                        "This image is %(width)s×%(height)s pixels, too large. Upload an image "
                        "of at most %(max)s megapixels."
                    ),
                    code="too_many_pixels",
                    params={"width": width, "height": height, "max": MAX_PIXELS // 1_000_000},
                )
            try:
                # verify() checks the structure, but a truncated JPEG passes it: decode fully
                # too (bounded by MAX_PIXELS), so renditions never fail later.
                image.verify()
                _open(file).load()
            except Exception as exc:
                raise ValidationError(
                    _("This image is damaged or incomplete. Upload it again."),
                    code="damaged",
                ) from exc
    finally:
        file.seek(0)
    return image.format


class ImageUploadField(forms.ImageField):
    """`forms.ImageField` that checks uploads with `validate_image` and names them by content."""

    def to_python(self, data):
        # FileField.to_python (not ImageField's): the Pillow check is ours.
        f = forms.FileField.to_python(self, data)
        if f is None:
            return None
        image_format = validate_image(f)
        # The stored extension follows the content, not the name the uploader gave.
        stem = (f.name or "image").rsplit(".", 1)[0] or "image"
        extension, f.content_type = ALLOWED_FORMATS[image_format]
        f.name = f"{stem}.{extension}"
        return f

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = ",".join(mime for _ext, mime in ALLOWED_FORMATS.values())
        return attrs
