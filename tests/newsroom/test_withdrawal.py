"""Withdrawing a release: its address answers 410 Gone in every language with a dated,
localized notice; it leaves every door the public uses; its embargo links die; and it can be
reinstated."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from core.media_storage import private_storage
from newsroom import embargo, press_files, services
from newsroom.models import NewsRelease
from tests.factories import make_organisation, make_published_release, make_scheduled_release
from tests.html import all_text, element, elements, text_of
from tests.i18n import url_in
from tests.images import image_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

WITHDRAWN_ON = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
REASONS = {
    "en": "The figures were wrong.",
    "fr": "Les chiffres étaient faux.",
    "es": "Las cifras eran erróneas.",
}


def release_written_in_three_languages(**fields):
    values = dict(
        title_en="Flood response", title_fr="Réponse aux inondations",
        title_es="Respuesta a las inundaciones", slug="flood-response",
        lead_en="Floods hit the valley.", lead_fr="Des inondations.", lead_es="Inundaciones.",
        published_at=WITHDRAWN_ON - timedelta(days=30),
    )
    values.update(fields)
    return make_published_release(**values)


def withdrawn_release(reason=None, **fields):
    release = release_written_in_three_languages(**fields)
    with time_machine.travel(WITHDRAWN_ON, tick=False):
        services.withdraw(release, reason or REASONS, user=None, source="test")
    return release


def detail_url(release, lang="en"):
    return url_in(lang, "newsroom:detail", slug=release.slug)


def feed_text(client, lang, fmt):
    with override(lang):
        response = client.get(reverse(f"newsroom:feed_{fmt}"))
    assert response.status_code == 200
    return response.content.decode()


# --- The address ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "date"),
    [("en", "3 March 2026"), ("fr", "3 mars 2026"), ("es", "3 de marzo de 2026")],
)
def test_withdrawn_release_answers_410_with_the_dated_reason(client, lang, date):
    """In each language the address answers 410 with the withdrawal date and the reason in it."""
    release = withdrawn_release()
    response = client.get(detail_url(release, lang))
    assert response.status_code == 410
    assert date in text_of(response)
    reason = element(response, "span", class_="withdrawal-reason")
    assert (reason.text, reason.attrs) == (REASONS[lang], {"class": "withdrawal-reason"})


def test_withdrawal_notice_says_when_in_english(client):
    """The English notice is the sentence the press office expects."""
    release = withdrawn_release()
    html = client.get(detail_url(release)).content.decode()
    assert "This release was withdrawn on 3 March 2026:" in text_of(html)


def test_reason_missing_in_a_language_falls_back_marked_with_its_language(client):
    """A reason written only in French shows on the Spanish notice with lang="fr"."""
    release = withdrawn_release(reason={"fr": REASONS["fr"]})
    html = client.get(detail_url(release, "es")).content.decode()
    assert element(html, "span", class_="withdrawal-reason", lang="fr").text == REASONS["fr"]


def test_withdrawn_notice_is_kept_out_of_search_engines(client):
    """The 410 notice says noindex, in the page and in its headers, and names no canonical."""
    release = withdrawn_release()
    response = client.get(detail_url(release, "fr"))
    assert response["X-Robots-Tag"] == "noindex"
    html = response.content.decode()
    assert element(html, "meta", name="robots").attrs["content"] == "noindex"
    assert elements(html, "span", class_="withdrawal-reason")
    assert not elements(html, rel="canonical")


def test_withdrawn_notice_does_not_show_the_release(client):
    """Neither the title nor the lead of a withdrawn release is on its notice."""
    release = withdrawn_release()
    html = client.get(detail_url(release)).content.decode()
    assert elements(html, "span", class_="withdrawal-reason", text=REASONS["en"])
    assert release.title_en not in all_text(html)
    assert release.lead_en not in all_text(html)


def test_language_switcher_of_the_notice_leads_to_the_notice_in_another_language(client):
    """The notice's switcher points at the same address in French."""
    release = withdrawn_release()
    html = client.get(detail_url(release)).content.decode()
    assert elements(html, "a", href=detail_url(release, "fr"))


