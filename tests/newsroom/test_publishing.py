"""Publishing rules: drafts and scheduled releases stay out of every public page, in every
language, and a scheduled release goes public by itself when its time comes."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from tests.factories import (
    make_draft_release,
    make_published_release,
    make_scheduled_release,
)
from tests.html import all_text, element, elements
from tests.i18n import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

UNPUBLISHED = [make_draft_release, make_scheduled_release]


@pytest.mark.parametrize("make", UNPUBLISHED)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_unpublished_release_is_404(client, make, lang):
    """A draft or scheduled release answers 404 in every language."""
    release = make()
    assert client.get(url_in(lang, "newsroom:detail", slug=release.slug)).status_code == 404


@pytest.mark.parametrize("make", UNPUBLISHED)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_unpublished_release_is_absent_from_the_list(client, make, lang):
    """The list leaves out drafts and scheduled releases."""
    make(title_en="Hidden one", title_fr="Cachée", title_es="Oculta")
    make_published_release(title_en="Public one")
    html = client.get(url_in(lang, "newsroom:list")).content.decode()
    assert elements(html, "a", text="Public one")
    for hidden in ("Hidden one", "Cachée", "Oculta"):
        assert hidden not in all_text(html)


@pytest.mark.parametrize("make", UNPUBLISHED)
def test_unpublished_release_is_absent_from_a_filtered_list(client, make):
    """A filter matching only an unpublished release finds nothing: no public release has
    that kind, so the list answers with its page of help for an unknown filter."""
    make(kind="statement", title_en="Hidden one")
    response = client.get("/en/news/", {"kind": "statement"})
    assert response.status_code == 404
    assert response.context["page"] is None
    assert "Hidden one" not in all_text(response)


@pytest.mark.parametrize("make", UNPUBLISHED)
def test_unpublished_release_is_absent_from_home(client, make):
    """The home page's latest releases leave out drafts and scheduled releases."""
    make(title_en="Hidden one")
    make_published_release(title_en="Public one")
    html = client.get("/en/").content.decode()
    assert elements(html, "a", text="Public one")
    assert "Hidden one" not in all_text(html)


@pytest.mark.parametrize("make", UNPUBLISHED)
def test_unpublished_release_is_absent_from_related_links(client, make):
    """A public release does not link to a related draft or scheduled release."""
    release = make_published_release()
    release.related.add(make(title_en="Hidden one"), make_published_release(title_en="Shown"))
    html = client.get(f"/en/news/{release.slug}/").content.decode()
    assert elements(html, "a", text="Shown")
    assert "Hidden one" not in all_text(html)


def test_draft_is_absent_from_the_year_choices(client):
    """The year filter offers no year that only a draft has."""
    make_draft_release(published_at=datetime(2001, 6, 1, 12, tzinfo=UTC))
    public = make_published_release()
    html = client.get("/en/news/").content.decode()
    year_filter = element(html, "select", name="year")
    years = [option.attrs["value"] for option in elements(year_filter, "option")]
    assert str(timezone.localtime(public.published_at).year) in years
    assert "2001" not in years


def test_scheduled_release_goes_public_by_itself(client):
    """With no write and no job, a scheduled release answers 200 once its time has passed."""
    release = make_scheduled_release(published_at=timezone.now() + timedelta(seconds=1))
    url = f"/en/news/{release.slug}/"
    assert client.get(url).status_code == 404
    with time_machine.travel(release.published_at + timedelta(seconds=0.05)):
        assert client.get(url).status_code == 200
        assert elements(client.get("/en/news/"), "a", text=release.title_en)


def test_release_moved_to_later_goes_private_again(client):
    """Moving a public release's time into the future takes it off the public pages."""
    release = make_published_release()
    release.published_at = timezone.now() + timedelta(hours=1)
    release.save()
    assert client.get(f"/en/news/{release.slug}/").status_code == 404
    listed = client.get("/en/news/")
    assert element(listed, "form", class_="release-filters")
    assert release.title_en not in all_text(listed)
