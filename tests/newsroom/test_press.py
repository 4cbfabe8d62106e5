"""The journalists' downloads: a PDF per language, the press kit zip, the original image.

PDF text is read back with poppler's pdftotext (Debian's poppler-utils), a real PDF reader.
"""

import importlib
import io
import logging
import re
import subprocess
import threading
import urllib.error
import urllib.request
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import leases
from core.language_policy import LANGUAGE_CODES as LANGUAGES
from core.media_storage import private_storage
from core.models import Lease
from core.revisions import save_new_version
from newsroom import embargo, press, press_files
from newsroom.models import NewsRelease
from tests.factories import (
    attach_contact,
    make_contact,
    make_draft_release,
    make_office,
    make_organisation,
    make_published_release,
    make_scheduled_release,
)
from tests.html import all_text, element, elements, json_ld, links
from tests.images import image_bytes

pytestmark = pytest.mark.django_db

TEXTS = {
    "en": ("Border officials train together", "Geneva", "Press officer"),
    "fr": ("Les agents des frontières se forment ensemble", "Genève", "Chargée de presse"),
    "es": ("Los agentes fronterizos se forman juntos", "Ginebra", "Encargada de prensa"),
}


def pdf_text(data):
    assert data.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data, capture_output=True, check=True,
    )
    # Words wrapped by the layout come back on separate lines: compare on single spaces.
    return " ".join(result.stdout.decode().split())


def body(response):
    return b"".join(response.streaming_content)


def pdf_url(release, lang):
    return reverse("newsroom:release_pdf", kwargs={"slug": release.slug, "lang": lang})


def kit_url(release):
    return reverse("newsroom:press_kit", kwargs={"slug": release.slug})


def image_url(release):
    return reverse("newsroom:press_image", kwargs={"slug": release.slug})


@pytest.fixture
def release():
    """A release in three languages with one press contact and an image with its rights."""
    make_organisation()
    fields = {}
    for code, (title, dateline, _role) in TEXTS.items():
        fields.update({
            f"title_{code}": title, f"dateline_{code}": dateline,
            f"lead_{code}": f"Lead {code}", f"body_{code}": f"<p>Body {code} &amp; more</p>",
            f"image_caption_{code}": f"Caption {code}",
        })
    release = make_published_release(
        slug="border-training", image_credit="IOM / A. Photographer",
        image_usage_terms_en="Free for news use with the credit line.", **fields,
    )
    release.image.save("photo.jpg", ContentFile(image_bytes("JPEG", (1600, 900))))
    contact = make_contact(
        name="Amina Diallo", slug="amina-diallo", office=make_office(name_en="Dakar office"),
        **{f"role_{code}": role for code, (_t, _d, role) in TEXTS.items()},
    )
    attach_contact(release, contact)
    return NewsRelease.objects.get(pk=release.pk)


def stored_files(release):
    try:
        return sorted(private_storage().listdir(press_files.folder(release))[1])
    except FileNotFoundError:
        return []


# --- PDF ---------------------------------------------------------------------------------------


@pytest.mark.clock
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pdf_holds_dateline_title_and_contacts_in_its_language(client, release, lang):
    """Organisation, kind, dateline, title, lead, body, credit, contact and address are in it."""
    response = client.get(pdf_url(release, lang))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="border-training-{lang}.pdf"' in response["Content-Disposition"]
    text = pdf_text(body(response))
    title, dateline, role = TEXTS[lang]
    assert title in text
    assert dateline in text
    assert f"Lead {lang}" in text and f"Body {lang} & more" in text
    assert "Amina Diallo" in text and role in text and "@example.org" in text
    assert "IOM / A. Photographer" in text
    assert {"en": "International Organization for Migration",
            "fr": "Organisation internationale pour les migrations",
            "es": "Organización Internacional para las Migraciones"}[lang] in text
    news = {"en": "news", "fr": "actualites", "es": "noticias"}[lang]
    assert f"/{lang}/{news}/border-training/" in text
    # A4 with page numbers: "1 / 1" at the foot of the only page.
    assert re.search(r"\b1 ?/ ?1$", text)


def test_pdf_is_a4(client):
    """The page size is A4 (595 × 842 points)."""
    make_organisation()
    release = make_published_release()
    data = body(client.get(pdf_url(release, "en")))
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True)
    assert "595.276 x 841.89 pts (A4)" in info.stdout.decode()


