"""Issue 20, item 2: no one-click embargo break. "Publish now" (the change form's button and
the list action) on an embargoed or scheduled release first shows a page naming the embargo
time and what publishing sets off; cancelling changes nothing."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from newsroom.models import NewsRelease
from tests.factories import make_draft_release, make_scheduled_release, make_staff_user
from tests.html import element, elements, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

CHANGELIST = reverse("admin:newsroom_newsrelease_changelist")
EMBARGO = datetime(2099, 3, 16, 9, 0, tzinfo=UTC)


def publish_url(release):
    return reverse("admin:newsroom_newsrelease_publish", args=[release.pk])


def change_url(release):
    return reverse("admin:newsroom_newsrelease_change", args=[release.pk])


def test_the_list_action_asks_before_ending_an_embargo(admin_client):
    embargoed = make_scheduled_release(published_at=EMBARGO, title_en="Under embargo")
    response = admin_client.post(
        CHANGELIST, {"action": "publish_now", "_selected_action": [embargoed.pk]}
    )
    assert response.status_code == 200
    embargoed.refresh_from_db()
    assert (embargoed.published_at, embargoed.is_scheduled) == (EMBARGO, True)
    page = text_of(response)
    local = timezone.localtime(EMBARGO)
    assert f"“Under embargo” is under embargo until {local:%-d} March 2099" in page
    assert "alerts are sent to its subscribers" in page
    assert "the journalist links to it end" in page
    assert element(response, "a", class_="cancel-link").attrs["href"] == CHANGELIST


def test_the_confirmed_list_action_publishes(admin_client):
    embargoed = make_scheduled_release(published_at=EMBARGO)
    admin_client.post(CHANGELIST, {
        "action": "publish_now", "_selected_action": [embargoed.pk], "confirmed": "yes",
    })
    assert list(NewsRelease.objects.published()) == [embargoed]


def test_the_confirmation_page_posts_back_what_was_selected(admin_client):
    """The page's own form, sent as it is, is the confirmation."""
    embargoed = make_scheduled_release(published_at=EMBARGO)
    draft = make_draft_release(published_at=None)
    response = admin_client.post(
        CHANGELIST, {"action": "publish_now", "_selected_action": [embargoed.pk, draft.pk]}
    )
    assert NewsRelease.objects.published().count() == 0
    fields = elements(response, "input", type="hidden")
    data = {}
    for field in fields:
        data.setdefault(field.attrs["name"], []).append(field.attrs["value"])
    admin_client.post(CHANGELIST, data)
    assert set(NewsRelease.objects.published()) == {embargoed, draft}


def test_a_draft_without_a_date_is_published_in_one_click(admin_client):
    draft = make_draft_release(published_at=None)
    admin_client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]})
    assert list(NewsRelease.objects.published()) == [draft]


def test_publishing_a_draft_with_an_old_date_is_asked_about(admin_client):
    old = datetime(2017, 6, 20, 10, 0, tzinfo=UTC)
    draft = make_draft_release(published_at=old)
    response = admin_client.post(
        CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]}
    )
    assert not NewsRelease.objects.published().exists()
    assert "it will appear as published on 20 June 2017" in text_of(response)


def test_the_change_form_offers_publish_now_for_an_embargoed_release(admin_client):
    embargoed = make_scheduled_release(published_at=EMBARGO)
    response = admin_client.get(change_url(embargoed))
    assert element(response, "a", href=publish_url(embargoed), text="Publish now…")


def test_the_button_asks_then_cancelling_changes_nothing(admin_client):
    embargoed = make_scheduled_release(published_at=EMBARGO, title_en="Under embargo")
    response = admin_client.get(publish_url(embargoed))
    assert response.status_code == 200
    assert "is under embargo until" in text_of(response)
    cancel = element(response, "a", class_="cancel-link")
    assert cancel.attrs["href"] == change_url(embargoed)
    admin_client.get(cancel.attrs["href"])
    embargoed.refresh_from_db()
    assert embargoed.published_at == EMBARGO


def test_the_button_publishes_once_confirmed(admin_client):
    embargoed = make_scheduled_release(published_at=EMBARGO)
    response = admin_client.post(publish_url(embargoed))
    assert response.status_code == 302
    embargoed.refresh_from_db()
    assert embargoed.is_public
    assert embargoed.published_at > timezone.now() - timedelta(minutes=1)


def test_the_button_is_refused_to_those_who_may_not_publish(client):
    user = make_staff_user("newsroom.change_newsrelease", "newsroom.view_newsrelease")
    client.force_login(user)
    embargoed = make_scheduled_release(published_at=EMBARGO)
    assert client.post(publish_url(embargoed)).status_code == 403
    embargoed.refresh_from_db()
    assert embargoed.published_at == EMBARGO
