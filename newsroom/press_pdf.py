"""A release as an A4 PDF in one language, made by WeasyPrint from the same content as the page.

The fonts are the machine's (Debian's fonts-dejavu-core, found through fontconfig) and the only
image is embedded as a data: URI, so making a PDF fetches nothing: WeasyPrint is allowed no
other protocol.
"""

import base64
import mimetypes

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.translation import override

from core.i18n import translated

# The rendition a printed page needs: a full A4 text width at about 150 dpi.
PDF_IMAGE_WIDTH = 1200


def image_data_uri(release):
    """The release's image as a data: URI (the widest JPEG/PNG rendition up to
    PDF_IMAGE_WIDTH, else the original), or "" when it may not be handed out."""
    if not release.image_rights_current:
        return ""
    storage = release.image.storage
    name = release.image.name
    if release.renditions.get("source") == name:
        printable = [
            item for item in release.renditions.get("items", [])
            if item["format"] in ("jpg", "png") and item["width"] <= PDF_IMAGE_WIDTH
        ]
        if printable:
            name = max(printable, key=lambda item: item["width"])["name"]
            # Renditions are in the public media storage, the original in the private one.
            storage = default_storage
    with storage.open(name, "rb") as file:
        data = file.read()
    kind = mimetypes.guess_type(name)[0] or "image/jpeg"
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


def release_pdf(release, language, *, contacts, organisation_name, page_url, watermark=""):
    """The PDF's bytes for `release` in `language`; its text falls back to the original
    language where a translation is missing, marked with `lang` as on the page. `watermark`:
    a text marked on every page (a release under embargo)."""
    with override(language):
        context = {
            "release": release,
            "language": language,
            "organisation_name": organisation_name,
            "page_url": page_url,
            "watermark": watermark,
            "contacts": contacts,
            "image_src": image_data_uri(release) if release.image else "",
            **{
                field: translated(release, field, language)
                for field in ("title", "dateline", "lead", "body", "image_caption")
            },
        }
        html = render_to_string("newsroom/pdf/release.html", context)
    # Imported here, not at the top: WeasyPrint takes ~2 s to import (fonts, fontTools), and
    # the module is reached from the URLconf, which every worker loads on its first request.
    from PIL import ImageFile
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint's import turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES, after which
    # a damaged upload would pass the image check (core.images) in this process: turned off
    # again (the images a PDF holds passed that check).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
