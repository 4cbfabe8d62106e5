"""Rendered parts kept under cache tags (newsroom.fragments): pages the page cache does not
serve (logged-in editors, cache misses, searches) are put together from parts rendered earlier,
and a change shows at once on every page that showed what changed, never a stale part."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import override

from core.revisions import save_new_version
from newsroom import fragments
from newsroom.models import NewsRelease
from tests.factories import (
    attach_contact,
    make_contact,
    make_organisation,
    make_published_release,
    make_theme,
)
from tests.html import all_text, comments, element, elements, text_of
from tests.i18n import url_in
from tests.images import image_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def detail(release, lang="en"):
    return url_in(lang, "newsroom:detail", slug=release.slug)


def news(lang="en"):
    return url_in(lang, "newsroom:list")


def get(client, url):
    """(page text, number of queries it ran)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.fixture
def newsroom():
    """Five public releases with a theme, a contact and a related release on the first."""
    make_organisation()
    theme = make_theme(name_en="Health and migration")
    releases = [make_published_release(title_en=f"Release number {n}") for n in range(5)]
    for release in releases:
        release.themes.add(theme)
    releases[0].related.add(releases[1])
    attach_contact(releases[0], make_contact(name="Amina Diallo"))
    return releases


def test_a_kept_release_page_runs_only_the_version_reads(client, newsroom):
    first, queries_rendered = get(client, detail(newsroom[0]))
    again, queries_kept = get(client, detail(newsroom[0]))
    assert again == first
    # One query: the versions of the shared tags and of the page's parts, read together.
    assert queries_kept == 1 < queries_rendered


def test_the_same_page_in_every_language_is_kept_apart(client, newsroom):
    release = newsroom[0]
    release.title_fr = "Communiqué numéro 0"
    save_new_version(release)
    for lang, title in (("en", "Release number 0"), ("fr", "Communiqué numéro 0")):
        get(client, detail(release, lang))
        page, _ = get(client, detail(release, lang))
        assert element(page, "h1").text == title
        assert element(page, "html").attrs["lang"] == lang


@pytest.mark.parametrize("who", ["anonymous", "editor"])
def test_a_saved_title_shows_at_once_on_its_page_its_lists_and_where_it_is_related(
    who, client, admin_client, newsroom
):
    browser = admin_client if who == "editor" else client
    release, pointing = newsroom[1], newsroom[0]
    urls = [detail(release), detail(pointing), news(), "/en/"]
    for url in urls:
        get(browser, url)
    release.title_en = "A corrected title"
    save_new_version(release)
    for url in urls:
        page, _ = get(browser, url)
        assert elements(page, text="A corrected title"), url
        assert "Release number 1" not in all_text(page), url


def test_a_related_release_change_renders_again_its_item_not_the_pages_that_show_it(
    client, newsroom
):
    pointing, related = newsroom[0], newsroom[1]
    get(client, detail(pointing))
    _, kept = get(client, detail(pointing))
    related.title_en = "A corrected related title"
    save_new_version(related)
    page, after_save = get(client, detail(pointing))
    assert elements(page, "a", text="A corrected related title")
    assert "Release number 1" not in all_text(page)
    # The page's own parts are kept: one query for the related item, one for the time of the
    # next scheduled publication (read again after any change). Rendering the page again
    # would also read the release, its themes, contacts and related releases.
    assert after_save == kept + 2


def related_titles(page):
    section = element(page, "section", class_="related-releases")
    return [heading.text for heading in elements(section, "h3")]


def test_related_releases_show_the_public_ones_newest_first_at_once(client, newsroom):
    pointing = newsroom[0]
    pointing.related.add(newsroom[3], newsroom[2])
    draft = make_published_release(title_en="Release number 9 draft", status="draft")
    pointing.related.add(draft)
    assert related_titles(get(client, detail(pointing))[0]) == [
        "Release number 1", "Release number 2", "Release number 3"
    ]
    page, _ = get(client, detail(pointing))
    assert element(page, "h1").text == "Release number 0"
    assert "Release number 9 draft" not in all_text(page)
    # A related release moved to the front, one back to draft, the draft published: each
    # shows at once on the kept page.
    newsroom[3].published_at = timezone.now()
    newsroom[3].save()
    newsroom[2].status = NewsRelease.Status.DRAFT
    newsroom[2].save()
    draft.status = NewsRelease.Status.PUBLISHED
    draft.save()
    page, _ = get(client, detail(pointing))
    assert related_titles(page) == [
        "Release number 3", "Release number 1", "Release number 9 draft"
    ]


