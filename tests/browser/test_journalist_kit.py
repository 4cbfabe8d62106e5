"""A journalist under embargo, in Chromium: the press office makes a link for them and revokes
it later; meanwhile they open it, download the PDF (marked with the embargo), the press kit
and the original image; once revoked, the link and every download refuse."""

import io
import subprocess
import zipfile

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from newsroom.models import NewsRelease
from tests.browser.conftest import assert_no_axe_violations, log_in_to_admin
from tests.factories import make_organisation, make_scheduled_release, make_staff_user
from tests.images import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IMAGE = image_bytes("JPEG", (1600, 900))


def downloaded(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    with open(info.value.path(), "rb") as file:
        return file.read()


def test_journalist_gets_the_kit_until_the_link_is_revoked(page, browser, live_server):
    make_organisation()
    make_staff_user("newsroom.change_newsrelease", "newsroom.view_newsrelease",
                    "newsroom.publish_newsrelease", username="press")
    release = make_scheduled_release(title_en="Embargoed news", slug="embargoed-news",
                                     image_credit="IOM")
    release.image.save("photo.jpg", ContentFile(IMAGE))
    release = NewsRelease.objects.get(pk=release.pk)

    log_in_to_admin(page, "press")
    page.goto(f"/admin/newsroom/newsrelease/{release.pk}/journalist-links/")
    page.get_by_label("Made for").fill("A. Reporter, Daily News")
    page.get_by_role("button", name="Make journalist links").click()
    link = page.locator('a[hreflang="en"]').get_attribute("href")
    expect(page.locator("tr.journalist-link")).to_contain_text("A. Reporter, Daily News")

    # The journalist, in a browser of their own (no session).
    journalist = browser.new_context(accept_downloads=True).new_page()
    journalist.goto(link)
    expect(journalist.locator("h1")).to_have_text("Embargoed news")
    assert_no_axe_violations(journalist)
    # Opened in the browser rather than saved: fetched as the browser would.
    pdf_url = journalist.get_by_role("link", name="This release as a PDF").get_attribute("href")
    pdf = journalist.request.get(live_server.url + pdf_url).body()
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode()
    assert "EMBARGOED UNTIL" in text
    kit = zipfile.ZipFile(io.BytesIO(downloaded(journalist, "Press kit (ZIP)")))
    assert "embargoed-news/image/embargoed-news.jpg" in kit.namelist()
    assert downloaded(journalist, "Original image in full resolution") == IMAGE
    kit_url = journalist.get_by_role("link", name="Press kit (ZIP)").get_attribute("href")

    # The press office revokes every link.
    page.get_by_role("button", name="Revoke all links").click()
    expect(page.locator(".messagelist .success")).to_have_count(1)

    response = journalist.goto(link)
    assert response.status == 410
    expect(journalist.locator("h1")).to_have_text("This link no longer works")
    assert journalist.request.get(live_server.url + kit_url).status == 410
