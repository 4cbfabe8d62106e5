"""Release images: refused when bad, with a clear message; resized once when saved."""

import io
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import ExifTags, Image

from core.images import MAX_FILE_SIZE
from core.media_storage import private_storage
from newsroom.models import NewsRelease
from tests.factories import make_published_release
from tests.html import elements
from tests.images import image_bytes, upload
from tests.newsroom.admin_post import release_post_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:newsroom_newsrelease_add")


def post_image(client, content, name="photo.jpg", content_type="image/jpeg", credit="IOM"):
    data = release_post_data(image=upload(content, name, content_type), image_credit=credit)
    return client.post(ADD, data)


def image_errors(response):
    return response.context["adminform"].form.errors.get("image", [])


def release_with_image(size=(1600, 900), fmt="JPEG", mode="RGB"):
    release = make_published_release(image_credit="IOM")
    release.image.save(f"photo.{fmt.lower()}", ContentFile(image_bytes(fmt, size, mode)))
    return release


def media_files(settings):
    """The files of the media folder and of the private one beside it (a release's original:
    core.media_storage)."""
    roots = [settings.MEDIA_ROOT, private_storage().location]
    return sorted(
        os.path.join(folder, name)
        for root in roots for folder, _dirs, names in os.walk(root) for name in names
    )


def test_non_image_is_refused_with_a_message(admin_client):
    """A PDF renamed .jpg gets a form error saying it is not an image; nothing is saved."""
    response = post_image(admin_client, b"%PDF-1.4 not a picture")
    assert "This file is not an image." in " ".join(image_errors(response))
    assert not NewsRelease.objects.exists()


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF"])
def test_unsupported_format_is_refused(admin_client, fmt):
    """GIF, BMP and TIFF images are refused, naming the format."""
    response = post_image(admin_client, image_bytes(fmt), name=f"photo.{fmt.lower()}")
    assert f"{fmt} images are not accepted" in " ".join(image_errors(response))
    assert not NewsRelease.objects.exists()


def test_decompression_bomb_is_refused(admin_client):
    """A small PNG claiming 400 megapixels is refused as a decompression bomb."""
    bomb = image_bytes("PNG", size=(20000, 20000), mode="1")
    response = post_image(admin_client, bomb, name="bomb.png", content_type="image/png")
    assert "decompression bomb" in " ".join(image_errors(response))
    assert not NewsRelease.objects.exists()


def test_oversize_file_is_refused(admin_client):
    """A file above the size limit is refused with its size and the limit."""
    content = image_bytes("PNG") + b"\0" * MAX_FILE_SIZE
    response = post_image(admin_client, content, name="big.png", content_type="image/png")
    assert "too large" in " ".join(image_errors(response))
    assert not NewsRelease.objects.exists()


def test_image_without_credit_line_is_refused_with_a_message(admin_client):
    response = post_image(admin_client, image_bytes(), credit="  ")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image_credit"] == [
        "An image needs a credit line (who took or owns it)."
    ]
    assert not NewsRelease.objects.exists()


def test_uploaded_image_gets_an_unguessable_name(admin_client):
    """The stored name is random hex, not the uploader's file name."""
    post_image(admin_client, image_bytes("JPEG", (900, 600)), name="secret-embargo.jpg")
    name = NewsRelease.objects.get().image.name
    assert "secret" not in name
    assert len(os.path.basename(name).split(".")[0]) == 32


def test_uploaded_image_gets_webp_and_jpeg_renditions(admin_client):
    """Saving through the admin makes 480/800/1200 wide copies, in WebP and in JPEG."""
    post_image(admin_client, image_bytes("JPEG", (1600, 900)))
    release = NewsRelease.objects.get()
    made = sorted((r.width, r.format) for r in release.image_renditions())
    assert made == [(w, f) for w in (480, 800, 1200) for f in ("jpg", "webp")]


def test_renditions_really_are_in_their_format(settings):
    """Each rendition file opens in Pillow with the format and width it is listed with."""
    release = release_with_image()
    storage = default_storage
    for item in release.renditions["items"]:
        with storage.open(item["name"]) as handle, Image.open(handle) as image:
            assert (image.format, image.width) == (
                {"webp": "WEBP", "jpg": "JPEG"}[item["format"]], item["width"]
            )


