"""Production settings come from the environment and pass Django's deployment checks."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_DEBUG": "False",
    "DJANGO_SECRET_KEY": "k" * 20 + "a-long-random-value-for-the-test-0123456789",
    "DJANGO_ALLOWED_HOSTS": "www.example.org",
    "DJANGO_HTTPS": "True",
    "DJANGO_TRUSTED_PROXIES": "1",
}


def check_deploy(**overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION)
    env.update(overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )


def test_production_values_pass_the_deploy_check():
    """With production values in the environment, `check --deploy` reports no warning."""
    result = check_deploy()
    assert result.returncode == 0, result.stderr


def test_deploy_check_fails_without_a_secret_key():
    """Forgetting DJANGO_SECRET_KEY fails `check --deploy` instead of shipping the local key."""
    result = check_deploy(DJANGO_SECRET_KEY=None)
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def hsts_header(**overrides):
    """The Strict-Transport-Security header an HTTPS request gets under these settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION)
    env.update(overrides)
    code = (
        "from django.test import Client; "
        "print(Client().get('/robots.txt', secure=True, HTTP_HOST='www.example.org')"
        "['Strict-Transport-Security'])"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_has_no_preload_unless_asked():
    """DJANGO_HTTPS=True alone sends HSTS without `preload`."""
    header = hsts_header()
    assert "max-age=31536000" in header
    assert "preload" not in header


def test_hsts_preload_when_asked():
    """DJANGO_HSTS_PRELOAD=True adds `preload` to HSTS, and the deploy check still passes."""
    assert "preload" in hsts_header(DJANGO_HSTS_PRELOAD="True")
    assert check_deploy(DJANGO_HSTS_PRELOAD="True").returncode == 0


def import_wsgi_application(**overrides):
    """Import the WSGI entry point (what gunicorn loads) under production values."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION)
    env.update(overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "-c", "import iom_site.wsgi"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )


def test_the_site_refuses_to_start_without_a_secret_key():
    """With DEBUG off, the WSGI application will not load on the published development key."""
    result = import_wsgi_application(DJANGO_SECRET_KEY=None)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    published = "django-insecure-local-only-key-set-DJANGO_SECRET_KEY-in-production"
    assert import_wsgi_application(DJANGO_SECRET_KEY=published).returncode != 0
    assert import_wsgi_application(DJANGO_SECRET_KEY="").returncode != 0


def test_the_site_starts_with_a_secret_key_or_with_debug_on():
    assert import_wsgi_application().returncode == 0
    result = import_wsgi_application(DJANGO_SECRET_KEY=None, DJANGO_DEBUG="True")
    assert result.returncode == 0, result.stderr


def test_deploy_check_errors_on_the_development_key():
    """`check --deploy` reports an error, not only Django's warning, on the development key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION, DJANGO_SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "core.E001" in result.stderr


def test_old_keys_still_verify_signed_values():
    """A value signed with the old key still reads after rotation (DJANGO_SECRET_KEY_FALLBACKS)."""
    code = (
        "from django.core import signing; "
        "print(signing.loads(%r))"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION)
    signed = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c",
         "from django.core import signing; print(signing.dumps('journalist link'))"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    ).stdout.strip()
    old_key = PRODUCTION["DJANGO_SECRET_KEY"]
    env.update(DJANGO_SECRET_KEY="n" * 50,
               DJANGO_SECRET_KEY_FALLBACKS=f"{old_key}, another-old-key")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code % signed],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "journalist link"
