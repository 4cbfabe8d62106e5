"""Whole public pages for visitors without a session, cached.

A cached page is served before the session, CSP, locale, CSRF, auth and axes middleware and
the view run, after a look-up of the versions of its cache tags in the process's copy (no
query): a fraction of a millisecond instead of several (docs/performance.md). It is stored with the
cache tags of what it shows (core.cache_tags) and the number of the latest change before
it was rendered, and served only while none of its tags changed since (core.content_cache):
a save drops exactly the pages that showed what it changed, in every process and whatever the
cache held meanwhile (Redis down, full, back again); and it is never cached past the next
scheduled publication (a release, a page), which still goes public exactly on time.

The same tags go to the front caches (Varnish, a CDN: core.front_caches) in the
`CACHE_TAG_HEADER` header of every shareable response to an anonymous GET, with
`Cache-Control: s-maxage` set to what is left of the page's lifetime; a response without
them is not for a front cache to keep.

Only what is the same for every anonymous visitor is shared:
- requested with GET, by a visitor sending no session cookie (editors and anyone logged in
  always get a freshly rendered page, and never fill the cache);
- under a language prefix (/en/, /fr/, /es/): the key is scheme, host, path, language and
  the query parameters the page's view reads (see below);
- answered 200, with no Set-Cookie, no Vary (a page that depends on a request header, such
  as Cookie, cannot be shared by path), nothing in Cache-Control that forbids it (the staff
  previews and the journalists' embargo pages send `private, no-store`), and no CSP nonce
  (a nonce must never be sent twice).

Query parameters: a view names those it reads with `@query_parameters(...)` (the newsroom
list: its filters and page); a view that names none reads none. For an anonymous visitor the
view is given only those, normalised: empty values dropped (a filter left empty is no filter),
the last value of a repeated one (what `QueryDict.get` reads), in a fixed order; others (junk,
tracking tags) are ignored, so `?x=1`, `?x=2`… are the one page, rendered once and cached once.
The key is made of exactly what the view sees, so it cannot show one visitor's parameters to
another. Writes to the cache that fail never fail the request (core.cache_backends).
"""

import functools
import hashlib
import math
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import OperationalError
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.encoding import escape_uri_path
from django.utils.translation import get_language_from_path, override

from . import cache_backends, cache_tags, content_cache
from .unavailable import unavailable_response

PRIVATE_DIRECTIVES = {"private", "no-store", "no-cache"}


def query_parameters(*names):
    """Declare the query parameters a public view reads: only those, normalised, reach it
    from the page cache and make its key."""

    def decorate(view):
        view.page_cache_query_parameters = frozenset(names)
        return view

    return decorate


@functools.lru_cache(maxsize=4096)
def _known_parameters(path, language, urlconf):
    """The query parameters the view at `path` reads, or None if no view answers it."""
    try:
        # Prefixed and translated paths resolve in their own language only; the locale
        # middleware, which would activate it, has not run yet.
        with override(language):
            view = resolve(path, urlconf).func
    except Resolver404:
        return None
    return getattr(view, "page_cache_query_parameters", frozenset())


def normalised_query(query, known):
    """Only the `known` parameters of `query` (a QueryDict), non-empty, the last value of
    each, sorted by name."""
    if not query:
        return query
    wanted = [(name, query.getlist(name)[-1]) for name in sorted(known & query.keys())]
    # Read-only, as Django gives request.GET.
    return QueryDict(urlencode([(name, value) for name, value in wanted if value]))


def _cache_key(request, language, query):
    path = escape_uri_path(request.path)
    address = f"{content_cache.site_address(request)}{path}?{query.urlencode()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:tagged:{language}:{digest}"


