"""No lost update in the admin: a change form saved from a stale copy is refused, with the
person's input kept and the colleague's changes named, and goes through on the next save."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.admin import STATE_FIELD
from newsroom import services
from newsroom.models import NewsRelease, Theme
from organisation.models import MenuItem, Page
from tests import factories
from tests.admin_forms import change_url, opened_form, submitted
from tests.html import text_of

# (factory, the field the first editor changes, the field the second one changes)
ADMIN_MODELS = {
    "release": (factories.make_draft_release, "title_en", "lead_fr"),
    "page": (factories.make_published_page, "title_en", "summary_fr"),
    "person": (factories.make_person, "name", "photo_alt_fr"),
    "unit": (factories.make_unit, "name_en", "summary_fr"),
    "office": (factories.make_office, "name_en", "city_fr"),
    "press contact": (factories.make_contact, "name", "role_fr"),
    "theme": (factories.make_theme, "name_en", "name_fr"),
    "menu entry": (lambda: MenuItem.objects.create(label_en="News", target="newsroom:list"),
                   "label_en", "label_fr"),
    "region": (factories.make_region, "name_en", "name_fr"),
    "organisation": (factories.make_organisation, "name_en", "headquarters_fr"),
}


@pytest.fixture
def amina(db):
    """The colleague who saves first."""
    user = User.objects.create_superuser("amina", "amina@example.org", "pw",
                                         first_name="Amina", last_name="Diallo")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ben(db):
    """The editor whose form goes stale."""
    user = User.objects.create_superuser("ben", "ben@example.org", "pw")
    client = Client()
    client.force_login(user)
    return client


def _both_open_then_amina_saves(factory, amina_field, amina, ben):
    obj = factory()
    amina_form, ben_form = opened_form(amina, obj), opened_form(ben, obj)
    response = amina.post(change_url(obj), {**amina_form, amina_field: "Amina's words"})
    assert response.status_code == 302
    return obj, ben_form


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_stale_save_is_refused_and_writes_nothing(model, amina, ben):
    """A save from a form opened before a colleague's save answers the form again, writes
    nothing, and names the colleague."""
    factory, amina_field, ben_field = ADMIN_MODELS[model]
    obj, ben_form = _both_open_then_amina_saves(factory, amina_field, amina, ben)
    version = type(obj).objects.get(pk=obj.pk).version

    response = ben.post(change_url(obj), {**ben_form, ben_field: "Ben's words"})

    assert response.status_code == 200
    assert "Amina Diallo saved this" in text_of(response)
    stored = type(obj).objects.get(pk=obj.pk)
    # (An admin save may turn an empty translation from NULL into "".)
    assert (stored.version, getattr(stored, amina_field), getattr(stored, ben_field) or "") == (
        version, "Amina's words", getattr(obj, ben_field) or ""
    )


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_refused_form_keeps_the_input_and_shows_the_colleagues_change(model, amina, ben):
    """The refused form carries the person's own input and, for the field they left alone,
    the colleague's new value."""
    factory, amina_field, ben_field = ADMIN_MODELS[model]
    obj, ben_form = _both_open_then_amina_saves(factory, amina_field, amina, ben)

    refused = submitted(ben.post(change_url(obj), {**ben_form, ben_field: "Ben's words"}))

    assert (refused[ben_field], refused[amina_field]) == ("Ben's words", "Amina's words")


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_second_save_applies_on_top_and_bumps_the_version(model, amina, ben):
    """Saving the refused form again keeps both changes and moves the version on."""
    factory, amina_field, ben_field = ADMIN_MODELS[model]
    obj, ben_form = _both_open_then_amina_saves(factory, amina_field, amina, ben)
    version = type(obj).objects.get(pk=obj.pk).version
    refused = submitted(ben.post(change_url(obj), {**ben_form, ben_field: "Ben's words"}))

    response = ben.post(change_url(obj), refused)

    assert response.status_code == 302
    stored = type(obj).objects.get(pk=obj.pk)
    assert (getattr(stored, amina_field), getattr(stored, ben_field), stored.version) == (
        "Amina's words", "Ben's words", version + 1
    )
    assert stored.updated_by.username == "ben"


def test_refusal_lists_the_changed_fields_per_language(amina, ben):
    """The message names the field the colleague changed with its language."""
    obj, ben_form = _both_open_then_amina_saves(
        factories.make_published_page, "title_en", amina, ben
    )
    response = ben.post(change_url(obj), {**ben_form, "summary_fr": "Résumé"})
    assert "Changed since you opened it: Title (English)." in text_of(response)


