"""The admin's history screens in a real Chromium: axe-core finds no violation."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from core.revisions import revision, versions_of
from tests.browser.conftest import assert_no_axe_violations, log_in_to_admin
from tests.factories import attach_contact, make_contact, make_draft_release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_history_compare_and_restore_pages_have_no_axe_violations(page):
    """History, compare (with marked changes in each language) and the restore confirmation
    pass axe-core."""
    User.objects.create_superuser("editor", "editor@example.org", "correct horse battery staple")
    release = make_draft_release(title_fr="Ancien titre", lead_es="Un chapeau viejo")
    with revision(source="test"):
        release.save()
        attach_contact(release, make_contact())
    with revision(source="test", comment="Titles reworded"):
        release.title_fr, release.lead_es = "Nouveau titre", "Un chapeau nuevo"
        release.countries = ["CH"]
        release.save()
    new, old = versions_of(release)
    log_in_to_admin(page, "editor")

    page.goto(reverse("admin:newsroom_newsrelease_history", args=[release.pk]))
    assert page.locator("td", has_text="Titles reworded").count() == 1
    assert_no_axe_violations(page)

    page.click("text=Compare with the previous revision")
    assert page.locator("del", has_text="Ancien").count() == 1
    assert page.locator("ins", has_text="nuevo").count() == 1
    assert_no_axe_violations(page)

    page.goto(reverse("admin:newsroom_newsrelease_revision_restore", args=[release.pk, old.pk]))
    assert_no_axe_violations(page)
