"""Image files made with Pillow for upload tests: real bytes, made on the fly."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(fmt="JPEG", size=(40, 30), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "#336699" if mode == "RGB" else 0).save(buffer, fmt)
    return buffer.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)
