"""Two people in the same release at once: the second save, made from a stale copy, is
refused with its input kept, and goes through after review without undoing the first."""

import pytest
from playwright.sync_api import expect

from newsroom.models import NewsRelease
from tests.browser.conftest import (
    assert_no_axe_violations,
    log_in_to_admin,
    watch_for_problems,
)
from tests.factories import make_draft_release, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERMISSIONS = ("newsroom.view_newsrelease", "newsroom.change_newsrelease")


@pytest.fixture
def second_page(new_context):
    """A second person's tab, in a browser profile of its own (closed by pytest-playwright)."""
    ctx = new_context()
    ctx.set_default_timeout(10_000)
    tab = ctx.new_page()
    problems = watch_for_problems(tab)
    yield tab
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


def test_stale_save_is_refused_then_applied_on_top_after_review(page, second_page):
    """Amina saves an English title; Ben's French lead from the older form is refused with
    his text kept and her name given, then saved on top; both changes are kept."""
    release = make_draft_release(title_en="Old title", lead_fr="")
    make_staff_user(*PERMISSIONS, username="amina", first_name="Amina", last_name="Diallo")
    make_staff_user(*PERMISSIONS, username="ben")
    url = f"/admin/newsroom/newsrelease/{release.pk}/change/"
    amina, ben = page, second_page
    log_in_to_admin(amina, "amina")
    log_in_to_admin(ben, "ben")
    amina.goto(url)
    ben.goto(url)
    expect(ben.locator("#editing-notice")).to_contain_text("Open by Amina Diallo since")

    amina.fill("#id_title_en", "New English title")
    amina.click("input[name=_save]")
    expect(amina.locator(".messagelist .success")).to_have_count(1)

    ben.click("a[href='#tab_id_lead_fr']")
    ben.fill("#id_lead_fr", "Un chapeau en français")
    ben.click("input[name=_save]")
    expect(ben.locator(".errornote")).to_be_visible()
    expect(ben.locator(".errorlist.nonfield")).to_contain_text("Amina Diallo saved this")
    expect(ben.locator(".errorlist.nonfield")).to_contain_text("Title (English)")
    expect(ben.locator("#id_lead_fr")).to_have_value("Un chapeau en français")
    expect(ben.locator("#id_title_en")).to_have_value("New English title")
    assert_no_axe_violations(ben, {"include": [["#editing-notice"], [".errornote"],
                                               [".errorlist.nonfield"]]})
    release.refresh_from_db()
    assert (release.title_en, release.lead_fr or "") == ("New English title", "")

    ben.click("input[name=_save]")
    expect(ben.locator(".messagelist .success")).to_have_count(1)
    release = NewsRelease.objects.get(pk=release.pk)
    assert (release.title_en, release.lead_fr) == ("New English title", "Un chapeau en français")


def test_open_by_notice_goes_when_the_other_person_leaves(page, second_page):
    """When Amina leaves the form, Ben's notice disappears at his form's next report."""
    release = make_draft_release()
    make_staff_user(*PERMISSIONS, username="amina", first_name="Amina", last_name="Diallo")
    make_staff_user(*PERMISSIONS, username="ben")
    url = f"/admin/newsroom/newsrelease/{release.pk}/change/"
    amina, ben = page, second_page
    log_in_to_admin(amina, "amina")
    log_in_to_admin(ben, "ben")
    amina.goto(url)
    ben.clock.install()
    ben.goto(url)
    expect(ben.locator("#editing-notice")).to_be_visible()

    amina.goto("/admin/")
    # Leaving sends a beacon, which Playwright does not report: Ben's form reports (30 s on
    # its clock each) until an answer reflects it, a few round trips at most.
    for _report in range(5):
        with ben.expect_response("**/editing/") as answer:
            ben.clock.run_for(30_000)
        if answer.value.json() == {"notice": ""}:
            break
    expect(ben.locator("#editing-notice")).to_be_hidden()
