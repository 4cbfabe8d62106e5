"""Media on object storage: with the default storage on a local S3 server (moto), uploads and
renditions go to the bucket, pages point at the bucket, and replaced or deleted images leave
it once the change commits."""

import json
import os
import subprocess
import sys
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from newsroom.models import NewsRelease
from tests.admin_forms import change_url, opened_form
from tests.factories import make_person, make_published_release
from tests.html import attribute_values
from tests.images import image_bytes, upload
from tests.newsroom.admin_post import release_post_data
from tests.s3 import BUCKET

pytestmark = pytest.mark.django_db


def release_with_image():
    release = make_published_release(image_credit="IOM")
    release.image.save("photo.jpg", ContentFile(image_bytes("JPEG", (1600, 900))))
    return release


def files_of(release):
    """The keys of the release's original (in the private storage's prefix) and renditions."""
    return sorted([
        f"private/{release.image.name}", *(item["name"] for item in release.renditions["items"])
    ])


def local_media(settings):
    root = settings.MEDIA_ROOT
    return [name for _folder, _dirs, names in os.walk(root) for name in names]


def test_image_uploaded_in_the_admin_goes_to_the_bucket(
    admin_client, s3_media, settings, django_capture_on_commit_callbacks
):
    """A release image posted through the admin form is stored in the bucket, not on disk."""
    data = release_post_data(image=upload(image_bytes("JPEG", (1600, 900))), image_credit="IOM")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:newsroom_newsrelease_add"), data)
    assert response.status_code == 302
    release = NewsRelease.objects.get()
    assert f"private/{release.image.name}" in s3_media.keys()
    assert local_media(settings) == []


def test_renditions_are_written_to_the_bucket(s3_media):
    """The image's six renditions are objects in the bucket; the original is under the private
    storage's prefix."""
    release = release_with_image()
    assert len(release.renditions["items"]) == 6
    assert s3_media.keys() == files_of(release)


def test_original_is_written_private(s3_media):
    """The original is stored with a private ACL (only the owner may read it), and its address
    is signed: the bucket's public policy leaves `private/` out (README)."""
    release = release_with_image()
    acl = s3_media.client.get_object_acl(Bucket=BUCKET, Key=f"private/{release.image.name}")
    assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
    assert "Signature=" in release.image.url or "X-Amz-Signature=" in release.image.url


def test_public_page_serves_images_from_the_bucket(client, s3_media):
    """The release page's image URLs are the bucket's, and each answers with the image."""
    release = release_with_image()
    response = client.get(release.get_absolute_url())
    urls = set(attribute_values(response, "src"))
    for srcset in attribute_values(response, "srcset"):
        urls |= {candidate.split()[0] for candidate in srcset.split(", ")}
    bucket_urls = {url for url in urls if url.startswith(f"{s3_media.endpoint}/{BUCKET}/")}
    expected = {f"{s3_media.endpoint}/{BUCKET}/{name}" for name in files_of(release)}
    assert bucket_urls and bucket_urls <= expected
    for url in bucket_urls:
        with urllib.request.urlopen(url, timeout=10) as answer:
            assert answer.status == 200
            assert answer.read(4) in (b"\xff\xd8\xff\xe0", b"RIFF")


def test_image_replaced_in_the_admin_leaves_the_bucket_after_commit(
    admin_client, s3_media, django_capture_on_commit_callbacks
):
    """A new image in the change form deletes the old image and renditions from the bucket
    when the save commits, not before."""
    release = release_with_image()
    old = files_of(release)
    data = opened_form(admin_client, release)
    data["image"] = upload(image_bytes("JPEG", (900, 600)), "new.jpg")
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(change_url(release), data)
    assert response.status_code == 302
    assert set(old) <= set(s3_media.keys())
    for callback in callbacks:
        callback()
    release.refresh_from_db()
    assert s3_media.keys() == files_of(release)


