"""Journalists under embargo get the whole kit through their link: the PDF (marked “Embargoed
until …” on every page), the press kit and the original image, each refused once the link
is; and the public downloads' old addresses lead to the new ones after a slug change.

PDF text is read back with poppler's pdftotext (Debian's poppler-utils), a real PDF reader.
"""

import io
import subprocess
import zipfile
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from core.revisions import save_new_version
from newsroom import embargo, press_files
from newsroom.models import JournalistLink, NewsRelease
from tests.factories import make_organisation, make_scheduled_release
from tests.html import element, elements
from tests.i18n import url_in
from tests.images import image_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

TITLES = {"en": "Embargoed news", "fr": "Nouvelle sous embargo", "es": "Noticia embargada"}
MARKS = {"en": "EMBARGOED UNTIL", "fr": "SOUS EMBARGO JUSQU’AU", "es": "BAJO EMBARGO HASTA EL"}


def pdf_text(data):
    assert data.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data, capture_output=True, check=True,
    )
    return " ".join(result.stdout.decode().split())


def body(response):
    return b"".join(response.streaming_content)


IMAGE = image_bytes("JPEG", (1600, 900))


@pytest.fixture
def release():
    """A release under embargo in three languages, with an image whose rights last."""
    make_organisation()
    fields = {}
    for code, title in TITLES.items():
        fields.update({f"title_{code}": title, f"body_{code}": f"<p>Body {code}</p>"})
    release = make_scheduled_release(slug="embargoed-news", image_credit="IOM", **fields)
    release.image.save("photo.jpg", ContentFile(IMAGE))
    return NewsRelease.objects.get(pk=release.pk)


def pdf_of(token, lang="en"):
    return url_in(lang, "newsroom:embargo_pdf", token=token, lang=lang)


def kit_of(token, lang="en"):
    return url_in(lang, "newsroom:embargo_kit", token=token)


def image_of(token, lang="en"):
    return url_in(lang, "newsroom:embargo_image", token=token)


def downloads(token, lang="en"):
    return [pdf_of(token, lang), kit_of(token, lang), image_of(token, lang)]


def test_embargo_page_links_the_downloads_through_the_link(client, release):
    """The embargo page offers the PDF, the kit and the image, at addresses under the link
    (the public ones answer 404 until the release is public)."""
    token = embargo.make_token(release)
    page = client.get(url_in("fr", "newsroom:embargo", token=token))
    section = element(page, "section", class_="press-downloads")
    hrefs = [found.attrs["href"] for found in section.descendants() if found.tag == "a"]
    assert hrefs == downloads(token, "fr")
    for url in hrefs:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("lang", LANGUAGES)
def test_embargoed_pdf_is_marked_on_every_page(client, release, lang, settings):
    """The PDF says “Embargoed until <date, time, zone>” in its language, on every page."""
    settings.TIME_ZONE = "Europe/Zurich"
    release.body_en = release.body_fr = release.body_es = "<p>Long paragraph.</p>" * 120
    save_new_version(release)
    response = client.get(pdf_of(embargo.make_token(release), lang))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages = page_texts(body(response))
    assert len(pages) > 1
    local = timezone.localtime(release.published_at)
    for text in pages:
        assert MARKS[lang] in text.upper()
        assert local.strftime("%H:%M") in text
        assert local.tzname() in text


def page_texts(data):
    """The text of each page of the PDF `data`, whitespace collapsed."""
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
    count = int(info.stdout.decode().split("Pages:")[1].split()[0])
    texts = []
    for number in range(1, count + 1):
        result = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", "-", "-"],
            input=data, capture_output=True, check=True,
        )
        texts.append(" ".join(result.stdout.decode().split()))
    return texts


def test_embargoed_files_are_private_and_not_stored(client, release):
    """Each download is kept out of caches and indexes, and nothing is written to the
    media storage: the files die with the link."""
    token = embargo.make_token(release)
    for url in downloads(token):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"
    with pytest.raises(FileNotFoundError):
        default_storage.listdir(press_files.folder(release))


