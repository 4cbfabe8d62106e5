"""A release's history in the admin: a revision per save, two revisions compared per
language, one previewed as the public page, one restored (publication state only by those
allowed to publish)."""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from core.models import ActivityEntry
from core.revisions import revision, versions_of
from newsroom import services
from newsroom.models import NewsRelease
from tests.admin_forms import loaded_state
from tests.factories import (
    attach_contact,
    make_contact,
    make_draft_release,
    make_published_release,
    make_staff_user,
    make_theme,
)
from tests.html import all_text, element, elements, text_of
from tests.newsroom.admin_post import release_post_data

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def admin_url(name, release, *args):
    return reverse(f"admin:newsroom_newsrelease_{name}", args=[release.pk, *args])


def change_data(release, **fields):
    """What the change form posts for `release` as it is now, with `fields` changed."""
    rows = list(release.releasecontact_set.all())
    data = release_post_data(
        slug=release.slug,
        status=release.status,
        **{
            f"{name}_{code}": getattr(release, f"{name}_{code}") or ""
            for name in ("title", "dateline", "lead", "body")
            for code in LANGUAGES
        },
    )
    data["releasecontact_set-TOTAL_FORMS"] = str(len(rows))
    data["releasecontact_set-INITIAL_FORMS"] = str(len(rows))
    for index, row in enumerate(rows):
        data[f"releasecontact_set-{index}-id"] = str(row.pk)
        data[f"releasecontact_set-{index}-release"] = str(release.pk)
        data[f"releasecontact_set-{index}-contact"] = str(row.contact_id)
        data[f"releasecontact_set-{index}-order"] = str(row.order)
    data.update(fields)
    return data