def test_seed_release_pdf_in_each_language(client, demo):
    """The seed release (the real page the demo reproduces) renders with its datelines,
    titles and both press contacts in French, English and Spanish."""
    seed = NewsRelease.objects.get(
        slug="iom-government-partners-good-practices-migration-governance"
    )
    for lang, dateline in (("fr", "Suisse"), ("en", "Switzerland"), ("es", "Suiza")):
        text = pdf_text(body(client.get(pdf_url(seed, lang))))
        assert " ".join(getattr(seed, f"title_{lang}").split()) in text
        assert dateline in text
        assert "20" in text and "2017" in text
        for link in seed.releasecontact_set.select_related("contact"):
            assert link.contact.name in text


def test_untranslated_language_falls_back_to_the_original(client):
    """A French-only release asked for in English gives the French text, not an error."""
    make_organisation()
    release = make_published_release(
        title_en="", lead_en="", body_en="", dateline_en="", original_language="fr",
        title_fr="Seulement en français", dateline_fr="Genève",
    )
    text = pdf_text(body(client.get(pdf_url(release, "en"))))
    assert "Seulement en français" in text


@pytest.mark.clock
@pytest.mark.parametrize("make", [make_draft_release, make_scheduled_release])
def test_drafts_and_embargoed_releases_have_no_downloads(client, make):
    """A draft or a release under embargo: PDF, press kit and image all 404."""
    release = make(image_credit="IOM")
    release.image.save("photo.jpg", ContentFile(image_bytes()))
    for url in (pdf_url(release, "en"), kit_url(release), image_url(release)):
        assert client.get(url).status_code == 404
    assert stored_files(release) == []


def test_withdrawn_release_and_one_back_to_draft_have_no_pdf(client, release):
    """A PDF made while the release was public is not served once it is a draft again."""
    assert client.get(pdf_url(release, "en")).status_code == 200
    release.status = NewsRelease.Status.DRAFT
    save_new_version(release)
    assert client.get(pdf_url(release, "en")).status_code == 404
    release.status = NewsRelease.Status.WITHDRAWN
    release.save()
    assert client.get(pdf_url(release, "en")).status_code == 404


@pytest.mark.parametrize("path", [
    "/en/news/no-such-release/en.pdf",
    "/en/news/border-training/de.pdf",
    "/en/news/border-training/EN.pdf",
    "/en/news/border-training/en-GB.pdf",
    "/en/news/border-training/%2e%2e.pdf",
    "/en/news/no-such-release/press-kit.zip",
    "/en/news/no-such-release/original-image/",
])
def test_bad_slug_or_language_is_404(client, release, path):
    assert client.get(path).status_code == 404


def test_pdf_is_made_once_then_served_from_storage(client, release):
    """The second request reads the stored file: what storage holds is what is sent."""
    first = body(client.get(pdf_url(release, "fr")))
    (name,) = [f for f in stored_files(release) if f.endswith("-fr.pdf")]
    path = f"{press_files.folder(release)}/{name}"
    with private_storage().open(path, "rb") as file:
        assert file.read() == first
    # Replaced by a marker: a second request that rendered again would not send it.
    private_storage().delete(path)
    private_storage().save(path, ContentFile(b"%PDF-stored"))
    assert body(client.get(pdf_url(release, "fr"))) == b"%PDF-stored"


def test_new_version_makes_a_new_pdf_and_drops_the_old(client, release):
    client.get(pdf_url(release, "en"))
    old = stored_files(release)
    release.title_en = "Border officials train together again"
    save_new_version(release)
    text = pdf_text(body(client.get(pdf_url(release, "en"))))
    assert "Border officials train together again" in text
    new = stored_files(release)
    assert len(new) == 1 and new != old
    assert new[0].startswith(f"v{release.version}-")


def test_changed_contact_makes_a_new_pdf(client, release):
    """A contact's new phone number is in the next PDF, though the release is unchanged."""
    client.get(pdf_url(release, "en"))
    contact = release.contacts.get()
    contact.phone = "+41227179999"
    contact.version += 1
    contact.save()
    assert "+41 22 717 99 99" in pdf_text(body(client.get(pdf_url(release, "en"))))