def test_unknown_slug_is_still_404(client):
    """Only a withdrawn release answers 410; an address that never existed stays 404."""
    withdrawn_release()
    assert client.get("/en/news/never-was/").status_code == 404


def test_draft_is_still_404_not_410(client):
    """A release put back to draft was never withdrawn: it answers 404."""
    release = release_written_in_three_languages(status=NewsRelease.Status.DRAFT)
    assert client.get(detail_url(release)).status_code == 404


def test_public_page_does_not_look_for_withdrawn_releases(client):
    """The 410 look-up runs on a miss only: a public page's queries never ask for withdrawn."""
    make_organisation()
    release = release_written_in_three_languages()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(detail_url(release)).status_code == 200
    assert not [q for q in queries.captured_queries if "'withdrawn'" in q["sql"]]


def test_withdrawal_reaches_a_cached_page_at_once(client, settings):
    """With the anonymous page cache on, the next request after withdrawal gets the 410."""
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 600
    release = release_written_in_three_languages()
    assert client.get(detail_url(release)).status_code == 200
    services.withdraw(release, REASONS, user=None, source="test")
    assert client.get(detail_url(release)).status_code == 410


# --- Every other door ------------------------------------------------------------------------


def test_withdrawn_release_is_not_in_the_list(client):
    """The newsroom list leaves out a withdrawn release."""
    release = withdrawn_release()
    kept = make_published_release()
    page = client.get(url_in("en", "newsroom:list")).content.decode()
    assert elements(page, "a", href=kept.get_absolute_url())
    assert release.get_absolute_url() not in all_text(page)


