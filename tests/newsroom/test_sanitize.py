"""Rich text is reduced to the allow-list on every way in, and plain text is never trusted."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from newsroom.models import NewsRelease
from tests.factories import make_published_release
from tests.newsroom.admin_post import release_post_data

pytestmark = pytest.mark.django_db

EVIL = '<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:alert(1)">link</a></p>'
CLEAN = '<p>Hi <a rel="noopener noreferrer">link</a></p>'
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def stored_bodies(slug):
    release = NewsRelease.objects.get(slug=slug)
    return [release.body_en, release.body_fr, release.body_es]


def test_admin_form_sanitises_every_language(admin_client):
    """Bodies posted through the admin in en, fr and es are stored clean."""
    data = release_post_data(body_en=EVIL, body_fr=EVIL, body_es=EVIL)
    admin_client.post(reverse("admin:newsroom_newsrelease_add"), data)
    assert stored_bodies("a-release") == [CLEAN] * 3


def test_create_sanitises_every_language():
    """objects.create() with dirty bodies in three languages stores them clean."""
    make_published_release(slug="made", body_en=EVIL, body_fr=EVIL, body_es=EVIL)
    assert stored_bodies("made") == [CLEAN] * 3


def test_loaddata_sanitises_a_raw_fixture(tmp_path):
    """A fixture file loaded with loaddata (a raw save) is stored clean."""
    fixture = tmp_path / "releases.json"
    fields = {
        "title": "Imported", "title_en": "Imported", "slug": "imported", "kind": "story",
        "status": "published", "original_language": "en", "countries": "",
        "body": EVIL, "body_en": EVIL, "body_fr": EVIL, "body_es": EVIL,
        "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z",
    }
    fixture.write_text(json.dumps([{"model": "newsroom.newsrelease", "pk": 1, "fields": fields}]))
    call_command("loaddata", str(fixture), verbosity=0)
    assert stored_bodies("imported") == [CLEAN] * 3


def test_queryset_update_sanitises_the_body():
    """QuerySet.update(), which skips save(), still stores a clean body."""
    make_published_release(slug="updated")
    NewsRelease.objects.filter(slug="updated").update(body_fr=EVIL)
    assert stored_bodies("updated")[1] == CLEAN


def test_bulk_create_sanitises_the_body():
    """bulk_create(), which sends no signal, still stores clean bodies."""
    NewsRelease.objects.bulk_create(
        [NewsRelease(title_en="Bulk", slug="bulk", body_en=EVIL, body_es=EVIL)]
    )
    assert stored_bodies("bulk") == [CLEAN, "", CLEAN]


def test_bulk_update_sanitises_the_body():
    """bulk_update() stores clean bodies too."""
    release = make_published_release(slug="bulk-updated")
    release.body_en = EVIL
    NewsRelease.objects.bulk_update([release], ["body_en"])
    assert stored_bodies("bulk-updated")[0] == CLEAN


def test_allowed_rich_text_survives():
    """Headings, lists, quotes, emphasis and web links come through as written."""
    html = (
        '<h2>Title</h2><ul><li>one</li></ul><ol><li>two</li></ol><blockquote><p>q</p>'
        '</blockquote><p><strong>b</strong> <em>i</em> <a href="https://www.iom.int/" '
        'rel="noopener noreferrer">IOM</a></p>'
    )
    release = make_published_release(body_en=html)
    release.refresh_from_db()
    assert release.body_en == html


def test_templates_mark_only_sanitised_rich_text_safe():
    """No template turns off escaping; `|safe` is used only on rich-text fields that are
    sanitised on save (a release's body, a page's body, a person's biography)."""
    for path in TEMPLATES.rglob("*.html"):
        source = path.read_text(encoding="utf-8")
        assert "autoescape off" not in source, path
        for expression in re.findall(r"\{\{\s*([^}|]+)\|safe", source):
            assert expression.strip() in {"body.value", "biography.value"}, (path, expression)


def test_the_allow_list_is_what_the_editor_offers():
    """What the editor cannot write is dropped, its text kept: headings other than h2-h4, <b>
    and <i> (the editor writes <strong> and <em>), a link's target and its own rel."""
    html = (
        '<h1>One</h1><h5>Five</h5><p><b>b</b> <i>i</i> <a href="https://www.iom.int/" '
        'target="_blank" rel="opener">IOM</a></p><ol start="3"><li>three</li></ol>'
    )
    release = make_published_release(body_en=html)
    release.refresh_from_db()
    assert release.body_en == (
        'OneFive<p>b i <a href="https://www.iom.int/" rel="noopener noreferrer">IOM</a></p>'
        '<ol start="3"><li>three</li></ol>'
    )