def test_a_scheduled_related_release_appears_at_its_time(client, newsroom):
    pointing = newsroom[0]
    due = timezone.now() + timedelta(hours=2)
    scheduled = make_published_release(title_en="Due in two hours", published_at=due)
    pointing.related.add(scheduled)
    for _ in range(2):
        page, _ = get(client, detail(pointing))
        assert related_titles(page) == ["Release number 1"]
        assert "Due in two hours" not in all_text(page)
    with time_machine.travel(due + timedelta(seconds=1)):
        page, _ = get(client, detail(pointing))
        assert related_titles(page) == ["Due in two hours", "Release number 1"]


def test_a_page_without_public_related_releases_has_no_related_section(client, newsroom):
    pointing = newsroom[0]
    newsroom[1].status = NewsRelease.Status.DRAFT
    newsroom[1].save()
    for _ in range(2):
        page, _ = get(client, detail(pointing))
        assert element(page, "h1").text == "Release number 0"
        assert not elements(page, "section", class_="related-releases")
        assert not elements(page, id="related-heading")
        assert comments(element(page, "main")) == []


def test_a_theme_contact_or_organisation_change_shows_on_the_kept_parts(client, newsroom):
    release = newsroom[0]
    get(client, detail(release))
    get(client, news())
    theme = release.themes.get()
    theme.name_en = "Health, migration and mobility"
    theme.save()
    contact = release.releasecontact_set.get().contact
    contact.name = "Amina Diallo-Sow"
    contact.save()
    page, _ = get(client, detail(release))
    assert elements(page, "a", text="Health, migration and mobility")
    assert "Amina Diallo-Sow" in text_of(page)
    listed, _ = get(client, news())
    assert len(elements(listed, "a", text="Health, migration and mobility")) == len(newsroom)


def test_a_save_renders_again_only_the_items_it_changed(client, newsroom):
    get(client, news())
    _, kept = get(client, news())
    newsroom[3].title_en = "Only this item changed"
    save_new_version(newsroom[3])
    page, after_save = get(client, news())
    assert elements(page, "a", text="Only this item changed")
    # The count of the list is kept (a text change is not a list change); one query for the
    # item a change dropped, one for its themes, and the time of the next scheduled
    # publication (read again after any change), whatever the number of items kept.
    assert after_save == kept + 3
    _, kept_again = get(client, news())
    assert kept_again == kept


def test_search_results_keep_their_items_and_show_each_search_its_own_words(client, newsroom):
    newsroom[2].title_en = "Cyclone response in Mozambique"
    newsroom[2].lead_en = "Shelter and health care after the cyclone."
    save_new_version(newsroom[2])
    for _ in range(2):
        cyclone, _ = get(client, news() + "?q=cyclone")
        shelter, _ = get(client, news() + "?q=shelter")
    assert element(cyclone, "a", text="Cyclone response in Mozambique")
    assert [mark.text for mark in elements(cyclone, "mark")][:1] == ["Cyclone"]
    assert element(shelter, "p", class_="search-headline").text.startswith(
        "Shelter and health care"
    )
    assert [mark.text for mark in elements(shelter, "mark")] == ["Shelter"]
    # The kept item's place-holders are always filled in.
    assert [text for text in comments(cyclone) + comments(shelter) if "search-" in text] == []


