"""The light edition, for readers on slow or expensive connections (field staff first): the
home, the list and every release as text, under `lite/` in each language.

A page here is one HTML document under 15 KB: no image, no web font, no script, no stylesheet
to fetch (a few lines of CSS inline, allowed by their hash in the page's Content Security
Policy rather than by 'unsafe-inline'). Releases come through `published()` like every other
public door, and each page says what it shows with cache tags, so that the page cache and
front caches keep and purge it like the full pages.
"""

import base64
import hashlib

import nh3
from csp.decorators import csp_update
from django.core.paginator import InvalidPage
from django.http import Http404
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from core import cache_tags
from core.i18n import LANGUAGE_CODES, translated
from core.page_cache import query_parameters
from newsroom.models import NewsRelease, ReleaseContact
from newsroom.pagination import CachedCountPaginator
from organisation.context_processors import site_organisation

PAGE_SIZE = 20
HOME_SIZE = 10

# The whole stylesheet. Logical properties only (margin-inline, not left/right): the same
# lines serve right-to-left languages.
CSS = (
    "body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:.5rem 1rem;"
    "color:#111;background:#fff}a{color:#0645ad}h1{font-size:1.4rem}h2{font-size:1.15rem}"
    "nav,footer,.meta{font-size:.9rem}nav a{margin-inline-end:.75rem}"
    "li{margin-block-end:.5rem}footer{border-block-start:1px solid #ccc;margin-block-start:2rem}"
)
# Written here, not typed by anyone: safe to put in the page as it is.
CSS = mark_safe(CSS)  # noqa: S308
CSS_HASH = f"'sha256-{base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()}'"

# What a release's body keeps here: text and its structure, links; no image, frame or media
# (the full page has them).
BODY_TAGS = {"p", "br", "a", "ul", "ol", "li", "h2", "h3", "h4", "strong", "em", "b", "i",
             "blockquote", "q", "cite", "abbr", "sub", "sup"}


def _light_page(view):
    """A light page: its inline CSS allowed by hash, its query parameters named for the page
    cache (the outermost attribute is the one the page cache reads)."""
    return csp_update({"style-src": [CSS_HASH]})(view)


def lite_url(name, **kwargs):
    return reverse(f"lite:{name}", kwargs=kwargs or None)


def _language_links(view_name, **kwargs):
    """The same light page in each other language, named in its own language."""
    links = []
    current = get_language()
    for code in LANGUAGE_CODES:
        if code == current:
            continue
        with override(code):
            links.append({"code": code, "url": reverse(f"lite:{view_name}", kwargs=kwargs or None)})
    return links


def _items(releases):
    """Title (with its language when it is a fallback), address and date of each release."""
    items = []
    for release in releases:
        items.append(
            {
                "title": translated(release, "title"),
                "url": lite_url("release", slug=release.slug),
                "published_at": release.published_at,
                "kind": release.get_kind_display(),
            }
        )
    cache_tags.add_releases(releases)
    return items


def _listing():
    return NewsRelease.objects.published().only(
        "slug", "kind", "published_at", "original_language", "title"
    )


def _context(request, view_name, full_url, **kwargs):
    return {
        "organisation": site_organisation(request),
        "css": CSS,
        "full_url": full_url,
        "languages": _language_links(view_name, **kwargs),
    }


@query_parameters()
@_light_page
def home(request):
    cache_tags.add(cache_tags.RELEASES)
    context = _context(request, "home", reverse("home"))
    context["releases"] = _items(_listing()[:HOME_SIZE])
    return render(request, "lite/home.html", context)


@query_parameters("page")
@_light_page
def release_list(request):
    cache_tags.add(cache_tags.RELEASES)
    pks = NewsRelease.objects.published().values_list("pk", flat=True)
    paginator = CachedCountPaginator(pks, PAGE_SIZE, key="lite:list-count")
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except InvalidPage:
        # The address names a page that does not exist: say so, rather than show another.
        raise Http404("No such page of the list.") from None
    releases = {release.pk: release for release in _listing().filter(pk__in=list(page))}
    context = _context(request, "list", reverse("newsroom:list"))
    context["releases"] = _items([releases[pk] for pk in page if pk in releases])
    context["page"] = page
    return render(request, "lite/list.html", context)


@query_parameters()
@_light_page
def release_detail(request, slug):
    release = (
        NewsRelease.objects.published()
        .filter(slug=slug)
        .prefetch_related("corrections")
        .first()
    )
    if release is None:
        raise Http404("No public release at this address.")
    cache_tags.add(cache_tags.release(release.pk))
    contacts = list(
        ReleaseContact.objects.filter(release=release)
        .select_related("contact")
        .order_by("order")
    )
    cache_tags.add(*(cache_tags.contact(link.contact_id) for link in contacts))
    body = translated(release, "body")
    context = _context(request, "release", release.get_absolute_url(), slug=release.slug)
    context.update(
        {
            "release": release,
            "title": translated(release, "title"),
            "dateline": translated(release, "dateline"),
            "lead": translated(release, "lead"),
            "body": body,
            # Sanitised here (the body was on save too), then put in the page as HTML.
            "body_html": mark_safe(  # noqa: S308
                nh3.clean(body.value, tags=BODY_TAGS, attributes={"a": {"href"}})
            ),
            "corrections": release.public_corrections(),
            "contacts": [link.contact for link in contacts],
        }
    )
    return render(request, "lite/release.html", context)


# Under `lite/` in each language, the newsroom's own translated "news/" after it:
# /fr/lite/actualites/.
urlpatterns = [
    path("", home, name="home"),
    path(_("news/"), release_list, name="list"),
    path(_("news/<slug:slug>/"), release_detail, name="release"),
]
