"""What a release gives journalists besides its page: a PDF per language and one press kit
(a zip of the text and PDF in every language it is written in, the original image with its
credit and usage terms, and the contacts' vCards). Both are made on first request for the
content they show and kept in the media storage (newsroom.press_files)."""

import html
import io
import posixpath
import re
import zipfile

from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.translation import override

from core.i18n import LANGUAGE_CODES, has_translation, translated
from core.media_storage import private_storage

from . import press_files, vcard
from .press_pdf import release_pdf


def public_languages(release):
    """The languages the release is written in (it has a title in them), site order."""
    return [code for code in LANGUAGE_CODES if has_translation(release, "title", code)]


class PressFiles:
    """The press files of one release as it is now. `release` comes with its `contact_links`
    (ReleaseContact rows with contact and office), as the views load it.

    `watermark` (language -> text), for a release under embargo: its PDFs carry the text on
    every page, and neither they nor the kit are stored (they die with the journalist's link).
    """

    def __init__(self, release, request, organisation, watermark=None):
        self.release = release
        self.watermark = watermark
        self.request = request
        self.organisation = organisation
        self.contacts = [link.contact for link in release.contact_links]
        self.prefix = (
            f"{press_files.folder(release)}/{press_files.content_key(release, self.contacts)}"
        )

    def page_url(self, language):
        with override(language):
            return self.request.build_absolute_uri(self.release.get_absolute_url())

    def organisation_name(self, language):
        if self.organisation is None:
            return ""
        with override(language):
            return str(self.organisation.name)

    def filename(self, suffix):
        """A name for the person downloading: the release's slug and what the file is."""
        return f"{self.release.slug}{suffix}"

    # --- PDF -----------------------------------------------------------------------------

    def pdf(self, language):
        """(bytes just made, or None; stored name, or None): see press_files.stored."""
        if self.watermark:
            return self.make_pdf(language), None
        return press_files.stored(
            f"{self.prefix}-{language}.pdf", lambda: self.make_pdf(language)
        )

    def make_pdf(self, language):
        return release_pdf(
            self.release, language, contacts=self.contacts,
            organisation_name=self.organisation_name(language), page_url=self.page_url(language),
            watermark=self.watermark(language) if self.watermark else "",
        )

    def pdf_bytes(self, language):
        data, name = self.pdf(language)
        return data if data is not None else read(name)

    # --- Press kit -----------------------------------------------------------------------

    def kit(self):
        if self.watermark:
            return self.make_kit(), None
        return press_files.stored(f"{self.prefix}-press-kit.zip", self.make_kit)

    def make_kit(self):
        release = self.release
        folder = release.slug
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for language in public_languages(release):
                archive.writestr(
                    f"{folder}/{self.filename(f'-{language}.txt')}", self.text(language)
                )
                # A PDF is compressed already: stored as it is.
                archive.writestr(
                    f"{folder}/{self.filename(f'-{language}.pdf')}",
                    self.pdf_bytes(language), compress_type=zipfile.ZIP_STORED,
                )
            if release.image_rights_current:
                image_name = f"{folder}/image/{self.image_filename()}"
                archive.writestr(
                    image_name, read(release.image.name, release.image.storage),
                    compress_type=zipfile.ZIP_STORED,
                )
                archive.writestr(f"{folder}/image/credit.txt", self.image_terms())
            for contact in self.contacts:
                archive.writestr(
                    f"{folder}/contacts/{contact.slug}.vcf",
                    vcard.contact_vcard(contact, self.organisation_name(release.original_language)),
                )
        return buffer.getvalue()

    def image_filename(self):
        extension = posixpath.splitext(self.release.image.name)[1].lower() or ".jpg"
        return self.filename(extension)

    def text(self, language):
        """The release as plain text in `language` (UTF-8)."""
        release = self.release
        with override(language):
            context = {
                "release": release,
                "organisation_name": self.organisation_name(language),
                "page_url": self.page_url(language),
                "contacts": self.contacts,
                **{field: translated(release, field, language)
                   for field in ("title", "dateline", "lead")},
                "body": plain_text(translated(release, "body", language).value),
            }
            return render_to_string("newsroom/pdf/release.txt", context)

    def image_terms(self):
        """The image's caption (every language it has), credit, usage terms and rights."""
        release = self.release
        with override(release.original_language):
            return render_to_string(
                "newsroom/pdf/image_terms.txt",
                {
                    "release": release,
                    "captions": [
                        (code, getattr(release, f"image_caption_{code}"))
                        for code in LANGUAGE_CODES if getattr(release, f"image_caption_{code}")
                    ],
                    "terms": [
                        (code, getattr(release, f"image_usage_terms_{code}"))
                        for code in LANGUAGE_CODES
                        if getattr(release, f"image_usage_terms_{code}")
                    ],
                    "page_url": self.page_url(release.original_language),
                },
            )


BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|ul|ol)>|<br\s*/?>", re.IGNORECASE)


def plain_text(rich_text):
    """Sanitised rich text as plain text: one blank line between blocks."""
    text = html.unescape(strip_tags(BLOCK_END.sub("\n\n", rich_text)))
    blocks = [" ".join(block.split()) for block in text.split("\n\n")]
    return "\n\n".join(block for block in blocks if block)


def read(name, storage=None):
    with (storage or private_storage()).open(name, "rb") as file:
        return file.read()
