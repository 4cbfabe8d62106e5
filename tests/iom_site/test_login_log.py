"""The login log is django-axes' own: each login and each failed login is one row with the
username, time, address and browser, never the password, lockouts marked; Editors read it."""

import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from core.models import ActivityEntry
from tests.factories import make_staff_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


@pytest.fixture
def staff(db):
    return make_staff_user(username="editor")


def log_in(client, username, password):
    return client.post(
        "/admin/login/", {"username": username, "password": password},
        HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="192.0.2.7",
    )


def test_login_writes_one_row(client, staff):
    """Logging in at the admin writes one row naming the person, with the address and the
    browser; the activity log stays for editorial acts."""
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    (entry,) = AccessLog.objects.all()
    assert (entry.username, entry.ip_address, entry.user_agent) == (
        "editor", "192.0.2.7", BROWSER
    )
    assert entry.attempt_time is not None
    assert not AccessFailureLog.objects.exists()
    assert ActivityEntry.objects.count() == 0


def test_failed_login_keeps_the_username_and_never_the_password(client, staff):
    """A wrong password writes one row with the username tried, the address and the browser,
    and the password nowhere in django-axes' records."""
    log_in(client, "editor", "s3cret-guess")
    (entry,) = AccessFailureLog.objects.all()
    assert (entry.username, entry.ip_address, entry.user_agent, entry.locked_out) == (
        "editor", "192.0.2.7", BROWSER, False
    )
    assert not AccessLog.objects.exists()
    for model in (AccessFailureLog, AccessAttempt):
        for row in model.objects.values():
            assert not any("s3cret-guess" in str(value) for value in row.values()), row


def test_failed_login_for_an_unknown_name_is_recorded(client, db):
    """A username that matches no account is kept as it was typed."""
    log_in(client, "nobody-here", "x")
    assert AccessFailureLog.objects.get().username == "nobody-here"


def test_lockout_keeps_working_and_is_recorded(client, staff, settings):
    """At django-axes' limit the lockout page still answers, each attempt writes one row, and
    the rows from the lockout on say so."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "editor", "wrong")
    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 429
    entries = list(AccessFailureLog.objects.order_by("pk"))
    assert len(entries) == settings.AXES_FAILURE_LIMIT + 1
    assert not entries[0].locked_out
    assert entries[-1].locked_out
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("model", ["accesslog", "accessfailurelog"])
def test_editors_read_the_login_log_and_translators_do_not(client, staff, model):
    """Editors (setup_roles) see both logs in the admin, read only; Translators see neither."""
    log_in(client, "editor", "wrong")
    log_in(client, "editor", PASSWORD)
    call_command("setup_roles", stdout=io.StringIO())
    changelist = reverse(f"admin:axes_{model}_changelist")
    for group, allowed in (("Editors", True), ("Translators", False)):
        reader = make_staff_user()
        reader.groups.add(Group.objects.get(name=group))
        client.force_login(reader)
        response = client.get(changelist)
        assert response.status_code == (200 if allowed else 403)
        if allowed:
            assert response.context["cl"].result_count >= 1
            row = response.context["cl"].result_list[0]
            change = reverse(f"admin:axes_{model}_change", args=[row.pk])
            assert client.post(change, {"username": "someone-else"}).status_code == 403
            assert client.get(reverse(f"admin:axes_{model}_add")).status_code == 403
