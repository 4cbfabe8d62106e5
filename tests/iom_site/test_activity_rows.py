"""The activity log is written by every act it covers, once: publish and unpublish (action and
form), deletes in every content admin, journalist links, role and permission changes (admin,
`setup_roles`, any other path), `load_demo_content`. Logins are django-axes' own logs
(tests/iom_site/test_login_log.py)."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import ActivityEntry
from newsroom.models import NewsRelease
from organisation.models import MenuItem, Page
from tests.admin_forms import loaded_state
from tests.factories import (
    make_contact,
    make_draft_release,
    make_office,
    make_published_page,
    make_published_release,
    make_scheduled_release,
    make_theme,
    make_unit,
)
from tests.factories import make_person as make_person_row
from tests.html import text_of
from tests.newsroom.admin_post import release_post_data

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

Action = ActivityEntry.Action
RELEASES = reverse("admin:newsroom_newsrelease_changelist")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def boss(db):
    return get_user_model().objects.create_superuser("boss", "boss@example.org", PASSWORD)


@pytest.fixture
def boss_client(client, boss):
    client.force_login(boss)
    return client


def rows(action):
    return list(ActivityEntry.objects.filter(action=action))


def only_row(action):
    (entry,) = rows(action)
    return entry


def assert_row(entry, action, obj, user, source):
    assert (entry.action, entry.source) == (action, source)
    assert (entry.user, entry.username) == (user, user.username if user else entry.username)
    if obj is not None:
        assert (entry.content_type.model_class(), entry.object_id) == (type(obj), str(obj.pk))
        assert entry.object_repr == str(obj)


# --- Publishing --------------------------------------------------------------------------------


def test_publish_action_writes_one_row_per_release(boss_client, boss):
    """“Publish now” on two drafts writes two rows, each naming its release, who, and the list
    action as the source."""
    first, second = make_draft_release(), make_draft_release()
    boss_client.post(RELEASES, {"action": "publish_now", "_selected_action": [first.pk, second.pk],
                                  "confirmed": "yes"})
    entries = sorted(rows(Action.PUBLISH), key=lambda entry: int(entry.object_id))
    assert len(entries) == 2
    for entry, release in zip(entries, (first, second), strict=True):
        assert_row(entry, Action.PUBLISH, release, boss, "admin:action")


def test_publish_action_leaves_a_public_release_alone(boss_client):
    """Publishing a release that is already public changes nothing and writes no row."""
    release = make_published_release()
    version = release.version
    boss_client.post(RELEASES, {"action": "publish_now", "_selected_action": [release.pk],
                                  "confirmed": "yes"})
    release.refresh_from_db()
    assert release.version == version
    assert rows(Action.PUBLISH) == []


def test_publish_action_keeps_the_success_message(boss_client):
    """The list says how many releases were published."""
    draft = make_draft_release()
    response = boss_client.post(
        RELEASES, {"action": "publish_now", "_selected_action": [draft.pk], "confirmed": "yes"},
        follow=True
    )
    assert "1 release published." in text_of(response)


def test_unpublish_action_writes_one_row(boss_client, boss):
    """“Unpublish” writes one row naming the release, who and the list action."""
    release = make_published_release()
    boss_client.post(RELEASES, {"action": "unpublish", "_selected_action": [release.pk]})
    assert_row(only_row(Action.UNPUBLISH), Action.UNPUBLISH, release, boss, "admin:action")
    assert NewsRelease.objects.get().status == NewsRelease.Status.DRAFT


def test_publishing_through_the_form_writes_one_row(boss_client, boss):
    """Setting status “Published” in the change form writes one publish row from the admin."""
    release = make_draft_release()
    response = boss_client.post(
        reverse("admin:newsroom_newsrelease_change", args=[release.pk]),
        release_post_data(slug=release.slug, title_en=release.title_en, status="published")
        | loaded_state(boss_client, release),
    )
    assert response.status_code == 302
    assert_row(only_row(Action.PUBLISH), Action.PUBLISH, release, boss, "admin")


def test_unpublishing_through_the_form_writes_one_row(boss_client, boss):
    """Taking a published release back to draft in the form writes one unpublish row."""
    release = make_published_release()
    boss_client.post(
        reverse("admin:newsroom_newsrelease_change", args=[release.pk]),
        release_post_data(slug=release.slug, title_en=release.title_en, status="draft")
        | loaded_state(boss_client, release),
    )
    assert_row(only_row(Action.UNPUBLISH), Action.UNPUBLISH, release, boss, "admin")


def page_post_data(**fields):
    data = {
        "title_en": "Who we are", "slug_en": "who-we-are", "status": "published",
        "original_language": "en", "order": "0", "body_en": "<p>Hi</p>",
    }
    data.update(fields)
    return data


def test_page_added_as_published_writes_one_row(boss_client, boss):
    """A page created straight as published is a publication: one row for it."""
    response = boss_client.post(reverse("admin:organisation_page_add"), page_post_data())
    assert response.status_code == 302
    assert_row(only_row(Action.PUBLISH), Action.PUBLISH, Page.objects.get(), boss, "admin")


def test_page_taken_back_to_draft_writes_one_row(boss_client, boss):
    """A published page set back to draft in its form writes one unpublish row."""
    page = make_published_page(title_en="Who we are", slug_en="who-we-are")
    response = boss_client.post(
        reverse("admin:organisation_page_change", args=[page.pk]),
        page_post_data(status="draft") | loaded_state(boss_client, page),
    )
    assert response.status_code == 302
    assert_row(only_row(Action.UNPUBLISH), Action.UNPUBLISH, page, boss, "admin")


def test_saving_the_form_without_a_status_change_writes_no_row(boss_client):
    """An edit of the text of a draft is no publication act."""
    release = make_draft_release()
    response = boss_client.post(
        reverse("admin:newsroom_newsrelease_change", args=[release.pk]),
        release_post_data(slug=release.slug, title_en="New title", status="draft")
        | loaded_state(boss_client, release),
    )
    assert response.status_code == 302
    assert ActivityEntry.objects.count() == 0


# --- Deletes -----------------------------------------------------------------------------------


def make_menu_entry():
    return MenuItem.objects.create(label_en="News", target=MenuItem.Target.NEWS)


DELETABLE = {
    "newsroom.newsrelease": make_published_release,
    "organisation.page": make_published_page,
    "organisation.person": make_person_row,
    "organisation.unit": make_unit,
    "organisation.office": make_office,
    "newsroom.presscontact": make_contact,
    "newsroom.theme": make_theme,
    "organisation.menuitem": make_menu_entry,
}


@pytest.mark.parametrize("label", DELETABLE)
def test_delete_from_the_change_form_writes_one_row(boss_client, boss, label):
    """Deleting an object from its admin page writes one row that keeps its name."""
    obj = DELETABLE[label]()
    app_label, model = label.split(".")
    response = boss_client.post(
        reverse(f"admin:{app_label}_{model}_delete", args=[obj.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    assert_row(only_row(Action.DELETE), Action.DELETE, obj, boss, "admin")


@pytest.mark.parametrize("label", DELETABLE)
def test_delete_action_writes_one_row_per_object(boss_client, boss, label):
    """The list's “Delete selected” on two objects writes two rows, one for each."""
    objects = [DELETABLE[label](), DELETABLE[label]()]
    app_label, model = label.split(".")
    boss_client.post(
        reverse(f"admin:{app_label}_{model}_changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [o.pk for o in objects]},
    )
    assert not type(objects[0]).objects.filter(pk__in=[o.pk for o in objects]).exists()
    entries = rows(Action.DELETE)
    assert sorted(entry.object_id for entry in entries) == sorted(str(o.pk) for o in objects)
    for entry in entries:
        assert (entry.user, entry.source) == (boss, "admin:action")


def test_sub_entry_deleted_in_its_menu_entry_writes_one_row(boss_client, boss):
    """A menu sub-entry deleted from its parent's form (inline) writes one delete row."""
    parent = make_menu_entry()
    child = MenuItem.objects.create(
        label_en="Stories", target=MenuItem.Target.NEWS, parent=parent
    )
    data = {
        "label_en": "News", "label_fr": "", "label_es": "", "target": "newsroom:list",
        "page": "", "order": "0",
        "children-TOTAL_FORMS": "1", "children-INITIAL_FORMS": "1",
        "children-MIN_NUM_FORMS": "0", "children-MAX_NUM_FORMS": "1000",
        "children-0-id": str(child.pk), "children-0-parent": str(parent.pk),
        "children-0-label_en": "Stories", "children-0-label_fr": "", "children-0-label_es": "",
        "children-0-target": "newsroom:list", "children-0-page": "", "children-0-order": "0",
        "children-0-DELETE": "on",
    }
    response = boss_client.post(
        reverse("admin:organisation_menuitem_change", args=[parent.pk]),
        data | loaded_state(boss_client, parent),
    )
    assert response.status_code == 302
    assert not MenuItem.objects.filter(pk=child.pk).exists()
    assert_row(only_row(Action.DELETE), Action.DELETE, child, boss, "admin")


# --- Journalist links --------------------------------------------------------------------------


def test_making_journalist_links_writes_one_row(boss_client, boss):
    """Asking for journalist links writes one row naming the release, who, and the expiry."""
    release = make_scheduled_release()
    boss_client.post(
        reverse("admin:newsroom_newsrelease_journalist_links", args=[release.pk]),
        {"made_for": "A. Reporter, Daily News"},
    )
    entry = only_row(Action.EMBARGO_LINK)
    assert_row(entry, Action.EMBARGO_LINK, release, boss, "admin")
    expiry = timezone.localtime() + timedelta(days=7)
    assert expiry.strftime("%Y-%m-%d") in entry.details
    assert "A. Reporter, Daily News" in entry.details


def test_opening_the_form_or_the_links_page_writes_no_link_row(boss_client):
    """Showing the release form, or the page that offers to make links, records nothing."""
    release = make_scheduled_release()
    boss_client.get(reverse("admin:newsroom_newsrelease_change", args=[release.pk]))
    boss_client.get(reverse("admin:newsroom_newsrelease_journalist_links", args=[release.pk]))
    assert rows(Action.EMBARGO_LINK) == []


# --- Roles and permissions ---------------------------------------------------------------------


def test_setup_roles_writes_one_row_per_run():
    """Each run of setup_roles writes one row from the command, with each group's outcome."""
    call_command("setup_roles", stdout=io.StringIO())
    call_command("setup_roles", stdout=io.StringIO())
    first, second = ActivityEntry.objects.filter(action=Action.PERMISSIONS).order_by("pk")
    assert (first.source, first.user, first.object_repr) == ("command:setup_roles", None, "")
    assert "Editors: created" in first.details
    assert "Translators: unchanged" in second.details


def test_setup_roles_row_names_the_permissions_it_put_back():
    """A run that takes a hand-given permission back names it in its row."""
    call_command("setup_roles", stdout=io.StringIO())
    Group.objects.get(name="Translators").permissions.add(
        Permission.objects.get(codename="publish_newsrelease")
    )
    call_command("setup_roles", stdout=io.StringIO())
    last = ActivityEntry.objects.filter(source="command:setup_roles").latest("pk")
    assert "Translators: updated (+0 −1)" in last.details
    assert "−newsroom.publish_newsrelease" in last.details


def user_form_data(user, **fields):
    """The user change form's POST, as the admin sends it."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username, "first_name": "", "last_name": "", "email": "",
        "date_joined_0": joined.strftime("%Y-%m-%d"), "date_joined_1": joined.strftime("%H:%M:%S"),
        "last_login_0": "", "last_login_1": "",
    }
    if user.is_active:
        data["is_active"] = "on"
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(fields)
    return data


def test_user_admin_save_writes_one_row_for_groups_permissions_and_flags(boss_client, boss):
    """Giving a user a group, a permission and staff status in one save writes one row naming
    the user, who did it, and every change."""
    editors = Group.objects.create(name="Editors")
    publish = Permission.objects.get(codename="publish_newsrelease")
    user = get_user_model().objects.create_user("someone", password=PASSWORD)
    response = boss_client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        user_form_data(user, is_staff="on", groups=[editors.pk], user_permissions=[publish.pk]),
    )
    assert response.status_code == 302
    entry = only_row(Action.PERMISSIONS)
    assert_row(entry, Action.PERMISSIONS, user, boss, "admin")
    assert "groups: +Editors" in entry.details
    assert "user_permissions: +newsroom.publish_newsrelease" in entry.details
    assert "is_staff: False → True" in entry.details


def test_user_admin_removing_superuser_status_writes_one_row(boss_client, boss):
    """Taking superuser status away is recorded with who did it."""
    user = get_user_model().objects.create_superuser("other", "o@example.org", PASSWORD)
    boss_client.post(reverse("admin:auth_user_change", args=[user.pk]), user_form_data(user))
    entry = only_row(Action.PERMISSIONS)
    assert_row(entry, Action.PERMISSIONS, user, boss, "admin")
    assert "is_superuser: True → False" in entry.details


def test_user_admin_save_without_role_change_writes_no_row(boss_client):
    """Changing a user's e-mail address is no role change."""
    user = get_user_model().objects.create_user("someone", password=PASSWORD, is_staff=True)
    boss_client.post(
        reverse("admin:auth_user_change", args=[user.pk]),
        user_form_data(user, email="someone@example.org"),
    )
    assert rows(Action.PERMISSIONS) == []


def test_group_admin_save_writes_one_row(boss_client, boss):
    """Adding a permission to a group and removing another writes one row for the group."""
    group = Group.objects.create(name="Desk")
    group.permissions.add(Permission.objects.get(codename="view_theme"))
    ActivityEntry.objects.all().delete()
    publish = Permission.objects.get(codename="publish_newsrelease")
    response = boss_client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": "Desk", "permissions": [publish.pk]},
    )
    assert response.status_code == 302
    entry = only_row(Action.PERMISSIONS)
    assert_row(entry, Action.PERMISSIONS, group, boss, "admin")
    assert "+newsroom.publish_newsrelease" in entry.details
    assert "−newsroom.view_theme" in entry.details


