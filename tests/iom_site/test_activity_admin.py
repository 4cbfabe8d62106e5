"""The activity log in the admin: who may read it (editors, superusers) and who may not
(translators, staff without the permission), that nobody but a superuser changes or deletes a
row, its filters, its links to the objects, and its CSV export."""

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import activity
from core.models import ActivityEntry
from newsroom.models import NewsRelease
from tests.factories import make_published_page, make_published_release, make_staff_user, member_of
from tests.html import all_text, element, elements, links, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

Action = ActivityEntry.Action
CHANGELIST = reverse("admin:core_activityentry_changelist")
EXPORT = reverse("admin:core_activityentry_export")


def entry_url(view, entry):
    return reverse(f"admin:core_activityentry_{view}", args=[entry.pk])


@pytest.fixture
def editor_client(client):
    client.force_login(member_of("Editors"))
    return client


@pytest.fixture
def translator_client(client):
    client.force_login(member_of("Translators"))
    return client


@pytest.fixture
def entry(db):
    return activity.record(Action.PUBLISH, make_published_release(), source="admin:action")


def listed(response):
    return list(response.context["cl"].result_list)


def exported(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


# --- Who may read and write it -----------------------------------------------------------------


def test_editor_reads_the_log(editor_client, entry):
    """An editor (setup_roles' group) sees the list and a row's page."""
    assert entry in listed(editor_client.get(CHANGELIST))
    assert editor_client.get(entry_url("change", entry)).status_code == 200


def test_editor_sees_a_row_read_only(editor_client, entry):
    """A row's page offers an editor no input and no save button."""
    html = editor_client.get(entry_url("change", entry)).content.decode()
    assert elements(html, "div", class_="readonly")
    assert not elements(html, name="_save")
    assert not elements(html, name="details")
    assert not elements(html, "textarea")


def test_editor_cannot_add_a_row(editor_client):
    """The add form is forbidden, even to an editor."""
    assert editor_client.get(reverse("admin:core_activityentry_add")).status_code == 403


def test_editor_cannot_change_a_row(editor_client, entry):
    """An editor's hand-made POST to a row's page changes nothing."""
    response = editor_client.post(
        entry_url("change", entry), {"action": "delete", "source": "x", "details": "forged"}
    )
    assert response.status_code == 403
    entry.refresh_from_db()
    assert (entry.action, entry.details) == (Action.PUBLISH, "")


def test_editor_cannot_delete_a_row(editor_client, entry):
    """Deleting a row is forbidden to an editor, from its page or with the list's action."""
    assert editor_client.post(entry_url("delete", entry), {"post": "yes"}).status_code == 403
    editor_client.post(
        CHANGELIST, {"action": "delete_selected", "post": "yes", "_selected_action": [entry.pk]}
    )
    assert ActivityEntry.objects.filter(pk=entry.pk).exists()


def test_translator_cannot_read_the_log(translator_client, entry):
    """Translators are not given the log."""
    assert translator_client.get(CHANGELIST).status_code == 403
    assert translator_client.get(EXPORT).status_code == 403


def test_staff_without_the_permission_cannot_read_the_log(client, entry):
    """A staff account without core.view_activityentry gets neither the list, a row nor the
    export."""
    client.force_login(make_staff_user("newsroom.view_newsrelease"))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(entry_url("change", entry)).status_code == 403
    assert client.get(EXPORT).status_code == 403


def test_superuser_can_delete_a_row(admin_client, entry):
    """A superuser may remove a row."""
    response = admin_client.post(entry_url("delete", entry), {"post": "yes"})
    assert response.status_code == 302
    assert not ActivityEntry.objects.filter(pk=entry.pk).exists()


def test_superuser_cannot_add_a_row(admin_client):
    """Not even a superuser writes the log by hand."""
    assert admin_client.get(reverse("admin:core_activityentry_add")).status_code == 403


# --- The list ----------------------------------------------------------------------------------


def test_existing_object_links_to_its_admin_page(editor_client, entry):
    """A row whose object still exists links to that object's admin page."""
    url = reverse("admin:newsroom_newsrelease_change", args=[entry.object_id])
    html = editor_client.get(CHANGELIST).content.decode()
    assert element(html, "a", href=url).text == entry.object_repr


def test_deleted_object_is_named_without_a_link(editor_client, entry):
    """Once the object is gone, its row still names it, without a link."""
    NewsRelease.objects.filter(pk=entry.object_id).delete()
    html = editor_client.get(CHANGELIST).content.decode()
    url = reverse("admin:newsroom_newsrelease_change", args=[entry.object_id])
    assert entry.object_repr in text_of(html)
    assert url not in all_text(html)


def test_filter_by_person(admin_client, admin_user):
    """The person filter keeps that person's rows."""
    someone = make_staff_user()
    mine = activity.record(Action.PUBLISH, make_published_release(), user=admin_user)
    theirs = activity.record(Action.PUBLISH, make_published_release(), user=someone)
    rows = listed(admin_client.get(CHANGELIST, {"user__id__exact": admin_user.pk}))
    assert mine in rows
    assert theirs not in rows
    assert {row.user for row in rows} == {admin_user}


def test_filter_by_action(admin_client, entry):
    """The action filter keeps that action's rows."""
    activity.record(Action.UNPUBLISH, make_published_release())
    response = admin_client.get(CHANGELIST, {"action__exact": Action.PUBLISH})
    assert listed(response) == [entry]


def test_filter_by_object_type(admin_client, entry):
    """The object type filter keeps rows about that kind of object."""
    page_entry = activity.record(Action.PUBLISH, make_published_page())
    page_type = ContentType.objects.get(app_label="organisation", model="page")
    response = admin_client.get(CHANGELIST, {"content_type__id__exact": page_type.pk})
    assert listed(response) == [page_entry]


def test_filter_by_date(admin_client):
    """The date hierarchy keeps one day's rows."""
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=UTC)):
        earlier = activity.record(Action.DEMO, source="command:load_demo_content")
    with time_machine.travel(datetime(2026, 3, 3, 12, tzinfo=UTC)):
        activity.record(Action.DEMO, source="command:load_demo_content")
    response = admin_client.get(
        CHANGELIST, {"created_at__year": 2026, "created_at__month": 3, "created_at__day": 2}
    )
    assert listed(response) == [earlier]


