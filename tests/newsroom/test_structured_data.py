"""Machine-readable corrections and provenance in a release's JSON-LD: each correction as a
`CorrectionComment`, the publisher's standards pages, a withdrawn release's notice."""

import pytest

from core.language_policy import LANGUAGE_CODES
from newsroom import services
from newsroom.models import NewsRelease
from organisation.models import Organisation, Page
from tests.html import json_ld
from tests.i18n import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def _article(client, url):
    return next(data for data in json_ld(client.get(url)) if data["@type"] == "NewsArticle")


def _public_release():
    return NewsRelease.objects.published().order_by("-published_at").first()


def test_each_correction_is_a_dated_correction_comment(client):
    release = _public_release()
    services.add_correction(
        release, {"en": "A figure was wrong.", "fr": "Un chiffre était faux."},
        user=None, source="test",
    )
    services.add_correction(release, {"en": "A name was misspelt."}, user=None, source="test")
    article = _article(client, url_in("fr", "newsroom:detail", slug=release.slug))
    comments = article["correction"]
    assert [comment["@type"] for comment in comments] == ["CorrectionComment"] * 2
    assert comments[0]["text"] == "Un chiffre était faux."
    assert comments[0]["inLanguage"] == "fr"
    assert comments[1]["text"] == "A name was misspelt."
    assert comments[1]["inLanguage"] == "en"
    assert all(comment["datePublished"] for comment in comments)


def test_an_uncorrected_release_names_no_correction(client):
    release = NewsRelease.objects.published().filter(corrected_at__isnull=True).first()
    assert "correction" not in _article(client, release.get_absolute_url())


@pytest.mark.parametrize("language", LANGUAGE_CODES)
def test_the_publisher_names_its_standards_pages_which_answer(client, language):
    publisher = _article(client, url_in(language, "newsroom:detail", slug=_public_release().slug))[
        "publisher"
    ]
    for name in ("correctionsPolicy", "ethicsPolicy", "publishingPrinciples"):
        address = publisher[name]
        assert address.startswith("http://testserver/")
        path = address.removeprefix("http://testserver")
        assert path.startswith(f"/{language}/")
        assert client.get(path).status_code == 200


def test_a_standards_page_taken_down_leaves_the_data_at_once(client, settings):
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 600
    url = _public_release().get_absolute_url()
    assert "correctionsPolicy" in _article(client, url)["publisher"]
    page = Organisation.load().corrections_policy
    page.status = Page.Status.DRAFT
    page.save()
    publisher = _article(client, url)["publisher"]
    assert "correctionsPolicy" not in publisher
    assert "ethicsPolicy" in publisher


def test_a_withdrawn_release_keeps_a_machine_readable_notice(client):
    release = _public_release()
    services.withdraw(release, {"fr": "Publié par erreur."}, user=None, source="test")
    response = client.get(url_in("fr", "newsroom:detail", slug=release.slug))
    assert response.status_code == 410
    (notice,) = json_ld(response)
    assert notice["creativeWorkStatus"] == "Withdrawn"
    assert notice["correction"]["@type"] == "CorrectionComment"
    assert notice["correction"]["text"] == "Publié par erreur."
    assert notice["dateModified"] == notice["correction"]["datePublished"]
    assert "headline" not in notice
