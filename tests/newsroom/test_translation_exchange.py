"""Files for outside translators: export as PO, translate, import; refusals write nothing."""

from io import StringIO

import polib
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from core.revisions import versions_of
from core.translation_exchange import ImportRefused, export_po, import_po
from core.translation_state import COMPLETE, STALE, status_of
from newsroom.models import NewsRelease
from organisation.models import Page
from tests.factories import make_published_page, make_published_release
from tests.html import text_of

pytestmark = pytest.mark.django_db


def english_release(**fields):
    values = dict(
        title_en="Shelter after the cyclone", lead_en="Families sheltered.",
        body_en='<p>Shelter for <strong>a thousand</strong> families. <a href="https://example.org/">More</a></p>'
                "<ul><li>Tents</li><li>Water</li></ul>",
        title_fr="", lead_fr="", body_fr="",
    )
    values.update(fields)
    return make_published_release(**values)


FRENCH = {
    "Shelter after the cyclone": "Abris après le cyclone",
    "Families sheltered.": "Des familles abritées.",
}


def translate(po_text, change=None):
    """What a translator returns: every entry translated (rich text keeps its markup)."""
    po = polib.pofile(po_text)
    for entry in po:
        if "html" in entry.flags:
            entry.msgstr = (entry.msgid.replace("Shelter for", "Des abris pour")
                            .replace("a thousand", "mille").replace("families", "familles")
                            .replace("Tents", "Tentes").replace("Water", "Eau"))
        else:
            entry.msgstr = FRENCH.get(entry.msgid, f"FR {entry.msgid}")
        if change:
            change(entry)
    return str(po)


def test_round_trip_with_rich_text():
    release = english_release()
    page = make_published_page(title_en="Who we are", summary_en="An organisation.",
                               body_en="<p>Founded in <em>1951</em>.</p>")
    version = release.version
    exported = export_po([release], "fr")
    po = polib.pofile(exported)
    assert po.metadata["Language"] == "fr"
    body = next(e for e in po if e.msgctxt == f"release:{release.pk}:body")
    assert "html" in body.flags and "<strong>a thousand</strong>" in body.msgid
    assert f"version {version}" in body.comment and "original in en" in body.comment

    done = import_po(translate(exported))
    release.refresh_from_db()
    assert [item.fields for item in done] == [["title", "lead", "body"]]
    assert release.title_fr == "Abris après le cyclone"
    assert "<strong>mille</strong>" in release.body_fr and "<li>Tentes</li>" in release.body_fr
    assert release.title_en == "Shelter after the cyclone"  # only French changed
    assert not release.title_es
    assert release.version == version + 1
    assert status_of(release, "fr") == COMPLETE
    latest = versions_of(release).first()
    assert latest.revision.comment.startswith("Translation into fr")
    # The revision reads back (history, compare, restore) as the import saved it.
    assert latest.field_dict["version"] == release.version
    assert latest.field_dict["title_fr"] == "Abris après le cyclone"

    import_po(translate(export_po([page], "es")))
    page.refresh_from_db()
    assert page.title_es == "FR Who we are"
    assert page.body_es == "<p>Founded in <em>1951</em>.</p>"


def test_a_file_made_from_an_original_changed_since_is_refused_unless_forced():
    release = english_release()
    returned = translate(export_po([release], "fr"))
    release.lead_en = "Families sheltered, says IOM."
    release.save()
    with pytest.raises(ImportRefused) as refused:
        import_po(returned)
    assert len(refused.value.problems) == 1
    assert f"release {release.pk}" in refused.value.problems[0]
    assert "lead" in refused.value.problems[0] and "changed since" in refused.value.problems[0]
    release.refresh_from_db()
    assert release.title_fr == ""  # nothing written, not even the fields still right

    import_po(returned, force=True)
    release.refresh_from_db()
    assert release.lead_fr == "Des familles abritées."


@pytest.mark.parametrize("translated, why", [
    ("<p>Des abris pour <strong>mille</strong> familles.</p><ul><li>Tentes</li><li>Eau</li>",
     "broken"),
    ('<p>Des abris <a href="https://example.org/">Plus</a></p><ul><li>Tentes</li><li>Eau</li>'
     "</ul><script>alert(1)</script>", "does not match"),
    ("<p><strong>Des abris</p></strong>", "broken"),
])
def test_broken_or_extra_markup_is_refused_with_the_field_named(translated, why):
    release = english_release()

    def body(entry):
        if entry.msgctxt.endswith(":body"):
            entry.msgstr = translated

    with pytest.raises(ImportRefused) as refused:
        import_po(translate(export_po([release], "fr"), body))
    [problem] = refused.value.problems
    assert f"release {release.pk}" in problem and "body" in problem and why in problem
    release.refresh_from_db()
    assert release.title_fr == ""


