import re

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from organisation.models import MenuItem, Office, Organisation, Page, Person, Position, Unit
from tests import factories
from tests.html import attribute_values, element, elements, text_of
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db


def _person_form(**fields):
    """The person add form's POST data: a name, a slug, no positions."""
    data = {
        "name": "Amy Pope",
        "slug": "amy-pope",
        "photo_alt_en": "Portrait",
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "0",
        "positions-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


@pytest.fixture
def objects():
    """One row of each model, so every change view has something to show."""
    unit = factories.make_unit()
    office = factories.make_office()
    page = Page.objects.create(title_en="Who we are", slug_en="who-we-are", status="published")
    item = MenuItem.objects.create(label_en="Who we are", page=page)
    position = factories.make_position(unit=unit)
    return {
        Organisation: factories.make_organisation(),
        Unit: unit,
        Person: position.person,
        Office: office,
        "region": office.region,
        Page: page,
        MenuItem: item,
    }


@pytest.mark.parametrize(
    "key", [Organisation, Unit, Person, Office, "region", Page, MenuItem],
    ids=["organisation", "unit", "person", "office", "region", "page", "menuitem"],
)
def test_change_view_loads_with_language_tabs(admin_client, objects, key):
    """Each model's change view answers 200 and loads modeltranslation's tabs and jQuery UI."""
    obj = objects[key]
    url = reverse(f"admin:organisation_{obj._meta.model_name}_change", args=[obj.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    scripts = [script.attrs["src"] for script in elements(html, "script", src=True)]
    tabs = "modeltranslation/js/tabbed_translation_fields.js"
    assert [src for src in scripts if src.endswith(tabs)]
    assert "/static/xstatic/jquery-ui/jquery-ui.min.js" in scripts
    # modeltranslation marks each language's widget; its script turns them into tabs.
    assert elements(html, class_=re.compile(r"(^|\s)mt-field-\w+-fr(\s|$)"))
    assert elements(html, class_=re.compile(r"(^|\s)mt-field-\w+-es(\s|$)"))


@pytest.mark.parametrize(
    "model", [Organisation, Unit, Person, Office, "region", Page, MenuItem],
    ids=["organisation", "unit", "person", "office", "region", "page", "menuitem"],
)
def test_changelist_loads(admin_client, objects, model):
    """Each model's list view answers 200."""
    name = "region" if model == "region" else model._meta.model_name
    assert admin_client.get(reverse(f"admin:organisation_{name}_changelist")).status_code == 200


def test_tab_scripts_are_served_by_the_project(admin_client, objects):
    """Every script and stylesheet the tabs need is a local static file, none from a CDN."""
    url = reverse("admin:organisation_unit_change", args=[objects[Unit].pk])
    html = admin_client.get(url).content.decode()
    assets = [
        url for url in attribute_values(html, "src") + attribute_values(html, "href")
        if url.endswith((".js", ".css"))
    ]
    assert assets
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset


def test_second_organisation_cannot_be_added(admin_client, objects):
    """With the one row present, the organisation's add view is forbidden."""
    assert admin_client.get(reverse("admin:organisation_organisation_add")).status_code == 403


def test_position_ending_before_it_starts_is_refused(admin_client):
    """An end date before the start date gets an error on the end date; nothing is saved."""
    unit = factories.make_unit()
    data = _person_form(**{
        "positions-TOTAL_FORMS": "1",
        "positions-0-unit": str(unit.pk),
        "positions-0-title_en": "Director General",
        "positions-0-start_date": "2023-10-01",
        "positions-0-end_date": "2020-01-01",
    })
    response = admin_client.post(reverse("admin:organisation_person_add"), data)
    assert response.status_code == 200
    assert "A position cannot end before it starts" in text_of(response)
    assert not Person.objects.exists()
    assert not Position.objects.exists()


def test_former_position_with_both_dates_is_saved(admin_client):
    """A term with start and end dates is kept as entered."""
    unit = factories.make_unit()
    data = _person_form(**{
        "positions-TOTAL_FORMS": "1",
        "positions-0-unit": str(unit.pk),
        "positions-0-title_en": "Director General",
        "positions-0-start_date": "2018-10-01",
        "positions-0-end_date": "2023-09-30",
    })
    response = admin_client.post(reverse("admin:organisation_person_add"), data)
    assert response.status_code == 302
    position = Position.objects.get()
    assert (str(position.start_date), str(position.end_date)) == ("2018-10-01", "2023-09-30")


@pytest.fixture(scope="module")
def bomb_png():
    return image_bytes("PNG", size=(20000, 20000), mode="1")


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"MZ\x90\x00 not an image at all", "photo.jpg", "This file is not an image"),
        (image_bytes("GIF"), "photo.gif", "GIF images are not accepted"),
        (image_bytes("BMP"), "photo.bmp", "BMP images are not accepted"),
    ],
    ids=["not-an-image", "gif", "bmp"],
)
def test_bad_photo_gets_a_clear_form_error(admin_client, content, name, message):
    """A non-image or a refused format gets its own message and the other fields are kept."""
    response = admin_client.post(
        reverse("admin:organisation_person_add"), _person_form(photo=upload(content, name=name))
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in text_of(html)
    assert elements(html, "input", value="Amy Pope")
    assert not Person.objects.exists()


def test_bomb_photo_gets_a_clear_form_error(admin_client, bomb_png):
    """A decompression bomb is refused with its own message, and the form keeps its fields."""
    response = admin_client.post(
        reverse("admin:organisation_person_add"),
        _person_form(photo=upload(bomb_png, name="photo.png", content_type="image/png")),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "decompression bomb" in text_of(html)
    assert elements(html, "input", value="Amy Pope")
    assert not Person.objects.exists()


def test_valid_jpeg_is_stored_under_an_unguessable_name(admin_client, settings):
    """A JPEG photo is saved under people/<32 hex>.jpg, not under the uploaded name."""
    response = admin_client.post(
        reverse("admin:organisation_person_add"),
        _person_form(photo=upload(image_bytes("JPEG"), name="amy-pope-secret.jpg")),
    )
    assert response.status_code == 302
    photo = Person.objects.get().photo
    assert re.fullmatch(r"people/[0-9a-f]{32}\.jpg", photo.name)
    assert (settings.MEDIA_ROOT / photo.name).read_bytes()[:2] == b"\xff\xd8"


def test_unit_cannot_report_to_its_own_sub_unit(admin_client):
    """Making a unit's parent one of its sub-units is refused with a message on the field."""
    dg = factories.make_unit(name_en="Director General", slug="dg")
    child = factories.make_unit(parent=dg, name_en="Office", slug="office")
    response = admin_client.post(
        reverse("admin:organisation_unit_change", args=[dg.pk]),
        {"name_en": "Director General", "slug": "dg", "kind": "dg", "order": "0",
         "parent": str(child.pk)},
    )
    assert response.status_code == 200
    assert "cannot report to itself or to one of its sub-units" in text_of(response)
    dg.refresh_from_db()
    assert dg.parent_id is None


def _unit_list(admin_client):
    response = admin_client.get(reverse("admin:organisation_unit_changelist"))
    assert response.status_code == 200
    return response.content.decode()


def test_unit_list_reads_as_the_tree(admin_client):
    """Each unit is listed right under its parent, siblings by order, whatever the pks."""
    second = factories.make_unit(name_en="Second root", order=2)
    first = factories.make_unit(name_en="First root", order=1)
    factories.make_unit(name_en="Under second", parent=second, order=1)
    child = factories.make_unit(name_en="Under first", parent=first, order=1)
    factories.make_unit(name_en="Under under first", parent=child, order=1)
    html = _unit_list(admin_client)
    names = ["First root", "Under first", "Under under first", "Second root", "Under second"]
    cells = elements(html, "th", class_="field-tree_name")
    listed = [cell.text.lstrip("\u2003└ ") for cell in cells]
    assert listed == names


def test_unit_list_indents_names_by_depth(admin_client):
    """A grandchild's name carries two levels of indent, a root's none."""
    root = factories.make_unit(name_en="Root unit")
    child = factories.make_unit(name_en="Child unit", parent=root)
    factories.make_unit(name_en="Grandchild unit", parent=child)
    html = _unit_list(admin_client)
    def indent_of(name):
        [cell] = [cell for cell in elements(html, "th", class_="field-tree_name")
                  if cell.text.endswith(name)]
        assert element(cell, "a").text.endswith(name)
        return [span.content for span in elements(cell, "span", aria_hidden="true")]

    assert indent_of("Grandchild unit") == ["\u2003└ "]
    assert indent_of("Child unit") == ["└ "]
    assert indent_of("Root unit") == []


def _tree(n):
    root = factories.make_unit()
    parent = root
    for i in range(n):
        parent = factories.make_unit(parent=parent if i % 3 else root)


def test_unit_list_queries_do_not_grow_with_units(admin_client, django_assert_num_queries):
    """6 units and 60 units: the tree ordering costs the same number of queries."""
    _tree(5)
    with CaptureQueriesContext(connection) as small:
        _unit_list(admin_client)
    _tree(54)
    with django_assert_num_queries(len(small)):
        _unit_list(admin_client)


@pytest.mark.parametrize("model, field", [(Page, "body"), (Person, "biography")])
def test_rich_text_gets_the_prose_editor_in_each_tab(admin_client, objects, model, field):
    """Page bodies and biographies are edited with the releases' editor in en, fr and es."""
    name = model._meta.model_name
    url = reverse(f"admin:organisation_{name}_change", args=[objects[model].pk])
    html = admin_client.get(url).content.decode()
    for code in LANGUAGES:
        textarea = element(html, "textarea", name=f"{field}_{code}")
        assert [name for name in textarea.attrs if name.startswith("data-django-prose-editor")]
        # modeltranslation's tab marker
        assert f"mt-field-{field}-{code}" in textarea.attrs["class"].split()


def test_page_editor_import_map_carries_the_csp_nonce(admin_client, objects):
    """The editor's inline import map on the page form runs under the response's CSP nonce."""
    response = admin_client.get(reverse("admin:organisation_page_change", args=[objects[Page].pk]))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert element(response, "script", type="importmap").attrs["nonce"] == nonce


def test_page_body_from_the_admin_is_sanitised(admin_client):
    """A script or javascript: link typed into the page body never reaches the database."""
    data = {
        "title_en": "Who we are", "slug_en": "who-we-are", "status": "published",
        "original_language": "en", "order": "0",
        "body_en": '<p>Hi<script>alert(1)</script> <a href="javascript:alert(1)">x</a></p>',
    }
    response = admin_client.post(reverse("admin:organisation_page_add"), data)
    assert response.status_code == 302
    body = Page.objects.get().body_en
    assert "script" not in body and "javascript" not in body and "Hi" in body


def test_admin_pages_load_the_editor_height_rule(admin_client, objects):
    """The admin loads the project's stylesheet that gives the rich-text editor its height."""
    html = admin_client.get(
        reverse("admin:organisation_page_change", args=[objects[Page].pk])
    ).content.decode()
    assert elements(html, "link", rel="stylesheet", href="/static/css/admin.css")
    assert ".ProseMirror { min-height" in open(finders.find("css/admin.css")).read()