def test_search_finds_a_tried_username(admin_client):
    """Searching finds a failed login by the username that was tried."""
    tried = activity.record(Action.LOGIN_FAILED, username="mallory", source="login")
    activity.record(Action.LOGIN_FAILED, username="trudy", source="login")
    assert listed(admin_client.get(CHANGELIST, {"q": "mallory"})) == [tried]


def test_export_link_keeps_the_filters(admin_client, entry):
    """The list's CSV link carries the filters and search on screen."""
    html = admin_client.get(CHANGELIST, {"action__exact": "publish", "q": "Release"})
    assert elements(html, "a", href=f"{EXPORT}?action__exact=publish&q=Release")


# --- CSV export --------------------------------------------------------------------------------


def test_export_is_a_utf8_csv_attachment_with_a_safe_name(admin_client, entry):
    """The export is text/csv in UTF-8, downloaded under a plain dated file name."""
    response = admin_client.get(EXPORT)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="activity-log-')
    assert response["Content-Disposition"].endswith('.csv"')


def test_export_has_the_filtered_rows_only(admin_client, entry):
    """With a filter, the export holds that filter's rows, every column filled as stored."""
    activity.record(Action.UNPUBLISH, make_published_release(title_en="Other"))
    header, *lines = exported(admin_client.get(EXPORT, {"action__exact": "publish"}))
    assert header == [
        "When", "Who", "Action", "Object type", "Object id", "Object", "From", "Details"
    ]
    assert len(lines) == 1
    assert lines[0][2:7] == [
        "Published", "news release", entry.object_id, entry.object_repr, "admin:action"
    ]


def test_export_keeps_accents(admin_client):
    """Text outside ASCII comes out as written."""
    activity.record(Action.PUBLISH, make_published_release(title_en="Communiqué à Genève"))
    _header, line = exported(admin_client.get(EXPORT, {"action__exact": "publish"}))
    assert line[5] == "Communiqué à Genève"


def test_export_spans_every_page(admin_client):
    """The export is not cut at the list's page size."""
    for _ in range(60):
        activity.record(Action.DEMO)
    _header, *lines = exported(admin_client.get(EXPORT, {"action__exact": "demo"}))
    assert len(lines) == 60


@pytest.mark.parametrize("tried", ["=HYPERLINK(\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1"])
def test_export_neutralises_formula_cells(admin_client, tried):
    """A cell that a spreadsheet would read as a formula is prefixed with an apostrophe."""
    activity.record(Action.LOGIN_FAILED, username=tried, source="login")
    _header, line = exported(admin_client.get(EXPORT, {"action__exact": "login-failed"}))
    assert line[1] == "'" + tried


def test_export_with_a_bad_filter_goes_back_to_the_list(admin_client):
    """A filter the list does not know sends the reader back to the list, never a 500."""
    response = admin_client.get(EXPORT, {"no_such_field__exact": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?e=1"


def test_changelist_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    """Fifty rows about fifty objects cost the list no more queries than one does."""
    activity.record(Action.PUBLISH, make_published_release())
    admin_client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as one:
        admin_client.get(CHANGELIST)
    for _ in range(49):
        activity.record(Action.PUBLISH, make_published_release())
    with django_assert_max_num_queries(len(one.captured_queries)):
        admin_client.get(CHANGELIST)


def test_user_deleted_keeps_the_name(admin_client):
    """A row keeps the person's name after the account is deleted."""
    user = get_user_model().objects.create_user("gone")
    activity.record(Action.LOGIN, user=user)
    user.delete()
    html = admin_client.get(CHANGELIST, {"action__exact": "login"}).content.decode()
    assert "gone" in text_of(html)


def test_filter_by_source(admin_client):
    """The source filter keeps the rows from one screen or command, and offers no blank
    choice for changes made outside them."""
    command = activity.record(Action.DEMO, source="command:load_demo_content")
    activity.record(Action.PERMISSIONS, source="")
    response = admin_client.get(CHANGELIST, {"source": "command:load_demo_content"})
    assert listed(response) == [command]
    assert "?source=command%3Aload_demo_content" in links(response)
    assert "?source=" not in links(response)