def test_pdf_on_s3_storage(client, release, s3_media):
    """With the media on S3 the PDF is stored in the bucket and served from it."""
    release = NewsRelease.objects.get(pk=release.pk)
    release.image.save("photo.jpg", ContentFile(image_bytes("JPEG", (900, 600))))
    first = body(client.get(pdf_url(release, "es")))
    assert "Ginebra" in pdf_text(first)
    names = stored_files(release)
    assert [name for name in names if name.endswith("-es.pdf")]
    assert body(client.get(pdf_url(release, "es"))) == first


def test_deleting_the_release_deletes_its_files(
    client, release, django_capture_on_commit_callbacks
):
    client.get(pdf_url(release, "en"))
    assert stored_files(release)
    with django_capture_on_commit_callbacks(execute=True):
        release.delete()
    assert stored_files(release) == []


# --- Release page ------------------------------------------------------------------------------


def test_release_page_links_to_pdf_kit_and_image_with_credit(client, release):
    html = client.get(f"/fr/actualites/{release.slug}/").content.decode()
    downloads = element(html, "section", class_="press-downloads")
    assert elements(downloads, "a", href="/fr/actualites/border-training/fr.pdf")
    assert elements(downloads, "a", href="/fr/actualites/border-training/press-kit.zip")
    assert elements(downloads, "a", href="/fr/actualites/border-training/original-image/")
    assert "IOM / A. Photographer" in downloads.text
    # The usage terms exist only in English: shown marked as English.
    assert elements(downloads, "span", class_="usage-terms", lang="en")


def test_preview_has_no_download_links(admin_client):
    draft = make_draft_release()
    html = admin_client.get(reverse("newsroom:preview", kwargs={"pk": draft.pk})).content
    assert elements(html, "p", class_="preview-banner")
    assert not elements(html, class_="press-downloads")
    assert not elements(html, id="press-downloads-heading")


# --- Press kit ---------------------------------------------------------------------------------


