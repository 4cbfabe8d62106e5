"""The journalists' downloads of a public release: its PDF in a language, its press kit, its
original image. Like every public page they reach releases through `published()`: a draft,
an embargoed, withdrawn or unknown release has none (404), whatever is left in storage.

The files are sent as streams, which the page cache never keeps: they are kept in the media
storage instead (newsroom.press_files).
"""

import io
import mimetypes

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

from core.i18n import LANGUAGE_CODES
from core.leases import Busy
from organisation.context_processors import site_organisation

from .models import NewsRelease, ReleaseContact
from .press import PressFiles


def public_release(slug):
    releases = NewsRelease.objects.published().prefetch_related(
        Prefetch(
            "releasecontact_set",
            queryset=ReleaseContact.objects.select_related("contact__office"),
            to_attr="contact_links",
        )
    )
    try:
        return releases.get(slug=slug)
    except NewsRelease.DoesNotExist:
        raise Http404 from None


def send(made, stored_name, filename, content_type, as_attachment):
    """A file just made (bytes) or stored (its name), as a streamed download."""
    stream = io.BytesIO(made) if made is not None else default_storage.open(stored_name, "rb")
    return FileResponse(
        stream, as_attachment=as_attachment, filename=filename, content_type=content_type
    )


def come_back_later():
    """The file is being made and the site makes as many as it can at once: the download is
    asked for again in a few seconds (never made twice meanwhile)."""
    response = HttpResponse(
        _("This file is being prepared. Please try again in a few seconds."),
        status=503, content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(max(1, round(settings.PRESS_RENDER_WAIT / 4)))
    response["Cache-Control"] = "no-store"
    return response


def release_pdf(request, slug, lang):
    if lang not in LANGUAGE_CODES:
        raise Http404
    files = PressFiles(public_release(slug), request, site_organisation(request))
    try:
        made, name = files.pdf(lang)
    except Busy:
        return come_back_later()
    return send(made, name, files.filename(f"-{lang}.pdf"), "application/pdf", False)


def press_kit(request, slug):
    files = PressFiles(public_release(slug), request, site_organisation(request))
    try:
        made, name = files.kit()
    except Busy:
        return come_back_later()
    return send(made, name, files.filename("-press-kit.zip"), "application/zip", True)


def press_image(request, slug):
    """The original image in full resolution, while its rights allow handing it out."""
    release = NewsRelease.objects.published().filter(slug=slug).first()
    if release is None or not release.image_rights_current:
        raise Http404
    image = release.image
    extension = image.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        image.storage.open(image.name, "rb"),
        as_attachment=True,
        filename=f"{release.slug}.{extension}",
        content_type=mimetypes.guess_type(image.name)[0] or "application/octet-stream",
    )
