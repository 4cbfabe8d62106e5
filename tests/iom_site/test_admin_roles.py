"""Translators change translated text only, in every admin (core.admin_roles): a
person without the model's add permission sees the rest read-only, and posting it changed
leaves it as it was. Editors, who hold the add permission, change it."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from newsroom.models import NewsRelease
from organisation.models import MenuItem, Page, Position
from tests import factories
from tests.admin_forms import change_form_data
from tests.html import element, elements, parse, text_of
from tests.images import image_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@dataclass
class Row:
    """One admin: an object, the non-text fields a tampered form changes, the model attributes
    they land in, and one translated text field changed in the same POST."""

    obj: object
    tampered: dict
    watched: list
    text: tuple  # (posted name, new value, attribute)
    files: dict = field(default_factory=dict)
    unchecked: list = field(default_factory=list)  # checkboxes the tampered form unticks


def _future():
    return timezone.localtime() + timedelta(days=3)


def release_row():
    other = factories.make_published_release()
    theme = factories.make_theme()
    release = factories.make_draft_release(kind=NewsRelease.Kind.PRESS_RELEASE)
    later = _future()
    return Row(
        release,
        {
            "slug": "renamed-release", "kind": NewsRelease.Kind.STORY, "original_language": "fr",
            "image_credit": "Someone", "themes": [str(theme.pk)], "countries": ["FR"],
            "related": [str(other.pk)], "status": "published",
            "published_at_0": later.strftime("%Y-%m-%d"), "published_at_1": "10:00:00",
        },
        ["slug", "kind", "original_language", "image_credit", "themes", "countries", "related",
         "status", "published_at", "image"],
        ("title_fr", "Titre traduit", "title_fr"),
        files={"image": lambda: upload(image_bytes(), "picture.jpg")},
    )


def page_row():
    parent = factories.make_published_page()
    page = factories.make_published_page(slug_fr="page-fr", order=1)
    return Row(
        page,
        {
            "slug_en": "renamed", "slug_fr": "renomme", "slug_es": "renombrada",
            "parent": str(parent.pk), "order": "99", "original_language": "es",
            "shows_key_figures": "on", "status": "draft",
        },
        ["slug_en", "slug_fr", "slug_es", "parent_id", "order", "original_language",
         "shows_key_figures", "status"],
        ("title_fr", "Page traduite", "title_fr"),
    )


def person_row():
    person = factories.make_person(slug="someone")
    return Row(
        person,
        {"slug": "renamed-person", "name": "Another Name"},
        ["slug", "name", "photo"],
        ("photo_alt_fr", "Portrait", "photo_alt_fr"),
        files={"photo": lambda: upload(image_bytes())},
    )


def unit_row():
    parent = factories.make_unit()
    unit = factories.make_unit(kind="office")
    return Row(
        unit,
        {"slug": "renamed-unit", "kind": "division", "parent": str(parent.pk), "order": "77"},
        ["slug", "kind", "parent_id", "order"],
        ("name_fr", "Unité", "name_fr"),
    )


def office_row():
    region = factories.make_region()
    office = factories.make_office(email="office@example.org", phone="+41227179416")
    return Row(
        office,
        {
            "slug": "renamed-office", "kind": "regional", "region": str(region.pk),
            "country": "FR", "address": "Elsewhere", "phone": "+41227170000",
            "email": "changed@example.org", "order": "5",
        },
        ["slug", "kind", "region_id", "country", "address", "phone", "email", "order"],
        ("city_fr", "Genève", "city_fr"),
    )


def contact_row():
    office = factories.make_office()
    unit = factories.make_unit()
    contact = factories.make_contact()
    return Row(
        contact,
        {
            "slug": "renamed-contact", "name": "Someone Else", "email": "changed@example.org",
            "phone": "+41227170000", "office": str(office.pk), "unit": str(unit.pk),
        },
        ["slug", "name", "email", "phone", "office_id", "unit_id", "is_active"],
        ("role_fr", "Chargée de presse", "role_fr"),
        unchecked=["is_active"],
    )


def theme_row():
    return Row(
        factories.make_theme(order=1),
        {"slug": "renamed-theme", "order": "42"},
        ["slug", "order"],
        ("name_fr", "Thème", "name_fr"),
    )


def menu_row():
    page = factories.make_published_page()
    entry = MenuItem.objects.create(label_en="Structure", target=MenuItem.Target.STRUCTURE)
    return Row(
        entry,
        {"target": MenuItem.Target.PAGE, "page": str(page.pk), "order": "8"},
        ["target", "page_id", "order"],
        ("label_fr", "Structure FR", "label_fr"),
    )


def region_row():
    return Row(
        factories.make_region(order=1),
        {"slug": "renamed-region", "order": "9"},
        ["slug", "order"],
        ("name_fr", "Région", "name_fr"),
    )


def organisation_row():
    return Row(
        factories.make_organisation(email="info@example.org"),
        {"founded_year": "1999", "member_states": "10", "countries_with_presence": "11",
         "email": "changed@example.org"},
        ["founded_year", "member_states", "countries_with_presence", "email"],
        ("description_fr", "Une organisation", "description_fr"),
    )


# (app label, model name, row): every admin of the site.
ADMINS = [
    ("newsroom", "newsrelease", release_row),
    ("newsroom", "presscontact", contact_row),
    ("newsroom", "theme", theme_row),
    ("organisation", "page", page_row),
    ("organisation", "person", person_row),
    ("organisation", "unit", unit_row),
    ("organisation", "office", office_row),
    ("organisation", "region", region_row),
    ("organisation", "menuitem", menu_row),
    ("organisation", "organisation", organisation_row),
]
IDS = [model for _app, model, _row in ADMINS]


def _value(obj, attribute):
    value = getattr(obj, attribute)
    if hasattr(value, "all"):
        return sorted(item.pk for item in value.all())
    if attribute in ("image", "photo"):
        return value.name
    return str(value)


def _snapshot(obj, attributes):
    obj.refresh_from_db()
    return {attribute: _value(obj, attribute) for attribute in attributes}


def _post_tampered(client, app, model, row, form_user_client):
    """Post the change form as `form_user_client` renders it, with the row's fields changed."""
    url = reverse(f"admin:{app}_{model}_change", args=[row.obj.pk])
    data = change_form_data(form_user_client, url, model)
    text_name, text_value, _attribute = row.text
    data.update(row.tampered, **{text_name: text_value})
    data.update({name: make() for name, make in row.files.items()})
    for name in row.unchecked:
        data.pop(name, None)
    return data, client.post(url, data)


