"""Who may do what to releases and pages, as one table: each role (the Editors and Translators
groups of `manage.py setup_roles`, a staff account in no group, an anonymous visitor) tries
each action through the admin with the test client, and the table says whether it takes
effect. A refused action must change nothing, whatever the answer's status code."""

import io
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from core.revisions import revision, versions_of
from newsroom.models import NewsRelease
from organisation.models import Page
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

ROLES = ("editor", "translator", "staff", "anonymous")

# action: the outcome for (editor, translator, staff, anonymous), for releases and pages.
MATRIX = {
    "release": {
        "add": (True, False, False, False),
        "change text": (True, True, False, False),
        "change slug": (True, False, False, False),
        "publish": (True, False, False, False),
        "unpublish": (True, False, False, False),
        "delete": (False, False, False, False),
        "view": (True, True, False, False),
        # Withdrawing is a publishing decision; pages are unpublished, never withdrawn.
        "withdraw": (True, False, False, False),
        # A restore brings back what the person may change: translators the text only.
        "restore text": (True, True, False, False),
        "restore status": (True, False, False, False),
        "view log": (True, False, False, False),
    },
    "page": {
        "add": (True, False, False, False),
        "change text": (True, True, False, False),
        "change slug": (True, False, False, False),
        "publish": (True, False, False, False),
        "unpublish": (True, False, False, False),
        "delete": (False, False, False, False),
        "view": (True, True, False, False),
        "restore text": (True, True, False, False),
        "restore status": (True, False, False, False),
        "view log": (True, False, False, False),
    },
}


@dataclass
class Kind:
    """What the actions need to know of a model: its admin, how to make one, its slug."""

    model: type
    app: str
    model_name: str
    slug_field: str
    make_draft: object
    make_published: object

    def url(self, view, *args):
        return reverse(f"admin:{self.app}_{self.model_name}_{view}", args=args)


KINDS = {
    "release": Kind(
        NewsRelease, "newsroom", "newsrelease", "slug",
        factories.make_draft_release, factories.make_published_release,
    ),
    "page": Kind(
        Page, "organisation", "page", "slug_en",
        lambda: factories.make_published_page(status=Page.Status.DRAFT),
        factories.make_published_page,
    ),
}


def _post_change(client, admin_client, kind, obj, **changes):
    """The change form as a superuser sees it, posted back by `client` with `changes`."""
    data = change_form_data(admin_client, kind.url("change", obj.pk), kind.model_name)
    data.update(changes)
    client.post(kind.url("change", obj.pk), data)
    obj.refresh_from_db()
    return obj


def add(client, admin_client, kind):
    data = change_form_data(admin_client, kind.url("add"), kind.model_name)
    data.update({"title_en": "Added", kind.slug_field: "added-by-the-matrix"})
    client.post(kind.url("add"), data)
    return kind.model.objects.filter(**{kind.slug_field: "added-by-the-matrix"}).exists()


def change_text(client, admin_client, kind):
    obj = _post_change(client, admin_client, kind, kind.make_draft(), title_fr="Texte traduit")
    return obj.title_fr == "Texte traduit"


def change_slug(client, admin_client, kind):
    obj = _post_change(client, admin_client, kind, kind.make_draft(),
                       **{kind.slug_field: "renamed-by-the-matrix"})
    return getattr(obj, kind.slug_field) == "renamed-by-the-matrix"


def _action(client, kind, name, obj):
    client.post(
        kind.url("changelist"),
        {"action": name, "_selected_action": [obj.pk], "confirmed": "yes"},
    )
    obj.refresh_from_db()
    return obj


def publish(client, admin_client, kind):
    return _action(client, kind, "publish_now", kind.make_draft()).is_public


def unpublish(client, admin_client, kind):
    return _action(client, kind, "unpublish", kind.make_published()).status == "draft"


def delete(client, admin_client, kind):
    obj = kind.make_draft()
    client.post(kind.url("delete", obj.pk), {"post": "yes"})
    return not kind.model.objects.filter(pk=obj.pk).exists()


def view(client, admin_client, kind):
    return client.get(kind.url("change", kind.make_draft().pk)).status_code == 200


def withdraw(client, admin_client, kind):
    release = kind.make_published()
    client.post(
        reverse("admin:newsroom_newsrelease_withdraw", args=[release.pk]),
        {"en": "Published by mistake."},
    )
    release.refresh_from_db()
    return release.is_withdrawn


def _restore_first_revision(client, kind):
    """A public object saved twice (two revisions: a first French title, then another, and a
    draft), then its first revision restored by `client`."""
    obj = kind.make_published()
    with revision(source="test"):
        obj.title_fr = "Premier titre"
        obj.save()
    first = versions_of(obj).first()
    with revision(source="test"):
        obj.title_fr, obj.status = "Second titre", "draft"
        obj.save()
    client.post(kind.url("revision_restore", obj.pk, first.pk))
    obj.refresh_from_db()
    return obj


def restore_text(client, admin_client, kind):
    return _restore_first_revision(client, kind).title_fr == "Premier titre"


def restore_status(client, admin_client, kind):
    return _restore_first_revision(client, kind).status == "published"


def view_log(client, admin_client, kind):
    return client.get(reverse("admin:core_activityentry_changelist")).status_code == 200


# Each action does its thing through the admin and says whether it took effect.
ACTIONS = {
    "add": add,
    "change text": change_text,
    "change slug": change_slug,
    "publish": publish,
    "unpublish": unpublish,
    "delete": delete,
    "view": view,
    "withdraw": withdraw,
    "restore text": restore_text,
    "restore status": restore_status,
    "view log": view_log,
}

CASES = [
    (kind, action, role, allowed)
    for kind, rows in MATRIX.items()
    for action, outcomes in rows.items()
    for role, allowed in zip(ROLES, outcomes, strict=True)
]


def _log_in(client, role):
    if role == "anonymous":
        return
    call_command("setup_roles", stdout=io.StringIO())
    user = factories.make_staff_user()
    if role in ("editor", "translator"):
        user.groups.add(Group.objects.get(name=f"{role.capitalize()}s"))
    client.force_login(user)


def test_every_action_of_the_matrix_is_tried():
    """The release table tries every action; the page table every one but withdrawal."""
    assert set(MATRIX["release"]) == set(ACTIONS)
    assert set(MATRIX["page"]) == set(ACTIONS) - {"withdraw"}


@pytest.mark.parametrize(
    ("kind", "action", "role", "allowed"),
    CASES,
    ids=[f"{kind}-{action.replace(' ', '_')}-{role}" for kind, action, role, _a in CASES],
)
def test_permission_matrix(client, admin_client, kind, action, role, allowed):
    """The role's attempt at the action takes effect exactly when the table says so."""
    _log_in(client, role)
    assert ACTIONS[action](client, admin_client, KINDS[kind]) is allowed