def test_text_looking_like_a_place_holder_stays_text(client, newsroom):
    newsroom[4].title_en = "Odd <!--search-title--> title, R&amp;D"
    newsroom[4].dateline_en = "<!--search-headline-->"
    save_new_version(newsroom[4])
    for _ in range(2):
        page, _ = get(client, news() + "?q=odd")
    # A title is plain text on both databases: nothing in it is dropped or decoded.
    title = element(page, "a", text=re.compile("^Odd "))
    assert title.text == "Odd <!--search-title--> title, R&amp;D"
    assert [mark.text for mark in elements(title, "mark")] == ["Odd"]
    assert "<!--search-headline-->" in element(page, "p", class_="release-meta").text
    assert element(page, "p", class_="search-headline")


def test_a_preview_is_never_kept_as_the_public_page(client, admin_client, newsroom):
    release = newsroom[0]
    preview = url_in("en", "newsroom:preview", pk=release.pk)
    assert "Preview — not public" in text_of(admin_client.get(preview))
    for browser in (client, admin_client):
        page, _ = get(browser, detail(release))
        assert element(page, "h1").text == "Release number 0"
        assert not elements(page, class_="preview-banner")
        assert "Preview — not public" not in all_text(page)
    assert "Preview — not public" in text_of(admin_client.get(preview))


def test_the_original_image_link_ends_with_its_rights_without_a_save(client, newsroom):
    release = newsroom[0]
    release.image_credit = "IOM / A. Photographer"
    release.image_rights_expire_on = timezone.localdate()
    release.image.save("photo.jpg", ContentFile(image_bytes("JPEG", (800, 450))))
    save_new_version(release)
    today, _ = get(client, detail(release))
    assert elements(today, "a", text="Original image in full resolution")
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        tomorrow, _ = get(client, detail(release))
    assert element(tomorrow, "h1").text == "Release number 0"
    assert "Original image in full resolution" not in all_text(tomorrow)


def test_a_part_is_not_kept_when_the_cache_is_off(client, settings, newsroom):
    settings.CONTENT_CACHE_SECONDS = 0
    _, first = get(client, detail(newsroom[0]))
    _, second = get(client, detail(newsroom[0]))
    assert second == first > 2


def test_an_unknown_slug_is_never_kept(client, newsroom):
    for _ in range(2):
        assert client.get(url_in("en", "newsroom:detail", slug="not-a-release")).status_code == 404
    later = make_published_release(slug="not-a-release", title_en="Now it exists")
    page, _ = get(client, detail(later))
    assert element(page, "h1").text == "Now it exists"


def test_place_holders_cannot_come_from_escaped_text():
    from django.utils.html import escape

    assert fragments.SEARCH_TITLE not in escape(fragments.SEARCH_TITLE)
    assert fragments.SEARCH_HEADLINE not in escape(fragments.SEARCH_HEADLINE)


def test_a_search_asked_again_runs_only_version_reads(client, newsroom):
    newsroom[2].title_en = "Cyclone response"
    save_new_version(newsroom[2])
    first, searched = get(client, news() + "?q=cyclone")
    again, kept = get(client, news() + "?q=cyclone")
    assert again == first
    # One query: the versions of the shared tags and of the releases shown, read together.
    # No form, search or template runs.
    assert kept == 1 < searched


def test_a_kept_search_follows_a_change_of_a_release_it_shows(client, newsroom):
    newsroom[2].title_en = "Cyclone response"
    save_new_version(newsroom[2])
    get(client, news() + "?q=cyclone")
    newsroom[2].title_en = "Cyclone relief"
    save_new_version(newsroom[2])
    page, _ = get(client, news() + "?q=cyclone")
    assert element(page, "a", text="Cyclone relief")
    assert [mark.text for mark in elements(element(page, "a", text="Cyclone relief"), "mark")] == [
        "Cyclone"
    ]
    newsroom[2].status = NewsRelease.Status.DRAFT
    save_new_version(newsroom[2])
    page, _ = get(client, news() + "?q=cyclone")
    assert "No release matches these filters." in text_of(page)
    assert "Cyclone relief" not in all_text(page)