def translator(app, model, *extra):
    """Change and view, no add: what the Translators role holds for its models."""
    return factories.make_staff_user(f"{app}.change_{model}", f"{app}.view_{model}", *extra)


def editor(app, model):
    return factories.make_staff_user(
        f"{app}.add_{model}", f"{app}.change_{model}", f"{app}.view_{model}",
        "newsroom.publish_newsrelease", "organisation.publish_page",
    )


@pytest.mark.parametrize(("app", "model", "make_row"), ADMINS, ids=IDS)
def test_translator_sees_only_translated_text_as_inputs(client, app, model, make_row):
    """The change form offers a translator no input for slugs, contact details, images, kinds,
    relations, order or status, and one for the translated text."""
    row = make_row()
    client.force_login(translator(app, model))
    url = reverse(f"admin:{app}_{model}_change", args=[row.obj.pk])
    data = change_form_data(client, url, model)
    assert row.text[0] in data
    assert not (set(row.tampered) | set(row.unchecked)) & set(data)
    form = client.get(url)
    assert elements(form, name=row.text[0])
    assert not elements(form, "input", type="file")


@pytest.mark.parametrize(("app", "model", "make_row"), ADMINS, ids=IDS)
def test_translator_posting_other_fields_changes_only_the_text(client, app, model, make_row):
    """A translator's tampered POST saves the translated text and leaves every other field."""
    row = make_row()
    before = _snapshot(row.obj, row.watched)
    client.force_login(translator(app, model))
    _data, response = _post_tampered(client, app, model, row, client)
    assert response.status_code == 302
    assert _snapshot(row.obj, row.watched) == before
    assert getattr(row.obj, row.text[2]) == row.text[1]


@pytest.mark.parametrize(("app", "model", "make_row"), ADMINS, ids=IDS)
def test_editor_posting_the_same_form_changes_those_fields(client, admin_client, app, model,
                                                           make_row):
    """The same POST by an editor (who holds the add permission) changes every one of them."""
    row = make_row()
    before = _snapshot(row.obj, row.watched)
    client.force_login(editor(app, model))
    _data, response = _post_tampered(client, app, model, row, admin_client)
    assert response.status_code == 302, response.context and response.context.get("errors")
    after = _snapshot(row.obj, row.watched)
    assert [name for name in row.watched if after[name] == before[name]] == []


def test_translator_cannot_reorder_from_the_list(client):
    """The unit list offers a translator no order inputs, and a posted order changes nothing."""
    unit = factories.make_unit(order=1)
    client.force_login(translator("organisation", "unit"))
    url = reverse("admin:organisation_unit_changelist")
    changelist = client.get(url)
    assert element(changelist, "table", id="result_list")
    assert not elements(changelist, name="form-0-order")
    client.post(url, {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(unit.pk),
        "form-0-order": "50", "_save": "Save",
    })
    unit.refresh_from_db()
    assert unit.order == 1


