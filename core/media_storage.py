"""Media on an S3-compatible bucket (django-storages with boto3), read from the environment;
and the private storage, for files only the app's views hand out.

Used by the settings when `DJANGO_MEDIA_STORAGE=s3`; imports nothing of Django's that needs
settings at import time. The bucket's URLs go into pages as they are, so they carry no
signature: signed URLs expire, which would break cached pages and feed readers. Objects must
therefore be readable without a key (a public-read bucket policy or a CDN in front,
`AWS_S3_CUSTOM_DOMAIN`); their names are random, so a URL reveals nothing that is not yet
public.
"""

import os
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import LazyObject, cached_property, empty


def s3_media_storage(environ):
    """(the `STORAGES["default"]` entry, [origins that serve its files]) from `environ`.

    The origins let the Content-Security-Policy allow the bucket's images and nothing more.
    """
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured(
            "DJANGO_MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (the bucket for uploads)."
        )
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip()
    custom_domain = environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip()
    options = {
        "bucket_name": bucket,
        "querystring_auth": False,
        # As on the local disk: a new upload never replaces another file of the same name.
        "file_overwrite": False,
        # The key and secret are read by django-storages from AWS_ACCESS_KEY_ID and
        # AWS_SECRET_ACCESS_KEY (or the machine's role when they are unset): never copied here.
    }
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ImproperlyConfigured(
                f"AWS_S3_ENDPOINT_URL={endpoint!r} is not an http(s) address."
            )
        options["endpoint_url"] = endpoint
    region = environ.get("AWS_S3_REGION_NAME", "").strip()
    if region:
        options["region_name"] = region
    location = environ.get("AWS_LOCATION", "").strip().strip("/")
    if location:
        options["location"] = location
    if custom_domain:
        options["custom_domain"] = custom_domain
        origin = f"https://{custom_domain.split('/')[0]}"
    elif endpoint:
        # boto3 addresses a bucket on another endpoint by path: <endpoint>/<bucket>/<key>.
        origin = f"{parts.scheme}://{parts.netloc}"
    else:
        origin = f"https://{bucket}.s3.amazonaws.com"
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}, [origin]


# --- The private storage ---------------------------------------------------------------------
#
# Files the public may get only through a view that asks first: a release's original image
# (newsroom.press_views hands it out while the release is public and the image's rights last)
# and its stored PDFs and press kit (newsroom.press_files). Nothing serves this storage as it
# is: neither the app's /media/ nor nginx nor the bucket's public policy.


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder no web server serves: PRIVATE_MEDIA_ROOT, by default beside the media folder
    (`<MEDIA_ROOT>-private`). A file's address is the staff-only view of it
    (core.previews.private_file), for the admin's file widgets."""

    @cached_property
    def base_location(self):
        default = getattr(settings, "PRIVATE_MEDIA_ROOT", "") or f"{settings.MEDIA_ROOT}-private"
        return self._value_or_setting(self._location, default)

    @cached_property
    def location(self):
        return os.path.abspath(self.base_location)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        return reverse("private_media", kwargs={"name": name})


class PrivateStorage(LazyObject):
    """STORAGES["private"], looked up again when the setting changes (as Django's
    `default_storage` is): a field's storage is set once, when its model is built."""

    def _setup(self):
        self._wrapped = storages["private"]


_private = PrivateStorage()


@receiver(setting_changed)
def _private_setting_changed(setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty


def private_storage():
    """The private storage; a callable, for a field's `storage`."""
    return _private


def s3_private_storage(environ):
    """The `STORAGES["private"]` entry on S3: objects written private and read with the key,
    in AWS_PRIVATE_BUCKET_NAME, or else under `private/` in the media bucket, which its public
    policy must then leave out (README)."""
    entry, _origins = s3_media_storage(environ)
    options = dict(entry["OPTIONS"])
    options.pop("custom_domain", None)
    private_bucket = environ.get("AWS_PRIVATE_BUCKET_NAME", "").strip()
    if private_bucket:
        options["bucket_name"] = private_bucket
    else:
        options["location"] = "/".join(filter(None, [options.get("location", ""), "private"]))
    # Signed, expiring addresses for staff (the admin's link to the file); never on a page.
    options.update(default_acl="private", querystring_auth=True)
    return {"BACKEND": entry["BACKEND"], "OPTIONS": options}
