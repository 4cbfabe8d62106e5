"""Replaced and deleted images leave storage once the change commits, with their renditions,
unless another object still uses the file. A release's original is in the private storage,
its renditions in the media folder."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from core.media_storage import private_storage
from newsroom.models import NewsRelease
from tests.admin_forms import change_url, opened_form
from tests.factories import make_person, make_published_release
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db


def release_with_image():
    release = make_published_release(image_credit="IOM")
    release.image.save("photo.jpg", ContentFile(image_bytes("JPEG", (1600, 900))))
    return release


def files_of(release):
    """The image's name and its renditions' names."""
    return [release.image.name, *(item["name"] for item in release.renditions["items"])]


RENDITION = re.compile(r"\.\d+x0_q\d+\.\w+$")


def existing(names):
    """Those of `names` in storage: renditions in the media storage, originals in the private
    one (core.media_storage)."""
    return [
        name for name in names
        if (default_storage if RENDITION.search(name) else private_storage()).exists(name)
    ]


def test_replaced_image_and_renditions_are_deleted_after_commit(
    django_capture_on_commit_callbacks,
):
    """A new image leaves the old file and its six renditions in place until the commit, and
    deletes them then."""
    release = release_with_image()
    old = files_of(release)
    assert len(existing(old)) == 7
    with django_capture_on_commit_callbacks() as callbacks:
        release.image.save("other.png", ContentFile(image_bytes("PNG", (1000, 800))))
    assert existing(old) == old
    for callback in callbacks:
        callback()
    assert existing(old) == []
    assert existing(files_of(release)) == files_of(release)


def test_image_replaced_through_the_admin_is_deleted(
    admin_client, django_capture_on_commit_callbacks
):
    """Uploading another image in the change form deletes the old image and renditions."""
    release = release_with_image()
    old = files_of(release)
    data = opened_form(admin_client, release)
    data["image"] = upload(image_bytes("JPEG", (900, 600)), "new.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(change_url(release), data)
    assert response.status_code == 302
    assert existing(old) == []
    release.refresh_from_db()
    assert existing(files_of(release)) == files_of(release)


def test_deleted_release_takes_its_files_along(django_capture_on_commit_callbacks):
    """Deleting a release deletes its image and renditions once the delete commits."""
    release = release_with_image()
    names = files_of(release)
    with django_capture_on_commit_callbacks(execute=True):
        release.delete()
    assert existing(names) == []


def test_renditions_already_in_storage_leave_with_their_image(
    django_capture_on_commit_callbacks,
):
    """Renditions written before (easy-thumbnails named them `<image>.<width>x0_q82.<format>`,
    and wrote every width even for a small image) go with their image too."""
    release = release_with_image()
    earlier = [
        f"{release.image.name}.{width}x0_q82.{extension}"
        for width in (480, 800, 1200) for extension in ("webp", "jpg", "png")
    ]
    for name in earlier:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(b"rendition"))
    assert existing(earlier) == earlier
    with django_capture_on_commit_callbacks(execute=True):
        release.image = ""
        release.save()
    assert existing(earlier) == []


def test_rolled_back_replacement_deletes_nothing(django_capture_on_commit_callbacks):
    """A replacement whose transaction rolls back leaves the old image and renditions."""
    release = release_with_image()
    old = files_of(release)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            release.image.save("other.jpg", ContentFile(image_bytes("JPEG", (900, 600))))
            raise RuntimeError("the save fails after the image was written")
    assert existing(old) == old


def test_file_another_release_uses_is_kept(django_capture_on_commit_callbacks):
    """When a second release names the same file (as an import does), replacing the first
    release's image keeps that file and its renditions."""
    first = release_with_image()
    shared = files_of(first)
    second = make_published_release(image=first.image.name)
    with django_capture_on_commit_callbacks(execute=True):
        first.image.save("other.jpg", ContentFile(image_bytes("JPEG", (900, 600))))
    assert existing(shared) == shared
    assert NewsRelease.objects.get(pk=second.pk).image_picture() is not None


def test_editing_text_deletes_no_file(django_capture_on_commit_callbacks):
    """Saving a release's text again keeps its image and renditions."""
    release = NewsRelease.objects.get(pk=release_with_image().pk)
    names = files_of(release)
    release.title_en = "New title"
    with django_capture_on_commit_callbacks(execute=True):
        release.save()
    assert existing(names) == names


def test_replaced_person_photo_is_deleted(django_capture_on_commit_callbacks):
    """A person's new photo deletes the old photo once saved."""
    person = make_person()
    person.photo.save("face.jpg", ContentFile(image_bytes("JPEG", (480, 600))))
    old = person.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        person.photo.save("face.jpg", ContentFile(image_bytes("JPEG", (480, 600))))
    assert not default_storage.exists(old)
    assert default_storage.exists(person.photo.name)