def save_in_admin(client, release, **fields):
    data = change_data(release, **fields) | loaded_state(client, release)
    response = client.post(admin_url("change", release), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    release.refresh_from_db()
    return response


def member(group):
    call_command("setup_roles", stdout=io.StringIO())
    user = make_staff_user()
    user.groups.add(Group.objects.get(name=group))
    return user


def test_three_saves_make_three_revisions(admin_client):
    """Each save through the admin's change form records one revision of the release."""
    release = make_draft_release(title_en="First")
    for title in ("Second", "Third", "Fourth"):
        save_in_admin(admin_client, release, title_en=title)
    versions = list(versions_of(release))
    assert len(versions) == 3
    assert versions[0].field_dict["title_en"] == "Fourth"


def test_revision_keeps_who_why_and_where(admin_client, admin_user):
    """A revision names the person, the "What changed and why" note and the admin screen."""
    release = make_draft_release()
    save_in_admin(admin_client, release, lead_en="New lead", revision_comment="Fixed the lead")
    saved = versions_of(release).first().revision
    assert (saved.user, saved.comment, saved.source.source) == (
        admin_user, "Fixed the lead", "admin"
    )


def test_change_form_asks_what_changed_and_why(admin_client):
    """The change form has the optional note, labelled for what it is."""
    release = make_draft_release()
    response = admin_client.get(admin_url("change", release))
    assert response.status_code == 200
    assert "What changed and why" in text_of(response)
    assert "revision_comment" in response.context["adminform"].form.fields


def test_history_lists_revisions_with_who_and_source(admin_client, admin_user):
    """The history page lists each revision with its author, note and source."""
    release = make_draft_release()
    save_in_admin(admin_client, release, lead_en="Another lead", revision_comment="Lead reworded")
    response = admin_client.get(admin_url("history", release))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lead reworded" in text_of(html)
    assert admin_user.username in text_of(html)
    assert elements(html, "td", text="admin")  # no full name: the username


@pytest.mark.clock
def test_revisions_of_the_same_minute_are_told_apart_to_the_second(admin_client, admin_user):
    """Issue 20: several revisions saved within a minute all read "5:11 p.m.". Each row and
    each choice of the comparison now gives the time to the second and who saved."""
    admin_user.first_name, admin_user.last_name = "Amina", "Diallo"
    admin_user.save()
    release = make_draft_release()
    start = datetime(2026, 3, 3, 17, 11, 5, tzinfo=ZoneInfo("Europe/Zurich"))
    for second, lead in ((5, "First"), (40, "Second")):
        with time_machine.travel(start.replace(second=second), tick=False):
            save_in_admin(admin_client, release, lead_en=lead)
    with time_machine.travel(start.replace(second=50), tick=False):
        response = admin_client.get(admin_url("history", release))
    rows = [row.text for row in elements(response, "th", scope="row", text=re.compile("2026"))]
    assert rows[:2] == ["3 March 2026, 17:11:40 (latest)", "3 March 2026, 17:11:05"]
    assert elements(response, "option", text="3 March 2026, 17:11:05 — Amina Diallo")
    assert elements(response, "td", text="Amina Diallo")


def test_a_revision_saved_by_nobody_reads_as_such(admin_client):
    """A command's revision has no user: the list says so instead of failing."""
    release = make_draft_release()
    with revision(source="command:test"):
        release.save()
    response = admin_client.get(admin_url("history", release))
    assert response.status_code == 200
    assert elements(response, "td", text="–")


def test_compare_marks_the_changed_french_words(admin_client):
    """Comparing two revisions marks only the French words that changed, in del and ins."""
    release = make_draft_release(lead_fr="Le chapeau ancien du communiqué")
    save_in_admin(admin_client, release)
    save_in_admin(admin_client, release, lead_fr="Le chapeau nouveau du communiqué")
    new, old = versions_of(release)
    response = admin_client.get(admin_url("compare", release), {"a": old.pk, "b": new.pk})
    assert response.status_code == 200
    html = response.content.decode()
    removed = [change.content for change in elements(html, "del")]
    added = [change.content for change in elements(html, "ins")]
    assert "removed: ancien" in removed
    assert "added: nouveau" in added
    assert [text for text in removed if "chapeau" in text] == []
    for change in elements(html, "del") + elements(html, "ins"):
        assert element(change, "span", class_="visually-hidden").text in ("removed:", "added:")


def test_compare_shows_the_french_change_in_the_french_table(admin_client):
    """The changed lead is flagged in the French section and not in the English one."""
    release = make_draft_release(lead_fr="Ancien")
    save_in_admin(admin_client, release)
    save_in_admin(admin_client, release, lead_fr="Nouveau")
    new, old = versions_of(release)
    response = admin_client.get(admin_url("compare", release), {"a": new.pk, "b": old.pk})
    languages = {code: rows for code, _name, rows in response.context["comparison"]["languages"]}
    assert [row.label for row in languages["fr"] if row.changed] == ["Lead"]
    assert not [row for row in languages["en"] if row.changed]


def test_compare_shows_countries_themes_and_contacts(admin_client):
    """Countries (by name), themes and the ordered contacts are compared too."""
    release = make_draft_release()
    contacts = [make_contact(name=name) for name in ("Ana", "Ben", "Chloé")]
    state_a(release, contacts, [make_theme(name_en="Health")], [])
    state_b(release, contacts, make_theme(name_en="Climate"))
    new, old = versions_of(release)
    response = admin_client.get(admin_url("compare", release), {"a": old.pk, "b": new.pk})
    shared = response.context["comparison"]["shared"]
    rows = {row.label: row for row in shared + response.context["comparison"]["children"]}
    assert "Press contacts" not in [row.label for row in shared]
    assert "Switzerland" in rows["Countries"].old and "Kenya" in rows["Countries"].new
    assert "Health" in rows["Themes"].old and "Climate" in rows["Themes"].new
    assert str(rows["Press contacts"].old).index("Ben") < str(rows["Press contacts"].old).index(
        "Ana"
    )
    assert "Chloé" in rows["Press contacts"].new


def test_compare_with_a_bad_revision_goes_back_to_history(admin_client):
    """A revision number that is not one of this release's gives a message, not an error."""
    release = make_draft_release()
    other = make_draft_release()
    save_in_admin(admin_client, release)
    save_in_admin(admin_client, other)
    response = admin_client.get(
        admin_url("compare", release),
        {"a": versions_of(release).first().pk, "b": versions_of(other).first().pk},
    )
    assert response.status_code == 302
    assert response["Location"] == admin_url("history", release)


def state_a(release, contacts, themes, related):
    """The release in three languages with two ordered contacts, a theme, two countries and
    a related release, saved as one revision."""
    with revision(source="test"):
        for name, value in [
            ("title_en", "Old title"), ("title_fr", "Ancien titre"), ("title_es", "Título viejo"),
            ("lead_fr", "Ancien chapeau"), ("body_es", "<p>Cuerpo viejo</p>"),
            ("countries", ["CH", "FR"]),
        ]:
            setattr(release, name, value)
        release.save()
        release.releasecontact_set.all().delete()
        attach_contact(release, contacts[1], order=0)
        attach_contact(release, contacts[0], order=1)
        release.themes.set(themes)
        release.related.set(related)
    return versions_of(release).first()


def state_b(release, contacts, theme):
    with revision(source="test"):
        release.title_en, release.title_fr, release.title_es = "New", "Nouveau", "Nuevo"
        release.lead_fr, release.body_es = "Nouveau chapeau", "<p>Cuerpo nuevo</p>"
        release.countries = ["KE"]
        release.save()
        release.releasecontact_set.all().delete()
        attach_contact(release, contacts[2], order=0)
        attach_contact(release, contacts[0], order=1)
        release.themes.set([theme])
        release.related.clear()


def test_restore_brings_back_languages_contacts_themes_and_countries(admin_client):
    """Restoring a revision brings back every language, the contacts in their order, the
    themes, the countries and the related releases exactly."""
    release = make_draft_release()
    contacts = [make_contact() for _ in range(3)]
    themes = [make_theme(), make_theme()]
    related = make_published_release()
    old = state_a(release, contacts, themes, [related])
    state_b(release, contacts, make_theme())
    response = admin_client.post(admin_url("revision_restore", release, old.pk))
    assert response.status_code == 302
    release = NewsRelease.objects.get(pk=release.pk)
    assert (release.title_en, release.title_fr, release.title_es) == (
        "Old title", "Ancien titre", "Título viejo"
    )
    assert release.lead_fr == "Ancien chapeau"
    assert release.body_es == "<p>Cuerpo viejo</p>"
    assert [row.contact for row in release.releasecontact_set.order_by("order")] == [
        contacts[1], contacts[0]
    ]
    assert set(release.themes.all()) == set(themes)
    assert [country.code for country in release.countries] == ["CH", "FR"]
    assert list(release.related.all()) == [related]


def test_restore_makes_a_new_revision_and_version(admin_client, admin_user):
    """A restore is itself a revision, named after the restored one, and bumps the version
    so that forms opened before it are stale."""
    release = make_draft_release()
    contacts = [make_contact() for _ in range(3)]
    old = state_a(release, contacts, [], [])
    state_b(release, contacts, make_theme())
    version_before = NewsRelease.objects.get(pk=release.pk).version
    admin_client.post(admin_url("revision_restore", release, old.pk))
    newest = versions_of(release).first()
    assert newest.revision.comment.startswith("Restored revision of ")
    assert (newest.revision.user, newest.revision.source.source) == (admin_user, "admin")
    assert NewsRelease.objects.get(pk=release.pk).version == version_before + 1


def test_restore_writes_an_activity_row(admin_client, admin_user):
    """Restoring is logged as a restore by the person, from the admin."""
    release = make_draft_release()
    contacts = [make_contact() for _ in range(3)]
    old = state_a(release, contacts, [], [])
    state_b(release, contacts, make_theme())
    admin_client.post(admin_url("revision_restore", release, old.pk))
    entry = ActivityEntry.objects.get(action=ActivityEntry.Action.RESTORE)
    assert (entry.user, entry.object_id, entry.source) == (admin_user, str(release.pk), "admin")


def test_restore_asks_for_confirmation_first(admin_client):
    """Following the restore link shows a confirmation form and changes nothing."""
    release = make_draft_release()
    contacts = [make_contact() for _ in range(3)]
    old = state_a(release, contacts, [], [])
    state_b(release, contacts, make_theme())
    response = admin_client.get(admin_url("revision_restore", release, old.pk))
    assert response.status_code == 200
    assert elements(response, "form", method="post")
    assert NewsRelease.objects.get(pk=release.pk).title_en == "New"


def test_translators_restore_leaves_the_status_and_time(client):
    """A translator restoring a draft revision of a published release brings the text back,
    and the release stays published at its time."""
    release = make_draft_release(title_fr="Brouillon")
    with revision(source="test"):
        release.save()
    draft = versions_of(release).first()
    release.title_fr = "Publié"
    services.publish(release, source="test")
    published_at = NewsRelease.objects.get(pk=release.pk).published_at
    client.force_login(member("Translators"))
    response = client.post(admin_url("revision_restore", release, draft.pk))
    assert response.status_code == 302
    release = NewsRelease.objects.get(pk=release.pk)
    assert release.title_fr == "Brouillon"
    assert (release.status, release.published_at) == ("published", published_at)


def test_translators_restore_leaves_the_contacts(client):
    """Translators may not change a release's contacts, so their restore leaves them as they
    are and brings the text back."""
    release = make_draft_release()
    contacts = [make_contact() for _ in range(3)]
    old = state_a(release, contacts, [], [])
    state_b(release, contacts, make_theme())
    client.force_login(member("Translators"))
    client.post(admin_url("revision_restore", release, old.pk))
    release = NewsRelease.objects.get(pk=release.pk)
    assert release.title_fr == "Ancien titre"
    assert [row.contact for row in release.releasecontact_set.order_by("order")] == [
        contacts[2], contacts[0]
    ]


def test_translator_is_told_the_status_stays(client):
    """The confirmation page tells a translator that the publication state will not change."""
    release = make_draft_release()
    with revision(source="test"):
        release.save()
    draft = versions_of(release).first()
    services.publish(release, source="test")
    client.force_login(member("Translators"))
    response = client.get(admin_url("revision_restore", release, draft.pk))
    assert "the status and public time stay as they are now" in text_of(response)


def test_editors_restore_brings_back_the_status(client):
    """An editor, who may publish, restoring a draft revision puts the release back to draft."""
    release = make_draft_release()
    with revision(source="test"):
        release.save()
    draft = versions_of(release).first()
    services.publish(release, source="test")
    client.force_login(member("Editors"))
    client.post(admin_url("revision_restore", release, draft.pk))
    assert NewsRelease.objects.get(pk=release.pk).status == "draft"


def test_preview_shows_the_revision_text_and_writes_nothing(admin_client):
    """A revision's preview is the public page with that revision's text, kept private, and
    it writes nothing to the database."""
    release = make_draft_release(title_fr="Titre d’avant")
    with revision(source="test"):
        release.save()
    old = versions_of(release).first()
    release.title_fr = "Titre d’aujourd’hui"
    release.save()
    versions = Version.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(
            admin_url("revision_preview", release, old.pk), {"language": "fr"}
        )
    assert response.status_code == 200
    assert element(response, "h1").text == "Titre d’avant"
    assert "Titre d’aujourd’hui" not in all_text(response)
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    assert "noindex" in response["X-Robots-Tag"]
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    # The session's last-seen update is the admin's, not the preview's.
    assert [sql for sql in writes if "django_session" not in sql] == []
    assert Version.objects.count() == versions
    assert NewsRelease.objects.get(pk=release.pk).title_fr == "Titre d’aujourd’hui"


def test_preview_shows_the_revisions_contacts_in_order(admin_client):
    """The preview lists the contacts the revision had, in its order."""
    release = make_draft_release()
    contacts = [make_contact(name=name) for name in ("Zoe First", "Adam Second", "Other")]
    old = state_a(release, contacts, [], [])
    state_b(release, contacts, make_theme())
    html = admin_client.get(admin_url("revision_preview", release, old.pk)).content.decode()
    text = text_of(html)
    assert text.index("Adam Second") < text.index("Zoe First")
    assert "Other" not in all_text(html)


@pytest.mark.parametrize("name", ["history", "compare"])
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    """History and compare ask an anonymous visitor to log in."""
    release = make_draft_release()
    response = client.get(admin_url(name, release))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("name", ["revision_preview", "revision_restore"])
def test_non_staff_are_sent_to_log_in(client, name, django_user_model):
    """A logged-in account that is not staff cannot preview or restore a revision."""
    release = make_draft_release()
    with revision(source="test"):
        release.save()
    client.force_login(django_user_model.objects.create_user("reader", password="x" * 12))
    response = client.post(admin_url(name, release, versions_of(release).first().pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_who_may_only_view_cannot_restore(client):
    """Staff allowed to view releases but not change them get 403 from restore."""
    release = make_draft_release()
    with revision(source="test"):
        release.save()
    client.force_login(make_staff_user("newsroom.view_newsrelease"))
    response = client.post(admin_url("revision_restore", release, versions_of(release).first().pk))
    assert response.status_code == 403
