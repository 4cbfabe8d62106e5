"""axe-core on every public page type, in a real Chromium: 0 violations."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from organisation.models import Office, Page, Person, Unit
from tests.browser.conftest import assert_no_axe_violations, url_in
from tests.factories import (
    attach_contact,
    make_contact,
    make_office,
    make_organisation,
    make_published_release,
    make_theme,
)
from tests.images import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom_content():
    """A release with a theme and a contact, one release only in French, as real pages have."""
    make_organisation()
    theme = make_theme(name_fr="Gouvernance", name_es="Gobernanza")
    contact = make_contact(office=make_office(), role_fr="Chargée de presse")
    release = make_published_release(
        slug="accessible-release",
        title_fr="Communiqué accessible", lead_fr="Chapeau", body_fr="<p>Corps</p>",
        dateline_fr="Suisse",
        body_en="<h2>Background</h2><p>Body with <a href='/en/'>a link</a>.</p>",
    )
    release.themes.add(theme)
    attach_contact(release, contact)
    make_published_release(slug="french-only", title_en="", title_fr="Seulement en français",
                           lead_en="", lead_fr="Chapeau", original_language="fr")
    return release


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_has_no_axe_violations(page, newsroom_content, lang):
    """The home page, with its latest releases, passes axe-core in each language."""
    page.goto(f"/{lang}/")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_newsroom_list_has_no_axe_violations(page, newsroom_content, lang):
    """The newsroom list with its filter form passes axe-core in each language."""
    page.goto(url_in(lang, "newsroom:list"))
    assert page.locator("main form").count() >= 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_release_detail_has_no_axe_violations(page, newsroom_content, lang):
    """A release page (contacts, themes, rich body) passes axe-core in each language."""
    page.goto(url_in(lang, "newsroom:detail", slug=newsroom_content.slug))
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_light_edition_has_no_axe_violations(page, newsroom_content, lang):
    """The light edition's home, list and release pass axe-core in each language."""
    for url in (url_in(lang, "lite:home"), url_in(lang, "lite:list"),
                url_in(lang, "lite:release", slug=newsroom_content.slug)):
        page.goto(url)
        assert page.locator("h1").count() == 1
        assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_release_downloads_block_has_no_axe_violations(page, newsroom_content, lang):
    """The journalists' downloads (PDF, press kit, original image with credit and usage
    terms, rights end date) pass axe-core in each language."""
    release = newsroom_content
    release.image_credit = "IOM / A. Photographer"
    release.image_usage_terms_en = "Free for news use with the credit line."
    release.image_rights_expire_on = timezone.localdate() + timedelta(days=30)
    release.image.save("photo.jpg", ContentFile(image_bytes("JPEG", (800, 450))))
    page.goto(url_in(lang, "newsroom:detail", slug=release.slug))
    downloads = page.locator("section.press-downloads")
    assert downloads.locator("a").count() == 3
    assert_no_axe_violations(page)


def test_untranslated_release_has_no_axe_violations(page, newsroom_content):
    """A French-only release read in English (marked with lang, with a note) passes axe-core."""
    page.goto(url_in("en", "newsroom:detail", slug="french-only"))
    assert page.locator("[lang=fr]", has_text="Seulement en français").count() >= 1
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_media_contacts_page_has_no_axe_violations(page, newsroom_content, lang):
    """The media contacts page passes axe-core in each language."""
    page.goto(url_in(lang, "newsroom:media_contacts"))
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_not_found_page_has_no_axe_violations(page, demo, lang):
    """The 404 page passes axe-core in each language."""
    response = page.goto(f"/{lang}/no-such-page-anywhere/")
    assert response.status == 404
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_institutional_page_has_no_axe_violations(page, demo, lang):
    """An institutional page (Who we are, with the main menu) passes axe-core in each
    language."""
    page.goto(url_in(lang, Page.objects.published().get(slug_en="who-we-are")))
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_structure_page_has_no_axe_violations(page, demo, lang):
    """The org chart passes axe-core in each language."""
    page.goto(url_in(lang, "organisation:structure"))
    assert page.locator(".org-chart li").count() >= 6
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_unit_page_has_no_axe_violations(page, demo, lang):
    """A unit's page passes axe-core in each language."""
    page.goto(url_in(lang, Unit.objects.get(slug="director-general")))
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_person_page_has_no_axe_violations(page, demo, lang):
    """A person's profile passes axe-core in each language."""
    page.goto(url_in(lang, Person.objects.get(slug="amy-pope")))
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_where_we_work_page_has_no_axe_violations(page, demo, lang):
    """Where we work (offices by region) passes axe-core in each language."""
    assert Office.objects.exists()
    page.goto(url_in(lang, "organisation:where_we_work"))
    assert_no_axe_violations(page)
