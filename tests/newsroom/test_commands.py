"""The newsroom's data commands: import/export, translation report, demo release generator."""

import json
from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from core.media_storage import private_storage
from core.models import ActivityEntry
from newsroom.models import NewsRelease, PressContact, ReleaseContact, Theme
from organisation.models import Page
from tests.factories import (
    attach_contact,
    make_contact,
    make_draft_release,
    make_office,
    make_published_release,
    make_staff_user,
    make_theme,
)
from tests.html import elements, text_of
from tests.images import image_bytes

pytestmark = pytest.mark.clock

RELEASE_COLUMNS = [
    "kind", "status", "published_at", "original_language", "image", "image_credit", "countries",
    "image_rights_expire_on",
    *(f"{name}_{lang}" for name in ("title", "dateline", "lead", "body", "image_alt",
                                    "image_caption", "image_usage_terms") for lang in LANGUAGES),
]


def canonical_dump():
    """Everything the newsroom holds, keyed by slugs, without database ids or timestamps."""

    def text(value):
        return "" if value is None else str(value)

    themes = {
        t.slug: [t.order, *(text(getattr(t, f"name_{lang}")) for lang in LANGUAGES)]
        for t in Theme.objects.all()
    }
    contacts = {
        c.slug: [
            c.name, text(c.phone), c.email, c.is_active,
            c.office.slug if c.office else None, c.unit.slug if c.unit else None,
            *(text(getattr(c, f"role_{lang}")) for lang in LANGUAGES),
        ]
        for c in PressContact.objects.select_related("office", "unit")
    }
    releases = {}
    for release in NewsRelease.objects.all():
        releases[release.slug] = {
            **{column: text(getattr(release, column)) for column in RELEASE_COLUMNS},
            "themes": sorted(release.themes.values_list("slug", flat=True)),
            "contacts": [
                link.contact.slug
                for link in ReleaseContact.objects.filter(release=release).order_by("order", "pk")
            ],
            "related": sorted(release.related.values_list("slug", flat=True)),
        }
    return {"themes": themes, "contacts": contacts, "releases": releases}


def originals_root():
    return Path(private_storage().location)


def store_image(settings, name="releases/abc123.jpg"):
    """A real JPEG in the storage of release originals (the private one), as an earlier
    upload would have left it."""
    path = originals_root() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (64, 48), "teal").save(path, "JPEG")
    return name


def build_newsroom(settings):
    """Releases using every part of the format: languages, image, themes, contacts, links."""
    image = store_image(settings)
    office = make_office(slug="geneva-hq")
    theme = make_theme(slug="migration-health", name_fr="Migration et santé", name_es="Salud")
    contact = make_contact(slug="paul", role_fr="Porte-parole", office=office, is_active=False)
    other = make_contact(slug="florence")
    seed = make_published_release(
        slug="seed",
        title_fr="L’OIM salue…",
        lead_fr="Chapeau",
        body_fr="<p>Texte <strong>français</strong></p>",
        title_es="La OIM celebra…",
        original_language="fr",
        countries=["CH", "FR"],
        kind=NewsRelease.Kind.BRIEFING_NOTE,
        image=image,
        image_alt_en="Alt",
        image_caption_fr="Légende",
        image_credit="IOM 2017",
        image_usage_terms_en="Free for news use with the credit line.",
        image_rights_expire_on=date(2030, 12, 31),
        published_at=datetime(2017, 6, 20, 9, 30, tzinfo=UTC),
    )
    seed.themes.add(theme)
    attach_contact(seed, other, order=0)
    attach_contact(seed, contact, order=1)
    draft = make_draft_release(slug="draft", published_at=None)
    draft.related.add(seed)
    seed.related.add(draft)


