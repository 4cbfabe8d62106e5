"""“Open by … since 14:02”: a change form says who else has the same object open (a notice,
not a lock), kept current by the form's script reporting to a small admin endpoint."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from core.models import EditSession
from tests import factories
from tests.admin_forms import change_url
from tests.html import all_text, element

pytestmark = pytest.mark.clock

ZURICH = ZoneInfo("Europe/Zurich")
OPENED = datetime(2026, 3, 3, 14, 2, tzinfo=ZURICH)


def _client(username, **names):
    user = User.objects.create_superuser(username, f"{username}@example.org", "pw", **names)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def amina(db):
    return _client("amina", first_name="Amina", last_name="Diallo")


@pytest.fixture
def ben(db):
    return _client("ben")


def editing_url(obj):
    return reverse("admin:newsroom_newsrelease_editing", args=[obj.pk])


def assert_no_notice(response):
    """The change form's notice is there for the script to fill, hidden and empty."""
    notice = element(response, "ul", id="editing-notice")
    assert "hidden" in notice.attrs and notice.text == ""
    assert "Open by" not in all_text(response)


def test_form_says_who_else_has_it_open_and_since_when(amina, ben):
    """The second person to open a release sees the first one's name and opening time."""
    release = factories.make_draft_release()
    with time_machine.travel(OPENED, tick=False):
        amina.get(change_url(release))
    with time_machine.travel(OPENED + timedelta(seconds=30), tick=False):
        response = ben.get(change_url(release))
    notice = element(response, "ul", id="editing-notice")
    assert "hidden" not in notice.attrs
    assert notice.text == "Open by Amina Diallo since 14:02"


def test_form_opened_alone_shows_no_notice(ben):
    """Nobody else has the form open: no “Open by”."""
    response = ben.get(change_url(factories.make_draft_release()))
    assert_no_notice(response)


def test_form_left_without_news_for_a_while_no_longer_counts(amina, ben):
    """A form whose script stopped reporting (closed tab, lost network) is forgotten."""
    release = factories.make_draft_release()
    with time_machine.travel(OPENED, tick=False):
        amina.get(change_url(release))
    with time_machine.travel(OPENED + timedelta(minutes=3), tick=False):
        response = ben.get(change_url(release))
    assert_no_notice(response)


def test_a_browser_closed_without_a_goodbye_leaves_the_notice_within_a_minute(amina, ben):
    """Issue 20: the notice stayed two minutes after the other person closed the browser.
    Amina's last report was at 14:02; her browser is closed then, sending no beacon. Ben's
    form, opened (or reporting) 45 s later, no longer names her."""
    release = factories.make_draft_release()
    with time_machine.travel(OPENED, tick=False):
        amina.post(editing_url(release))
    with time_machine.travel(OPENED + timedelta(seconds=45), tick=False):
        assert ben.post(editing_url(release)).json() == {"notice": ""}
        assert_no_notice(ben.get(change_url(release)))


def test_heartbeat_keeps_the_form_open_and_answers_the_notice(amina, ben):
    """The script's report every 15 seconds keeps the session alive and returns the notice
    to show."""
    release = factories.make_draft_release()
    with time_machine.travel(OPENED, tick=False):
        amina.get(change_url(release))
        ben.get(change_url(release))
    with time_machine.travel(OPENED + timedelta(minutes=3), tick=False):
        amina.post(editing_url(release))
        response = ben.post(editing_url(release))
    assert response.json() == {"notice": "Open by Amina Diallo since 14:02"}


def test_leaving_the_form_closes_the_session(amina, ben):
    """The beacon sent when the page is left removes the notice for the others at once."""
    release = factories.make_draft_release()
    amina.get(change_url(release))
    amina.post(editing_url(release), {"closed": "1"})
    assert_no_notice(ben.get(change_url(release)))


def test_old_sessions_are_cleaned_when_a_form_opens(amina, ben):
    """Sessions not heard from for a while are deleted, not kept for ever."""
    first, second = factories.make_draft_release(), factories.make_draft_release()
    with time_machine.travel(OPENED, tick=False):
        amina.get(change_url(first))
    with time_machine.travel(OPENED + timedelta(hours=1), tick=False):
        amina.get(change_url(second))
    assert [s.object_id for s in EditSession.objects.all()] == [str(second.pk)]


def test_heartbeat_needs_a_post(ben):
    """The endpoint changes state, so a GET is refused."""
    response = ben.get(editing_url(factories.make_draft_release()))
    assert response.status_code == 405


def test_heartbeat_needs_the_right_to_see_the_object(db):
    """Staff without permission on releases cannot report or read who edits them."""
    user = factories.make_staff_user()
    client = Client()
    client.force_login(user)
    response = client.post(editing_url(factories.make_draft_release()))
    assert response.status_code == 403
