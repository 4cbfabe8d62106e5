"""One definition of missing / stale / complete, kept when things are saved, and every screen,
command and export agreeing on it: the admin's column and filter, the translators' dashboard
and its CSV, `translation_report`, and the notice on public pages."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.translation import override

from core.translation_state import COMPLETE, MISSING, ORIGINAL, STALE, stale_fields, status_of
from newsroom.models import NewsRelease
from organisation.models import Office, Page, Person, Unit
from tests.admin_forms import change_url, opened_form
from tests.factories import (
    make_contact,
    make_office,
    make_published_page,
    make_published_release,
    make_theme,
    make_unit,
)
from tests.html import all_text, element, elements, text_of

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/translations/"


def french_release():
    """Written in French, translated into English and Spanish."""
    return make_published_release(
        slug="cyclone", original_language="fr",
        title_fr="Abris après le cyclone", lead_fr="Des familles abritées.",
        body_fr="<p>Des abris pour <strong>mille</strong> familles.</p>",
        title_en="Shelter after the cyclone", lead_en="Families sheltered.",
        body_en="<p>Shelter for <strong>a thousand</strong> families.</p>",
        title_es="Refugios tras el ciclón", lead_es="Familias refugiadas.",
        body_es="<p>Refugios para <strong>mil</strong> familias.</p>",
    )


def french_page():
    return make_published_page(
        original_language="fr",
        title_fr="Qui sommes-nous", slug_fr="qui-sommes-nous", summary_fr="Une organisation.",
        body_fr="<p>Fondée en 1951.</p>",
        title_en="Who we are", slug_en="who-we-are", summary_en="An organisation.",
        body_en="<p>Founded in 1951.</p>",
        title_es="Quiénes somos", slug_es="quienes-somos", summary_es="Una organización.",
        body_es="<p>Fundada en 1951.</p>",
    )


def notice(html):
    """The translation notice of a public page (which must have its heading), or None."""
    assert elements(html, "h1")
    found = elements(html, "p", class_="translation-notice")
    assert len(found) <= 1, found
    return found[0] if found else None


def public_html(client, obj, language):
    with override(language):
        url = obj.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def report(*args):
    """(exit status, output) of `translation_report`."""
    out = StringIO()
    try:
        call_command("translation_report", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def changelist(client, model, **params):
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    return client.get(url, params).content.decode()


def test_a_new_translated_release_is_complete_everywhere():
    release = french_release()
    assert status_of(release, "fr") == ORIGINAL
    assert status_of(release, "en") == COMPLETE
    assert status_of(release, "es") == COMPLETE


def test_an_untranslated_field_is_missing_only_when_the_original_has_it():
    release = make_published_release(lead_en="", title_fr="Titre", body_fr="<p>Texte</p>")
    assert status_of(release, "fr") == COMPLETE  # the lead is written in no language
    release.lead_en = "A lead"
    release.save()
    assert status_of(release, "fr") == MISSING
    assert release.translation_state["languages"]["fr"]["missing"] == ["lead"]


def test_editing_the_original_makes_each_translated_field_stale_and_everything_agrees(
    client, admin_client
):
    release = french_release()
    release.body_fr = "<p>Des abris pour <strong>deux mille</strong> familles.</p>"
    release.save()
    release.refresh_from_db()
    assert stale_fields(release, "en") == ["body"]
    assert stale_fields(release, "es") == ["body"]
    assert status_of(release, "en") == STALE

    # The admin's column and filter.
    html = changelist(admin_client, NewsRelease)
    assert elements(html, class_="translation-stale", title="out of date", text=re.compile("^en "))
    assert elements(changelist(admin_client, NewsRelease, translation="en:stale"), "a",
                    text="Shelter after the cyclone")
    complete = changelist(admin_client, NewsRelease, translation="en:complete")
    assert element(complete, "form", id="changelist-form")
    assert "Shelter after the cyclone" not in all_text(complete)

    # The dashboard, its counts and its CSV.
    html = admin_client.get(DASHBOARD, {"language": "en"}).content.decode()
    assert elements(html, class_="translation-stale")
    assert "Shelter after the cyclone" in text_of(html)
    csv = admin_client.get(DASHBOARD, {"language": "en", "format": "csv"}).content.decode()
    assert "en,stale," in csv and ",release," in csv and ",body" in csv

    # The report, and its exit status.
    status, out = report("--language", "en", "--stale")
    assert status == 1
    assert "stale" in out and "cyclone" in out

    # The public notice, in the page's language, naming the original in its own.
    shown = notice(public_html(client, release, "en"))
    assert "may not yet reflect" in shown.text
    assert elements(shown, "a", hreflang="fr", lang="fr", text="français")
    assert notice(public_html(client, release, "fr")) is None

    # The original's change, word by word, beside the translation on the change form.
    form = admin_client.get(change_url(release)).content.decode()
    assert elements(form, data_field="body")
    assert [change for change in elements(form, "ins") if "deux" in change.text]


def test_translating_the_field_or_marking_it_up_to_date_clears_it(client, admin_client):
    release = french_release()
    release.body_fr = "<p>Des abris pour <strong>deux mille</strong> familles.</p>"
    release.save()

    # English: the translator changes the translation in the admin.
    data = opened_form(admin_client, release)
    data["body_en"] = "<p>Shelter for <strong>two thousand</strong> families.</p>"
    response = admin_client.post(change_url(release), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    release.refresh_from_db()
    assert status_of(release, "en") == COMPLETE
    assert status_of(release, "es") == STALE
    assert notice(public_html(client, release, "en")) is None
    assert notice(public_html(client, release, "es"))

    # Spanish: the translator checked and found nothing to change.
    data = opened_form(admin_client, release)
    data["_translation_checked"] = "es"
    response = admin_client.post(change_url(release), data)
    assert response.status_code == 302
    release.refresh_from_db()
    assert status_of(release, "es") == COMPLETE
    assert report("--stale")[0] == 0
    assert notice(public_html(client, release, "es")) is None
    dashboard = admin_client.get(DASHBOARD)
    assert element(dashboard, "h2", id="waiting")
    assert "Refugios" not in all_text(dashboard)


def test_the_same_for_a_page(client, admin_client):
    page = french_page()
    assert status_of(page, "en") == COMPLETE
    page.summary_fr = "Une organisation intergouvernementale."
    page.save()
    page.refresh_from_db()
    assert stale_fields(page, "en") == ["summary"]
    assert "Who we are" in text_of(changelist(admin_client, Page, translation="en:stale"))
    assert "Who we are" in text_of(admin_client.get(DASHBOARD, {"kind": "page"}))
    status, out = report("--language", "es", "--stale", "--kind", "page")
    assert status == 1 and "quienes-somos" not in out  # pages are named by their English slug
    assert "who-we-are" in out
    assert elements(notice(public_html(client, page, "es")), "a", lang="fr", text="français")

    page.summary_en = "An intergovernmental organisation."
    page.save()
    page.mark_translation_current("es")
    page.save()
    assert status_of(page, "en") == COMPLETE and status_of(page, "es") == COMPLETE
    assert notice(public_html(client, page, "es")) is None
    assert report("--stale")[0] == 0


def test_the_dashboard_counts_every_kind_of_item(admin_client):
    make_unit(name_fr="Unité", name_es="Unidad")
    make_office(name_fr="Bureau", city_fr="Genève")  # Spanish missing
    make_theme(name_fr="Santé", name_es="Salud")
    make_contact(role_fr="Attachée de presse", role_es="Agregada de prensa")
    Person.objects.create(name="Ana", slug="ana", biography_en="<p>Bio</p>")
    html = admin_client.get(DASHBOARD, {"language": "es", "status": "missing"}).content.decode()
    text = text_of(html)
    assert Office.objects.get().name_en in text
    assert "Ana" in text
    assert Unit.objects.get().name_en not in all_text(html)
    for name in ("Unit", "Office", "Theme", "Person", "Press contact's role"):
        assert name in text


def test_an_update_that_does_not_touch_the_original_keeps_the_state():
    release = french_release()
    release.kind = NewsRelease.Kind.STORY
    release.save(update_fields=["kind"])
    release.refresh_from_db()
    assert status_of(release, "en") == COMPLETE


def test_the_report_is_empty_and_succeeds_when_all_is_translated():
    french_release()
    status, out = report("--language", "en", "--stale")
    assert status == 0
    assert "en: 0 missing, 0 stale" in out


def test_one_language_policy_is_what_django_and_modeltranslation_use(settings):
    from django.apps import apps
    from modeltranslation.translator import translator

    from core import language_policy

    assert [code for code, _name in settings.LANGUAGES] == list(language_policy.LANGUAGE_CODES)
    assert tuple(settings.MODELTRANSLATION_LANGUAGES) == language_policy.LANGUAGE_CODES
    assert settings.MODELTRANSLATION_DEFAULT_LANGUAGE == settings.LANGUAGE_CODE == "en"
    for label, fields in language_policy.TRANSLATED_FIELDS.items():
        options = translator.get_options_for_model(apps.get_model(label))
        assert set(options.fields) == set(fields), label
    for label, fields in language_policy.TRACKED_FIELDS.items():
        assert set(fields) <= set(language_policy.TRANSLATED_FIELDS[label]), label


def test_people_and_units_tell_readers_too(client):
    unit = make_unit(name_fr="Unité des données", summary_en="Data.", summary_fr="Données.")
    person = Person.objects.create(name="Ana", slug="ana", biography_en="<p>Born in Quito.</p>",
                                   biography_fr="<p>Née à Quito.</p>")
    unit.summary_en = "Data and research."
    unit.save()
    person.biography_en = "<p>Born in Quito in 1970.</p>"
    person.save()
    for obj in (unit, person):
        assert elements(notice(public_html(client, obj, "fr")), "a", lang="en", text="English")
        assert notice(public_html(client, obj, "es")) is None  # missing: the usual fallback


def test_bulk_created_releases_have_their_state():
    release = NewsRelease(slug="bulk", title_en="Bulk", lead_en="Lead", body_en="<p>B</p>",
                          title_fr="Masse", lead_fr="Chapeau", body_fr="<p>M</p>")
    NewsRelease.objects.bulk_create([release])
    release = NewsRelease.objects.get(slug="bulk")
    assert status_of(release, "fr") == COMPLETE and status_of(release, "es") == MISSING


def test_restoring_the_original_the_translation_was_made_from_makes_it_complete_again():
    from core.revisions import restore, save_new_version, versions_of

    release = french_release()
    save_new_version(release, source="test")
    first = versions_of(release).first()
    release.body_fr = "<p>Un autre texte.</p>"
    save_new_version(release, source="test")
    assert status_of(release, "en") == STALE
    restored = restore(first, user=None, source="test")
    assert status_of(restored, "en") == COMPLETE


def test_the_change_form_shows_the_original_of_a_missing_field(admin_client):
    release = make_published_release(title_fr="Titre", body_fr="<p>Corps</p>",
                                     lead_en="Families sheltered in Beira.")
    form = admin_client.get(change_url(release)).content.decode()
    section = element(form, "section", class_="translation-review", data_language="fr")
    assert elements(section, data_field="lead") and "Families sheltered in Beira." in section.text
    # Nothing stale to mark.
    assert not elements(section, name="_translation_checked")
    assert "_translation_checked" not in all_text(section)


def test_other_markup_around_the_same_words_changes_nothing():
    release = french_release()
    before = release.translation_state["original_changed_at"]
    release.body_fr = "<p>Des abris pour <em>mille</em> familles.</p>"
    release.save()
    release.refresh_from_db()
    assert status_of(release, "en") == COMPLETE
    assert release.translation_state["original_changed_at"] == before
