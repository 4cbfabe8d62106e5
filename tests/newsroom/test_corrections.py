"""Correction notes on a public release: dated and shown in the reader's language, dating the
release's change in JSON-LD and Atom; and the services that correct, withdraw and reinstate."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from core.models import ActivityEntry
from newsroom import services
from newsroom.models import Correction, NewsRelease
from tests.factories import (
    make_draft_release,
    make_organisation,
    make_published_release,
    make_scheduled_release,
    make_staff_user,
)
from tests.html import element, elements, json_ld, text_of
from tests.i18n import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

ATOM = "{http://www.w3.org/2005/Atom}"
CORRECTED_ON = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
NOTES = {
    "en": "An earlier version gave the wrong number of people displaced.",
    "fr": "Une version précédente donnait un mauvais nombre de personnes déplacées.",
    "es": "Una versión anterior daba un número erróneo de personas desplazadas.",
}


def public_release(**fields):
    fields.setdefault("published_at", CORRECTED_ON - timedelta(days=10))
    return make_published_release(**fields)


def corrected_release(note=None, **fields):
    release = public_release(**fields)
    with time_machine.travel(CORRECTED_ON, tick=False):
        services.add_correction(release, note or NOTES, user=None, source="test")
    return release


def detail_html(client, release, lang="en"):
    response = client.get(url_in(lang, "newsroom:detail", slug=release.slug))
    assert response.status_code == 200
    return response.content.decode()


def jsonld(html):
    [data] = json_ld(html)
    return data


# --- The page --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "date"),
    [("en", "3 March 2026"), ("fr", "3 mars 2026"), ("es", "3 de marzo de 2026")],
)
def test_correction_is_shown_dated_in_the_page_language(client, lang, date):
    """Each language's page shows its own note, dated in its own words."""
    release = corrected_release()
    html = detail_html(client, release, lang)
    section = element(html, "section", class_="release-corrections")
    note = element(section, "span")
    assert (note.text, note.attrs) == (NOTES[lang], {})
    assert element(section, "time", datetime="2026-03-03").text == date


def test_correction_missing_in_a_language_falls_back_marked_with_its_language(client):
    """A note written only in English shows on the French page with lang="en"."""
    release = corrected_release(note={"en": NOTES["en"]})
    section = element(detail_html(client, release, "fr"), "section", class_="release-corrections")
    assert element(section, "span", lang="en").text == NOTES["en"]


def test_correction_falls_back_to_the_release_original_language_first(client):
    """A note missing in Spanish falls back to the release's original language (French)."""
    release = corrected_release(
        note={"en": NOTES["en"], "fr": NOTES["fr"]}, original_language="fr", title_fr="Titre"
    )
    section = element(detail_html(client, release, "es"), "section", class_="release-corrections")
    assert element(section, "span", lang="fr").text == NOTES["fr"]


def test_corrections_are_listed_oldest_first(client):
    """Two corrections show in the order they were made."""
    release = corrected_release(note={"en": "First note."})
    with time_machine.travel(CORRECTED_ON + timedelta(days=1), tick=False):
        services.add_correction(release, {"en": "Second note."}, user=None, source="test")
    html = detail_html(client, release)
    notes = element(html, "section", class_="release-corrections")
    assert [note.text for note in elements(notes, "span")] == ["First note.", "Second note."]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "Corrected on 3 March 2026"),
        ("fr", "Corrigé le 3 mars 2026"),
        ("es", "Corregido el 3 de marzo de 2026"),
    ],
)
def test_dateline_says_when_the_release_was_corrected(client, lang, words):
    """Beside the dateline, in each language and its date format: "Corrected on …", linked
    to the dated note at the foot of the page."""
    release = corrected_release()
    html = detail_html(client, release, lang)
    link = element(element(html, "p", class_="dateline"), "a", class_="corrected-on")
    assert text_of(link) == words
    assert element(link, "time", datetime="2026-03-03")
    assert link.attrs["href"].startswith("#")
    target = link.attrs["href"].removeprefix("#")
    notes = elements(element(html, "section", class_="release-corrections"), "li", id=target)
    assert len(notes) == 1
    assert NOTES[lang] in text_of(notes[0])