def _shareable(response, vary_ok=False):
    """Whether `response` is the same for every anonymous visitor asking the same address
    (`vary_ok`: or for those sending the same headers it names, which a front cache keys by;
    never Cookie)."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = response.get("Vary", "").lower()
    if vary and not (vary_ok and "cookie" not in vary and "*" not in vary):
        return False
    directives = {
        directive.split("=")[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if directives & PRIVATE_DIRECTIVES:
        return False
    return "'nonce-" not in response.get("Content-Security-Policy", "")


def label_for_front_caches(response, tags, seconds):
    """Name the response's cache tags (for tests and the front caches) and, when a front
    cache is configured, tell it what the page shows and how long it may keep it."""
    response.cache_tags = frozenset(tags)
    header = settings.CACHE_TAG_HEADER
    if header and tags and seconds > 0 and _shareable(response, vary_ok=True):
        response[header] = " ".join(sorted({cache_tags.SITE, *tags}))
        patch_cache_control(response, s_maxage=seconds)
    return response


def _usable(stored):
    """Whether the page-cache entry `stored` (or None) may be served, and the versions read to
    decide (None: the database did not answer)."""
    read = content_cache.versions(stored[1] if stored is not None else ())
    usable = stored is not None and stored[2] > time.time() and (
        read is None or content_cache.is_current(stored[0], stored[1], read)
    )
    return usable, read


def _copy_in_process(key, entry):
    """Keep `entry` in the process's copy of recent pages, if there is one now (asked again:
    Redis may have gone away while the page was looked up or rendered)."""
    recent = cache_backends.recent_pages(caches[DEFAULT_CACHE_ALIAS])
    if recent is not None:
        recent.put(key, entry)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with content_cache.request_scope(), cache_backends.cache_room():
            return self._respond(request)

    def _front_lifetime(self, tags):
        """Seconds a front cache may keep a page showing `tags` rendered now (0: none)."""
        if not (tags and settings.CACHE_TAG_HEADER and content_cache.enabled()):
            return 0
        current = content_cache.change_number()
        return content_cache.lifetime(current) if current is not None else 0

    def _render(self, request):
        """The view's response and the cache tags of what it shows."""
        with cache_tags.collecting() as tags:
            response = self.get_response(request)
        return response, tags

    def _respond(self, request):
        language = get_language_from_path(request.path_info)
        anonymous = (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        if not anonymous:
            response, tags = self._render(request)
            response.cache_tags = frozenset(tags)
            return response
        known = (
            None if language is None
            else _known_parameters(request.path_info, language, get_urlconf())
        )
        query = normalised_query(request.GET, known) if known is not None else None
        if query:
            # A search, a filter, a page number: kept apart from the pages without any, in a
            # cache in the process's memory (core.cache_backends.RoomedLocalCache).
            cache_backends.into_room_for_queries()
        if known is None or not (settings.PAGE_CACHE and content_cache.enabled()):
            # Outside the language prefixes, a 404, or the page cache off: not cached here,
            # but a front cache may keep it.
            response, tags = self._render(request)
            return label_for_front_caches(response, tags, self._front_lifetime(tags))
        request.GET = query
        key = _cache_key(request, language, request.GET)
        # The page is stored with the number of the latest change before it was rendered and
        # the tags of what it shows, and served while none of those changed since. Without an
        # answer from the database (None), nothing can be changing, and the page cached is the
        # newest there is. The process's copy of recent pages is asked first (with Redis: no
        # round trip), then the cache, which may hold a newer page another process rendered.
        stored, copied = None, False
        if request.method == "GET":
            recent = cache_backends.recent_pages(caches[DEFAULT_CACHE_ALIAS])
            stored = recent.get(key) if recent is not None else None
            copied = stored is not None
            if not copied:
                stored = cache.get(key)
        usable, read = _usable(stored)
        if copied and not usable:
            stored, copied = cache.get(key), False
            usable, read = _usable(stored)
        if usable and not copied:
            _copy_in_process(key, stored)
        if usable:
            _number, tags, expires, status, headers, content = stored
            response = HttpResponse(content, status=status, headers=headers)
            # Said to the code that called the app (tests), not to the visitor.
            response.from_page_cache = True
            return label_for_front_caches(response, tags, math.floor(expires - time.time()))
        if read is None:
            # The database did not answer and no page is cached: rendering would only wait out
            # the connect timeout a second time before failing.
            return unavailable_response(
                request, OperationalError("the database cannot be reached")
            )
        current = read[content_cache.EVERY_CHANGE]
        expires = content_cache.expiry(current)
        response, tags = self._render(request)
        seconds = content_cache.seconds_left(expires)
        if seconds and request.method == "GET" and _shareable(response):
            entry = (
                current, frozenset({cache_tags.SITE, *tags}), expires,
                response.status_code, dict(response.items()), response.content,
            )
            cache.set(key, entry, seconds)
            _copy_in_process(key, entry)
        return label_for_front_caches(response, tags, seconds)
