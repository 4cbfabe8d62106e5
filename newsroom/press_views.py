"""The journalists' downloads of a release: its PDF in a language, its press kit, its
original image.

Of a public release, like every public page they reach releases through `published()`: a
draft, an embargoed, withdrawn or unknown release has none (404), whatever is left in storage;
the address of a download under a slug the release had before answers 301 to its current one.

Of a release under embargo, through a journalist's link (newsroom.embargo): the same files,
the PDFs marked "Embargoed until …", made for each request and never stored, so that each
dies with the link; once the release is public the link's downloads lead to the public ones.

The files are sent as streams, which the page cache never keeps: the public ones are kept in
the media storage instead (newsroom.press_files).
"""

import io
import mimetypes

from django.conf import settings
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override

from core import redirects
from core.i18n import LANGUAGE_CODES
from core.leases import Busy
from core.media_storage import private_storage
from core.responses import keep_private
from organisation.context_processors import site_organisation

from .models import NewsRelease, ReleaseContact
from .press import PressFiles
from .views import open_journalist_link


def with_contacts(releases):
    return releases.prefetch_related(
        Prefetch(
            "releasecontact_set",
            queryset=ReleaseContact.objects.select_related("contact__office"),
            to_attr="contact_links",
        )
    )


def public_release(request, slug, address):
    """The public release at `slug`; Http404, or a 301 to `address(release)` when `slug` is
    one it had before."""
    try:
        return with_contacts(NewsRelease.objects.published()).get(slug=slug)
    except NewsRelease.DoesNotExist:
        pass
    return redirects.moved_permanently(request, NewsRelease.objects.published(), slug, address)


def send(made, stored_name, filename, content_type, as_attachment):
    """A file just made (bytes) or stored (its name), as a streamed download."""
    stream = io.BytesIO(made) if made is not None else private_storage().open(stored_name, "rb")
    return FileResponse(
        stream, as_attachment=as_attachment, filename=filename, content_type=content_type
    )


def come_back_later():
    """The file is being made and the site makes as many as it can at once: the download is
    asked for again in a few seconds (never made twice meanwhile)."""
    response = HttpResponse(
        gettext("This file is being prepared. Please try again in a few seconds."),
        status=503, content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(max(1, round(settings.PRESS_RENDER_WAIT / 4)))
    response["Cache-Control"] = "no-store"
    return response


def pdf_address(lang):
    return lambda release: reverse("newsroom:release_pdf", kwargs={"slug": release.slug,
                                                                   "lang": lang})


def kit_address(release):
    return reverse("newsroom:press_kit", kwargs={"slug": release.slug})


def image_address(release):
    return reverse("newsroom:press_image", kwargs={"slug": release.slug})


def release_pdf(request, slug, lang):
    if lang not in LANGUAGE_CODES:
        raise Http404
    release = public_release(request, slug, pdf_address(lang))
    if not isinstance(release, NewsRelease):
        return release
    files = PressFiles(release, request, site_organisation(request))
    try:
        made, name = files.pdf(lang)
    except Busy:
        return come_back_later()
    return send(made, name, files.filename(f"-{lang}.pdf"), "application/pdf", False)


def press_kit(request, slug):
    release = public_release(request, slug, kit_address)
    if not isinstance(release, NewsRelease):
        return release
    files = PressFiles(release, request, site_organisation(request))
    try:
        made, name = files.kit()
    except Busy:
        return come_back_later()
    return send(made, name, files.filename("-press-kit.zip"), "application/zip", True)


def press_image(request, slug):
    """The original image in full resolution, while its rights allow handing it out."""
    release = NewsRelease.objects.published().filter(slug=slug).first()
    if release is None:
        return redirects.moved_permanently(
            request, NewsRelease.objects.published(), slug, image_address
        )
    return send_original(release)


def send_original(release):
    if not release.image_rights_current:
        raise Http404
    image = release.image
    extension = image.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        image.storage.open(image.name, "rb"),
        as_attachment=True,
        filename=f"{release.slug}.{extension}",
        content_type=mimetypes.guess_type(image.name)[0] or "application/octet-stream",
    )


# --- Through a journalist's link, under embargo ------------------------------------------------


def embargo_notice(release, language):
    """"Embargoed until <date, time, zone>", in `language`, for the PDF's mark."""
    with override(language):
        time = timezone.localtime(release.published_at)
        return gettext("Embargoed until %(time)s — do not publish before") % {
            "time": f"{date_filter(time, 'DATE_FORMAT')}, {time:%H:%M} {time.tzname()} "
                    f"(UTC{time:%z})",
        }


def embargoed_files(request, token, address):
    """(the release the link opens and its files, watermarked; None) or (None, the response
    refusing the link or leading to the public download)."""
    opened = open_journalist_link(
        request, token, with_contacts(NewsRelease.objects.all()), address
    )
    if not isinstance(opened, NewsRelease):
        return None, opened
    files = PressFiles(
        opened, request, site_organisation(request),
        watermark=lambda language: embargo_notice(opened, language),
    )
    return files, None


def embargo_pdf(request, token, lang):
    if lang not in LANGUAGE_CODES:
        raise Http404
    files, refused = embargoed_files(request, token, pdf_address(lang))
    if refused is not None:
        return refused
    return keep_private(send(
        files.make_pdf(lang), None, files.filename(f"-{lang}.pdf"), "application/pdf", False
    ))


def embargo_kit(request, token):
    files, refused = embargoed_files(request, token, kit_address)
    if refused is not None:
        return refused
    return keep_private(send(
        files.make_kit(), None, files.filename("-press-kit.zip"), "application/zip", True
    ))


def embargo_image(request, token):
    files, refused = embargoed_files(request, token, image_address)
    if refused is not None:
        return refused
    return keep_private(send_original(files.release))
