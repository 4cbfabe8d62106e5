"""Plain text in the feeds (titles, datelines, leads, theme names) reaches feed readers as
text: where a reader takes an element as HTML it is escaped, so `<script>`, `&` and `<` show as
written and make no markup."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import make_published_release, make_theme

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
NASTY = "<script>alert(1)</script> 5 < 10 & rising <b>"


class _Reader(HTMLParser):
    """What a feed reader makes of an HTML element: its text and the tags it finds."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text, self.tags = "", []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_endtag(self, tag):
        self.tags.append(f"/{tag}")

    def handle_data(self, data):
        self.text += data


def as_html(value):
    reader = _Reader()
    reader.feed(value or "")
    reader.close()
    return reader.text, reader.tags


@pytest.fixture
def nasty_release():
    theme = make_theme(slug="nasty", name_en=f"Theme {NASTY}")
    release = make_published_release(
        title_en=f"Title {NASTY}", dateline_en=f"Place {NASTY}", lead_en=f"Lead {NASTY}"
    )
    release.themes.add(theme)
    return release


def feed(client, fmt, scope="feed", **kwargs):
    response = client.get(reverse(f"newsroom:{scope}_{fmt}", kwargs=kwargs))
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_rss_item_title_is_text_to_an_html_reader(client, nasty_release):
    """An RSS item title, read as HTML, is the title as written with no tags."""
    item = next(feed(client, "rss").iter("item"))
    assert as_html(item.findtext("title")) == (f"Title {NASTY}", [])


def test_rss_description_is_dateline_and_lead_as_text(client, nasty_release):
    """An RSS description, read as HTML, is the dateline and lead as written with no tags."""
    item = next(feed(client, "rss").iter("item"))
    assert as_html(item.findtext("description")) == (f"Place {NASTY} – Lead {NASTY}", [])


def test_rss_channel_title_names_the_theme_as_text(client, nasty_release):
    """A theme feed's RSS channel title, read as HTML, names the theme as written."""
    channel = feed(client, "rss", "theme_feed", slug="nasty").find("channel")
    text, tags = as_html(channel.findtext("title"))
    assert text.endswith(f"Theme {NASTY}")
    assert tags == []


def test_atom_summary_is_dateline_and_lead_as_text(client, nasty_release):
    """An Atom summary is HTML: read as such, it is the dateline and lead as written."""
    summary = next(feed(client, "atom").iter(f"{ATOM}entry")).find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert as_html(summary.text) == (f"Place {NASTY} – Lead {NASTY}", [])


def test_atom_titles_are_text_as_written(client, nasty_release):
    """Atom titles are text constructs: the entry and feed titles hold the text as written."""
    root = feed(client, "atom", "theme_feed", slug="nasty")
    entry = next(root.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}title").get("type") in (None, "text")
    assert entry.findtext(f"{ATOM}title") == f"Title {NASTY}"
    assert root.findtext(f"{ATOM}title").endswith(f"Theme {NASTY}")


def test_theme_category_is_the_name_as_written(client, nasty_release):
    """RSS categories are text: the theme's name as written."""
    item = next(feed(client, "rss").iter("item"))
    assert [c.text for c in item.findall("category")] == [f"Theme {NASTY}"]


def test_lead_without_dateline_has_no_dash(client):
    """A release without a dateline is described by its lead alone."""
    make_published_release(dateline_en="", lead_en="Just the lead")
    item = next(feed(client, "rss").iter("item"))
    assert item.findtext("description") == "Just the lead"
