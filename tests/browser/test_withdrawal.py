"""A publisher corrects and withdraws a release in the admin, in Chromium; the screens and the
public pages that result pass axe-core."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, log_in_to_admin, url_in
from tests.factories import make_organisation, make_published_release, make_staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def publisher_page(page):
    call_command("setup_roles", verbosity=0)
    make_organisation()
    user = make_staff_user(username="publisher")
    user.groups.add(Group.objects.get(name="Editors"))
    log_in_to_admin(page, "publisher")
    return page


def test_publisher_corrects_then_withdraws_a_release(publisher_page):
    """The correction shows on the French page; after withdrawal the address answers 410 with
    the French reason; each screen and page passes axe-core."""
    page = publisher_page
    release = make_published_release(title_fr="Titre", slug="to-withdraw")
    page.goto(f"/admin/newsroom/newsrelease/{release.pk}/change/")
    page.click("text=Add a correction…")
    assert_no_axe_violations(page, "#content")
    page.fill("#id_fr", "Le nombre de personnes a été corrigé.")
    page.click("input[type=submit]")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    page.goto(url_in("fr", "newsroom:detail", slug=release.slug))
    expect(page.locator(".release-corrections")).to_contain_text("a été corrigé")
    assert_no_axe_violations(page)

    page.goto(f"/admin/newsroom/newsrelease/{release.pk}/change/")
    page.click("text=Withdraw…")
    assert_no_axe_violations(page, "#content")
    page.fill("#id_fr", "Publié par erreur.")
    page.click("input[type=submit]")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    response = page.goto(url_in("fr", "newsroom:detail", slug=release.slug))
    assert response.status == 410
    expect(page.locator(".withdrawal-reason")).to_have_text("Publié par erreur.")
    assert_no_axe_violations(page)