def test_embargoed_kit_holds_the_marked_pdfs_and_the_image(client, release):
    """The kit has the text and marked PDF in every language, and the original image."""
    response = client.get(kit_of(embargo.make_token(release)))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    names = archive.namelist()
    for lang in LANGUAGES:
        pdf = archive.read(f"embargoed-news/embargoed-news-{lang}.pdf")
        assert MARKS[lang] in pdf_text(pdf).upper()
        assert f"embargoed-news/embargoed-news-{lang}.txt" in names
    assert archive.read("embargoed-news/image/embargoed-news.jpg") == IMAGE


def test_embargoed_image_is_the_original(client, release):
    response = client.get(image_of(embargo.make_token(release)))
    assert response.status_code == 200
    assert body(response) == IMAGE


def test_embargoed_image_is_404_once_its_rights_ended(client, release):
    release.image_rights_expire_on = timezone.localdate() - timedelta(days=1)
    save_new_version(release)
    assert client.get(image_of(embargo.make_token(release))).status_code == 404


def assert_refused(response, status):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert elements(response, "h1")
    assert b"%PDF" not in response.content and b"PK\x03\x04" not in response.content


def test_downloads_die_with_a_revoked_link(client, release):
    token = embargo.make_token(release)
    embargo.revoke_all(release, None)
    for url in downloads(token):
        assert_refused(client.get(url), 410)


def test_downloads_die_with_an_expired_link(client, release):
    link = embargo.make_link(release, "A. Reporter")
    JournalistLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())
    for url in downloads(link.token):
        assert_refused(client.get(url), 410)


def test_downloads_die_when_the_release_goes_back_to_draft(client, release):
    token = embargo.make_token(release)
    NewsRelease.objects.filter(pk=release.pk).update(status=NewsRelease.Status.DRAFT)
    for url in downloads(token):
        assert_refused(client.get(url), 410)


@pytest.mark.parametrize("token", ["not-a-token", "MQ:forged"])
def test_downloads_of_a_token_not_signed_here_are_404(client, release, token):
    embargo.make_token(release)
    for url in downloads(token):
        assert_refused(client.get(url), 404)


def test_downloads_lead_to_the_public_ones_once_public(client, release):
    """After the embargo time the link's downloads answer 302 to the public downloads."""
    token = embargo.make_token(release)
    NewsRelease.objects.filter(pk=release.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    public = [
        url_in("es", "newsroom:release_pdf", slug=release.slug, lang="es"),
        url_in("es", "newsroom:press_kit", slug=release.slug),
        url_in("es", "newsroom:press_image", slug=release.slug),
    ]
    for url, target in zip(downloads(token, "es"), public, strict=True):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == target


# --- Old addresses of the public downloads -----------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_old_download_addresses_redirect_after_a_slug_change(client, release, lang):
    """A public release renamed: its PDF, kit and image at the old slug answer 301 to the
    new addresses, in the address's language."""
    NewsRelease.objects.filter(pk=release.pk).update(
        published_at=timezone.now() - timedelta(hours=1)
    )
    release.refresh_from_db()
    release.slug = "renamed-news"
    save_new_version(release)
    pairs = [
        ("newsroom:release_pdf", {"lang": lang}), ("newsroom:press_kit", {}),
        ("newsroom:press_image", {}),
    ]
    for name, kwargs in pairs:
        response = client.get(url_in(lang, name, slug="embargoed-news", **kwargs))
        assert response.status_code == 301
        assert response["Location"] == url_in(lang, name, slug="renamed-news", **kwargs)
        assert client.get(response["Location"]).status_code == 200


def test_unknown_download_slug_is_still_404(client, release):
    assert client.get(url_in("en", "newsroom:press_kit", slug="never-was")).status_code == 404
