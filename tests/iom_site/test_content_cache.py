"""Values derived from the content stay in the cache until the content changes, and never
outlive the next scheduled release's time (core.content_cache)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import content_cache
from organisation.models import MenuItem
from tests.factories import (
    make_organisation,
    make_published_page,
    make_published_release,
    make_scheduled_release,
    make_theme,
)
from tests.html import attribute_values, element, elements

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, [q["sql"] for q in queries]


def _header_queries(sqls):
    return [sql for sql in sqls if "organisation_organisation" in sql or "menuitem" in sql]


def test_header_is_read_from_the_cache_on_later_requests(client):
    """The organisation and the menu are read once, then come from the cache."""
    make_organisation()
    MenuItem.objects.create(label_en="Structure", target=MenuItem.Target.STRUCTURE)
    _html, first = _queries(client, "/en/structure/")
    html, second = _queries(client, "/en/structure/")
    assert len(_header_queries(first)) == 2
    assert _header_queries(second) == []
    assert elements(html, "a", text="Structure")


def test_saving_a_menu_entry_changes_the_next_page(client):
    """An editor's new menu entry shows on the very next request."""
    make_organisation()
    client.get("/en/structure/")
    MenuItem.objects.create(label_en="Our offices", target=MenuItem.Target.WHERE_WE_WORK)
    assert elements(client.get("/en/structure/"), "a", text="Our offices")


def test_saving_the_organisation_changes_the_next_page(client):
    """A renamed organisation shows in the header at once."""
    organisation = make_organisation(acronym_en="OLD")
    client.get("/en/structure/")
    organisation.acronym_en = "NEW"
    organisation.save()
    assert element(client.get("/en/structure/"), "title").text.endswith("| NEW")


def test_unpublishing_a_menu_page_removes_its_entry(client):
    """A menu page turned back into a draft leaves the cached menu at once."""
    page = make_published_page(title_en="Partnerships")
    MenuItem.objects.create(label_en="Partnerships", page=page)
    assert elements(client.get("/en/structure/"), "a", text="Partnerships")
    page.status = page.Status.DRAFT
    page.save()
    after = client.get("/en/structure/")
    assert elements(after, "h1")
    assert not elements(after, "a", text="Partnerships")
    assert "/en/partnerships/" not in attribute_values(after, "href")


def test_menu_urls_are_cached_per_language(client):
    """The French page's menu links to the French address of a page."""
    page = make_published_page(title_en="Partners", slug_en="partners", slug_fr="partenaires")
    MenuItem.objects.create(label_en="Partners", page=page)
    client.get("/en/structure/")
    assert elements(client.get("/fr/structure/"), "a", href="/fr/partenaires/")


def test_many_to_many_changes_raise_the_change_number():
    """Linking a theme to a release counts as a change of content."""
    release = make_published_release()
    before = content_cache.change_number()
    release.themes.add(make_theme())
    assert content_cache.change_number() > before


def test_bulk_updates_raise_the_change_number():
    """QuerySet.update sends no signal but still counts as a change of content."""
    release = make_published_release()
    before = content_cache.change_number()
    type(release).objects.filter(pk=release.pk).update(title_en="Changed")
    assert content_cache.change_number() > before


def test_lifetime_ends_at_the_next_scheduled_release(settings):
    """A value derived now is kept no later than the next scheduled release's time."""
    settings.CONTENT_CACHE_SECONDS = 600
    make_scheduled_release(published_at=timezone.now() + timedelta(seconds=90))
    assert 85 <= content_cache.lifetime(content_cache.change_number()) <= 90


def test_lifetime_is_the_setting_without_scheduled_releases(settings):
    """Without a scheduled release the lifetime is CONTENT_CACHE_SECONDS."""
    settings.CONTENT_CACHE_SECONDS = 600
    make_published_release()
    assert content_cache.lifetime(content_cache.change_number()) == 600


def test_zero_seconds_turns_the_cache_off(client, settings):
    """CONTENT_CACHE_SECONDS = 0: every request reads the header from the database."""
    settings.CONTENT_CACHE_SECONDS = 0
    make_organisation()
    client.get("/en/structure/")
    _html, second = _queries(client, "/en/structure/")
    assert len(_header_queries(second)) == 2


def test_lifetime_ends_at_the_next_scheduled_page(settings):
    """A scheduled page, not only a release, bounds how long a derived value is kept."""
    settings.CONTENT_CACHE_SECONDS = 600
    make_scheduled_release(published_at=timezone.now() + timedelta(seconds=300))
    make_published_page(published_at=timezone.now() + timedelta(seconds=90))
    assert 85 <= content_cache.lifetime(content_cache.change_number()) <= 90


def test_next_publication_time_is_one_query_whatever_the_models(settings,
                                                               django_assert_num_queries):
    """Finding the next scheduled time of releases and pages takes one query."""
    settings.CONTENT_CACHE_SECONDS = 600
    make_scheduled_release()
    make_published_page(published_at=timezone.now() + timedelta(hours=1))
    current = content_cache.change_number()
    with django_assert_num_queries(1):
        content_cache.lifetime(current)


@pytest.mark.parametrize("left", [("stamp", frozenset(), "old value"), "a string", 42])
def test_an_entry_another_version_of_the_site_kept_is_computed_again(settings, left):
    """After a deploy, an entry of another shape under a kept value's name is a miss, for a
    value remembered alone and for one of many, never an error or the old value."""
    settings.CONTENT_CACHE_SECONDS = 600
    cache.set_many({"content:alone": left, "content:one-of-many": left})
    assert content_cache.remember("alone", lambda: "new") == "new"
    assert content_cache.remember_many(
        ["one-of-many"], lambda missing: {name: "new" for name in missing}
    ) == {"one-of-many": "new"}
    assert content_cache.remember("alone", lambda: "computed again") == "new"  # kept now


def test_a_value_computed_across_a_scheduled_publication_is_not_cached_past_it(settings):
    """The expiry is read before the value is computed: a release that goes public while the
    value is computed is not left out of it for a whole lifetime."""
    settings.CONTENT_CACHE_SECONDS = 600
    make_scheduled_release(published_at=timezone.now() + timedelta(seconds=30))
    with time_machine.travel(timezone.now(), tick=False) as clock:

        def compute_slowly():
            clock.shift(timedelta(seconds=31))  # the publication falls due meanwhile
            return "before the publication"

        content_cache.remember("across", compute_slowly)
        assert content_cache.remember("across", lambda: "after") == "after"