def test_kept_filter_choices_follow_the_themes_and_mark_the_choice(client, newsroom):
    get(client, news())
    new_theme = make_theme(name_en="Climate and displacement", slug="climate")
    newsroom[4].themes.add(new_theme)
    page, _ = get(client, news() + "?theme=climate")
    assert element(page, "option", value="climate", selected=True).text == (
        "Climate and displacement"
    )
    new_theme.name_en = "Climate, displacement and mobility"
    new_theme.save()
    page, _ = get(client, news())
    climate = element(page, "option", value="climate")
    assert climate.text == "Climate, displacement and mobility"
    assert len(elements(page, "option")) > 1
    assert not elements(page, "option", selected=True)


def test_kept_list_parts_are_kept_per_query_as_the_view_reads_it(client, newsroom):
    """Junk and repeated parameters reach the same kept parts as the query the view reads;
    an unknown filter still gets its page of help (404), and a search not understood its
    message, kept or not."""
    plain, _ = get(client, news() + "?kind=press-release")
    for url in ("?kind=press-release&utm_source=x", "?kind=story&kind=press-release&page="):
        page, queries = get(client, news() + url)
        assert page == plain
        assert queries == 1
    for _ in range(2):
        response = client.get(news() + "?theme=no-such-theme")
        assert response.status_code == 404
        assert "no release matches “no-such-theme”" in text_of(response)
        odd, _ = get(client, news() + "?q=%26%7C%21")
        assert "The search was not understood and was ignored:" in text_of(odd)


def test_an_editor_browsing_the_list_sees_a_change_at_once(admin_client, newsroom):
    get(admin_client, news())
    newsroom[0].title_en = "Edited while browsing"
    save_new_version(newsroom[0])
    page, _ = get(admin_client, news())
    assert elements(page, "a", text="Edited while browsing")


@pytest.fixture
def varied_releases():
    """Releases that take every branch of a list item: an image (alt text in English only), a
    title, dateline and lead missing in French, an original language other than English,
    themes with characters to escape, no dateline, no lead, markup in every text."""
    make_organisation()
    tricky = make_theme(name_en='Health & "migration" <b>', slug="health-migration")
    plain = make_theme(name_en="Climate", name_fr="Climat")
    spanish_only = make_theme(name_en="", name_es="Solo español", slug="solo", order=0)
    pictured = make_published_release(
        title_en="Nurses <at> a post & more", image_alt_en='Two "nurses"', dateline_en="Dakar",
        kind=NewsRelease.Kind.STORY,
    )
    pictured.image.save("photo.jpg", ContentFile(image_bytes("JPEG", (1600, 900))))
    spanish = make_published_release(
        title_en="", title_es="Comunicado & <prensa>", lead_en="", lead_es="Entrada",
        dateline_en="", dateline_es="Quito", original_language="es",
    )
    bare = make_published_release(
        title_fr="Communiqué", dateline_en="", lead_en="", kind=NewsRelease.Kind.STATEMENT
    )
    pictured.themes.set([tricky, plain])
    spanish.themes.set([plain, spanish_only])
    return [pictured, spanish, bare]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
@pytest.mark.parametrize("variant", sorted(fragments.WRITTEN_VARIANTS))
def test_items_written_in_python_are_the_template_s_to_the_character(
    varied_releases, variant, lang
):
    with override(lang):
        list_url = reverse("newsroom:list")
        releases = fragments.with_urls(
            NewsRelease.objects.filter(pk__in=[r.pk for r in varied_releases])
            .for_listing().prefetch_related(fragments.themes_prefetch())
        )
        options = fragments.ITEM_VARIANTS[variant]
        for release in releases:
            context = {**options, "release": release, "list_url": list_url}
            if options.get("search"):
                context["search_title"] = mark_safe(fragments.SEARCH_TITLE)
                context["search_headline"] = mark_safe(fragments.SEARCH_HEADLINE)
            expected = render_to_string("newsroom/includes/release_item.html", context)
            assert fragments.item_html(release, options, list_url) == expected
            texts = fragments.ItemTexts(list_url)  # shared by a list's items
            assert fragments.item_html(release, options, list_url, texts) == expected
            [listed] = fragments.listed_releases([release.pk], options.get("show_themes"))
            assert fragments.item_html(listed, options, list_url, texts) == expected
