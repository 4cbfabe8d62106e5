import io

import pytest
from django.core.exceptions import ValidationError

from core.images import ImageUploadField, validate_image
from tests.images import image_bytes, upload


@pytest.fixture(scope="module")
def bomb_png():
    """A 20000×20000 1-bit PNG: 48 kB on disk, 400 megapixels once decoded."""
    return image_bytes("PNG", size=(20000, 20000), mode="1")


def _code(content, name="photo.jpg"):
    with pytest.raises(ValidationError) as info:
        validate_image(io.BytesIO(content))
    return info.value.code


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_allowed_formats_pass(fmt):
    """JPEG, PNG and WebP images pass and their Pillow format is returned."""
    assert validate_image(io.BytesIO(image_bytes(fmt))) == fmt


def test_non_image_bytes_are_refused():
    """Bytes that are not an image get the `not_an_image` error."""
    assert _code(b"%PDF-1.4 definitely not a picture") == "not_an_image"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_formats_outside_the_allow_list_are_refused(fmt):
    """Real GIF, BMP and TIFF images get the `unsupported_format` error."""
    assert _code(image_bytes(fmt)) == "unsupported_format"


def test_image_with_too_many_pixels_is_refused():
    """An image above the 40-megapixel limit (but not a bomb) gets `too_many_pixels`."""
    assert _code(image_bytes("PNG", size=(8000, 5100), mode="1")) == "too_many_pixels"


def test_decompression_bomb_is_refused(bomb_png):
    """A PNG declaring 400 megapixels gets the `decompression_bomb` error, never decoded."""
    assert _code(bomb_png) == "decompression_bomb"


def test_bomb_between_pillow_warning_and_error_is_refused():
    """An image past Pillow's warning threshold (but below its hard error) is a bomb too."""
    assert _code(image_bytes("PNG", size=(10000, 9000), mode="1")) == "decompression_bomb"


def test_truncated_image_is_refused():
    """A JPEG cut in half gets the `damaged` error."""
    content = image_bytes("JPEG", size=(400, 300))
    assert _code(content[: len(content) // 2]) == "damaged"


@pytest.mark.django_db
def test_truncated_image_is_refused_after_a_pdf_was_made():
    """Making a release's PDF (WeasyPrint changes a process-wide Pillow setting when it is
    imported) leaves damaged uploads refused in the same process."""
    from newsroom.press_pdf import release_pdf
    from tests.factories import make_published_release

    pdf = release_pdf(make_published_release(), "en", contacts=[], organisation_name="IOM",
                      page_url="http://testserver/")
    assert pdf.startswith(b"%PDF")
    content = image_bytes("JPEG", size=(400, 300))
    assert _code(content[: len(content) // 2]) == "damaged"


def test_upload_field_names_the_file_by_its_content():
    """A PNG uploaded as `photo.jpg` is stored with a `.png` extension and PNG content type."""
    cleaned = ImageUploadField().clean(upload(image_bytes("PNG"), name="photo.jpg"))
    assert cleaned.name == "photo.png"
    assert cleaned.content_type == "image/png"
