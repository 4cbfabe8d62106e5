"""A release's share links: plain links (nothing loaded from the networks) that carry the
release's address and title whole, whatever characters the title holds."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import make_draft_release, make_published_release, make_staff_user
from tests.html import element, elements
from tests.i18n import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

# "&", "#", "?", "+", "%" and quotes would each cut or change a link if left as they are.
TRICKY_TITLE = "Rain & floods: 50% more? Aid #2 \"now\" + l'été"


def share_links(response):
    section = element(response, "section", class_="share-links")
    return {link.text: link.attrs["href"] for link in elements(section, "a")}


def test_share_links_carry_the_address_and_title_encoded(client):
    """Each network's link holds the release's absolute address, and the title where the
    network takes one, percent-encoded so that they read back exactly."""
    release = make_published_release(title_en=TRICKY_TITLE, slug="rain-floods")
    address = "http://testserver" + url_in("en", "newsroom:detail", slug=release.slug)
    links = share_links(client.get(url_in("en", "newsroom:detail", slug=release.slug)))
    assert set(links) == {"E-mail", "LinkedIn", "X", "WhatsApp", "Facebook"}

    def query(href):
        return parse_qs(urlsplit(href).query)

    assert links["E-mail"].startswith("mailto:?")
    assert query(links["E-mail"]) == {"subject": [TRICKY_TITLE], "body": [address]}
    assert query(links["LinkedIn"]) == {"url": [address]}
    assert query(links["X"]) == {"text": [TRICKY_TITLE], "url": [address]}
    assert query(links["WhatsApp"]) == {"text": [f"{TRICKY_TITLE} {address}"]}
    assert query(links["Facebook"]) == {"u": [address]}
    for href in links.values():
        assert " " not in href and '"' not in href


def test_share_links_use_only_https_or_mail(client):
    """Every share link is a plain address: e-mail, or a network's page over HTTPS."""
    release = make_published_release()
    links = share_links(client.get(url_in("en", "newsroom:detail", slug=release.slug)))
    assert all(
        href.startswith(("mailto:", "https://")) for href in links.values()
    ), links


def test_preview_has_no_share_links(client):
    """A preview's address is not for sharing: an editor's preview shows no share links."""
    release = make_draft_release()
    client.force_login(make_staff_user("newsroom.view_newsrelease"))
    response = client.get(url_in("en", "newsroom:preview", pk=release.pk))
    assert response.status_code == 200
    assert not elements(response, "section", class_="share-links")
