"""Corrections, withdrawal and reinstatement in the release admin: publishers have a screen for
each; translators and staff without the publish permission see none and are refused; the
status field never sets "withdrawn" by itself."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from core.models import ActivityEntry
from newsroom import services
from newsroom.models import Correction, NewsRelease
from tests.admin_forms import loaded_state
from tests.factories import make_draft_release, make_published_release, make_staff_user, member_of
from tests.html import all_text, element, elements, links, text_of
from tests.newsroom.admin_post import release_post_data

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

REASON = {"en": "Wrong figures.", "fr": "Chiffres faux.", "es": "Cifras erróneas."}
ACTIONS = ["correct", "withdraw", "reinstate"]


@pytest.fixture
def publisher(client):
    user = member_of("Editors")
    client.force_login(user)
    return client


@pytest.fixture(params=["translator", "staff without permission"])
def non_publisher(request, client):
    if request.param == "translator":
        user = member_of("Translators")
    else:
        user = make_staff_user("newsroom.view_newsrelease", "newsroom.change_newsrelease")
    client.force_login(user)
    return client


def change_url(release):
    return reverse("admin:newsroom_newsrelease_change", args=[release.pk])


def action_url(release, name):
    return reverse(f"admin:newsroom_newsrelease_{name}", args=[release.pk])


def withdrawn_release():
    release = make_published_release()
    services.withdraw(release, REASON, user=None, source="test")
    ActivityEntry.objects.all().delete()
    return release


def release_for(name):
    """A release the action `name` applies to."""
    return withdrawn_release() if name == "reinstate" else make_published_release()


# --- Publishers ------------------------------------------------------------------------------


def test_publisher_sees_correct_and_withdraw_on_a_public_release(publisher):
    """A public release's change form links a publisher to both screens."""
    release = make_published_release()
    html = publisher.get(change_url(release)).content.decode()
    assert action_url(release, "correct") in links(html)
    assert action_url(release, "withdraw") in links(html)
    assert action_url(release, "reinstate") not in all_text(html)


def test_publisher_sees_reinstate_on_a_withdrawn_release(publisher):
    """A withdrawn release's change form shows the reason and links to reinstatement."""
    release = withdrawn_release()
    html = publisher.get(change_url(release)).content.decode()
    assert action_url(release, "reinstate") in links(html)
    assert "Wrong figures." in text_of(html)
    assert action_url(release, "withdraw") not in all_text(html)


def test_withdraw_screen_asks_the_reason_in_each_language(publisher):
    """The withdrawal screen has one labelled reason box per language and a POST form."""
    response = publisher.get(action_url(make_published_release(), "withdraw"))
    assert response.status_code == 200
    [form] = [
        found for found in elements(response, "form", method="post")
        if found.attrs.get("id") != "logout-form"
    ]
    for code in LANGUAGES:
        assert elements(form, name=code, id=f"id_{code}")
        assert elements(form, "label", for_=f"id_{code}")


def test_publisher_adds_a_correction(publisher):
    """Posting the correction screen adds the note in each language and returns to the form."""
    release = make_published_release()
    response = publisher.post(action_url(release, "correct"), {"en": "Fixed.", "fr": "Corrigé."})
    assert response.status_code == 302 and response.url == change_url(release)
    correction = Correction.objects.get(release=release)
    assert (correction.note_en, correction.note_fr, correction.note_es) == (
        "Fixed.", "Corrigé.", ""
    )


def test_publisher_withdraws_with_a_reason(publisher):
    """Posting the withdrawal screen withdraws the release with its reasons."""
    release = make_published_release()
    response = publisher.post(action_url(release, "withdraw"), REASON)
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.is_withdrawn and release.withdrawal_reason_fr == "Chiffres faux."


def test_withdrawal_without_a_reason_is_refused_with_a_message(publisher):
    """An empty reason brings the screen back with a message; the release stays public."""
    release = make_published_release()
    response = publisher.post(action_url(release, "withdraw"), {"en": " ", "fr": "", "es": ""})
    assert response.status_code == 200
    assert "Give the reason for the withdrawal in at least one language." in text_of(response)
    release.refresh_from_db()
    assert release.is_public


