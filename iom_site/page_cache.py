"""Whole public pages for visitors without a session, kept in the cache.

A cached page is served before the session, CSP, locale, CSRF, auth and axes middleware and
the view run: a fraction of a millisecond instead of several (docs/performance.md). It is
stored with the content's generation it was rendered in (iom_site.content_cache) and served
only while that is current, so any save or delete of content drops it; and it is never kept
past the next scheduled publication (a release, a page), which still goes public exactly on time.

Only what is the same for every anonymous visitor is shared:
- requested with GET, by a visitor sending no session cookie (editors and anyone logged in
  always get a freshly rendered page, and never fill the cache);
- under a language prefix (/en/, /fr/, /es/): the key is scheme, host, full path with its
  query string, and the language;
- answered 200, with no Set-Cookie, no Vary (a page that depends on a request header, such
  as Cookie, cannot be shared by path), nothing in Cache-Control that forbids it (the staff
  previews and the journalists' embargo pages send `private, no-store`), and no CSP nonce
  (a nonce must never be sent twice).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language_from_path

from . import content_cache

PRIVATE_DIRECTIVES = {"private", "no-store", "no-cache"}


def _cache_key(request, language):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{language}:{digest}"


def _shareable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Vary"):
        return False
    directives = {
        directive.split("=")[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if directives & PRIVATE_DIRECTIVES:
        return False
    return "'nonce-" not in response.get("Content-Security-Policy", "")


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = get_language_from_path(request.path_info)
        if (
            not (settings.PAGE_CACHE and content_cache.enabled())
            or request.method != "GET"
            or language is None
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        key = _cache_key(request, language)
        # One round trip (to Redis) for both: the page is stored with the generation it was
        # rendered in, and only served while that is still the current one.
        found = cache.get_many([content_cache.GENERATION_KEY, key])
        current = found.get(content_cache.GENERATION_KEY) or content_cache.generation()
        stored = found.get(key)
        if stored is not None and stored[0] == current:
            _generation, status, headers, content = stored
            return HttpResponse(content, status=status, headers=headers)
        response = self.get_response(request)
        if _shareable(response):
            seconds = content_cache.lifetime(current)
            if seconds:
                entry = (current, response.status_code, dict(response.items()), response.content)
                cache.set(key, entry, seconds)
        return response
