"""oEmbed (https://oembed.com): a partner's CMS given the address of a release embeds a card of
it: its title, lead, date and a link back, as plain HTML with no script and nothing loaded
from here until a reader follows the link.

The address is read as the site reads it (its language prefix, the release's slug); only a
public release gives a card, through `published()` as every public door does. Answers follow
the specification: 404 for an address that is not a public release, 501 for a format other
than JSON, 400 for a malformed request (with a JSON body naming the parameter).
"""

from urllib.parse import urlsplit

from django.http import JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import get_language_from_path, override

from core import cache_tags
from core.i18n import translated
from core.page_cache import query_parameters
from newsroom.models import NewsRelease
from organisation.context_processors import site_organisation

# The views whose addresses give a card: a release's full page and its light edition.
RELEASE_VIEWS = {"newsroom:detail", "lite:release"}
DEFAULT_WIDTH = 600
MIN_WIDTH = 200
CARD_HEIGHT = 200


def _error(status, message, parameter=None):
    body = {"error": message}
    if parameter:
        body["parameter"] = parameter
    return JsonResponse(body, status=status)


def _release_at(request, url):
    """The public release `url` (an address of this site) shows, with its language; or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != request.get_host():
        return None, None
    language = get_language_from_path(parts.path)
    if language is None:
        return None, None
    with override(language):
        try:
            match = resolve(parts.path)
        except Resolver404:
            return None, None
    if match.view_name not in RELEASE_VIEWS:
        return None, None
    release = (
        NewsRelease.objects.published()
        .only("slug", "kind", "published_at", "original_language", "title", "lead")
        .filter(slug=match.kwargs["slug"])
        .first()
    )
    return release, language


@query_parameters("url", "format", "maxwidth", "maxheight")
def oembed(request):
    url = request.GET.get("url", "")
    if not url:
        return _error(400, "The address of a release is needed.", "url")
    response_format = request.GET.get("format", "json")
    if response_format != "json":
        return _error(501, "Only the JSON format is offered.", "format")
    try:
        width = int(request.GET.get("maxwidth") or DEFAULT_WIDTH)
    except ValueError:
        return _error(400, "maxwidth must be a whole number of pixels.", "maxwidth")
    if width < MIN_WIDTH:
        return _error(400, f"maxwidth must be at least {MIN_WIDTH}.", "maxwidth")
    width = min(width, DEFAULT_WIDTH)
    # Every card shows what the releases are (a draft's address gives 404, and then a card
    # once it is public): purged with them.
    cache_tags.add(cache_tags.RELEASES)
    release, language = _release_at(request, url)
    if release is None:
        return _error(404, "No public release at this address.", "url")
    cache_tags.add(cache_tags.release(release.pk))
    with override(language):
        organisation = site_organisation(request)
        provider = organisation.name if organisation else request.get_host()
        address = request.build_absolute_uri(release.get_absolute_url())
        title = translated(release, "title")
        lead = translated(release, "lead")
        published = timezone.localtime(release.published_at)
        if title.is_fallback:
            link = format_html('<a href="{}" lang="{}">{}</a>', address, title.lang, title.value)
        else:
            link = format_html('<a href="{}">{}</a>', address, title.value)
        html = format_html(
            '<blockquote class="release-card" cite="{}"><p>{}</p>'
            "<p>{}</p><footer>{}, <time datetime=\"{}\">{}</time></footer></blockquote>",
            address,
            link,
            Truncator(lead.value).chars(280),
            provider,
            published.isoformat(),
            formats.date_format(published, "DATE_FORMAT"),
        )
        home = request.build_absolute_uri(reverse("home"))
    return JsonResponse(
        {
            "version": "1.0",
            "type": "rich",
            "title": title.value,
            "author_name": provider,
            "provider_name": provider,
            "provider_url": home,
            "html": html,
            "width": width,
            # A card of text: its height depends on the embedding page's fonts; this is room
            # for a title, three lines and the footer.
            "height": CARD_HEIGHT,
            "cache_age": 3600,
        }
    )