def test_withdrawn_release_is_not_found_by_search(client):
    """Searching for a withdrawn release's words finds nothing."""
    withdrawn_release()
    make_published_release(title_en="Drought response")
    response = client.get(url_in("en", "newsroom:list"), {"q": "flood"})
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize("fmt", ["rss", "atom"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_withdrawn_release_is_not_in_the_feeds(client, lang, fmt):
    """Neither the RSS nor the Atom feed, in any language, lists a withdrawn release."""
    release = withdrawn_release()
    kept = make_published_release(title_en="Kept", title_fr="Gardé", title_es="Guardado")
    text = feed_text(client, lang, fmt)
    assert getattr(kept, f"title_{lang}") in text
    assert getattr(release, f"title_{lang}") not in text


def test_withdrawn_release_is_not_in_the_sitemap(client):
    """No sitemap page lists a withdrawn release's address in any language."""
    release = withdrawn_release()
    kept = make_published_release()
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    text = "".join(
        client.get(loc.text.split("testserver", 1)[1]).content.decode()
        for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    )
    assert kept.slug in text
    assert f"/{release.slug}/" not in text


def test_withdrawn_release_is_not_on_the_home_page(client):
    """The home page's latest releases leave out a withdrawn release."""
    make_organisation()
    release = withdrawn_release()
    kept = make_published_release()
    html = client.get("/en/").content.decode()
    assert elements(html, "a", text=kept.title_en)
    assert release.title_en not in all_text(html)


def test_withdrawn_release_is_not_a_related_link(client):
    """A public release that named the withdrawn one as related no longer links to it."""
    release = withdrawn_release()
    other = make_published_release()
    other.related.add(release)
    html = client.get(detail_url(other)).content.decode()
    assert element(html, "h1").text == other.title_en
    assert detail_url(release) not in all_text(html)


def test_withdrawn_release_embargo_link_no_longer_works(client):
    """A journalist link made under embargo stops working once the release is withdrawn."""
    release = make_scheduled_release()
    token = embargo.make_token(release)
    with time_machine.travel(release.published_at + timedelta(hours=1), tick=False):
        services.withdraw(release, REASONS, user=None, source="test")
        for lang in LANGUAGES:
            response = client.get(url_in(lang, "newsroom:embargo", token=token))
            assert response.status_code in (404, 410)
            assert response.templates[0].name == "newsroom/embargo_link_invalid.html"


# --- Reinstating -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reinstated_release_is_public_again_at_its_address(client, lang):
    """After reinstatement the release's address answers 200 again in each language."""
    release = withdrawn_release()
    services.reinstate(release, user=None, source="test")
    response = client.get(detail_url(release, lang))
    assert response.status_code == 200
    assert element(response, "h1").text == getattr(release, f"title_{lang}")


def test_reinstated_release_keeps_its_first_public_time_and_list_place(client):
    """Reinstated, the release is listed again and dated as it was first published."""
    release = withdrawn_release()
    published_at = release.published_at
    services.reinstate(release, user=None, source="test")
    release.refresh_from_db()
    assert release.published_at == published_at
    listed = client.get(url_in("en", "newsroom:list"))
    assert elements(listed, "a", href=release.get_absolute_url())


def test_reinstated_release_forgets_the_withdrawal(client):
    """Reinstating clears the withdrawal time and reasons."""
    release = withdrawn_release()
    services.reinstate(release, user=None, source="test")
    release.refresh_from_db()
    assert release.withdrawn_at is None
    assert not any(getattr(release, f"withdrawal_reason_{code}") for code in LANGUAGES)
    assert release.is_public


def test_preview_of_a_withdrawn_release_says_so(admin_client):
    """Staff previewing a withdrawn release read that it was withdrawn, and when."""
    release = withdrawn_release()
    response = admin_client.get(url_in("en", "newsroom:preview", pk=release.pk))
    assert "This release was withdrawn on 3 March 2026" in text_of(response)


def test_withdrawn_at_is_the_time_of_withdrawal():
    """The service records when the release was withdrawn."""
    release = withdrawn_release()
    release.refresh_from_db()
    assert release.withdrawn_at == WITHDRAWN_ON
    assert release.status == NewsRelease.Status.WITHDRAWN
    assert timezone.is_aware(release.withdrawn_at)


# --- Files of a withdrawn release (issue 25, finding 5) ---------------------------------------


def release_with_image_and_pdf(client):
    make_organisation()
    release = make_published_release(image_credit="IOM")
    release.image.save("photo.jpg", ContentFile(image_bytes("JPEG", (1600, 900))))
    release = NewsRelease.objects.get(pk=release.pk)
    assert client.get(
        url_in("en", "newsroom:release_pdf", slug=release.slug, lang="en")
    ).status_code == 200
    return release


def test_withdrawal_removes_renditions_and_stored_files(
    client, django_capture_on_commit_callbacks
):
    """Withdrawn, a release's renditions leave the media storage (their addresses were public)
    and its stored PDFs leave storage; the original stays, private, for a reinstatement."""
    release = release_with_image_and_pdf(client)
    renditions = [item["name"] for item in release.renditions["items"]]
    assert renditions and all(default_storage.exists(name) for name in renditions)
    folder = press_files.folder(release)
    assert private_storage().listdir(folder)[1]
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(release, REASONS, user=None, source="test")
    assert [name for name in renditions if default_storage.exists(name)] == []
    assert private_storage().listdir(folder)[1] == []
    assert not default_storage.exists(release.image.name)
    assert private_storage().exists(release.image.name)
    assert NewsRelease.objects.get(pk=release.pk).renditions.get("items", []) == []


def test_reinstatement_makes_the_renditions_again(client, django_capture_on_commit_callbacks):
    """Reinstated, the release's page shows its image again, from renditions made anew."""
    release = release_with_image_and_pdf(client)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(release, REASONS, user=None, source="test")
    release = NewsRelease.objects.get(pk=release.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.reinstate(release, user=None, source="test")
    release = NewsRelease.objects.get(pk=release.pk)
    names = [item["name"] for item in release.renditions["items"]]
    assert len(names) == 6 and all(default_storage.exists(name) for name in names)
    page = client.get(detail_url(release))
    assert elements(page, "img", src=re.compile(re.escape(release.image.name)))
