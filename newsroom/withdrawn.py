"""A withdrawn release's address: it answers 410 Gone, in every language, with a short notice
saying when and why the press office withdrew it, instead of a 404 that reads like a broken
link. The release itself is no longer shown anywhere (`published()` leaves it out)."""

from django.http import Http404
from django.shortcuts import render

from core.i18n import LANGUAGE_CODES

from .models import NewsRelease


def gone_or_404(request, slug):
    """The 410 notice of the withdrawn release at `slug`, or 404 if there is none."""
    release = (
        NewsRelease.objects.withdrawn()
        .filter(slug=slug)
        .only(
            "slug", "original_language", "withdrawn_at",
            *(f"withdrawal_reason_{code}" for code in LANGUAGE_CODES),
        )
        .first()
    )
    if release is None:
        raise Http404
    response = render(
        request,
        "newsroom/newsrelease_withdrawn.html",
        {"object": release, "release": release},
        status=410,
    )
    response["X-Robots-Tag"] = "noindex"
    return response