@pytest.mark.parametrize("model", ["user", "group"])
def test_deleting_an_account_or_group_writes_one_row(boss_client, boss, model):
    """Deleting a user or a group in the admin writes one delete row naming it."""
    obj = (
        get_user_model().objects.create_user("someone", password=PASSWORD)
        if model == "user"
        else Group.objects.create(name="Desk")
    )
    response = boss_client.post(reverse(f"admin:auth_{model}_delete", args=[obj.pk]),
                                {"post": "yes"})
    assert response.status_code == 302
    assert_row(only_row(Action.DELETE), Action.DELETE, obj, boss, "admin")


def test_group_change_outside_the_admin_writes_one_row():
    """A change made by code (a shell, a script) is recorded too, without a name or source."""
    user = get_user_model().objects.create_user("someone", password=PASSWORD)
    group = Group.objects.create(name="Editors")
    user.groups.add(group)
    entry = only_row(Action.PERMISSIONS)
    assert_row(entry, Action.PERMISSIONS, user, None, "")
    assert entry.details == "groups: +Editors"


def test_clearing_a_users_groups_names_the_groups_removed():
    """`groups.clear()` is recorded with the groups the user had."""
    user = get_user_model().objects.create_user("someone", password=PASSWORD)
    user.groups.add(Group.objects.create(name="Editors"), Group.objects.create(name="Desk"))
    ActivityEntry.objects.all().delete()
    user.groups.clear()
    assert only_row(Action.PERMISSIONS).details == "groups: −Desk, −Editors"


# --- Commands ----------------------------------------------------------------------------------


def test_load_demo_content_writes_one_row():
    """`load_demo_content` writes one row from the command."""
    call_command("load_demo_content", stdout=io.StringIO())
    entry = only_row(Action.DEMO)
    assert (entry.source, entry.user, entry.object_repr) == ("command:load_demo_content", None, "")
    assert ActivityEntry.objects.count() == 1


def test_load_demo_content_with_admin_also_logs_its_roles_run(monkeypatch):
    """With --with-admin the demo row is joined by the one row of the setup_roles it runs."""
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a-password-of-ones-own")
    call_command("load_demo_content", "--with-admin", stdout=io.StringIO())
    assert only_row(Action.DEMO).details == "--with-admin"
    assert only_row(Action.PERMISSIONS).source == "command:setup_roles"
    assert ActivityEntry.objects.count() == 2
