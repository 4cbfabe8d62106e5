"""The activity log's admin and the journalist links page, in Chromium: reachable by an
editor, pass axe-core, and the links are made by the button, not by opening the form."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from core import activity
from core.models import ActivityEntry
from tests.browser.conftest import assert_no_axe_violations, log_in_to_admin
from tests.factories import make_published_release, make_scheduled_release, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor(db):
    call_command("setup_roles", stdout=io.StringIO())
    user = make_staff_user(username="editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_activity_log_list_has_no_axe_violations(page, editor):
    """The log's list, with its filters and a linked object, passes axe-core."""
    activity.record(
        ActivityEntry.Action.PUBLISH, make_published_release(), user=editor, source="admin"
    )
    log_in_to_admin(page, "editor")
    page.goto("/admin/core/activityentry/")
    assert page.get_by_role("link", name="Export these rows as CSV").is_visible()
    assert_no_axe_violations(page)


def test_journalist_links_are_made_by_the_button(page, editor):
    """From the release form, “Make journalist links” leads to a page that makes them only
    when confirmed; both pages pass axe-core, and making them writes one row."""
    release = make_scheduled_release(title_en="Embargoed news")
    log_in_to_admin(page, "editor")
    page.goto(f"/admin/newsroom/newsrelease/{release.pk}/change/")
    page.get_by_role("link", name="Make journalist links").click()
    assert_no_axe_violations(page)
    assert not ActivityEntry.objects.filter(action=ActivityEntry.Action.EMBARGO_LINK).exists()
    page.get_by_label("Made for").fill("A. Reporter, Daily News")
    page.get_by_role("button", name="Make journalist links").click()
    link = page.locator('a[hreflang="fr"]', has_text="/fr/")
    assert "/embargo/" in link.get_attribute("href")
    assert_no_axe_violations(page)
    assert ActivityEntry.objects.filter(action=ActivityEntry.Action.EMBARGO_LINK).count() == 1