def test_small_image_is_not_enlarged():
    """A 600-pixel-wide image gets a 480 copy and a 600 one, never a blown-up 1200."""
    release = release_with_image(size=(600, 400))
    assert sorted({r.width for r in release.image_renditions()}) == [480, 600]


def test_renditions_are_upright_as_the_camera_meant():
    """A photo stored on its side with an EXIF turn (as phones do) gets upright renditions."""
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # turn 90° clockwise to show
    Image.new("RGB", (900, 600), "#336699").save(buffer, "JPEG", exif=exif)
    release = make_published_release(image_credit="IOM")
    release.image.save("phone.jpg", ContentFile(buffer.getvalue()))
    sizes = {(item["width"], item["height"]) for item in release.renditions["items"]}
    assert sizes == {(480, 720), (600, 900)}


def test_small_image_leaves_no_rendition_behind(settings, django_capture_on_commit_callbacks):
    """Every file a small image's renditions made goes when the image is cleared."""
    release = release_with_image(size=(600, 400))
    assert len(media_files(settings)) == 5
    with django_capture_on_commit_callbacks(execute=True):
        release.image = ""
        release.save()
    assert media_files(settings) == []


def test_transparent_png_keeps_transparency_in_its_fallback():
    """A transparent PNG's fallback copies are PNG, not JPEG, so transparency survives."""
    release = release_with_image(size=(900, 600), fmt="PNG", mode="RGBA")
    assert {r.format for r in release.image_renditions()} == {"webp", "png"}


def test_saving_again_does_no_image_work(settings, django_assert_num_queries):
    """Editing a release's text after its image was resized is reading the row it replaces
    (which columns changed decides what to purge), its UPDATE and the two writes of the purge
    (core.content_cache), and writes no file."""
    release = release_with_image()
    before = {path: os.path.getmtime(path) for path in media_files(settings)}
    release.title_en = "New title"
    with django_assert_num_queries(4) as queries:
        release.save()
    assert "core_cachetagversion" in queries.captured_queries[2]["sql"]
    assert "core_cachetagversion" in queries.captured_queries[3]["sql"]
    assert {path: os.path.getmtime(path) for path in media_files(settings)} == before


def test_listing_renditions_costs_no_query(django_assert_num_queries):
    """Reading the renditions of a loaded release touches neither the database nor the files."""
    release = NewsRelease.objects.get(pk=release_with_image().pk)
    with django_assert_num_queries(0):
        assert len(release.image_renditions()) == 6
        assert release.image_picture().fallback_url.endswith(".jpg")


def test_picture_gives_srcsets_per_format():
    """image_picture() lists the WebP and fallback sizes as srcset strings."""
    picture = release_with_image().image_picture()
    assert picture.webp_srcset.count(".webp ") == 3
    assert picture.fallback_srcset.endswith("1200w")
    assert (picture.width, picture.height) == (800, 450)


def test_replacing_the_image_replaces_its_renditions():
    """A new image gets its own renditions; the old ones are no longer listed."""
    release = release_with_image()
    old = {r.url for r in release.image_renditions()}
    release.image.save("other.png", ContentFile(image_bytes("PNG", (1000, 1000))))
    new = {r.url for r in release.image_renditions()}
    assert new and not (new & old)


def test_release_without_image_has_no_renditions():
    """No image, no renditions, no picture."""
    release = make_published_release()
    assert (release.image_renditions(), release.image_picture()) == ([], None)


def test_change_form_shows_the_thumbnail(admin_client):
    """The change form shows the smallest rendition with the alt text."""
    release = release_with_image()
    release.image_alt_en = "Delegates in Geneva"
    release.save()
    html = admin_client.get(
        reverse("admin:newsroom_newsrelease_change", args=[release.pk])
    ).content.decode()
    smallest = release.image_renditions()[0].url
    assert elements(html, "img", src=smallest, alt="Delegates in Geneva")