def test_nothing_is_written_when_one_record_is_bad():
    good = english_release(slug="good")
    bad = english_release(slug="bad")

    def break_bad(entry):
        if entry.msgctxt == f"release:{bad.pk}:body":
            entry.msgstr = "<p>cassé"

    with pytest.raises(ImportRefused):
        import_po(translate(export_po([good, bad], "fr"), break_bad))
    good.refresh_from_db()
    assert good.title_fr == "" and good.version == 1


def test_a_stale_translation_becomes_complete_by_import():
    release = english_release(title_fr="Ancien titre", lead_fr="Ancien", body_fr="<p>Ancien</p>")
    release.title_en = "Shelter after the cyclone, updated"
    release.save()
    assert status_of(release, "fr") == STALE
    import_po(translate(export_po([release], "fr")))
    release.refresh_from_db()
    assert status_of(release, "fr") == COMPLETE


def test_commands_export_and_import(tmp_path):
    release = english_release()
    path = tmp_path / "fr.po"
    call_command("export_translations", "--language", "fr", "--waiting", "-o", str(path))
    path.write_text(translate(path.read_text()), encoding="utf-8")
    out = StringIO()
    call_command("import_translations", str(path), stdout=out)
    assert "1 item(s) updated" in out.getvalue()
    release.refresh_from_db()
    assert release.title_fr == "Abris après le cyclone"

    path.write_text("not a po file \x00", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_translations", str(path))
    # An id no release has (a fixed number could be this release's on PostgreSQL).
    missing = release.pk + 1000
    with pytest.raises(CommandError, match=f"No release with id {missing}"):
        call_command("export_translations", "--language", "fr", "--id", str(missing))


def test_admin_action_exports_and_admin_import_refuses_then_imports(admin_client):
    release = english_release()
    changelist = reverse("admin:newsroom_newsrelease_changelist")
    response = admin_client.post(changelist, {
        "action": "export_for_translation_fr", "_selected_action": [release.pk],
    })
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="newsrelease-fr.po"'
    returned = translate(response.content.decode())

    bad = returned.replace("<strong>mille</strong>", "<strong>mille")
    upload = {"file": _file(bad)}
    response = admin_client.post(reverse("translation_import"), upload)
    html = response.content.decode()
    assert response.status_code == 200 and "Nothing was imported" in html and "body" in html
    assert NewsRelease.objects.get().title_fr == ""

    response = admin_client.post(reverse("translation_import"), {"file": _file(returned)})
    assert response.status_code == 302
    assert NewsRelease.objects.get().title_fr == "Abris après le cyclone"


def test_page_admin_has_the_export_action(admin_client):
    page = make_published_page()
    response = admin_client.post(reverse("admin:organisation_page_changelist"), {
        "action": "export_for_translation_es", "_selected_action": [page.pk],
    })
    assert response.status_code == 200
    assert Page.objects.get().title_en in text_of(response)


def _file(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("fr.po", text.encode(), content_type="text/plain")


def test_import_changes_only_the_kinds_the_person_may_change(client):
    from tests.factories import make_staff_user

    page = make_published_page(title_en="Who we are")
    returned = translate(export_po([page], "fr"))
    client.force_login(make_staff_user("newsroom.view_newsrelease"))
    assert client.get(reverse("translation_import")).status_code == 403
    client.force_login(make_staff_user("newsroom.view_newsrelease",
                                       "newsroom.change_newsrelease"))
    response = client.post(reverse("translation_import"), {"file": _file(returned)})
    assert response.status_code == 200 and "no such item" in text_of(response)
    page.refresh_from_db()
    assert not page.title_fr


def test_a_file_in_another_language_or_not_a_po_file_is_refused():
    release = english_release()
    exported = export_po([release], "fr").replace("Language: fr", "Language: de")
    with pytest.raises(ImportRefused, match="not one of the site"):
        import_po(translate(exported))
    with pytest.raises(ImportRefused):
        import_po('msgid "unterminated\n')
