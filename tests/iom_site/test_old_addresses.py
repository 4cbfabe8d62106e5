"""Old addresses of renamed releases, pages, people and units answer 301 to the current one,
in the visitor's language, in one hop; everything that links to an object uses its current
address (core.redirects)."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from newsroom.models import NewsRelease
from organisation.models import Page
from tests import factories
from tests.html import all_text, element, elements

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


# An untranslated slug: one column for every language.
KINDS = {
    "release": (factories.make_published_release, "newsroom:detail"),
    "person": (factories.make_person, "organisation:person"),
    "unit": (factories.make_unit, "organisation:unit"),
}


def address(lang, name, slug):
    with override(lang):
        return reverse(name, kwargs={"slug": slug})


def rename(obj, **columns):
    for column, value in columns.items():
        setattr(obj, column, value)
    obj.save()


def make_page(**fields):
    values = dict(
        title_en="Partnerships", title_fr="Partenariats", title_es="Alianzas",
        slug_en="a-en", slug_fr="a-fr", slug_es="a-es", status=Page.Status.PUBLISHED,
    )
    values.update(fields)
    return Page.objects.create(**values)


def assert_moved(response, location):
    assert response.status_code == 301
    assert response["Location"] == location


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_both_old_addresses_lead_straight_to_the_current_one(client, kind, lang):
    """After two renames, each old address answers 301 to the current one in its language."""
    make, name = KINDS[kind]
    obj = make(slug="first")
    rename(obj, slug="second")
    rename(obj, slug="third")
    for old in ("first", "second"):
        assert_moved(client.get(address(lang, name, old)), address(lang, name, "third"))


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_renaming_back_does_not_loop(client, kind, lang):
    """Renamed and renamed back: the current address answers 200, the other one 301 to it."""
    make, name = KINDS[kind]
    obj = make(slug="first")
    rename(obj, slug="second")
    rename(obj, slug="first")
    assert client.get(address(lang, name, "first")).status_code == 200
    assert_moved(client.get(address(lang, name, "second")), address(lang, name, "first"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_old_slugs_lead_to_the_current_page_in_each_language(client, lang):
    """A page renamed twice in every language: its four old addresses there lead to the third."""
    page = make_page()
    rename(page, slug_en="b-en", slug_fr="b-fr", slug_es="b-es")
    rename(page, slug_en="c-en", slug_fr="c-fr", slug_es="c-es")
    current = address(lang, "organisation:page", f"c-{lang}")
    assert client.get(current).status_code == 200
    for old in (f"a-{lang}", f"b-{lang}"):
        assert_moved(client.get(address(lang, "organisation:page", old)), current)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_page_renamed_back_in_one_language_does_not_loop(client, lang):
    """A page slug renamed and back: that address answers 200, the abandoned one 301 to it."""
    page = make_page()
    rename(page, **{f"slug_{lang}": f"b-{lang}"})
    rename(page, **{f"slug_{lang}": f"a-{lang}"})
    current = address(lang, "organisation:page", f"a-{lang}")
    assert client.get(current).status_code == 200
    assert_moved(client.get(address(lang, "organisation:page", f"b-{lang}")), current)


def test_old_page_slug_of_another_language_leads_to_the_page_in_this_one(client):
    """The page's old English slug under /fr/ answers 301 to its current French address."""
    page = make_page()
    rename(page, slug_en="b-en")
    assert_moved(client.get("/fr/a-en/"), "/fr/a-fr/")


def test_old_page_slug_of_the_visitors_language_wins(client):
    """Two pages once used one slug in different languages: /fr/ follows the French one."""
    french = make_page(slug_fr="shared")
    english = make_page(slug_en="shared", slug_fr="other-fr", slug_es="other-es")
    rename(french, slug_fr="french-now")
    rename(english, slug_en="english-now")
    assert_moved(client.get("/fr/shared/"), "/fr/french-now/")
    assert_moved(client.get("/en/shared/"), "/en/english-now/")