def write(tmp_path, data, name="releases.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def record(slug, **fields):
    values = {
        "slug": slug,
        "kind": "press-release",
        "status": "published",
        "published_at": "2024-01-15T10:00:00+01:00",
        "original_language": "en",
        "title": {"en": f"Title {slug}"},
        "body": {"en": "<p>Body</p>"},
    }
    values.update(fields)
    return values


def envelope(*records):
    return {"format": "iom_site.releases", "version": 2, "releases": list(records)}


def import_file(path):
    out = StringIO()
    call_command("import_releases", path, "--allow-backdated", stdout=out, stderr=StringIO())
    return out.getvalue()


# --- Export and import ------------------------------------------------------------------------


@pytest.mark.django_db
def test_export_then_import_into_empty_newsroom_gives_same_content(tmp_path, settings):
    """Exporting, emptying the newsroom and importing the file restores the same content."""
    build_newsroom(settings)
    before = canonical_dump()
    path = str(tmp_path / "export.json")
    call_command("export_releases", path, stdout=StringIO())

    ReleaseContact.objects.all().delete()
    NewsRelease.objects.all().delete()
    PressContact.objects.all().delete()
    Theme.objects.all().delete()
    import_file(path)

    assert canonical_dump() == before


@pytest.mark.django_db
def test_export_writes_the_documented_envelope(settings):
    """The file starts with the format name and version and carries every language."""
    build_newsroom(settings)
    out = StringIO()
    call_command("export_releases", "-", stdout=out)
    data = json.loads(out.getvalue())
    seed = next(item for item in data["releases"] if item["slug"] == "seed")
    assert (data["format"], data["version"]) == ("iom_site.releases", 2)
    assert seed["version"] == NewsRelease.objects.get(slug="seed").version
    assert seed["title"]["fr"] == "L’OIM salue…"
    assert seed["published_at"].startswith("2017-06-20T11:30:00+02:00")
    assert [c["slug"] for c in seed["contacts"]] == ["florence", "paul"]
    assert seed["contacts"][1]["office"] == "geneva-hq"


@pytest.mark.django_db
def test_import_updates_existing_releases_by_slug(tmp_path):
    """Importing the same slugs twice updates the releases instead of duplicating them."""
    import_file(write(tmp_path, envelope(record("a"), record("b"))))
    output = import_file(
        write(tmp_path, envelope(record("a", version=1, title={"en": "New title"})))
    )
    assert NewsRelease.objects.count() == 2
    assert NewsRelease.objects.get(slug="a").title_en == "New title"
    assert "0 created, 1 updated" in output


@pytest.mark.django_db
def test_an_import_changing_the_original_leaves_its_translations_stale(tmp_path):
    """import_releases saves like every other way in: the translation state follows."""
    from core.translation_state import COMPLETE, STALE, status_of

    translated = {"en": "<p>Body</p>", "fr": "<p>Corps</p>"}
    import_file(write(tmp_path, envelope(record("a", title={"en": "T", "fr": "T fr"},
                                                body=translated))))
    assert status_of(NewsRelease.objects.get(slug="a"), "fr") == COMPLETE
    import_file(write(tmp_path, envelope(record(
        "a", version=1, title={"en": "T", "fr": "T fr"},
        body={"en": "<p>Body, corrected</p>", "fr": "<p>Corps</p>"},
    ))))
    release = NewsRelease.objects.get(slug="a")
    assert status_of(release, "fr") == STALE
    assert release.translation_state["languages"]["fr"]["stale"] == ["body"]


@pytest.mark.django_db
def test_failed_import_keeps_nothing(tmp_path):
    """A problem found midway (after releases were written) rolls back every write."""
    make_published_release(slug="existing", title_en="Before")
    before = canonical_dump()
    theme = {"slug": "new-theme", "name": {"en": "New"}}
    path = write(tmp_path, envelope(
        record("existing", title={"en": "After"}),
        record("new", themes=[theme]),
        record("broken", related=["no-such-release"]),
    ))
    with pytest.raises(CommandError, match='release #3 .slug "broken".: related: no release'):
        import_file(path)
    assert canonical_dump() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("published_at", "yesterday", "published_at: not an ISO 8601 date-time"),
        ("published_at", "2024-01-15T10:00:00", "published_at: needs a UTC offset"),
        ("kind", "tweet", "kind: Value 'tweet' is not a valid choice."),
        ("title", {"de": "Titel"}, "title: unknown language 'de'"),
        ("countries", ["XX"], 'countries: "XX" is not an ISO 3166-1 alpha-2 country code'),
        ("contacts", [{"slug": "x", "name": "X", "phone": "12"}],
         "contacts[0].phone: The phone number entered is not valid."),
        ("contacts", [{"slug": "x", "name": "X", "office": "nowhere"}],
         'contacts[0].office: no office with slug "nowhere"'),
        ("image", {"file": "../../etc/passwd"}, "image.file: must be a path inside the media"),
        ("image", {"file": "releases/gone.jpg"},
         'image.file: "releases/gone.jpg" is not in the media storage'),
    ],
)
def test_invalid_record_is_named_with_field_and_reason(tmp_path, field, value, message):
    """The error names the record by number and slug, then the field and the reason."""
    path = write(tmp_path, envelope(record("ok-1"), record("ok-2"), record("x", **{field: value})))
    with pytest.raises(CommandError) as error:
        import_file(path)
    assert f'release #3 (slug "x"): {message}' in str(error.value)
    assert not NewsRelease.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("image, message", [
    ({"file": "releases/photo.jpg"}, "image.credit: is required"),
    ({"file": "releases/photo.jpg", "credit": "IOM", "rights_expire_on": "31/12/2030"},
     "image.rights_expire_on: not an ISO 8601 date"),
    ({"file": "releases/photo.jpg", "credit": "IOM", "rights_expire_on": 2030},
     "image.rights_expire_on: not an ISO 8601 date"),
    ({"file": "releases/photo.jpg", "credit": "IOM", "usage_terms": {"de": "Frei"}},
     "image.usage_terms: unknown language 'de'"),
])
def test_import_refuses_bad_image_rights(tmp_path, settings, image, message):
    """An image needs its credit line; usage terms and rights expiry are checked."""
    photo = originals_root() / "releases" / "photo.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(image_bytes())
    path = write(tmp_path, envelope(record("a", image=image)))
    with pytest.raises(CommandError) as error:
        import_file(path)
    assert message in str(error.value)
    assert not NewsRelease.objects.exists()


