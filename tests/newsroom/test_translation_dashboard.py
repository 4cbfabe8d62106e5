"""The translators' dashboard (/admin/translations/) shows only what the person may view."""

import csv
import io
import re

import pytest
from django.urls import reverse

from organisation.models import Page
from tests.factories import make_draft_release, make_staff_user
from tests.html import all_text, element, elements, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

URL = "/admin/translations/"


@pytest.fixture
def untranslated():
    """A draft release and a page, each written in English only."""
    make_draft_release(title_en="Draft about the secret plan", title_fr="", title_es="")
    Page.objects.create(title_en="Institutional page", slug_en="inst", body_en="<p>x</p>")


def dashboard(client, *permissions):
    client.force_login(make_staff_user(*permissions))
    return client.get(URL)


def test_staff_without_permissions_get_no_draft_titles(client, untranslated):
    """Staff who may view neither releases nor pages are refused, and see no title."""
    response = dashboard(client)
    assert response.status_code == 403
    assert "secret plan" not in all_text(response)


def test_release_viewers_see_release_titles_only(client, untranslated):
    """With newsroom.view_newsrelease only: the draft's title, and no page."""
    response = dashboard(client, "newsroom.view_newsrelease")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft about the secret plan" in text_of(html)
    assert "Institutional page" not in all_text(html)


def test_page_viewers_see_page_titles_only(client, untranslated):
    """With organisation.view_page only: the page, and no release title."""
    response = dashboard(client, "organisation.view_page")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Institutional page" in text_of(html)
    assert "secret plan" not in all_text(html)


def test_release_editors_see_release_titles(client, untranslated):
    """Change permission lets one view in the admin, and so on the dashboard too."""
    html = dashboard(client, "newsroom.change_newsrelease").content.decode()
    assert "Draft about the secret plan" in text_of(html)


def test_admin_index_has_no_dashboard_link_for_staff_without_permissions(client):
    """Staff who could not open the dashboard are not offered its link."""
    client.force_login(make_staff_user())
    response = client.get(reverse("admin:index"))
    assert element(response, "div", id="content")
    assert reverse("translation_report") not in all_text(response)


def test_csv_export_lists_only_what_the_person_may_view(client, untranslated):
    client.force_login(make_staff_user("organisation.view_page"))
    response = client.get(URL, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert text.splitlines()[0].startswith("language,status,since,kind")
    assert "Institutional page" in text and "secret plan" not in text


def test_csv_export_neutralises_spreadsheet_formulas(admin_client):
    """A title a translator typed as a formula reaches the spreadsheet as text."""
    Page.objects.create(title_en='=HYPERLINK("http://evil.example","x")', slug_en="f",
                        body_en="<p>x</p>")
    text = admin_client.get(URL, {"format": "csv"}).content.decode()
    titles = [row["title"] for row in csv.DictReader(io.StringIO(text))]
    assert """'=HYPERLINK("http://evil.example","x")""" in titles
    assert not any(title.startswith("=") for title in titles)


def test_filters_narrow_the_list_and_the_counts(admin_client, untranslated):
    html = admin_client.get(URL, {"language": "es", "kind": "page"}).content.decode()
    assert "Institutional page" in text_of(html) and "secret plan" not in all_text(html)
    assert [heading.attrs["id"] for heading in elements(html, "h2", id=re.compile("^counts-"))] == [
        "counts-es"
    ]
    html = admin_client.get(URL, {"status": "stale"}).content.decode()
    assert element(html, "h2", id="waiting")
    assert "Institutional page" not in all_text(html)  # missing, not stale
    # An unknown value is ignored, never a 500.
    assert admin_client.get(URL, {"language": "xx", "kind": "nope"}).status_code == 200


def test_items_longest_waiting_come_first(admin_client):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() - timedelta(days=3)):
        make_draft_release(title_en="Waiting three days", title_fr="")
    make_draft_release(title_en="Waiting since now", title_fr="")
    html = admin_client.get(URL, {"language": "fr"}).content.decode()
    assert html.index("Waiting three days") < html.index("Waiting since now")
