"""Only kinds, themes and countries that a public release has are offered in the newsroom
list's filters and have feeds; what only drafts or scheduled releases have stays unnamed."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from newsroom import services
from newsroom.models import NewsRelease
from tests.factories import (
    make_draft_release,
    make_published_release,
    make_scheduled_release,
    make_theme,
)
from tests.html import all_text, element, elements

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

LIST = "/en/news/"


def choices(client, name, url=LIST):
    return [value for value, _label in client.get(url).context["form"].fields[name].choices]


def feed_status(client, scope, **kwargs):
    return client.get(reverse(f"newsroom:{scope}_rss", kwargs=kwargs)).status_code


@pytest.fixture
def draft_only():
    """A public story about Switzerland with a public theme, and a draft statement about
    Peru with a theme of its own."""
    make_published_release(kind="story", countries=["CH"]).themes.add(make_theme(slug="public"))
    draft = make_draft_release(kind="statement", countries=["PE"])
    draft.themes.add(make_theme(slug="secret", name_en="Secret plan"))


def test_theme_of_drafts_only_is_not_a_filter(client, draft_only):
    """A theme only drafts have is not in the theme filter; a public release's theme is."""
    assert choices(client, "theme") == ["", "public"]


def test_theme_of_drafts_only_is_not_named_on_the_page(client, draft_only):
    """The draft-only theme's name appears nowhere on the list page."""
    page = client.get(LIST)
    assert elements(element(page, "select", name="theme"), "option", value="public")
    assert "Secret plan" not in all_text(page)


def test_country_of_drafts_only_is_not_a_filter(client, draft_only):
    """The country filter offers the countries public releases name, and no other."""
    assert choices(client, "country") == ["", "CH"]


def test_kind_of_drafts_only_is_not_a_filter(client, draft_only):
    """The kind filter offers the kinds public releases have, and no other."""
    assert choices(client, "kind") == ["", "story"]


@pytest.mark.parametrize(
    "scope, kwargs",
    [
        ("theme_feed", {"slug": "secret"}),
        ("country_feed", {"code": "PE"}),
        ("kind_feed", {"kind": "statement"}),
    ],
)
def test_feed_of_drafts_only_answers_404(client, draft_only, scope, kwargs):
    """A theme, country or kind that only drafts have has no feed."""
    assert feed_status(client, scope, **kwargs) == 404


@pytest.mark.parametrize(
    "scope, kwargs",
    [
        ("theme_feed", {"slug": "public"}),
        ("country_feed", {"code": "ch"}),
        ("kind_feed", {"kind": "story"}),
    ],
)
def test_feed_of_public_facet_answers_200(client, draft_only, scope, kwargs):
    """A theme, country or kind of a public release has its feed."""
    assert feed_status(client, scope, **kwargs) == 200


def test_filter_by_draft_only_theme_is_unknown(client, draft_only):
    """?theme=<draft-only theme> answers 404 like any unknown value, without naming the
    draft's theme or listing any release."""
    response = client.get(LIST, {"theme": "secret"})
    assert response.status_code == 404
    assert element(response, "section", class_="unknown-filters")
    assert "Secret plan" not in all_text(response)


def test_scheduled_release_theme_appears_when_it_goes_public(client):
    """A scheduled release's theme joins the filter and gets its feed at its public time."""
    make_published_release()
    scheduled = make_scheduled_release(published_at=timezone.now() + timedelta(hours=1))
    scheduled.themes.add(make_theme(slug="later"))
    assert "later" not in choices(client, "theme")
    assert feed_status(client, "theme_feed", slug="later") == 404
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert "later" in choices(client, "theme")
        assert feed_status(client, "theme_feed", slug="later") == 200


def test_publishing_a_draft_adds_its_theme(client, draft_only):
    """Once the draft is published its theme is offered at once."""
    assert "secret" not in choices(client, "theme")
    services.publish(NewsRelease.objects.get(themes__slug="secret"))
    assert "secret" in choices(client, "theme")


def test_filters_name_themes_and_countries_in_the_page_language(client):
    """The French list names the public theme and country in French."""
    release = make_published_release(countries=["CH"])
    release.themes.add(make_theme(slug="health", name_en="Health", name_fr="Santé"))
    client.get(LIST)  # the facets are remembered from an English page first
    form = client.get("/fr/actualites/").context["form"]
    assert dict(form.fields["theme"].choices)["health"] == "Santé"
    assert dict(form.fields["country"].choices)["CH"] == "Suisse"