@pytest.mark.django_db
def test_import_refuses_an_image_file_that_is_not_an_image(tmp_path, settings):
    """A referenced file goes through the same Pillow gate as an upload."""
    fake = originals_root() / "releases" / "fake.jpg"
    fake.parent.mkdir(parents=True)
    fake.write_text("<script>not an image</script>")
    path = write(tmp_path, envelope(record("a", image={"file": "releases/fake.jpg"})))
    with pytest.raises(CommandError, match='release #1 .slug "a".: image.file: This file is not'):
        import_file(path)


@pytest.mark.django_db
def test_import_rejects_a_file_that_is_not_json(tmp_path):
    """A file that is not JSON gets a clear message with the position of the problem."""
    path = tmp_path / "broken.json"
    path.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(CommandError, match="is not valid JSON"):
        import_file(str(path))


@pytest.mark.django_db
def test_import_rejects_another_format_or_version(tmp_path):
    """Only the documented envelope and version are read."""
    with pytest.raises(CommandError, match="unsupported version 3"):
        import_file(write(tmp_path, {**envelope(record("a")), "version": 3}))


@pytest.mark.django_db
def test_import_sanitises_rich_text_like_the_admin(tmp_path):
    """Scripts, event attributes and javascript: links never reach the database."""
    evil = (
        '<p onclick="steal()">Hi<script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)></p>'
    )
    import_file(write(tmp_path, envelope(record("a", body={"en": evil, "fr": evil}))))
    release = NewsRelease.objects.get(slug="a")
    for body in (release.body_en, release.body_fr):
        assert "script" not in body and "onclick" not in body
        assert "javascript:" not in body and "onerror" not in body
        assert body.startswith("<p>Hi")


def _changed_on_the_site(slug):
    """An editor saves the release after the export: its version moves on."""
    release = NewsRelease.objects.get(slug=slug)
    release.title_en = "Edited on the site"
    release.version += 1
    release.save()
    return release


@pytest.mark.django_db
def test_import_refuses_a_release_changed_on_the_site_since_the_export(tmp_path):
    """A record older than the site's copy is refused, named with both versions, and the
    site's copy stays as it is."""
    import_file(write(tmp_path, envelope(record("a", version=1))))
    _changed_on_the_site("a")
    with pytest.raises(CommandError, match=(
        r'release #1 \(slug "a"\): refused: the site\'s copy is at version 2, newer than '
        r"the file's version 1"
    )):
        import_file(write(tmp_path, envelope(record("a", version=1, title={"en": "Old"}))))
    assert NewsRelease.objects.get(slug="a").title_en == "Edited on the site"


@pytest.mark.django_db
def test_import_writes_the_other_records_when_one_is_refused(tmp_path):
    """A refused record does not stop the import of the others."""
    import_file(write(tmp_path, envelope(record("a", version=1))))
    _changed_on_the_site("a")
    with pytest.raises(CommandError, match="1 releases were refused"):
        import_file(write(tmp_path, envelope(record("a", version=1, title={"en": "Old"}),
                                             record("b", version=1))))
    assert NewsRelease.objects.filter(slug="b").exists()


@pytest.mark.django_db
def test_forced_import_overwrites_a_newer_release_and_moves_its_version_on(tmp_path):
    """--force applies the file over the site's newer copy, as a new version."""
    import_file(write(tmp_path, envelope(record("a", version=1))))
    _changed_on_the_site("a")
    path = write(tmp_path, envelope(record("a", version=1, title={"en": "From the file"})))
    call_command("import_releases", path, "--force", "--allow-backdated", stdout=StringIO())
    release = NewsRelease.objects.get(slug="a")
    assert (release.title_en, release.version) == ("From the file", 3)


@pytest.mark.django_db
def test_version_1_file_refuses_an_existing_release_that_differs(tmp_path):
    """A file without versions cannot say which copy is newer: an existing release that
    differs is kept."""
    import_file(write(tmp_path, envelope(record("a"))))
    old_file = {**envelope(record("a", title={"en": "Other"})), "version": 1}
    with pytest.raises(CommandError, match="does not say which version it was exported from"):
        import_file(write(tmp_path, old_file))
    assert NewsRelease.objects.get(slug="a").title_en == "Title a"


@pytest.mark.django_db
def test_version_1_file_is_still_read(tmp_path):
    """A file written before versions were exported imports new releases as before."""
    import_file(write(tmp_path, {**envelope(record("a")), "version": 1}))
    assert NewsRelease.objects.get(slug="a").title_en == "Title a"


@pytest.mark.django_db
def test_importing_the_same_export_again_changes_no_version(tmp_path, settings):
    """A second import of the same export leaves every release unchanged, versions too."""
    build_newsroom(settings)
    path = str(tmp_path / "export.json")
    call_command("export_releases", path, stdout=StringIO())
    before = dict(NewsRelease.objects.values_list("slug", "version"))
    output = import_file(path)
    assert dict(NewsRelease.objects.values_list("slug", "version")) == before
    assert f"{len(before)} unchanged" in output


@pytest.mark.django_db
def test_import_writes_one_activity_row_with_its_counts(tmp_path):
    """Each import leaves one row in the activity log, with what it created, updated and
    refused."""
    import_file(write(tmp_path, envelope(record("a", version=1))))
    _changed_on_the_site("a")
    with pytest.raises(CommandError):
        import_file(write(tmp_path, envelope(record("a", version=1, title={"en": "Old"}),
                                             record("b", version=1))))
    rows = ActivityEntry.objects.filter(action=ActivityEntry.Action.IMPORT)
    assert [(row.source, row.details) for row in rows] == [
        ("command:import_releases",
         "created 1, updated 0, unchanged 0, refused 1 (backdating allowed)"),
        ("command:import_releases",
         "created 1, updated 0, unchanged 0, refused 0 (backdating allowed)"),
    ]


class TerminalOutput(StringIO):
    """Standard output as a person at a terminal has it."""

    def isatty(self):
        return True


@pytest.mark.django_db
def test_import_is_quiet_when_not_on_a_terminal(tmp_path, capsys):
    """Without a terminal there is no progress bar: only the summary of counts."""
    out = StringIO()
    call_command(
        "import_releases", write(tmp_path, envelope(record("a"))), "--allow-backdated", stdout=out
    )
    assert out.getvalue().strip() == (
        "Imported 1 releases (1 created, 0 updated), 0 themes (0 created), "
        "0 press contacts (0 created)."
    )
    assert capsys.readouterr().err == ""


@pytest.mark.django_db
def test_import_shows_a_progress_bar_on_a_terminal(tmp_path, capsys):
    """At a terminal, a progress bar counts the releases as they are written."""
    path = write(tmp_path, envelope(record("a"), record("b")))
    call_command("import_releases", path, "--allow-backdated", stdout=TerminalOutput())
    assert "2/2" in capsys.readouterr().err


# --- Translation report -----------------------------------------------------------------------


@pytest.mark.django_db
def test_translation_report_table_lists_what_each_language_lacks():
    """The table lists, under each language, the items with an empty title, lead or body."""
    make_published_release(slug="english-only")
    make_published_release(slug="complete", **{
        f"{name}_{lang}": f"{name} {lang}"
        for name in ("title", "lead", "body") for lang in ("fr", "es")
    })
    out = StringIO()
    call_command("translation_report", stdout=out)
    sections = out.getvalue().split("\nfr: ")
    assert "english-only" not in sections[0] and "complete" not in sections[0]
    assert "english-only" in sections[1] and "complete" not in sections[1]


@pytest.mark.django_db
def test_translation_report_json_for_one_language():
    """`--format json --language fr` gives the French gaps only, with the missing fields."""
    make_published_release(slug="needs-fr-lead", title_fr="Titre", body_fr="<p>Texte</p>",
                           lead_es="x", title_es="x", body_es="<p>x</p>")
    Page.objects.create(title_en="Who we are", slug_en="who-we-are", body_en="<p>x</p>",
                        title_fr="Qui sommes-nous", slug_fr="qui-sommes-nous")
    out = StringIO()
    call_command("translation_report", "--format", "json", "--language", "fr", stdout=out)
    data = json.loads(out.getvalue())["waiting"]
    assert {i["language"] for i in data} == {"fr"}
    assert [(i["slug"], i["missing"]) for i in data if i["kind"] == "release"] == [
        ("needs-fr-lead", ["lead"])
    ]
    assert [(i["slug"], i["missing"]) for i in data if i["kind"] == "page"] == [
        ("who-we-are", ["body"])
    ]


@pytest.mark.django_db
def test_translation_dashboard_lists_missing_items_for_staff(client):
    """Staff see the dashboard with the untranslated release named under French."""
    make_published_release(slug="english-only", title_en="Only in English")
    client.force_login(make_staff_user("newsroom.view_newsrelease"))
    response = client.get(reverse("translation_report"))
    assert response.status_code == 200
    assert "Only in English" in text_of(response)


@pytest.mark.django_db
def test_admin_index_links_to_the_translation_dashboard(client):
    """Translators find the dashboard from the admin's home page."""
    client.force_login(make_staff_user("newsroom.view_newsrelease"))
    response = client.get(reverse("admin:index"))
    assert elements(response, "a", href=reverse("translation_report"))


@pytest.mark.django_db
def test_translation_dashboard_sends_anonymous_visitors_to_login(client):
    """The dashboard is behind the admin login."""
    response = client.get(reverse("translation_report"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_translation_dashboard_query_count_is_constant(client, django_assert_num_queries):
    """The same number of queries for one untranslated item as for sixty."""
    client.force_login(make_staff_user("newsroom.view_newsrelease", "organisation.view_page"))
    make_published_release()
    url = reverse("translation_report")
    with CaptureQueriesContext(connection) as one_item:
        assert client.get(url).status_code == 200
    for _ in range(30):
        make_published_release()
        Page.objects.create(title_en="Page", slug_en="page", body_en="<p>x</p>")
    with django_assert_num_queries(len(one_item)):
        assert client.get(url).status_code == 200


# --- Demo releases ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_generate_demo_releases_fills_three_languages():
    """Every generated release is published and has title, lead and body in en, fr and es."""
    call_command("generate_demo_releases", "--count", "25", "--seed", "7", stdout=StringIO())
    releases = NewsRelease.objects.all()
    assert releases.count() == 25
    assert releases.filter(status=NewsRelease.Status.PUBLISHED).count() == 25
    assert NewsRelease.objects.published().count() == 25
    for release in releases:
        for lang in LANGUAGES:
            for name in ("title", "lead", "body", "dateline"):
                assert getattr(release, f"{name}_{lang}"), (release.slug, name, lang)
        assert release.countries


@pytest.mark.django_db
def test_generate_demo_releases_attaches_themes_and_contacts():
    """Each generated release has at least one theme and one press contact."""
    call_command("generate_demo_releases", "--count", "25", "--seed", "7", stdout=StringIO())
    assert not NewsRelease.objects.filter(themes=None).exists()
    assert not NewsRelease.objects.filter(contacts=None).exists()


@pytest.mark.django_db
def test_generate_demo_releases_never_reuses_a_slug():
    """A second run continues the numbering after the slugs already there."""
    make_published_release(slug="demo-3")
    call_command("generate_demo_releases", "--count", "5", stdout=StringIO())
    call_command("generate_demo_releases", "--count", "5", stdout=StringIO())
    slugs = set(NewsRelease.objects.values_list("slug", flat=True))
    assert len(slugs) == 11
    assert {"demo-4", "demo-13"} <= slugs