def open_kit(client, release):
    response = client.get(kit_url(release))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'attachment; filename="border-training-press-kit.zip"' == response[
        "Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(body(response)))


def test_press_kit_holds_texts_pdfs_image_and_vcards(client, release):
    kit = open_kit(client, release)
    assert sorted(kit.namelist()) == [
        "border-training/border-training-en.pdf",
        "border-training/border-training-en.txt",
        "border-training/border-training-es.pdf",
        "border-training/border-training-es.txt",
        "border-training/border-training-fr.pdf",
        "border-training/border-training-fr.txt",
        "border-training/contacts/amina-diallo.vcf",
        "border-training/image/border-training.jpg",
        "border-training/image/credit.txt",
    ]
    for lang, (title, dateline, role) in TEXTS.items():
        text = kit.read(f"border-training/border-training-{lang}.txt").decode()
        assert title in text and dateline in text and role in text
        assert f"Body {lang} & more" in text and "<p>" not in text
        assert title in pdf_text(kit.read(f"border-training/border-training-{lang}.pdf"))
    with release.image.open("rb") as original:
        assert kit.read("border-training/image/border-training.jpg") == original.read()
    credit = kit.read("border-training/image/credit.txt").decode()
    assert "IOM / A. Photographer" in credit
    assert "Free for news use with the credit line." in credit
    assert "Caption fr [fr]" in credit
    card = kit.read("border-training/contacts/amina-diallo.vcf").decode()
    assert card.startswith("BEGIN:VCARD\r\n") and "FN:Amina Diallo" in card


def test_press_kit_leaves_out_untranslated_languages(client):
    make_organisation()
    release = make_published_release(slug="border-training", title_fr="Titre")
    names = open_kit(client, release).namelist()
    assert "border-training/border-training-fr.pdf" in names
    assert not [name for name in names if name.endswith("-es.pdf") or name.endswith("-es.txt")]


def test_press_kit_is_stored_once_per_version(client, release):
    open_kit(client, release)
    files = stored_files(release)
    assert [name for name in files if name.endswith("-press-kit.zip")]
    open_kit(client, release)
    assert stored_files(release) == files


# --- Image rights ------------------------------------------------------------------------------


def test_original_image_is_served_in_full_resolution(client, release):
    response = client.get(image_url(release))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    with release.image.open("rb") as original:
        assert body(response) == original.read()


@pytest.mark.clock
def test_expired_rights_hide_the_image_download(client, release):
    """The day after the rights expire: no image link, no image file, none in the kit."""
    release.image_rights_expire_on = timezone.localdate() - timedelta(days=1)
    save_new_version(release)
    assert client.get(image_url(release)).status_code == 404
    html = client.get(f"/en/news/{release.slug}/").content.decode()
    assert [link for link in links(html) if link.endswith("/press-kit.zip")]
    assert "/original-image/" not in all_text(html)
    names = open_kit(client, release).namelist()
    assert not [name for name in names if "/image/" in name]


@pytest.mark.clock
def test_rights_expiring_today_still_allow_the_image(client, release):
    release.image_rights_expire_on = timezone.localdate()
    save_new_version(release)
    assert client.get(image_url(release)).status_code == 200


@pytest.mark.clock
def test_rights_expiring_change_the_stored_kit_without_a_new_version(client, release):
    """Rights run out by the calendar, with no save: the kit made before holds the image, the
    one made after does not."""
    release.image_rights_expire_on = timezone.localdate()
    save_new_version(release)
    assert any("/image/" in name for name in open_kit(client, release).namelist())
    NewsRelease.objects.filter(pk=release.pk).update(
        image_rights_expire_on=timezone.localdate() - timedelta(days=1)
    )
    assert not any("/image/" in name for name in open_kit(client, release).namelist())


def test_release_without_image_has_no_image_download(client):
    make_organisation()
    release = make_published_release()
    assert client.get(image_url(release)).status_code == 404
    page = client.get(release.get_absolute_url())
    assert element(page, "section", class_="press-downloads")
    assert "/original-image/" not in all_text(page)


def test_image_needs_a_credit_line():
    release = make_published_release()
    release.image.save("photo.jpg", ContentFile(image_bytes()))
    release.image_credit = " "
    with pytest.raises(ValidationError) as error:
        release.full_clean()
    assert "image_credit" in error.value.message_dict
    release.image_credit = "IOM"
    release.full_clean()


# --- Storage and queries -----------------------------------------------------------------------


def test_file_stored_meanwhile_by_another_request_is_kept_once(release):
    """Two first requests at once: the one storing second keeps the first's file and
    deletes its own copy, and neither waits for the other."""
    name = f"{press_files.folder(release)}/v1-000000000000-en.pdf"

    def made_while_another_stores_it():
        private_storage().save(name, ContentFile(b"%PDF-first"))
        return b"%PDF-second"

    made, stored_name = press_files.stored(name, made_while_another_stores_it)
    assert (made, stored_name) == (b"%PDF-second", None)
    assert stored_files(release) == ["v1-000000000000-en.pdf"]
    with private_storage().open(name, "rb") as file:
        assert file.read() == b"%PDF-first"
    assert press_files.stored(name, lambda: pytest.fail("made twice")) == (None, name)


def test_folder_name_is_signed(release, settings):
    """The folder depends on the secret key: it cannot be found from the release's pk."""
    folder = press_files.folder(release)
    assert folder.startswith(f"press/{release.pk}-") and len(folder) > len("press/1-") + 16
    settings.SECRET_KEY = "another secret key, long enough for the test " * 2
    assert press_files.folder(release) != folder


def test_downloads_block_costs_no_query(client, release):
    """The release page with the downloads block and an image costs as many queries as a
    release with neither."""
    plain = make_published_release()
    client.get(plain.get_absolute_url())
    client.get(release.get_absolute_url())
    with CaptureQueriesContext(connection) as with_block:
        cache.clear()
        assert elements(client.get(release.get_absolute_url()), "section", class_="press-downloads")
    with CaptureQueriesContext(connection) as without:
        cache.clear()
        client.get(plain.get_absolute_url())
    assert len(with_block.captured_queries) == len(without.captured_queries)


@pytest.mark.clock
def test_journalist_embargo_link_downloads_go_through_the_link(client):
    """Under embargo the downloads block is there, its addresses under the link (not the
    public ones, which answer 404 until the release is public): tests/newsroom/
    test_embargo_kit.py."""
    release = make_scheduled_release()
    token = embargo.make_token(release)
    response = client.get(reverse("newsroom:embargo", kwargs={"token": token}))
    assert response.status_code == 200
    assert element(response, "h1").text == release.title_en
    section = element(response, "section", class_="press-downloads")
    hrefs = [found.attrs["href"] for found in section.descendants() if found.tag == "a"]
    assert hrefs and all(href.startswith(f"/en/news/embargo/{token}/") for href in hrefs)


def test_migration_gives_existing_images_a_credit(release):
    """Images stored before the credit was required get the "not recorded" credit."""
    migration = importlib.import_module(
        "newsroom.migrations.0007_release_image_usage_terms_and_rights"
    )
    NewsRelease.objects.filter(pk=release.pk).update(image_credit="")
    no_image = make_published_release(image_credit="")
    migration.fill_missing_credits(django_apps, None)
    assert NewsRelease.objects.get(pk=release.pk).image_credit == "Credit not recorded"
    assert NewsRelease.objects.get(pk=no_image.pk).image_credit == ""


@pytest.mark.clock
@pytest.mark.parametrize("rights", ["current", "expired"])
def test_link_previews_name_a_rendition_never_the_original(client, release, rights):
    """Link previews and JSON-LD name the widest JPEG rendition, while the rights last and
    after: the original (in the private storage) is nowhere in the page."""
    if rights == "expired":
        release.image_rights_expire_on = timezone.localdate() - timedelta(days=1)
        save_new_version(release)
    page = client.get(release.get_absolute_url()).content.decode()
    # Rendition names start with the original's: the original is its name and a delimiter.
    assert not re.search(re.escape(release.image.name) + r'["\s]', page)
    widest = release.image_renditions()[-1]
    jpeg = [r for r in release.image_renditions() if r.format == "jpg"][-1]
    assert widest.width == jpeg.width == 1200
    assert element(page, "meta", property="og:image").attrs["content"] == (
        f"http://testserver{jpeg.url}"
    )
    assert json_ld(page)[0]["image"] == [f"http://testserver{jpeg.url}"]


# --- One render at a time, and only current files ---------------------------------------------


def test_storage_holds_only_current_files_after_several_edits(
    client, release, django_capture_on_commit_callbacks
):
    """Each edit's commit deletes the files of older versions, asked for again or not: after
    several edits with downloads between them, storage holds only the current version's."""
    for lang in LANGUAGES:
        client.get(pdf_url(release, lang))
    body(client.get(kit_url(release)))
    assert len(stored_files(release)) == 4
    with django_capture_on_commit_callbacks(execute=True):
        release.title_en = "Border officials train together again"
        save_new_version(release)
    assert stored_files(release) == []
    client.get(pdf_url(release, "en"))
    for title in ("Third title", "Fourth title"):
        with django_capture_on_commit_callbacks(execute=True):
            release.title_en = title
            save_new_version(release)
    client.get(pdf_url(release, "fr"))
    body(client.get(kit_url(release)))
    files = stored_files(release)
    assert len(files) == 4
    assert {name.split("-", 1)[0] for name in files} == {f"v{release.version}"}


def test_a_late_render_of_an_older_version_leaves_the_newer_files(client, release):
    """A request that stores an older version's file after a newer one was stored deletes
    only older files, never the newer one."""
    newer = f"{press_files.folder(release)}/v{release.version + 1}-000000000000-en.pdf"
    private_storage().save(newer, ContentFile(b"%PDF-newer"))
    client.get(pdf_url(release, "en"))
    assert f"v{release.version + 1}-000000000000-en.pdf" in stored_files(release)


def current_pdf_name(release, lang):
    contacts = [link.contact for link in release.releasecontact_set.select_related("contact")]
    key = press_files.content_key(release, contacts)
    return f"{press_files.folder(release)}/{key}-{lang}.pdf"


def test_full_render_slots_answer_503_with_retry_after_and_make_nothing(
    client, release, settings, caplog
):
    """While every render slot is taken past the wait, the download is refused with 503 and
    Retry-After (never cached), and nothing is made."""
    caplog.set_level(logging.INFO, logger="newsroom.press_files")
    settings.PRESS_RENDERS_AT_ONCE, settings.PRESS_RENDER_WAIT = 1, 0.3
    assert leases.take("press-render-slot:0", 60) is not None
    response = client.get(pdf_url(release, "en"))
    assert response.status_code == 503
    assert response["Retry-After"] == "1"
    assert response["Cache-Control"] == "no-store"
    assert response.content.decode() == (
        "This file is being prepared. Please try again in a few seconds."
    )
    assert stored_files(release) == []
    assert not [r for r in caplog.records if r.getMessage().startswith("Making")]
    assert client.get(kit_url(release)).status_code == 503


def test_a_request_waits_for_the_file_another_process_is_making(
    client, release, settings, caplog
):
    """While another process holds the file's lease, a request waits and sends the file that
    process stores, without making it again."""
    caplog.set_level(logging.INFO, logger="newsroom.press_files")
    name = current_pdf_name(release, "en")
    assert leases.take(f"press:{name}", 60) is not None
    storing = threading.Timer(
        0.5, lambda: private_storage().save(name, ContentFile(b"%PDF-made-elsewhere"))
    )
    storing.start()
    try:
        assert body(client.get(pdf_url(release, "en"))) == b"%PDF-made-elsewhere"
    finally:
        storing.join()
    assert not [r for r in caplog.records if r.getMessage().startswith("Making")]


def test_an_expired_lease_is_taken_again(client, release, settings):
    """A lease left by a process that died is no longer held once it expires: the file is
    made."""
    settings.PRESS_RENDER_WAIT = 0.3
    Lease.objects.create(
        name=f"press:{current_pdf_name(release, 'en')}", holder=uuid.uuid4(),
        expires_at=timezone.now() - timedelta(seconds=1),
    )
    assert body(client.get(pdf_url(release, "en"))).startswith(b"%PDF-")


def _get_all(urls):
    """GET every URL at once, each from its own thread: [(status, body)] in order."""
    start = threading.Barrier(len(urls))

    def get(url):
        start.wait()
        try:
            with urllib.request.urlopen(url, timeout=60) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    with ThreadPoolExecutor(len(urls)) as pool:
        return list(pool.map(get, urls))


# The live server answers each request in a thread of its own. On PostgreSQL each thread has
# its own connection, as each worker has in production; on the in-memory SQLite database of
# the tests they all share one, so two requests' transactions would interleave on it (no such
# savepoint, a lease inserted twice): an artefact of the test database, not of the site. Run in
# the PostgreSQL pass of the fast tier.
with_a_connection_per_thread = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent requests need a database connection per thread (PostgreSQL)",
)


