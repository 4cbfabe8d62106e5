"""The public pages of the organisation, in each language, on the demo content."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from tests.html import element, elements, json_ld, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_for_the_module")]

WHO_WE_ARE = {"en": "/en/who-we-are/", "fr": "/fr/qui-sommes-nous/", "es": "/es/quienes-somos/"}


def _pages(lang):
    """One URL of each public page type in `lang` (paths are translated)."""
    with override(lang):
        return [
            reverse("home"),
            WHO_WE_ARE[lang],
            reverse("organisation:structure"),
            reverse("organisation:unit", kwargs={"slug": "director-general"}),
            reverse("organisation:person", kwargs={"slug": "amy-pope"}),
            reverse("organisation:where_we_work"),
        ]


def _hreflangs(html):
    return {
        link.attrs["hreflang"]: link.attrs["href"]
        for link in elements(html, "link", rel="alternate", hreflang=True)
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_answers_in_its_language(client, lang):
    """Each page type answers 200 with `<html lang>` set to the URL's language."""
    for url in _pages(lang):
        response = client.get(url)
        assert response.status_code == 200, url
        assert element(response, "html").attrs["lang"] == lang, url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_hreflang_alternates_and_canonical(client, lang):
    """Each page links its en/fr/es/x-default alternates and a canonical URL to itself."""
    for url in _pages(lang):
        html = client.get(url).content.decode()
        assert set(_hreflangs(html)) == {"en", "fr", "es", "x-default"}, url
        canonical = element(html, "link", rel="canonical")
        assert canonical.attrs["href"] == f"http://testserver{url}", url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_switcher_and_hreflang_use_translated_slugs(client, lang):
    """From any language, the Who we are page links to its own slug in each language."""
    html = client.get(WHO_WE_ARE[lang]).content.decode()
    for code, path in WHO_WE_ARE.items():
        assert element(html, "a", hreflang=code).attrs["href"] == path
        assert _hreflangs(html)[code] == f"http://testserver{path}"


def test_who_we_are_shows_seed_text_and_key_figures(client):
    """The French page shows the seed's title, paragraph and the organisation's figures."""
    html = client.get("/fr/qui-sommes-nous/").content.decode()
    assert element(html, "h1").text == "Qui sommes nous"
    assert "composée de 175 Etats membres et présente dans 171 pays." in text_of(html)
    figures = [figure.text for figure in elements(html, "dd", text=re.compile(r"^\d+$"))]
    assert figures == ["1951", "175", "171"]


def test_page_lists_its_published_children(client):
    """Our work lists What we do and Partnerships, in order."""
    html = client.get("/fr/notre-travail/").content.decode()
    children = [
        (link.attrs["href"], link.text) for link in elements(element(html, "main"), "a")
        if link.attrs.get("href") in ("/fr/ce-que-nous-faisons/", "/fr/partenariats/")
    ]
    assert children == [
        ("/fr/ce-que-nous-faisons/", "Ce que nous faisons"), ("/fr/partenariats/", "Partenariats")
    ]


def test_home_shows_key_figures_and_organization_json_ld(client):
    """The home page shows 1951/175/171 and an Organization JSON-LD block."""
    html = client.get("/es/").content.decode()
    figures = [figure.text for figure in elements(html, "dd", text=re.compile(r"^\d+$"))]
    assert figures == ["1951", "175", "171"]
    [organization] = [data for data in json_ld(html) if data["@type"] == "Organization"]
    assert organization["foundingDate"] == "1951"


def test_main_menu_follows_the_seed(client):
    """The French header menu lists the seed's top entries and their sub-entries, in order."""
    html = client.get("/fr/").content.decode()
    labels = [link.text for link in elements(element(html, "nav", class_="main-menu"), "a")]
    assert labels == [
        "Qui sommes nous", "Structure",
        "Notre travail", "Ce que nous faisons", "Partenariats",
        "Où travaillons-nous",
        "Agir", "Travailler avec nous", "Engagez-vous",
        "Données et recherche", "2030 AGENDA",
    ]