def test_dateline_links_to_the_latest_correction(client):
    """Corrected twice: the dateline gives the later date and leads to the later note."""
    release = corrected_release(note={"en": "First note."})
    with time_machine.travel(CORRECTED_ON + timedelta(days=4), tick=False):
        services.add_correction(release, {"en": "Second note."}, user=None, source="test")
    html = detail_html(client, release)
    link = element(html, "a", class_="corrected-on")
    assert text_of(link) == "Corrected on 7 March 2026"
    assert "Second note." in text_of(element(html, id=link.attrs["href"].removeprefix("#")))


def test_uncorrected_release_has_no_corrections_section(client):
    """A release never corrected shows no corrections heading."""
    release = public_release()
    html = detail_html(client, release)
    assert element(html, "h1").text == release.title_en
    assert not elements(html, id="corrections-heading")
    assert not elements(html, class_="release-corrections")
    assert not elements(html, class_="corrected-on")


def test_json_ld_date_modified_is_the_latest_correction(client):
    """NewsArticle's dateModified is the time of the latest correction."""
    release = corrected_release()
    with time_machine.travel(CORRECTED_ON + timedelta(days=2), tick=False):
        services.add_correction(release, {"en": "Again."}, user=None, source="test")
    data = jsonld(detail_html(client, release))
    assert datetime.fromisoformat(data["dateModified"]) == CORRECTED_ON + timedelta(days=2)


def test_json_ld_date_modified_of_an_uncorrected_release_is_its_last_save(client):
    """Without a correction, dateModified is when the release was last saved."""
    release = public_release()
    data = jsonld(detail_html(client, release))
    assert datetime.fromisoformat(data["dateModified"]) == release.updated_at


def atom_updated(client, release, lang="en"):
    with override(lang):
        response = client.get(reverse("newsroom:feed_atom"))
    root = ET.fromstring(response.content)
    for entry in root.iter(f"{ATOM}entry"):
        if entry.find(f"{ATOM}link").get("href").endswith(f"/{release.slug}/"):
            return datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    raise AssertionError("release not in the feed")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_atom_entry_updated_is_the_latest_correction(client, lang):
    """In each language's Atom feed a corrected release's <updated> is its correction time."""
    release = corrected_release()
    release.title_en = "Retitled later"
    with time_machine.travel(CORRECTED_ON + timedelta(days=5), tick=False):
        release.save()
    assert atom_updated(client, release, lang) == CORRECTED_ON


def test_atom_entry_updated_of_an_uncorrected_release_is_its_last_save(client):
    """Without a correction, Atom's <updated> is the release's last save."""
    release = public_release()
    assert atom_updated(client, release) == release.updated_at


def count_queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_only_a_corrected_release_pays_one_query_for_its_notes(client):
    """A corrected release's page costs exactly one query more than an uncorrected one's."""
    make_organisation()
    plain = public_release()
    corrected = corrected_release()
    for _ in range(3):
        services.add_correction(corrected, {"en": "More."}, user=None, source="test")
    plain_count = count_queries(client, url_in("en", "newsroom:detail", slug=plain.slug))
    corrected_count = count_queries(client, url_in("en", "newsroom:detail", slug=corrected.slug))
    assert corrected_count == plain_count + 1


def test_correction_reaches_a_cached_page_at_once(client, settings):
    """With the anonymous page cache on, a correction shows on the next request."""
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 600
    release = public_release()
    detail_html(client, release)
    services.add_correction(release, NOTES, user=None, source="test")
    assert NOTES["en"] in text_of(detail_html(client, release))


# --- The services ----------------------------------------------------------------------------