def test_correcting_a_draft_is_refused_with_a_message(publisher):
    """A draft cannot be corrected: the screen says why, nothing is written."""
    release = make_draft_release()
    response = publisher.post(action_url(release, "correct"), {"en": "Fixed."})
    assert response.status_code == 200
    assert "Only a public release can be corrected." in text_of(response)
    assert not Correction.objects.exists()


def test_publisher_reinstates(publisher):
    """Posting the reinstatement screen makes the release public again."""
    release = withdrawn_release()
    assert publisher.post(action_url(release, "reinstate")).status_code == 302
    release.refresh_from_db()
    assert release.is_public


@pytest.mark.parametrize("name", ACTIONS)
def test_each_admin_action_writes_one_activity_row_from_the_admin(publisher, name):
    """Each screen's POST writes one activity row of its kind, from "admin"."""
    release = release_for(name)
    publisher.post(action_url(release, name), REASON)
    rows = ActivityEntry.objects.filter(action__in=ACTIONS)
    assert list(rows.values_list("action", "source")) == [(name, "admin")]


# --- Everyone else ---------------------------------------------------------------------------


def test_non_publisher_sees_no_editorial_links(non_publisher):
    """Translators and staff without the permission see no correct/withdraw/reinstate link."""
    public, withdrawn = make_published_release(), withdrawn_release()
    pages = [non_publisher.get(change_url(release)) for release in (public, withdrawn)]
    for page in pages:
        assert element(page, "form", id="newsrelease_form")
    for release, name in ((public, "correct"), (public, "withdraw"), (withdrawn, "reinstate")):
        for page in pages:
            assert action_url(release, name) not in all_text(page)


@pytest.mark.parametrize("name", ACTIONS)
def test_non_publisher_post_is_refused(non_publisher, name):
    """A hand-made POST to any of the three screens is forbidden and changes nothing."""
    release = release_for(name)
    before = NewsRelease.objects.get(pk=release.pk)
    response = non_publisher.post(action_url(release, name), REASON)
    assert response.status_code == 403
    after = NewsRelease.objects.get(pk=release.pk)
    assert (after.status, after.version) == (before.status, before.version)
    assert not ActivityEntry.objects.filter(action__in=ACTIONS).exists()
    assert not Correction.objects.exists()


@pytest.mark.parametrize("name", ACTIONS)
def test_non_publisher_get_is_refused(non_publisher, name):
    """Even the screens themselves are forbidden to them."""
    assert non_publisher.get(action_url(release_for(name), name)).status_code == 403


# --- The status field ------------------------------------------------------------------------


def test_status_field_does_not_offer_withdrawn(publisher):
    """The change form's status choices are draft and published only."""
    html = publisher.get(change_url(make_published_release())).content.decode()
    status = element(html, "select", name="status")
    assert [option.attrs["value"] for option in elements(status, "option")] == [
        "draft", "published"
    ]
    assert not elements(html, value="withdrawn")


def test_posting_status_withdrawn_is_refused(publisher):
    """A form posting status=withdrawn is refused: a withdrawal needs the service's reason."""
    release = make_published_release()
    data = release_post_data(slug=release.slug, title_en=release.title_en, status="withdrawn")
    response = publisher.post(change_url(release), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"]
    release.refresh_from_db()
    assert release.status == NewsRelease.Status.PUBLISHED


def test_withdrawn_release_status_is_read_only_and_stays_withdrawn(publisher):
    """Editing a withdrawn release's text keeps it withdrawn: reinstating is its own act."""
    release = withdrawn_release()
    data = release_post_data(
        slug=release.slug, title_en="Retitled", status="published",
    )
    response = publisher.post(change_url(release), data | loaded_state(publisher, release))
    assert response.status_code == 302
    release.refresh_from_db()
    assert (release.title_en, release.status) == ("Retitled", NewsRelease.Status.WITHDRAWN)


def test_draft_with_a_future_time_is_not_marked_scheduled(publisher):
    """The list marks as scheduled only what will go public by itself (Publishable's rule)."""
    make_draft_release(published_at=timezone.now() + timedelta(days=1))
    html = publisher.get(reverse("admin:newsroom_newsrelease_changelist")).content.decode()
    assert len(elements(element(html, "table", id="result_list"), "tr")) == 2
    assert "(scheduled)" not in all_text(html)
