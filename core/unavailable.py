"""The database down or hanging: a short "temporarily unavailable" page (503), never a 500.

PostgreSQL refusing connections, not answering within the connect timeout, or cancelling a
statement at the statement timeout (settings.py) all reach the site as Django's
`OperationalError` or `InterfaceError` (Django wraps psycopg's errors, its timeouts included).
Visitors then get a static page in the language of the address, with `503` and `Retry-After`,
rendered from a template that needs nothing from the database (no base layout, whose header
reads the organisation and the menu; no context processors). Pages already in the anonymous
page cache are served before any of this (core.page_cache runs first and needs no
database). Nothing has to be restarted when the database returns: Django checks a kept
connection before reusing it and opens a new one when it is gone.

The failure is logged once a minute per process, not once per request: an outage otherwise
floods the log with a traceback for every visitor.
"""

import logging
import sys
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Long enough for a restart or a fail-over, short enough that nobody gives up.
RETRY_AFTER_SECONDS = 30
LOG_INTERVAL_SECONDS = 60
_last_logged = None


def _log(error):
    global _last_logged
    now = time.monotonic()
    if _last_logged is not None and now - _last_logged < LOG_INTERVAL_SECONDS:
        return
    _last_logged = now
    logger.error(
        "Database unavailable, answering 503 (logged at most once a minute): %s",
        error,
        exc_info=error,
    )


def unavailable_response(request, error):
    _log(error)
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        content = render_to_string("503.html")
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Content-Language"] = language
    # Neither the page cache, nor a proxy, nor the browser may keep this answer.
    response["Cache-Control"] = "no-store"
    # Logged by _log above; django.request would otherwise log every single request.
    response._has_been_logged = True
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database failure in a view (or its template) into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable_response(request, exception)
        return None


def server_error(request):
    """The project's 500 handler: a database failure raised outside any view (in a middleware,
    e.g. saving the session) also answers 503; anything else is Django's 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return unavailable_response(request, error)
    return defaults.server_error(request)