def test_deleted_release_leaves_the_bucket(s3_media, django_capture_on_commit_callbacks):
    """Deleting a release deletes its image and renditions from the bucket."""
    release = release_with_image()
    with django_capture_on_commit_callbacks(execute=True):
        release.delete()
    assert s3_media.keys() == []


def test_rolled_back_replacement_deletes_nothing_in_the_bucket(
    s3_media, django_capture_on_commit_callbacks
):
    """A replacement rolled back keeps the old image and renditions in the bucket."""
    release = release_with_image()
    old = files_of(release)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            release.image.save("other.jpg", ContentFile(image_bytes("JPEG", (900, 600))))
            raise RuntimeError("the save fails after the image was written")
    assert set(old) <= set(s3_media.keys())


def test_another_objects_file_stays_in_the_bucket(s3_media, django_capture_on_commit_callbacks):
    """Replacing one release's image keeps the file a second release names, and deleting a
    person touches neither."""
    first = release_with_image()
    shared = files_of(first)
    make_published_release(image=first.image.name)
    person = make_person()
    person.photo.save("face.jpg", ContentFile(image_bytes("JPEG", (480, 600))))
    with django_capture_on_commit_callbacks(execute=True):
        first.image.save("other.jpg", ContentFile(image_bytes("JPEG", (900, 600))))
        person.delete()
    keys = s3_media.keys()
    assert set(shared) <= set(keys)
    assert person.photo.name not in keys and f"private/{person.photo.name}" not in keys


def test_storage_failure_after_commit_never_fails_the_save(
    settings, s3_server, django_capture_on_commit_callbacks, caplog
):
    """With the bucket unreachable when the old file is to be deleted, the save stands and the
    file's name is logged for the operator."""
    release = release_with_image()
    old = release.image.name
    unreachable = s3_server.storage()
    unreachable["OPTIONS"].update(endpoint_url="http://127.0.0.1:9", bucket_name=BUCKET)
    with django_capture_on_commit_callbacks() as callbacks:
        release.image = ""
        release.save()
    settings.STORAGES = {**settings.STORAGES, "default": unreachable}
    for callback in callbacks:
        callback()
    assert NewsRelease.objects.get(pk=release.pk).image.name == ""
    assert old in caplog.text


@pytest.fixture(scope="module")
def configured_process(s3_server):
    """A separate process configured only through the environment: it saves a file through
    the default storage and says where it went and what the CSP allows."""
    script = (
        "import json; from django.conf import settings; "
        "from django.core.files.base import ContentFile; "
        "from django.core.files.storage import default_storage as s; "
        "name = s.save('probe/hello.txt', ContentFile(b'hello')); "
        "print(json.dumps({'name': name, 'url': s.url(name), "
        "'img_src': settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
        "'serve_media': settings.SERVE_MEDIA}))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    env.update(s3_server.environ())
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    yield json.loads(result.stdout.strip().splitlines()[-1])
    s3_server.empty()


def test_environment_puts_media_in_the_bucket(configured_process, s3_server):
    """DJANGO_MEDIA_STORAGE=s3 with the bucket's settings stores files in that bucket, at a
    public URL of the bucket, and the app stops serving a media folder."""
    assert configured_process["name"] in s3_server.keys()
    with urllib.request.urlopen(configured_process["url"], timeout=10) as answer:
        assert answer.read() == b"hello"
    assert configured_process["serve_media"] is False


def test_content_security_policy_allows_the_buckets_images(configured_process):
    """The CSP's img-src names the origin the bucket's URLs come from."""
    parts = urlsplit(configured_process["url"])
    assert f"{parts.scheme}://{parts.netloc}" in configured_process["img_src"]


def test_s3_without_a_bucket_is_refused_clearly():
    """DJANGO_MEDIA_STORAGE=s3 without a bucket name stops with a message naming the setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "AWS_"))}
    env["DJANGO_MEDIA_STORAGE"] = "s3"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr
