"""One write path: each model a public page shows, changed through each way of writing it,
is never served stale afterwards. The page cache is on; each test asks for the page until it
comes from the cache, changes the row, and asks again (core.write_path)."""

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from io import StringIO

import polib
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from core.revisions import revision, versions_of
from core.translation_exchange import export_po, import_po
from core.write_path import ContentModel
from newsroom import services as newsroom_services
from newsroom.models import (
    Correction,
    JournalistLink,
    NewsRelease,
    PressContact,
    ReleaseContact,
    Theme,
)
from organisation import services as organisation_services
from organisation.models import MenuItem, Office, Organisation, Page, Person, Position, Region, Unit
from tests import factories
from tests.admin_forms import change_url, opened_form
from tests.i18n import url_in
from tests.images import image_bytes

pytestmark = pytest.mark.django_db

BEFORE, AFTER, CREATED = "Wording-before", "Wording-after", "Wording-created"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 600


class _Text(HTMLParser):
    """The text a reader sees (scripts and styles left out)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style") and self._hidden > 0

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def seen(client, url):
    """The page's visible text, or None when the address shows nothing (404, 410)."""
    response = client.get(url)
    if response.status_code in (404, 410):
        return None
    assert response.status_code == 200, (url, response.status_code)
    reader = _Text()
    reader.feed(response.content.decode())
    return " ".join(" ".join(reader.parts).split())


def cached(client, url):
    """Ask for `url` until the page cache serves it: a stale page would be served from here."""
    client.get(url)
    response = client.get(url)
    assert getattr(response, "from_page_cache", False), url
    return response


# --- The models and the public page that shows each ------------------------------------------


@dataclass
class Shown:
    """A row of `model` shown on a public page, its text `column` "before".

    `make()` makes the row (and what the page needs around it), `url(row)` the page, `change`
    the values that make the page say "after" ({field: value or a function of the row}),
    `build(row)` a new row the same page shows saying "created" (None: none would show
    there), `deletable` whether deleting the row is something an editor can do."""

    make: object
    url: object
    change: dict
    build: object = None
    deletable: bool = True
    model: type = field(init=False)

    def values(self, row):
        return {name: value(row) if callable(value) else value
                for name, value in self.change.items()}


def _release_with_theme():
    release = factories.make_published_release()
    theme = factories.make_theme(name_en=BEFORE)
    release.themes.add(theme)
    theme.shown_on = release
    return theme


def _release_contact():
    release = factories.make_published_release()
    link = factories.attach_contact(release, factories.make_contact(name=BEFORE))
    return link


def _correction():
    release = factories.make_published_release(corrected_at=timezone.now())
    return Correction.objects.create(release=release, note_en=BEFORE)


def _position():
    return factories.make_position(title_en=BEFORE, start_date=date(2020, 1, 1))


def _office():
    return factories.make_office(name_en=BEFORE)


def _region():
    region = factories.make_region(name_en=BEFORE)
    factories.make_office(region=region)
    return region


def _detail(release):
    return url_in("en", "newsroom:detail", slug=release.slug)


def _home(row):
    return url_in("en", "home")


def _news(row):
    return url_in("en", "newsroom:list")


def _where_we_work(row):
    return url_in("en", "organisation:where_we_work")


def _new_release(row):
    return NewsRelease(
        title_en=CREATED, slug="created", status=NewsRelease.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(minutes=1),
    )


SHOWN = {
    NewsRelease: Shown(
        make=lambda: factories.make_published_release(title_en=BEFORE), url=_news,
        change={"title_en": AFTER}, build=_new_release,
    ),
    Theme: Shown(
        make=_release_with_theme, url=lambda theme: _detail(theme.shown_on),
        change={"name_en": AFTER},
    ),
    PressContact: Shown(
        make=lambda: factories.make_contact(name=BEFORE),
        url=lambda row: url_in("en", "newsroom:media_contacts"),
        change={"name": AFTER},
        build=lambda row: PressContact(name=CREATED, slug="created", role_en="Spokesperson"),
    ),
    ReleaseContact: Shown(
        make=_release_contact, url=lambda link: _detail(link.release),
        change={"contact": lambda link: factories.make_contact(name=AFTER)},
        build=lambda link: ReleaseContact(
            release=link.release, contact=factories.make_contact(name=CREATED), order=9
        ),
    ),
    Correction: Shown(
        make=_correction, url=lambda row: _detail(row.release), change={"note_en": AFTER},
        build=lambda row: Correction(release=row.release, note_en=CREATED),
    ),
    Organisation: Shown(
        make=lambda: factories.make_organisation(name_en=BEFORE), url=_home,
        change={"name_en": AFTER},
    ),
    Unit: Shown(
        make=lambda: factories.make_unit(name_en=BEFORE),
        url=lambda row: url_in("en", "organisation:structure"),
        change={"name_en": AFTER},
        build=lambda row: Unit(name_en=CREATED, slug="created"),
    ),
    Person: Shown(
        make=lambda: factories.make_person(name=BEFORE),
        url=lambda row: url_in("en", "organisation:person", slug=row.slug),
        change={"name": AFTER},
    ),
    Position: Shown(
        make=_position, url=lambda row: url_in("en", "organisation:person", slug=row.person.slug),
        change={"title_en": AFTER},
        build=lambda row: Position(
            person=row.person, unit=row.unit, title_en=CREATED, start_date=date(2010, 1, 1),
            end_date=date(2015, 1, 1),
        ),
    ),
    Region: Shown(make=_region, url=_where_we_work, change={"name_en": AFTER}, deletable=False),
    Office: Shown(
        make=_office, url=_where_we_work, change={"name_en": AFTER},
        build=lambda row: Office(
            name_en=CREATED, slug="created", region=row.region, country="FR", city_en="Paris"
        ),
    ),
    Page: Shown(
        make=lambda: factories.make_published_page(title_en=BEFORE),
        url=lambda row: url_in("en", "organisation:page", slug=row.slug_en),
        change={"title_en": AFTER},
    ),
    MenuItem: Shown(
        make=lambda: MenuItem.objects.create(label_en=BEFORE, target=MenuItem.Target.NEWS),
        url=_home, change={"label_en": AFTER},
        build=lambda row: MenuItem(label_en=CREATED, target=MenuItem.Target.WHERE_WE_WORK),
    ),
}
for _model, _shown in SHOWN.items():
    _shown.model = _model


def shown_ids():
    return [model._meta.label for model in SHOWN]


# Records about content that no public page shows (the embargo page that reads a journalist
# link is never cached: newsroom.views.embargoed_release).
BOOKKEEPING = {JournalistLink}


def test_every_content_model_takes_the_write_path_and_is_tested_here():
    """A model added to the content apps takes the write path, and a public page of it is
    checked here."""
    for label in ("organisation", "newsroom"):
        for model in apps.get_app_config(label).get_models():
            if model in BOOKKEEPING:
                continue
            assert issubclass(model, ContentModel), model
            assert model in SHOWN, model


# --- Writes that change a row ----------------------------------------------------------------


def _save(row, values):
    for name, value in values.items():
        setattr(row, name, value)
    row.save()


def _update(row, values):
    type(row).objects.filter(pk=row.pk).update(**values)


def _bulk_update(row, values):
    for name, value in values.items():
        setattr(row, name, value)
    type(row).objects.bulk_update([row], list(values))


@pytest.mark.parametrize("door", [_save, _update, _bulk_update], ids=["save", "update",
                                                                         "bulk_update"])
@pytest.mark.parametrize("shown", SHOWN.values(), ids=shown_ids())
def test_a_change_is_seen_at_once(client, shown, door):
    row = shown.make()
    url = shown.url(row)
    assert BEFORE in seen(client, url)
    cached(client, url)
    door(type(row).objects.get(pk=row.pk), shown.values(row))
    text = seen(client, url)
    assert AFTER in text and BEFORE not in text


# --- Writes that add or remove a row ---------------------------------------------------------


@pytest.mark.parametrize(
    "shown", [shown for shown in SHOWN.values() if shown.build],
    ids=[model._meta.label for model, shown in SHOWN.items() if shown.build],
)
def test_a_row_made_by_bulk_create_is_seen_at_once(client, shown):
    row = shown.make()
    url = shown.url(row)
    cached(client, url)
    assert CREATED not in seen(client, url)
    type(row).objects.bulk_create([shown.build(row)])
    assert CREATED in seen(client, url)


def _delete(row):
    row.delete()


def _queryset_delete(row):
    type(row).objects.filter(pk=row.pk).delete()


@pytest.mark.parametrize("door", [_delete, _queryset_delete], ids=["delete", "queryset_delete"])
@pytest.mark.parametrize(
    "shown", [shown for shown in SHOWN.values() if shown.deletable],
    ids=[model._meta.label for model, shown in SHOWN.items() if shown.deletable],
)
def test_a_deleted_row_is_gone_at_once(client, shown, door):
    row = shown.make()
    url = shown.url(row)
    assert BEFORE in seen(client, url)
    cached(client, url)
    door(row)
    text = seen(client, url)
    assert text is None or BEFORE not in text


# --- The admin, the services, the commands, revisions, translation import ------------------

ADMIN = {
    NewsRelease: "title_en", Theme: "name_en", PressContact: "name", Organisation: "name_en",
    Unit: "name_en", Person: "name", Region: "name_en", Office: "name_en", Page: "title_en",
    MenuItem: "label_en",
}


@pytest.mark.parametrize("model", ADMIN, ids=[model._meta.label for model in ADMIN])
def test_a_change_saved_in_the_admin_is_seen_at_once(client, admin_client, model):
    row = SHOWN[model].make()
    url = SHOWN[model].url(row)
    cached(client, url)
    data = opened_form(admin_client, row)
    data[ADMIN[model]] = AFTER
    response = admin_client.post(change_url(row), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    text = seen(client, url)
    assert AFTER in text and BEFORE not in text


def test_a_release_unpublished_by_the_service_leaves_the_list_at_once(client):
    release = factories.make_published_release(title_en=BEFORE)
    cached(client, _news(release))
    newsroom_services.unpublish(release)
    assert BEFORE not in seen(client, _news(release))


def test_a_release_published_by_the_service_is_listed_at_once(client):
    draft = factories.make_draft_release(title_en=AFTER, published_at=None)
    cached(client, _news(draft))
    newsroom_services.publish(draft)
    assert AFTER in seen(client, _news(draft))


def test_a_correction_added_by_the_service_is_seen_at_once(client):
    release = factories.make_published_release()
    cached(client, _detail(release))
    newsroom_services.add_correction(release, {"en": AFTER})
    assert AFTER in seen(client, _detail(release))


def test_a_page_unpublished_by_the_service_is_gone_at_once(client):
    page = factories.make_published_page(title_en=BEFORE)
    url = SHOWN[Page].url(page)
    cached(client, url)
    organisation_services.unpublish_page(page)
    text = seen(client, url)
    assert text is None or BEFORE not in text


def test_a_release_imported_by_the_command_is_seen_at_once(client, tmp_path):
    release = factories.make_published_release(title_en=BEFORE)
    path = tmp_path / "releases.json"
    call_command("export_releases", str(path), stdout=StringIO())
    data = json.loads(path.read_text(encoding="utf-8"))
    for record in data["releases"]:
        record["title"]["en"] = AFTER
    path.write_text(json.dumps(data), encoding="utf-8")
    cached(client, _detail(release))
    call_command("import_releases", str(path), stdout=StringIO(), stderr=StringIO())
    text = seen(client, _detail(release))
    assert AFTER in text and BEFORE not in text


@pytest.mark.parametrize("make", [
    lambda: factories.make_published_release(title_en=BEFORE),
    lambda: factories.make_published_page(title_en=BEFORE),
], ids=["release", "page"])
def test_a_restored_revision_is_seen_at_once(client, admin_user, make):
    row = make()
    with revision(user=admin_user, source="test"):
        row.save()
    old = versions_of(row).first()
    row.title_en = AFTER
    row.save()
    url = _detail(row) if isinstance(row, NewsRelease) else SHOWN[Page].url(row)
    assert AFTER in seen(client, url)
    cached(client, url)
    restore = (newsroom_services.restore if isinstance(row, NewsRelease)
               else organisation_services.restore)
    restore(old, user=admin_user, source="test")
    text = seen(client, url)
    assert BEFORE in text and AFTER not in text


@pytest.mark.parametrize("make", [
    lambda: factories.make_published_release(title_en=BEFORE, title_fr=""),
    lambda: factories.make_published_page(title_en=BEFORE, title_fr=""),
], ids=["release", "page"])
def test_a_translation_imported_is_seen_at_once(client, make):
    row = make()
    with_slug = {"slug": row.slug} if isinstance(row, NewsRelease) else {"slug": row.slug_en}
    name = "newsroom:detail" if isinstance(row, NewsRelease) else "organisation:page"
    url = url_in("fr", name, **with_slug)
    cached(client, url)
    po = polib.pofile(export_po([row], "fr"))
    for entry in po:
        entry.msgstr = AFTER if entry.msgid == BEFORE else f"FR {entry.msgid}"
    import_po(str(po))
    assert AFTER in seen(client, url)


# --- Each step, through the writes that run no save() ----------------------------------------

SCRIPT = '<p>Kept</p><script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("make, column", [
    (factories.make_published_release, "body_fr"),
    (factories.make_published_page, "body_en"),
    (factories.make_person, "biography_es"),
], ids=["release", "page", "person"])
@pytest.mark.parametrize("door", [_update, _bulk_update, _save], ids=["update", "bulk_update",
                                                                      "save"])
def test_rich_text_is_sanitised_whatever_writes_it(make, column, door):
    row = make()
    door(type(row).objects.get(pk=row.pk), {column: SCRIPT})
    assert getattr(type(row).objects.get(pk=row.pk), column) == "<p>Kept</p>"


def test_rich_text_of_rows_made_together_is_sanitised():
    page, person = Page(title_en="Made", slug_en="made", body_en=SCRIPT), Person(
        name="Made", slug="made", biography_fr=SCRIPT
    )
    Page.objects.bulk_create([page])
    Person.objects.bulk_create([person])
    assert Page.objects.get(slug_en="made").body_en == "<p>Kept</p>"
    assert Person.objects.get(slug="made").biography_fr == "<p>Kept</p>"


@pytest.mark.parametrize("door", [_save, _update, _bulk_update], ids=["save", "update",
                                                                         "bulk_update"])
@pytest.mark.parametrize("model", [model for model in SHOWN if hasattr(model, "version")],
                         ids=[model._meta.label for model in SHOWN if hasattr(model, "version")])
def test_every_write_moves_the_version_on_by_one(model, door):
    """A form opened before any write (a plain save included) is stale after it."""
    row = SHOWN[model].make()
    version = type(row).objects.get(pk=row.pk).version
    door(type(row).objects.get(pk=row.pk), SHOWN[model].values(row))
    assert type(row).objects.get(pk=row.pk).version == version + 1


def test_a_saved_object_knows_its_new_version():
    release = factories.make_published_release()
    release.title_en = AFTER
    release.save()
    assert release.version == 2
    release.save(update_fields=["title_en"])
    assert (release.version, NewsRelease.objects.get(pk=release.pk).version) == (3, 3)


def test_bookkeeping_written_alone_keeps_the_version():
    """Renditions made after an upload, or the translation state worked out again, change
    nothing an editor could have changed: open forms stay current."""
    release = factories.make_published_release()
    NewsRelease.objects.filter(pk=release.pk).update(renditions={"source": "", "items": []})
    assert NewsRelease.objects.get(pk=release.pk).version == 1


def test_a_version_the_writer_sets_is_kept():
    """An import carries the version of the site it came from."""
    release = factories.make_published_release()
    release.version = 7
    release.save()
    assert NewsRelease.objects.get(pk=release.pk).version == 7


@pytest.mark.parametrize("door", [_update, _bulk_update], ids=["update", "bulk_update"])
def test_the_translation_state_follows_writes_that_run_no_save(door):
    release = factories.make_published_release(
        title_en="Shelter", title_fr="Abri", lead_en="", body_en=""
    )
    assert release.translation_state["languages"]["fr"]["status"] == "complete"
    door(NewsRelease.objects.get(pk=release.pk), {"title_en": "Shelter for all"})
    state = NewsRelease.objects.get(pk=release.pk).translation_state
    assert (state["languages"]["fr"]["status"], state["languages"]["fr"]["stale"]) == (
        "stale", ["title"]
    )
    door(NewsRelease.objects.get(pk=release.pk), {"title_fr": "Abri pour tous"})
    state = NewsRelease.objects.get(pk=release.pk).translation_state
    assert state["languages"]["fr"]["status"] == "complete"


@pytest.mark.parametrize("door", [_update, _bulk_update], ids=["update", "bulk_update"])
def test_a_slug_changed_without_save_keeps_its_old_address(client, door):
    release = factories.make_published_release(slug="before")
    door(NewsRelease.objects.get(pk=release.pk), {"slug": "after"})
    response = client.get(url_in("en", "newsroom:detail", slug="before"))
    assert (response.status_code, response["Location"]) == (
        301, url_in("en", "newsroom:detail", slug="after")
    )


@pytest.mark.parametrize("door", [_update, _bulk_update], ids=["update", "bulk_update"])
def test_a_file_replaced_without_save_leaves_storage_after_commit(
    door, django_capture_on_commit_callbacks
):
    person = factories.make_person()
    person.photo.save("photo.jpg", ContentFile(image_bytes("JPEG", (300, 300))))
    old = person.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        door(Person.objects.get(pk=person.pk), {"photo": ""})
    assert not default_storage.exists(old)
