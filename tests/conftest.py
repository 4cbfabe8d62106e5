import pytest


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path):
    """Tests render templates without running collectstatic first, write media to a
    temporary folder, and hash passwords quickly."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # Deliberately slow password hashing would dominate the login tests' time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
