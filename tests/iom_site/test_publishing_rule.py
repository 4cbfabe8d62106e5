"""One publishing rule (core.publishing): publish now, unpublish, the publish
permission, the admin's publication fields and actions, and the staff preview mean the same for
a release and a page, through the services and through the admin."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import override
from pytest_django.asserts import assertContains

from core import publishing
from core.models import ActivityEntry
from newsroom import services as newsroom_services
from newsroom.models import NewsRelease
from organisation import services as organisation_services
from organisation.models import Page
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

Status = publishing.Publishable.Status


@dataclass
class Kind:
    model: type[models.Model]
    make: Callable
    publish: Callable
    unpublish: Callable
    preview_url_name: str
    word: str

    def perm(self, action):
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"

    def admin_url(self, name, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


RELEASE = Kind(
    NewsRelease, factories.make_published_release, newsroom_services.publish,
    newsroom_services.unpublish, "newsroom:preview", "release",
)
PAGE = Kind(
    Page, factories.make_published_page, organisation_services.publish_page,
    organisation_services.unpublish_page, "organisation:page_preview", "page",
)
each_kind = pytest.mark.parametrize("kind", [RELEASE, PAGE], ids=["release", "page"])


def actions_logged():
    """The publishing rows of the activity log (granting permissions writes rows too)."""
    rows = ActivityEntry.objects.filter(action__in=["publish", "unpublish", "withdraw",
                                                    "reinstate"])
    return list(rows.order_by("pk").values_list("action", flat=True))


def refreshed(obj):
    obj.refresh_from_db()
    return obj


# --- Through the services ------------------------------------------------------------------


@each_kind
def test_publish_now_makes_a_draft_public_from_now(kind):
    """A draft without a time is public from now: one version more, one "publish" row."""
    obj = kind.make(status=Status.DRAFT, published_at=None)
    before = timezone.now()
    assert kind.publish(obj, user=None, source="test") is True
    obj = refreshed(obj)
    assert obj.is_public
    assert before <= obj.published_at <= timezone.now()
    assert obj.version == 2
    assert actions_logged() == ["publish"]


@each_kind
def test_publish_now_ends_a_schedule(kind):
    """A scheduled object (an embargo) is public at once: its later time becomes now."""
    later = timezone.now() + timedelta(days=2)
    obj = kind.make(status=Status.PUBLISHED, published_at=later)
    assert kind.publish(obj, user=None, source="test") is True
    obj = refreshed(obj)
    assert obj.is_public
    assert obj.published_at <= timezone.now()


@each_kind
def test_publish_now_keeps_a_past_public_time(kind):
    """A draft dated in the past goes public dated as it was."""
    dated = timezone.now() - timedelta(days=3 * 365)
    obj = kind.make(status=Status.DRAFT, published_at=dated)
    kind.publish(obj, user=None, source="test")
    obj = refreshed(obj)
    assert obj.is_public
    assert obj.published_at == dated


@each_kind
@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.WITHDRAWN])
def test_publish_now_leaves_a_public_or_withdrawn_object_as_it_is(kind, status):
    """Publishing what is public already, or withdrawn (reinstated, not published), changes
    nothing: no version, no row."""
    obj = kind.make(status=status, published_at=timezone.now() - timedelta(days=1))
    assert kind.publish(obj, user=None, source="test") is False
    obj = refreshed(obj)
    assert (obj.status, obj.version) == (status, 1)
    assert actions_logged() == []


@each_kind
@pytest.mark.parametrize("later", [False, True], ids=["public", "scheduled"])
def test_unpublish_makes_a_draft_and_leaves_a_draft_alone(kind, later):
    """A public or scheduled object goes back to draft (logged once); a draft stays as it is."""
    moment = timezone.now() + (timedelta(days=1) if later else -timedelta(days=1))
    obj = kind.make(status=Status.PUBLISHED, published_at=moment)
    assert kind.unpublish(obj, user=None, source="test") is True
    assert kind.unpublish(refreshed(obj), user=None, source="test") is False
    obj = refreshed(obj)
    assert (obj.status, obj.version) == (Status.DRAFT, 2)
    assert actions_logged() == ["unpublish"]


@pytest.mark.parametrize(("kind", "withdrawable"), [(RELEASE, True), (PAGE, False)],
                         ids=["release", "page"])
def test_the_core_says_which_publishables_can_be_withdrawn(kind, withdrawable):
    """A release can be withdrawn (its address keeps a notice); a page cannot, and the core
    refuses it rather than hide it with no notice."""
    obj = kind.make()
    assert kind.model.withdrawable is withdrawable
    if withdrawable:
        publishing.withdraw(obj, {"en": "Published by mistake."})
        assert obj.is_withdrawn
    else:
        with pytest.raises(TypeError):
            publishing.withdraw(obj, {"en": "Published by mistake."})
        assert refreshed(obj).is_public


def test_withdrawal_needs_a_public_object_and_a_reason():
    """Only a public object is withdrawn, with a reason; only a withdrawn one reinstated."""
    scheduled = RELEASE.make(published_at=timezone.now() + timedelta(days=1))
    with pytest.raises(publishing.PublishingError):
        publishing.withdraw(scheduled, {"en": "Too early."})
    public = RELEASE.make()
    with pytest.raises(publishing.PublishingError):
        publishing.withdraw(public, {"en": "  ", "fr": ""})
    with pytest.raises(publishing.PublishingError):
        publishing.reinstate(public)
    assert refreshed(public).is_public and refreshed(scheduled).is_scheduled


# --- The publish permission ----------------------------------------------------------------


@each_kind
def test_the_publish_permission_is_the_models_own(kind):
    """One permission per model decides publication; a command naming nobody holds none."""
    publisher = factories.make_staff_user(kind.perm("publish"))
    editor = factories.make_staff_user(kind.perm("change"))
    other = PAGE if kind is RELEASE else RELEASE
    assert publishing.may_publish(publisher, kind.model)
    assert not publishing.may_publish(publisher, other.model)
    assert not publishing.may_publish(editor, kind.model)
    assert not publishing.may_publish(None, kind.model)


# --- Through the admin ---------------------------------------------------------------------


def post_action(client, kind, action, *objects):
    return client.post(
        kind.admin_url("changelist"),
        # Confirmed: the page asking first is tests/newsroom/test_publish_now_confirmation.py.
        {"action": action, "_selected_action": [obj.pk for obj in objects], "confirmed": "yes"},
        follow=True,
    )


def shown_messages(response):
    return [str(message) for message in response.context["messages"]]


@each_kind
def test_publish_now_action_publishes_and_counts_what_changed(kind, admin_client):
    """“Publish now” ends a schedule, publishes a draft, leaves a public object alone, and
    says how many changed."""
    scheduled = kind.make(published_at=timezone.now() + timedelta(days=2))
    draft = kind.make(status=Status.DRAFT, published_at=None)
    public = kind.make(published_at=timezone.now() - timedelta(days=1))
    response = post_action(admin_client, kind, "publish_now", scheduled, draft, public)
    assert shown_messages(response) == [f"2 {kind.word}s published."]
    assert all(refreshed(obj).is_public for obj in (scheduled, draft, public))
    assert refreshed(public).version == 1
    assert ActivityEntry.objects.filter(action="publish", source="admin:action").count() == 2


@each_kind
def test_unpublish_action_makes_drafts(kind, admin_client):
    """“Unpublish” makes public and scheduled objects drafts and says how many."""
    public = kind.make()
    scheduled = kind.make(published_at=timezone.now() + timedelta(days=2))
    response = post_action(admin_client, kind, "unpublish", public, scheduled)
    assert shown_messages(response) == [f"2 {kind.word}s are drafts again."]
    assert {refreshed(public).status, refreshed(scheduled).status} == {Status.DRAFT}


@pytest.fixture
def editor_without_publish(client):
    """Someone who may add and change both kinds (no translator's limits) but publish none."""
    client.force_login(factories.make_staff_user(*(
        kind.perm(action) for kind in (RELEASE, PAGE) for action in ("view", "add", "change")
    )))
    return client


@each_kind
def test_without_the_publish_permission_no_actions_and_no_publication_fields(
    kind, editor_without_publish
):
    """No publish actions in the list, status and time read-only in the form (title still an
    input), and a hand-made POST of an action changes nothing."""
    obj = kind.make(status=Status.DRAFT, published_at=None)
    listing = editor_without_publish.get(kind.admin_url("changelist"))
    offered = {value for value, _label in listing.context["action_form"].fields["action"].choices}
    assert not offered & {"publish_now", "unpublish"}
    form = editor_without_publish.get(kind.admin_url("change", obj.pk)).context["adminform"].form
    assert "title_en" in form.fields
    assert not {"status", "published_at"} & set(form.fields)
    post_action(editor_without_publish, kind, "publish_now", obj)
    assert refreshed(obj).status == Status.DRAFT
    assert actions_logged() == []


@each_kind
@pytest.mark.parametrize("when", ["", "tomorrow"])
def test_the_form_publishes_now_or_schedules(kind, admin_client, when):
    """A publisher's form with status “published” and no time publishes now; with a time to
    come it schedules (not public until then)."""
    obj = kind.make(status=Status.DRAFT, published_at=None)
    url = kind.admin_url("change", obj.pk)
    data = change_form_data(admin_client, url, kind.model._meta.model_name)
    data["status"] = "published"
    if when:
        moment = timezone.localtime() + timedelta(days=1)
        data.update(published_at_0=moment.strftime("%Y-%m-%d"),
                    published_at_1=moment.strftime("%H:%M:%S"))
    assert admin_client.post(url, data).status_code == 302
    obj = refreshed(obj)
    assert (obj.is_public, obj.is_scheduled) == (not when, bool(when))


@each_kind
def test_status_never_offers_withdrawn_and_a_withdrawn_object_keeps_its_state(kind, admin_client):
    """A publisher's status choices are draft and published; a withdrawn object's status and
    time are read-only (it comes back through reinstating, never through the form)."""
    form = admin_client.get(kind.admin_url("change", kind.make().pk)).context["adminform"].form
    assert [value for value, _label in form.fields["status"].choices] == ["draft", "published"]
    withdrawn = kind.make(status=Status.WITHDRAWN)
    form = admin_client.get(kind.admin_url("change", withdrawn.pk)).context["adminform"].form
    assert not {"status", "published_at"} & set(form.fields)


@each_kind
def test_change_form_links_to_the_staff_preview(kind, admin_client):
    """The change form's preview field links to the object's preview in each language."""
    obj = kind.make(status=Status.DRAFT)
    response = admin_client.get(kind.admin_url("change", obj.pk))
    for code, name in settings.LANGUAGES:
        with override(code):
            url = reverse(kind.preview_url_name, kwargs={"pk": obj.pk})
        assertContains(response, f'<a href="{url}" hreflang="{code}">{name}</a>', html=True)


@pytest.mark.parametrize(("kind", "withdrawable"), [(RELEASE, True), (PAGE, False)],
                         ids=["release", "page"])
def test_only_a_withdrawable_model_has_withdrawal_screens(kind, withdrawable, admin_client):
    """A release's admin has its withdraw and reinstate screens; a page's has none."""
    obj = kind.make()
    for screen in ("withdraw", "reinstate"):
        if withdrawable:
            assert admin_client.get(kind.admin_url(screen, obj.pk)).status_code == 200
        else:
            with pytest.raises(NoReverseMatch):
                kind.admin_url(screen, obj.pk)


@pytest.mark.parametrize("screen", ["withdraw", "reinstate", "correct", "journalist_links"])
def test_a_publishing_screen_for_a_missing_release_is_a_404(admin_client, screen):
    """A release's publishing screens answer 404 for a release that does not exist."""
    assert admin_client.get(RELEASE.admin_url(screen, 987654)).status_code == 404


# --- The staff preview ---------------------------------------------------------------------


@each_kind
@pytest.mark.parametrize(
    ("actions", "staff", "answer"),
    [((), True, 404), (("view",), True, 200), (("change",), True, 200),
     (("view",), False, 404)],
    ids=["staff-without-permission", "view", "change", "not-staff"],
)
def test_who_sees_a_staff_preview(kind, client, actions, staff, answer):
    """Staff who may view or change the model see any object's preview, whatever its state;
    anyone else with a session gets a 404."""
    obj = kind.make(status=Status.DRAFT)
    client.force_login(
        factories.make_staff_user(*(kind.perm(action) for action in actions), is_staff=staff)
    )
    response = client.get(reverse(kind.preview_url_name, kwargs={"pk": obj.pk}))
    assert response.status_code == answer
    if answer == 200:
        assert response["Cache-Control"] == "private, no-store"


@each_kind
def test_a_preview_without_a_session_asks_to_log_in(kind, client):
    obj = kind.make(status=Status.DRAFT)
    response = client.get(reverse(kind.preview_url_name, kwargs={"pk": obj.pk}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