def test_translator_translates_a_position_title_but_not_its_unit_or_dates(client, admin_client):
    """In a person's positions, a translator changes the title's French only: unit and dates
    stay, no position is added and none deleted."""
    position = factories.make_position(title_en="Director")
    other_unit = factories.make_unit()
    client.force_login(translator("organisation", "person", "organisation.change_position",
                                  "organisation.view_position"))
    url = reverse("admin:organisation_person_change", args=[position.person.pk])
    data = change_form_data(admin_client, url, "person")
    data.update({
        "positions-0-title_fr": "Directrice",
        "positions-0-unit": str(other_unit.pk),
        "positions-0-start_date": "2001-01-01",
        "positions-0-DELETE": "on",
        "positions-TOTAL_FORMS": "2",
        "positions-1-unit": str(other_unit.pk),
        "positions-1-title_en": "Added",
        "positions-1-start_date": "2002-02-02",
    })
    assert client.post(url, data).status_code == 302
    assert list(Position.objects.values_list("unit", "start_date", "title_fr")) == [
        (position.unit.pk, position.start_date, "Directrice")
    ]


def test_translator_translates_a_sub_entry_label_but_not_its_page(client, admin_client):
    """In a menu entry's sub-entries, a translator changes the French label only."""
    top = MenuItem.objects.create(label_en="About", target=MenuItem.Target.STRUCTURE)
    first, second = factories.make_published_page(), factories.make_published_page()
    sub = MenuItem.objects.create(label_en="Who", page=first, parent=top, order=1)
    client.force_login(translator("organisation", "menuitem"))
    url = reverse("admin:organisation_menuitem_change", args=[top.pk])
    data = change_form_data(admin_client, url, "menuitem")
    data.update({"children-0-label_fr": "Qui", "children-0-page": str(second.pk),
                 "children-0-order": "9"})
    assert client.post(url, data).status_code == 302
    sub.refresh_from_db()
    assert (sub.label_fr, sub.page_id, sub.order) == ("Qui", first.pk, 1)


def test_translator_cannot_change_a_release_contact_row(client, admin_client):
    """The ordered contacts of a release are read-only to a translator: posting another
    contact or order changes nothing."""
    release = factories.make_draft_release()
    contact, other = factories.make_contact(), factories.make_contact()
    factories.attach_contact(release, contact, order=1)
    client.force_login(translator("newsroom", "newsrelease", "newsroom.view_releasecontact"))
    url = reverse("admin:newsroom_newsrelease_change", args=[release.pk])
    data = change_form_data(admin_client, url, "newsrelease")
    data.update({"releasecontact_set-0-contact": str(other.pk),
                 "releasecontact_set-0-order": "5", "title_fr": "Titre"})
    assert client.post(url, data).status_code == 302
    assert list(release.releasecontact_set.values_list("contact", "order")) == [(contact.pk, 1)]


def test_page_slugs_are_read_only_in_every_language_for_a_translator(client):
    """A translator's page form shows no slug input in any language tab."""
    page = factories.make_published_page(slug_fr="page-fr", slug_es="pagina")
    client.force_login(translator("organisation", "page"))
    html = client.get(reverse("admin:organisation_page_change", args=[page.pk])).content
    for code in LANGUAGES:
        assert not elements(html, name=f"slug_{code}")
    assert elements(element(html, class_="field-slug_fr"), "div", class_="readonly", text="page-fr")


def test_translator_sees_read_only_fields_in_the_editors_order(client, admin_client):
    """Read-only fields keep their place among the inputs: title tabs come before the body."""
    page = Page.objects.create(title_en="Ordered", slug_en="ordered", status="draft")
    client.force_login(translator("organisation", "page"))
    url = reverse("admin:organisation_page_change", args=[page.pk])
    page = parse(client.get(url))
    in_order = list(page.descendants())
    places = [
        in_order.index(element(page, name="title_fr")),
        in_order.index(element(page, class_="field-slug_en")),
        in_order.index(element(page, name="body_en")),
        in_order.index(element(page, class_="field-order")),
    ]
    assert places == sorted(places)


def test_translator_cannot_empty_the_original_languages_title(client, admin_client):
    """With the original language read-only, a release still needs its title in it: a
    translator's form that empties the English title is refused with a message."""
    release = factories.make_draft_release(original_language="en", title_en="Original")
    client.force_login(translator("newsroom", "newsrelease"))
    url = reverse("admin:newsroom_newsrelease_change", args=[release.pk])
    data = change_form_data(admin_client, url, "newsrelease")
    data["title_en"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A release needs a title in its original language." in text_of(response)
    release.refresh_from_db()
    assert release.title_en == "Original"
