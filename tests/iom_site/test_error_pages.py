import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import get_resolver
from django.views.defaults import server_error

from tests.html import element, elements


def test_500_page_renders_without_context_or_database():
    """The 500 page renders from an empty context, touching no database (no db marker)."""
    response = server_error(RequestFactory().get("/en/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert element(html, "h1").text and element(html, "html").attrs["lang"]


@pytest.mark.django_db
def test_404_page_keeps_the_site_layout(client):
    """An unknown URL under /en/ answers 404 with the site's header and a link home."""
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert elements(html, class_="site-header")
    assert elements(html, "a", href="/en/")


def _handle(error):
    """What Django does with an exception raised outside any view: the project's 500 handler,
    called while the exception is being handled."""
    request = RequestFactory().get("/fr/actualites/")
    try:
        raise error
    except Exception:
        return get_resolver().resolve_error_handler(500)(request)


def test_a_database_failure_outside_a_view_answers_503():
    """A database error raised in a middleware (e.g. saving a session) gives the 503 page."""
    response = _handle(OperationalError("connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert element(response, "html").attrs["lang"] == "fr"


def test_any_other_failure_outside_a_view_answers_500():
    """Errors that are not the database's keep Django's 500 page."""
    assert _handle(ValueError("a bug")).status_code == 500
