"""The layout every page shares: language switcher, main menu, footer, 404 alternates."""


import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from organisation.models import MenuItem
from tests import factories
from tests.html import element, elements

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _url(lang, name, **kwargs):
    with override(lang):
        return reverse(name, kwargs=kwargs or None)


def _switcher_links(html):
    """{hreflang: (href, text, lang)} of the language switcher's links."""
    nav = element(html, "nav", class_="language-switcher")
    return {
        link.attrs["hreflang"]: (link.attrs["href"], link.text, link.attrs["lang"])
        for link in elements(nav, "a", hreflang=True)
    }


def test_switcher_names_each_language_in_that_language(client):
    """On a French page the switcher offers “English” and “Español”, not “Anglais”/“Espagnol”:
    each link's text is in the language its `lang` says."""
    links = _switcher_links(client.get(_url("fr", "home")).content.decode())
    assert {code: text for code, (_href, text, _lang) in links.items()} == {
        "en": "English", "fr": "Français", "es": "Español",
    }


def test_switcher_keeps_the_list_filters(client):
    """Switching language on a filtered newsroom list keeps the filter."""
    theme = factories.make_theme(slug="migration-health")
    factories.make_published_release().themes.add(theme)
    html = client.get(_url("fr", "newsroom:list") + "?theme=migration-health").content.decode()
    href = _switcher_links(html)["es"][0]
    assert href == _url("es", "newsroom:list") + "?theme=migration-health"


def test_canonical_leaves_the_query_out(client):
    """The canonical address of a filtered list is the list itself, not the query."""
    html = client.get(_url("en", "newsroom:list") + "?year=2017").content.decode()
    assert element(html, "link", rel="canonical").attrs["href"] == "http://testserver/en/news/"


def test_404_has_no_canonical_or_hreflang(client):
    """A 404 advertises no canonical address or alternates: there is no page there."""
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert _switcher_links(html)
    assert not elements(html, rel="canonical") and not elements(html, hreflang="x-default")
    assert not elements(html, "link", rel="alternate", hreflang=True)


def test_404_switcher_changes_language_for_an_address_django_cannot_resolve(client):
    """On the Spanish 404 for an odd address, “English” leads to the English 404, not back
    to the Spanish one."""
    response = client.get("/es/%E2%80%AE/")
    assert response.status_code == 404
    links = _switcher_links(response.content.decode())
    assert links["en"][0].startswith("/en/") and links["fr"][0].startswith("/fr/")


def test_main_menu_marks_the_current_page(client):
    """The menu entry of the page being read carries aria-current="page", the others not."""
    MenuItem.objects.create(label_en="Structure", target=MenuItem.Target.STRUCTURE)
    MenuItem.objects.create(label_en="Offices", target=MenuItem.Target.WHERE_WE_WORK)
    html = client.get(_url("en", "organisation:structure")).content.decode()
    menu = element(html, "nav", class_="main-menu")
    current = element(menu, "a", text="Structure")
    assert current.attrs == {"href": "/en/structure/", "aria-current": "page"}
    assert element(menu, "a", text="Offices").attrs == {"href": "/en/where-we-work/"}


@pytest.mark.parametrize("name", ["home", "organisation:structure", "newsroom:media_contacts"])
def test_every_page_links_to_the_newsroom_and_media_contacts(client, name):
    """Whatever the editors put in the main menu, a visitor reaches the newsroom and the
    press contacts from every page."""
    html = client.get(_url("fr", name)).content.decode()
    assert elements(html, "a", href=_url("fr", "newsroom:list"))
    assert elements(html, "a", href=_url("fr", "newsroom:media_contacts"))


def test_pages_name_an_icon_the_site_serves(client):
    """Browsers get the site's icon from the page head instead of asking for a missing
    /favicon.ico on every visit."""
    html = client.get(_url("fr", "home")).content.decode()
    href = element(html, "link", rel="icon").attrs["href"]
    assert href.startswith("/static/") and finders.find(href.removeprefix("/static/"))


def test_favicon_ico_is_served_at_the_root_and_kept_long(client):
    """Browsers and feed readers ask for /favicon.ico whatever the head says: it answers with
    an icon, typed as one, that caches may keep for days."""
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # the ICO header
    directives = dict(
        part.strip().partition("=")[::2] for part in response["Cache-Control"].split(",")
    )
    assert "public" in directives and int(directives["max-age"]) >= 7 * 24 * 3600


def test_svg_icon_is_served_as_svg(client, settings):
    """The icon the head names is served typed as SVG (browsers ignore an icon of the wrong
    type); in production its name carries its hash, so it is kept for ever."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    html = client.get(_url("fr", "home")).content.decode()
    href = element(html, "link", rel="icon").attrs["href"]
    response = Client().get(href)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(response.streaming_content)


def test_header_shows_the_emblem_and_wordmark(client):
    """Every page's header leads home with the drawn emblem (inline, hidden from screen
    readers) and the wordmark: the acronym and the organisation's name."""
    factories.make_organisation()
    html = client.get(_url("fr", "newsroom:list")).content.decode()
    brand = element(html, "a", class_="brand")
    assert brand.attrs["href"] == _url("fr", "home")
    emblem = element(brand, "svg")
    assert emblem.attrs["aria-hidden"] == "true" and emblem.attrs["viewbox"]
    wordmark = element(brand, "span", class_="wordmark")
    assert element(wordmark, class_="wordmark-acronym").text
    assert element(wordmark, class_="wordmark-name").text


def test_print_has_a_stylesheet_of_its_own(client):
    """Printing uses a stylesheet linked for print only: screens never download rules
    they do not apply."""
    html = client.get(_url("fr", "home")).content.decode()
    [printed] = elements(html, "link", rel="stylesheet", media="print")
    assert finders.find(printed.attrs["href"].removeprefix("/static/"))


def test_menu_folds_in_a_details_with_a_summary(client):
    """The main menu is inside a <details> whose <summary> opens it without JavaScript."""
    factories.make_organisation()
    top = MenuItem.objects.create(label_fr="Qui sommes nous", target=MenuItem.Target.STRUCTURE)
    html = client.get(_url("fr", "home")).content.decode()
    fold = element(element(html, "nav", class_="main-menu"), "details")
    assert element(fold, "summary").text == "Menu"
    assert element(fold, "a", text=top.label_fr)
