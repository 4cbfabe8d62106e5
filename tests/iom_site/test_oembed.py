"""oEmbed (iom_site.oembed): a card of a public release from its address, advertised by a
discovery link on the release's pages; nothing for anything else."""

import json
from urllib.parse import urlsplit

import pytest

from newsroom.models import NewsRelease
from tests.factories import make_draft_release, make_published_release, make_scheduled_release
from tests.html import element, elements, parse
from tests.i18n import url_in

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def _ask(client, url, **more):
    return client.get("/en/oembed/", {"url": url, **more})


def test_a_release_address_gives_a_card_in_the_address_language(client):
    release = make_published_release(
        title_en="Floods in the valley", title_fr="Inondations dans la vallée",
        lead_fr="Des milliers de personnes à l’abri.",
    )
    for name in ("newsroom:detail", "lite:release"):
        address = HOST + url_in("fr", name, slug=release.slug)
        response = _ask(client, address, maxwidth=400)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        card = response.json()
        assert card["version"] == "1.0"
        assert card["type"] == "rich"
        assert card["title"] == "Inondations dans la vallée"
        assert card["width"] == 400 and card["height"] > 0
        html = parse(card["html"])
        link = element(html, "a")
        assert link.attrs["href"] == HOST + url_in("fr", "newsroom:detail", slug=release.slug)
        assert link.text == "Inondations dans la vallée"
        assert not elements(html, "script") and not elements(html, "img")
        assert f"release:{release.pk}" in response.cache_tags


def test_a_fallback_title_is_marked_with_its_language(client):
    release = make_published_release(title_en="Only in English", title_fr="")
    card = _ask(client, HOST + url_in("fr", "newsroom:detail", slug=release.slug)).json()
    assert element(parse(card["html"]), "a").attrs["lang"] == "en"


def test_the_release_page_advertises_its_card(client):
    release = make_published_release(title_en="Advertised")
    page = client.get(url_in("en", "newsroom:detail", slug=release.slug))
    discovery = element(page, "link", rel="alternate", type="application/json+oembed")
    address = urlsplit(discovery.attrs["href"])
    card = client.get(f"{address.path}?{address.query}").json()
    assert card["title"] == "Advertised"
    lite = client.get(url_in("en", "lite:release", slug=release.slug))
    discovery = element(lite, "link", rel="alternate", type="application/json+oembed")
    address = urlsplit(discovery.attrs["href"])
    assert client.get(f"{address.path}?{address.query}").json()["title"] == "Advertised"


def test_markup_in_a_title_stays_text(client):
    release = make_published_release(title_en='<script>alert(1)</script> & "quotes"')
    card = _ask(client, HOST + url_in("en", "newsroom:detail", slug=release.slug)).json()
    html = parse(card["html"])
    assert not elements(html, "script")
    assert element(html, "a").text == '<script>alert(1)</script> & "quotes"'


def test_no_card_for_what_is_not_public(client):
    draft = make_draft_release()
    scheduled = make_scheduled_release()
    withdrawn = make_published_release()
    NewsRelease.objects.filter(pk=withdrawn.pk).update(status=NewsRelease.Status.WITHDRAWN)
    addresses = [
        *(HOST + url_in("en", "newsroom:detail", slug=hidden.slug)
          for hidden in (draft, scheduled, withdrawn)),
        HOST + url_in("en", "newsroom:detail", slug="no-such-release"),
        HOST + url_in("en", "newsroom:list"),
        HOST + "/en/",
        HOST + "/admin/",
        "https://elsewhere.example" + url_in("en", "newsroom:detail", slug=draft.slug),
        "javascript:alert(1)",
        "not an address",
    ]
    for address in addresses:
        response = _ask(client, address)
        assert response.status_code == 404, address
        assert response.json()["parameter"] == "url"


@pytest.mark.parametrize(
    "query, status, parameter",
    [
        ({}, 400, "url"),
        ({"format": "xml"}, 501, "format"),
        ({"maxwidth": "wide"}, 400, "maxwidth"),
        ({"maxwidth": "10"}, 400, "maxwidth"),
    ],
)
def test_a_malformed_request_is_named(client, query, status, parameter):
    release = make_published_release()
    if parameter != "url":
        query = {"url": HOST + url_in("en", "newsroom:detail", slug=release.slug), **query}
    response = client.get("/en/oembed/", query)
    assert response.status_code == status
    assert json.loads(response.content)["parameter"] == parameter


@pytest.mark.clock
def test_a_change_shows_in_the_next_cached_card(client, settings):
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 600
    release = make_published_release(title_en="Before")
    address = HOST + url_in("en", "newsroom:detail", slug=release.slug)
    assert _ask(client, address).json()["title"] == "Before"
    assert _ask(client, address).from_page_cache
    release.title_en = "After"
    release.save()
    assert _ask(client, address).json()["title"] == "After"
    NewsRelease.objects.filter(pk=release.pk).update(status=NewsRelease.Status.DRAFT)
    assert _ask(client, address).status_code == 404