def activity_rows(release):
    return list(ActivityEntry.objects.filter(object_id=str(release.pk)).values_list(
        "action", "username", "source"
    ))


def test_add_correction_writes_one_activity_row():
    """A correction leaves one "correct" row naming who and from where."""
    user = make_staff_user()
    release = public_release()
    services.add_correction(release, NOTES, user=user, source="admin")
    assert activity_rows(release) == [("correct", user.username, "admin")]


def test_withdraw_writes_one_activity_row_with_the_reason():
    """A withdrawal leaves one "withdraw" row, the reason in its details."""
    user = make_staff_user()
    release = public_release()
    services.withdraw(release, {"en": "Wrong figures."}, user=user, source="admin")
    assert activity_rows(release) == [("withdraw", user.username, "admin")]
    assert ActivityEntry.objects.get().details == "Wrong figures."


def test_reinstate_writes_one_activity_row():
    """A reinstatement leaves one "reinstate" row."""
    user = make_staff_user()
    release = public_release()
    services.withdraw(release, {"en": "Wrong figures."}, user=user, source="admin")
    services.reinstate(release, user=user, source="command:test")
    assert activity_rows(release)[0] == ("reinstate", user.username, "command:test")
    assert len(activity_rows(release)) == 2


def act(name, release):
    """Run the service `name` ("correct", "withdraw", "reinstate") on `release`."""
    if name == "correct":
        return services.add_correction(release, NOTES, user=None, source="test")
    if name == "withdraw":
        return services.withdraw(release, NOTES, user=None, source="test")
    return services.reinstate(release, user=None, source="test")


@pytest.mark.parametrize("name", ["correct", "withdraw", "reinstate"])
def test_each_service_bumps_the_version_once(name):
    """Correcting, withdrawing and reinstating each add one to the release's version."""
    release = public_release()
    if name == "reinstate":
        act("withdraw", release)
    before = NewsRelease.objects.get(pk=release.pk).version
    act(name, release)
    assert NewsRelease.objects.get(pk=release.pk).version == before + 1


def test_correction_records_its_author_and_time():
    """The note keeps who added it and when; the release keeps when it was last corrected."""
    user = make_staff_user()
    release = public_release()
    with time_machine.travel(CORRECTED_ON, tick=False):
        correction = services.add_correction(release, NOTES, user=user, source="admin")
    correction.refresh_from_db()
    release.refresh_from_db()
    assert (correction.created_by, correction.created_at) == (user, CORRECTED_ON)
    assert release.corrected_at == CORRECTED_ON
    assert correction.note_fr == NOTES["fr"]


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (make_draft_release, "correct"),
        (make_scheduled_release, "correct"),
        (make_draft_release, "withdraw"),
        (make_scheduled_release, "withdraw"),
        (make_published_release, "reinstate"),
    ],
)
def test_service_refuses_a_release_in_the_wrong_state(make, name):
    """Only a public release is corrected or withdrawn, only a withdrawn one reinstated."""
    release = make()
    with pytest.raises(services.ReleaseStateError):
        act(name, release)
    assert not ActivityEntry.objects.exists()
    assert not Correction.objects.exists()


def test_withdrawn_release_cannot_be_corrected():
    """A withdrawn release takes no correction note."""
    release = public_release()
    services.withdraw(release, NOTES, user=None, source="test")
    with pytest.raises(services.ReleaseStateError):
        act("correct", release)


@pytest.mark.parametrize("texts", [{}, {"en": "  ", "fr": ""}, {"de": "Falsch."}])
def test_blank_or_unknown_language_text_is_refused(texts):
    """A correction or withdrawal needs text in at least one of the site's languages."""
    release = public_release()
    with pytest.raises(services.ReleaseStateError):
        services.add_correction(release, texts, user=None, source="test")
    with pytest.raises(services.ReleaseStateError):
        services.withdraw(release, texts, user=None, source="test")
    release.refresh_from_db()
    assert release.is_public and release.corrected_at is None
