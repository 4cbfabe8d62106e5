"""Issue 20 ("A news day without traps"), items 1, 2 and 5 acted out in Chromium the way a
press office met them: a wrong year published in one save, an embargo broken in one click,
and a release written in French whose tabs, slug and limits worked against the writer."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from core.language_policy import LANGUAGE_CODES
from newsroom.models import NewsRelease
from tests.browser.conftest import log_in_to_admin
from tests.factories import make_scheduled_release, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLISHER = [
    f"newsroom.{action}_{model}"
    for model in ("newsrelease", "releasecontact")
    for action in ("add", "change", "view", "delete")
] + ["newsroom.view_theme", "newsroom.view_presscontact", "newsroom.publish_newsrelease"]

ADD = "/admin/newsroom/newsrelease/add/"


def expect_tabs_on(page, language):
    """The language tabs show `language`'s title field and hide the others'."""
    for code in LANGUAGE_CODES:
        title = expect(page.locator(f"#id_title_{code}"))
        title.to_be_visible() if code == language else title.to_be_hidden()


def test_a_wrong_year_is_not_published_until_confirmed(page):
    make_staff_user(*PUBLISHER, username="press")
    log_in_to_admin(page, "press")
    page.goto(ADD)
    page.fill("#id_title_en", "Flooding in the delta")
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", "2020-01-15")
    page.fill("#id_published_at_1", "10:30:00")
    page.click("input[name=_save]")

    expect(page.locator("p.errornote")).to_be_visible()
    expect(page.locator(".field-published_at .errorlist")).to_contain_text(
        "This release will appear as published on 15 January 2020"
    )
    assert not NewsRelease.objects.exists()

    page.check("input[name=confirm_backdating]")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    release = NewsRelease.objects.get()
    assert release.published_at == datetime(2020, 1, 15, 9, 30, tzinfo=UTC)


def test_publish_now_on_an_embargo_asks_first_and_cancelling_changes_nothing(page):
    make_staff_user(*PUBLISHER, username="press")
    embargo = datetime(2099, 3, 16, 9, 0, tzinfo=UTC)
    release = make_scheduled_release(title_en="Embargoed report", published_at=embargo)
    log_in_to_admin(page, "press")

    # The list action, as it was met: one click used to end the embargo.
    page.goto("/admin/newsroom/newsrelease/")
    page.locator(f"input[name=_selected_action][value='{release.pk}']").check()
    page.select_option("select[name=action]", "publish_now")
    page.click("button[name=index]")
    expect(page.locator(".publish-now-notes")).to_contain_text("under embargo until 16 March 2099")
    expect(page.locator("#content")).to_contain_text("alerts are sent to its subscribers")
    page.click("text=No, take me back")
    release.refresh_from_db()
    assert release.is_scheduled and release.published_at == embargo

    # The change form's button, then confirmed.
    page.goto(f"/admin/newsroom/newsrelease/{release.pk}/change/")
    page.click("text=Publish now…")
    expect(page.locator(".publish-now-notes")).to_contain_text("under embargo until")
    page.click("input[value='Yes, publish now']")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    release.refresh_from_db()
    assert release.is_public


def test_a_release_written_in_french_stays_in_french(page):
    make_staff_user(*PUBLISHER, username="press")
    log_in_to_admin(page, "press")
    page.goto(ADD)
    expect_tabs_on(page, "en")

    # Choosing French as the original language brings the French tabs forward.
    page.select_option("#id_original_language", "fr")
    expect_tabs_on(page, "fr")

    # The slug follows the French title.
    page.fill("#id_title_fr", "Journée des migrants à Genève")
    expect(page.locator("#id_slug")).to_have_value("journee-des-migrants-a-geneve")

    # A pasted 960-character title is neither cut by the browser nor saved cut: the counter
    # says it is too long, and the server refuses it.
    pasted = ("Migration " * 96).strip()
    page.fill("#id_title_fr", pasted)
    expect(page.locator("#id_title_fr")).to_have_value(pasted)
    expect(page.locator("#id_title_fr_count")).to_contain_text("659 more than the 300 allowed")
    page.fill("#id_lead_fr", "Le chapeau en français.")
    page.click("input[name=_continue]")

    # Back with the error, on the French tabs, nothing lost.
    expect(page.locator("p.errornote")).to_be_visible()
    expect_tabs_on(page, "fr")
    expect(page.locator("#id_title_fr")).to_have_value(pasted)
    expect(page.locator("#id_lead_fr")).to_have_value("Le chapeau en français.")
    assert not NewsRelease.objects.exists()

    page.fill("#id_title_fr", "Journée des migrants à Genève")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    # After the save too.
    expect_tabs_on(page, "fr")
    release = NewsRelease.objects.get()
    assert (release.slug, release.title_fr) == (
        "journee-des-migrants-a-geneve", "Journée des migrants à Genève"
    )

