"""Renditions: smaller copies of an uploaded image in web formats, made with Pillow and written
to the public media storage (the media folder or the S3 bucket), whichever storage holds the
image itself: an original kept out of reach (a release's, in the private storage:
core.media_storage) still has public renditions for its pages.

A rendition's name follows from its image's name, its width and its format,
`<image name>.<width>x0_q82.<format>` (the scheme the renditions already in storage were written
under), so an image's renditions are deleted with it without any record of them.
"""

from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

WIDTHS = (480, 800, 1200)
QUALITY = 82
# WebP for browsers that take it (all current ones) and JPEG as the <img> fallback; PNG instead of
# JPEG for an image with transparency, which JPEG cannot keep (WebP can).
PILLOW_FORMATS = {"webp": "WEBP", "jpg": "JPEG", "png": "PNG"}
SAVE_OPTIONS = {
    "webp": {"quality": QUALITY},
    "jpg": {"quality": QUALITY, "optimize": True, "progressive": True},
    "png": {"optimize": True},
}


def rendition_name(name, width, extension):
    return f"{name}.{width}x0_q{QUALITY}.{extension}"


def make_renditions(fieldfile):
    """Write the renditions of the image in `fieldfile`; return their descriptions (name,
    width, height, format), smallest first.

    An image is never enlarged: the first width at or above its own gives a copy of its own
    width, and larger widths are left out.
    """
    with fieldfile.open("rb"), Image.open(fieldfile) as source:
        # Upright as the camera meant it (phones store the turn in EXIF, not in the pixels).
        image = ImageOps.exif_transpose(source)
    transparent = image.has_transparency_data
    image = image.convert("RGBA" if transparent else "RGB")
    made = []
    for width in WIDTHS:
        copy = image
        if width < image.width:
            height = max(1, round(image.height * width / image.width))
            copy = image.resize((width, height), Image.Resampling.LANCZOS)
        for extension in ("webp", "png" if transparent else "jpg"):
            name = rendition_name(fieldfile.name, width, extension)
            made.append(_write(default_storage, name, copy, extension))
        if width >= image.width:
            break
    return sorted(made, key=lambda item: (item["width"], item["format"]))


def _write(storage, name, image, extension):
    content = BytesIO()
    image.save(content, PILLOW_FORMATS[extension], **SAVE_OPTIONS[extension])
    # A copy left under this name (a clean-up that failed) would make the storage pick another.
    storage.delete(name)
    saved = storage.save(name, ContentFile(content.getvalue()))
    return {"name": saved, "width": image.width, "height": image.height, "format": extension}


def delete_renditions(name):
    """Delete from the media storage every rendition the image `name` may have (a name never
    written is no error to delete)."""
    for width in WIDTHS:
        for extension in PILLOW_FORMATS:
            default_storage.delete(rendition_name(name, width, extension))