def test_old_address_keeps_the_query_string(client):
    """Tracking parameters of a link sent to journalists survive the redirect."""
    release = factories.make_published_release(slug="first")
    rename(release, slug="second")
    response = client.get("/fr/actualites/first/?utm_source=mail&utm_medium=press")
    assert_moved(response, "/fr/actualites/second/?utm_source=mail&utm_medium=press")


def test_old_slug_of_a_draft_release_answers_404(client):
    """A release renamed then taken back to draft: its old address tells nothing either."""
    release = factories.make_published_release(slug="first")
    rename(release, slug="second", status=NewsRelease.Status.DRAFT)
    assert client.get("/en/news/first/").status_code == 404


def test_old_slug_of_a_scheduled_release_answers_404(client):
    """A release renamed before its public time: the old address does not reveal it early."""
    release = factories.make_scheduled_release(slug="first")
    rename(release, slug="second")
    assert client.get("/en/news/first/").status_code == 404


def test_old_slug_of_a_draft_page_answers_404(client):
    """A page renamed then unpublished: its old address answers 404 in every language."""
    page = make_page()
    rename(page, slug_fr="b-fr", status=Page.Status.DRAFT)
    assert client.get("/fr/a-fr/").status_code == 404


def test_old_slug_of_a_withdrawn_release_leads_to_its_current_address(client):
    """A withdrawn release's old address leads to its current one, which says it is gone."""
    release = factories.make_published_release(slug="first")
    rename(release, slug="second", status=NewsRelease.Status.WITHDRAWN,
           withdrawn_at=timezone.now())
    assert_moved(client.get("/es/noticias/first/"), "/es/noticias/second/")


def test_a_slug_never_used_still_answers_404(client):
    """Only slugs an object really had redirect: any other answers 404."""
    release = factories.make_published_release(slug="first")
    rename(release, slug="second")
    assert client.get("/en/news/FIRST/").status_code == 404
    assert client.get("/en/news/third/").status_code == 404


def test_deleted_object_old_address_answers_404(client):
    """Once a person is deleted, their old address leads nowhere."""
    person = factories.make_person(slug="first")
    rename(person, slug="second")
    person.delete()
    assert client.get("/en/people/first/").status_code == 404


ODD = ["%00", "%E2%80%AE", "%C3%A9t%C3%A9", "a" * 3000, "..%2F..%2Fetc", "-", "first%20"]


@pytest.mark.parametrize(
    "template",
    ["/en/news/{x}/", "/fr/personnes/{x}/", "/es/estructura/{x}/", "/fr/{x}/", "/es/{x}/"],
)
def test_odd_slugs_never_answer_5xx_where_old_slugs_exist(client, template):
    """With old slugs stored for every kind, odd slugs get a 4xx, never a 5xx."""
    for make, _name in KINDS.values():
        rename(make(slug="first"), slug="second")
    make_page(slug_fr="first")
    for odd in ODD:
        status = client.get(template.format(x=odd)).status_code
        assert 400 <= status < 500, (odd, status)


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("kind", KINDS)
def test_renamed_object_costs_no_query_more_at_its_current_address(client, kind):
    """An object renamed twice is shown at its address in as many queries as one never renamed."""
    factories.make_organisation()
    make, name = KINDS[kind]
    renamed = make(slug="first")
    rename(renamed, slug="second")
    rename(renamed, slug="third")
    make(slug="never")
    client.get(address("en", name, "never"))
    assert count_queries(client, address("fr", name, "third")) == count_queries(
        client, address("fr", name, "never")
    )


def test_renamed_page_costs_no_query_more_at_its_current_address(client):
    """A page renamed in French is shown there in as many queries as a page never renamed."""
    factories.make_organisation()
    renamed = make_page()
    rename(renamed, slug_fr="b-fr")
    make_page(slug_en="n-en", slug_fr="n-fr", slug_es="n-es")
    client.get("/fr/n-fr/")
    assert count_queries(client, "/fr/b-fr/") == count_queries(client, "/fr/n-fr/")


# --- Everything that links to an object uses its current address ---------------------------