def test_field_both_changed_is_named_a_conflict_and_keeps_the_persons_input(amina, ben):
    """When both changed the same field, the person's text stays in the form and the field is
    named as changed by both."""
    obj, ben_form = _both_open_then_amina_saves(
        factories.make_published_page, "title_en", amina, ben
    )
    response = ben.post(change_url(obj), {**ben_form, "title_en": "Ben's title"})
    assert "Changed by both of you: Title (English)." in text_of(response)
    assert submitted(response)["title_en"] == "Ben's title"


def test_page_second_save_after_review_keeps_both_languages(amina, ben):
    """A page: Amina's English title and Ben's French summary both end up saved."""
    obj, ben_form = _both_open_then_amina_saves(
        factories.make_published_page, "title_en", amina, ben
    )
    refused = submitted(ben.post(change_url(obj), {**ben_form, "summary_fr": "Résumé"}))
    ben.post(change_url(obj), refused)
    page = Page.objects.get(pk=obj.pk)
    assert (page.title_en, page.summary_fr) == ("Amina's words", "Résumé")


def test_form_without_its_loaded_state_is_refused(ben):
    """A post that does not say which version it was opened at is not applied."""
    theme = factories.make_theme(name_en="Health")
    form = opened_form(ben, theme)
    del form[STATE_FIELD]
    response = ben.post(change_url(theme), {**form, "name_en": "Migration health"})
    assert response.status_code == 200
    assert Theme.objects.get(pk=theme.pk).name_en == "Health"


def test_unchanged_form_saved_twice_from_fresh_copies_is_accepted(ben):
    """Two saves in a row, each from the form the previous one led to, both go through."""
    release = factories.make_draft_release()
    ben.post(change_url(release), {**opened_form(ben, release), "title_en": "First"})
    response = ben.post(change_url(release), {**opened_form(ben, release), "title_en": "Second"})
    assert response.status_code == 302
    assert NewsRelease.objects.get(pk=release.pk).title_en == "Second"


def test_contacts_changed_meanwhile_are_refreshed_when_untouched(amina, ben):
    """A colleague's new contact order survives the stale form's second save."""
    release = factories.make_draft_release()
    first, second = factories.make_contact(), factories.make_contact()
    factories.attach_contact(release, first, 0)
    factories.attach_contact(release, second, 1)
    amina_form, ben_form = opened_form(amina, release), opened_form(ben, release)
    amina.post(change_url(release), {
        **amina_form, "releasecontact_set-0-order": "2", "releasecontact_set-1-order": "1",
    })
    refused = submitted(ben.post(change_url(release), {**ben_form, "lead_fr": "Chapeau"}))
    ben.post(change_url(release), refused)
    release.refresh_from_db()
    assert [link.contact for link in release.releasecontact_set.all()] == [second, first]
    assert release.lead_fr == "Chapeau"


@pytest.mark.parametrize("model", ["theme", "unit", "region", "menu entry"])
def test_list_editable_save_bumps_the_version(model, ben):
    """Saving the order column from the list moves the version on, so open forms go stale."""
    factory = ADMIN_MODELS[model][0]
    obj = factory()
    opts = obj._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    data = {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1",
        "form-0-id": str(obj.pk), "form-0-order": "42", "_save": "Save",
    }
    response = ben.post(changelist, data)
    assert response.status_code == 302
    stored = type(obj).objects.get(pk=obj.pk)
    assert (stored.order, stored.version) == (42, obj.version + 1)


def test_publishing_through_the_service_makes_open_forms_stale(ben):
    """A release published (by the service every publish path uses) after Ben opened it
    refuses his older form and names who published."""
    publisher = User.objects.create_user("paul", password="pw", first_name="Paul",
                                         last_name="Dillon")
    release = factories.make_draft_release()
    ben_form = opened_form(ben, release)
    services.publish(release, user=publisher)
    response = ben.post(change_url(release), {**ben_form, "lead_fr": "Chapeau"})
    assert "Paul Dillon saved this" in text_of(response)
    assert NewsRelease.objects.get(pk=release.pk).lead_fr in (None, "")


def test_import_makes_open_forms_stale_without_naming_the_last_editor(ben, tmp_path):
    """A release rewritten by an import after Ben opened it refuses his older form, naming no
    person for the import."""
    release = factories.make_draft_release(slug="a")
    ben_form = opened_form(ben, release)
    path = tmp_path / "releases.json"
    path.write_text(json.dumps({"format": "iom_site.releases", "version": 2, "releases": [{
        "slug": "a", "version": release.version, "kind": "press-release", "status": "draft",
        "original_language": "en", "title": {"en": "Imported title"},
    }]}), encoding="utf-8")
    call_command("import_releases", str(path), stdout=StringIO())
    response = ben.post(change_url(release), {**ben_form, "lead_fr": "Chapeau"})
    assert "Someone else saved this" in text_of(response)
