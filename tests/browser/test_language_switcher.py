"""The language switcher lands on the same page in the other language, in a real browser."""


import pytest

from organisation.models import Page
from tests.browser.conftest import url_in
from tests.factories import make_organisation, make_published_release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch_to(page, language):
    with page.expect_navigation():
        page.locator(f"nav.language-switcher a[hreflang={language}]").click()


def test_switcher_takes_a_release_from_french_to_spanish(page):
    """On a release read in French, choosing Español opens the same release in Spanish."""
    make_organisation()
    release = make_published_release(
        title_fr="Les migrations en Suisse", title_es="Las migraciones en Suiza"
    )
    page.goto(url_in("fr", "newsroom:detail", slug=release.slug))
    assert page.locator("h1").inner_text() == "Les migrations en Suisse"

    switch_to(page, "es")

    assert page.url.endswith(url_in("es", "newsroom:detail", slug=release.slug))
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == "Las migraciones en Suiza"


def test_switcher_takes_the_newsroom_list_from_french_to_spanish(page):
    """On the French newsroom list, choosing Español opens the Spanish list (translated path)."""
    make_organisation()
    page.goto(url_in("fr", "newsroom:list"))

    switch_to(page, "es")

    assert page.url.endswith(url_in("es", "newsroom:list"))
    assert page.locator("html").get_attribute("lang") == "es"


def test_switcher_takes_an_institutional_page_from_french_to_spanish(page, demo):
    """On « Qui sommes nous », choosing Español opens « Quiénes somos » at its Spanish slug."""
    who_we_are = Page.objects.get(slug_en="who-we-are")
    page.goto(url_in("fr", who_we_are))
    assert "qui-sommes-nous" in page.url

    switch_to(page, "es")

    assert page.url.endswith(url_in("es", who_we_are))
    assert "quienes-somos" in page.url
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("h1").inner_text() == who_we_are.title_es
