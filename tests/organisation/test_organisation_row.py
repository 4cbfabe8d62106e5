"""The Organisation row is read once per request, however many parts of the page show it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from tests import factories

pytestmark = pytest.mark.django_db

def _organisation_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if '"organisation_organisation"' in q["sql"]]

def test_who_we_are_reads_the_organisation_once(client):
    """A page with the key figures shares the header's Organisation row: one query, not two."""
    factories.make_organisation()
    page = factories.make_published_page(shows_key_figures=True)
    assert len(_organisation_queries(client, page.get_absolute_url())) == 1


def test_home_reads_the_organisation_once(client):
    """The home page's name, figures and JSON-LD come from the same single read."""
    factories.make_organisation()
    with override("fr"):
        url = reverse("home")
    assert len(_organisation_queries(client, url)) == 1


def test_person_page_reads_the_organisation_once(client):
    """The person's JSON-LD employer is the header's Organisation row, read once."""
    factories.make_organisation()
    person = factories.make_person()
    assert len(_organisation_queries(client, person.get_absolute_url())) == 1


def test_release_page_reads_the_organisation_once(client):
    """The release's JSON-LD publisher is the header's Organisation row, read once."""
    factories.make_organisation()
    release = factories.make_published_release()
    assert len(_organisation_queries(client, release.get_absolute_url())) == 1
