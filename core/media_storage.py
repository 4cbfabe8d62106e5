"""Media on an S3-compatible bucket (django-storages with boto3), read from the environment.

Used by the settings when `DJANGO_MEDIA_STORAGE=s3`; imports nothing of Django's that needs
settings. The bucket's URLs go into pages as they are, so they carry no signature: signed URLs
expire, which would break cached pages and feed readers. Objects must therefore be readable
without a key (a public-read bucket policy or a CDN in front, `AWS_S3_CUSTOM_DOMAIN`); their
names are random, so a URL reveals nothing that is not yet public.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


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
