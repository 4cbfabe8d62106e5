"""The secret key rule: a site serving with DEBUG off must have a key of its own.

The development key is published with the code, so a site using it lets anyone forge what
`SECRET_KEY` signs (journalist links, confirmation and unsubscribe links, press-file folder
names). The WSGI entry point refuses to load on it and `check --deploy` reports it as an error;
management commands and the local development server still run, so a fresh checkout works.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

DEVELOPMENT_KEY = "django-insecure-local-only-key-set-DJANGO_SECRET_KEY-in-production"

PROBLEM = (
    "DEBUG is off but DJANGO_SECRET_KEY is not set (or is the published development key): "
    "set DJANGO_SECRET_KEY to a long random value, e.g. the output of "
    "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`."
)


def unsafe():
    """True when this process would sign with a key anyone can read."""
    return not settings.DEBUG and settings.SECRET_KEY in {"", DEVELOPMENT_KEY}


def refuse_to_serve():
    """Called by the WSGI entry point before it builds the application."""
    if unsafe():
        raise ImproperlyConfigured(PROBLEM)


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if unsafe():
        return [checks.Error(PROBLEM, id="core.E001")]
    return []