def test_detail_page_links_use_the_current_address_after_a_rename(client):
    """Canonical, hreflang and the language switcher of a renamed release name its new slug."""
    release = factories.make_published_release(slug="first", title_fr="Titre")
    rename(release, slug="second")
    response = client.get("/fr/actualites/second/")
    html = response.content.decode()
    canonical = element(html, "link", rel="canonical")
    assert canonical.attrs["href"] == "http://testserver/fr/actualites/second/"
    for lang in LANGUAGES:
        current = address(lang, "newsroom:detail", "second")
        assert element(html, "link", rel="alternate", hreflang=lang).attrs["href"] == (
            f"http://testserver{current}"
        )
        assert element(html, "a", hreflang=lang).attrs["href"] == current
    assert "/first/" not in all_text(html)


def test_page_links_use_the_current_slugs_after_a_rename(client):
    """Canonical, hreflang and switcher of a page renamed in Spanish name the new Spanish slug."""
    page = make_page()
    rename(page, slug_es="b-es")
    html = client.get("/en/a-en/").content.decode()
    alternate = element(html, "link", rel="alternate", hreflang="es")
    assert alternate.attrs["href"] == "http://testserver/es/b-es/"
    assert element(html, "a", hreflang="es").attrs["href"] == "/es/b-es/"
    assert "a-es" not in all_text(html)


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feeds_link_to_the_current_address_after_a_rename(client, fmt):
    """A renamed release appears in the feeds at its current address only."""
    release = factories.make_published_release(slug="first")
    rename(release, slug="second")
    with override("fr"):
        url = reverse(f"newsroom:feed_{fmt}")
    body = client.get(url).content.decode()
    assert "/fr/actualites/second/" in body
    assert "/first/" not in body


def test_sitemap_lists_current_addresses_after_renames(client):
    """The sitemap names renamed releases, pages, people and units at their current slugs."""
    for make, _name in KINDS.values():
        rename(make(slug="first"), slug="second")
    rename(make_page(), slug_en="b-en", slug_fr="b-fr", slug_es="b-es")
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    locations = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    sections = "".join(client.get(location).content.decode() for location in locations)
    for lang in LANGUAGES:
        for _make, name in KINDS.values():
            assert f"http://testserver{address(lang, name, 'second')}" in sections
        assert f"http://testserver/{lang}/b-{lang}/" in sections
    assert "/first/" not in sections
    assert "a-en" not in sections


def test_release_list_links_to_the_current_address_after_a_rename(client):
    """The newsroom list links a renamed release at its new slug."""
    release = factories.make_published_release(slug="first")
    rename(release, slug="second")
    html = client.get("/es/noticias/").content.decode()
    assert elements(html, "a", href="/es/noticias/second/")
    assert "/first/" not in all_text(html)


def test_draft_renamed_twice_answers_404_at_every_address(client):
    """A draft renamed twice stays 404 at every address, current and old."""
    release = factories.make_draft_release(slug="first",
                                           published_at=timezone.now() - timedelta(days=1))
    rename(release, slug="second")
    rename(release, slug="third")
    for slug in ("first", "second", "third"):
        assert client.get(f"/en/news/{slug}/").status_code == 404


def test_old_slug_taken_back_by_a_bulk_update_never_redirects_to_itself(client):
    """A withdrawn release's slug written back with QuerySet.update() (no save), so still
    stored as redirecting: its address answers 4xx, never a redirect to itself."""
    release = factories.make_published_release(slug="first")
    rename(release, slug="second")
    NewsRelease.objects.filter(pk=release.pk).update(
        slug="first", status=NewsRelease.Status.WITHDRAWN
    )
    assert client.get("/en/news/first/").status_code in (404, 410)


def test_cached_page_of_the_old_address_is_dropped_by_the_rename(client, settings):
    """With the anonymous page cache on, an address cached as 200 answers 301 once renamed."""
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 600
    person = factories.make_person(slug="first")
    assert client.get("/fr/personnes/first/").status_code == 200
    rename(person, slug="second")
    assert_moved(client.get("/fr/personnes/first/"), "/fr/personnes/second/")
    assert client.get("/fr/personnes/second/").status_code == 200