class RenderWatch:
    """Counts the PDFs WeasyPrint really makes, and how many at once (the real function is
    called; this only watches it)."""

    def __init__(self, monkeypatch):
        self.real = press.release_pdf
        self.lock = threading.Lock()
        self.made = self.running = self.most_at_once = 0
        monkeypatch.setattr(press, "release_pdf", self)

    def __call__(self, *args, **kwargs):
        with self.lock:
            self.made += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            return self.real(*args, **kwargs)
        finally:
            with self.lock:
                self.running -= 1


@with_a_connection_per_thread
def test_six_first_requests_at_once_make_the_pdf_once(live_server, release, monkeypatch):
    """Six first requests for one PDF, at once against the live server (a thread each): the
    PDF is made once and all six get it."""
    watch = RenderWatch(monkeypatch)
    answers = _get_all([live_server.url + pdf_url(release, "fr")] * 6)
    assert {status for status, _body in answers} == {200}
    assert len({data for _status, data in answers}) == 1
    assert watch.made == 1
    assert len(stored_files(release)) == 1


@with_a_connection_per_thread
def test_renders_across_the_site_stay_within_the_limit(
    live_server, release, settings, monkeypatch
):
    """With one render at a time allowed, three languages asked for at once are made one
    after the other, and each request gets its PDF."""
    settings.PRESS_RENDERS_AT_ONCE = 1
    watch = RenderWatch(monkeypatch)
    answers = _get_all([live_server.url + pdf_url(release, lang) for lang in LANGUAGES])
    assert [status for status, _body in answers] == [200] * len(LANGUAGES)
    assert (watch.made, watch.most_at_once) == (len(LANGUAGES), 1)


def test_an_unreachable_storage_after_an_edit_fails_no_save(
    release, settings, s3_media, django_capture_on_commit_callbacks, caplog
):
    """With the bucket unreachable when an edit's old files are to be deleted, the edit
    stands and the folder is logged for the operator."""
    with django_capture_on_commit_callbacks() as callbacks:
        release.title_en = "Edited while the bucket is down"
        save_new_version(release)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {
                **settings.STORAGES["default"]["OPTIONS"],
                "endpoint_url": "http://127.0.0.1:9",
            },
        },
    }
    for callback in callbacks:
        callback()
    assert NewsRelease.objects.get(pk=release.pk).title_en == "Edited while the bucket is down"
    assert press_files.folder(release) in caplog.text
