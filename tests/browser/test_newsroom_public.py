"""The public newsroom in a real Chromium: axe-core finds nothing on the list, a release and
the media contacts page, and a visitor can filter, switch language and save a contact card."""

import pytest
from playwright.sync_api import expect

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from tests.browser.conftest import assert_no_axe_violations
from tests.factories import (
    attach_contact,
    make_contact,
    make_office,
    make_organisation,
    make_published_release,
    make_theme,
)
from tests.i18n import url_in
from tests.images import image_bytes, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def newsroom_content():
    make_organisation()
    theme = make_theme(slug="migration-health", name_en="Migration health", name_fr="Santé")
    release = make_published_release(
        title_en="Health checks for arrivals",
        title_fr="Contrôles de santé à l’arrivée",
        dateline_fr="Suisse",
        lead_fr="Le chapeau.",
        body_fr="<h2>Intertitre</h2><p>Corps.</p>",
        original_language="fr",
        countries=["CH"],
        image=upload(image_bytes()),
        image_alt_en="A nurse at a desk",
        image_caption_en="Geneva, 2017.",
        image_credit="IOM",
    )
    release.themes.add(theme)
    attach_contact(release, make_contact(name="Leonard Doyle", office=make_office()))
    untranslated = make_published_release(title_en="Only in English")
    release.related.add(untranslated)
    make_published_release(kind="story", title_en="A story about something else")
    return release


@pytest.mark.parametrize("lang", LANGUAGES)
def test_list_has_no_axe_violations(page, lang):
    """The filtered list with its items and badges passes axe-core."""
    newsroom_content()
    page.goto(url_in(lang, "newsroom:list") + "?theme=nope")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_release_has_no_axe_violations(page, lang):
    """A release with image, contacts, related links and fallback text passes axe-core."""
    release = newsroom_content()
    page.goto(url_in(lang, "newsroom:detail", slug=release.slug))
    assert_no_axe_violations(page)


def test_media_contacts_have_no_axe_violations(page):
    """The media contacts page passes axe-core."""
    newsroom_content()
    page.goto("/en/media-contacts/")
    assert_no_axe_violations(page)


def test_visitor_filters_switches_language_and_saves_a_card(page):
    """Filter by theme, open the release, read it in French, download the contact's vCard."""
    release = newsroom_content()
    page.goto("/en/news/")
    page.get_by_label("Theme", exact=True).select_option("migration-health")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**theme=migration-health**")
    expect(page.get_by_role("link", name="Health checks for arrivals")).to_be_visible()
    expect(page.get_by_text("A story about something else")).to_have_count(0)
    page.get_by_role("link", name="Health checks for arrivals").click()
    page.get_by_role("link", name="Français").click()
    assert page.url.endswith(url_in("fr", "newsroom:detail", slug=release.slug))
    assert page.locator("h1").inner_text() == "Contrôles de santé à l’arrivée"
    with page.expect_download() as download_info:
        page.get_by_role("link", name="vCard").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".vcf")
    assert "FN:Leonard Doyle" in open(download.path(), encoding="utf-8").read()


@pytest.mark.parametrize(("lang", "typed"), [("en", "senegal"), ("fr", "SANTE senegal")])
def test_visitor_searches_without_accents(page, lang, typed):
    """Typed without accents (or in capitals), the search finds the release about Sénégal
    and marks the words as the release writes them."""
    make_published_release(
        title_en="Returns to Sénégal: santé first",
        title_fr="Retours au Sénégal : la santé d’abord",
        lead_en="",
        lead_fr="",
    )
    make_published_release(title_en="Another release", title_fr="Un autre communiqué")
    page.goto(url_in(lang, "newsroom:list"))
    search = {"en": "Search", "fr": "Rechercher"}[lang]
    page.get_by_label(search, exact=True).fill(typed)
    page.get_by_label(search, exact=True).press("Enter")
    page.wait_for_url("**q=**")
    title = {"en": "Returns to Sénégal: santé first",
             "fr": "Retours au Sénégal : la santé d’abord"}[lang]
    expect(page.get_by_role("link", name=title)).to_be_visible()
    expect(page.get_by_text({"en": "Another release", "fr": "Un autre communiqué"}[lang])
           ).to_have_count(0)
    marked = page.locator(".release-item-title mark").all_inner_texts()
    assert "Sénégal" in marked


def test_visitor_leaves_an_unknown_filter(page):
    """An old link with a theme nobody has: the page says so, and its link lists everything."""
    newsroom_content()
    response = page.goto("/en/news/?theme=gone-theme")
    assert response.status == 404
    expect(page.get_by_text("Theme: no release matches “gone-theme”.")).to_be_visible()
    page.get_by_role("link", name="Show all releases").click()
    page.wait_for_url("**/en/news/")
    expect(page.get_by_role("link", name="Health checks for arrivals")).to_be_visible()
