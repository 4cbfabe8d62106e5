"""Front caches (Varnish, a CDN) in front of the site, told which cache tags to drop.

`FRONT_CACHES` (settings, from `DJANGO_FRONT_CACHES`) lists them; none by default. Each is a
`FrontCache`: one method, `purge(tags)`. `Varnish` sends `PURGE /` with the tags in an
`xkey-purge` header to Varnish's purge listener, which deploy/varnish/iom_site.vcl answers with
the xkey vmod (its public listener refuses every PURGE). A CDN with
a purge-by-tag API (Fastly's surrogate keys, Cloudflare's cache tags, Akamai's) fits the same
way: a class with a `purge(tags)` that calls that API, named in `FRONT_CACHES`.

Purges are sent after the transaction that made the change commits (a rolled back change
purges nothing), and a front cache that is down or slow never fails the change: the error is
logged and the save goes on (its pages then stay there until their lifetime ends, at most
`CONTENT_CACHE_SECONDS` and never past the next scheduled publication).
"""

import functools
import http.client
import logging
import urllib.parse

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("core.front_caches")

# Tags longer than this are sent in several purges (Varnish's default header limit is 8 KB).
HEADER_LIMIT = 4000


class FrontCache:
    """What a front cache must do: drop every page carrying one of `tags`."""

    def purge(self, tags):
        raise NotImplementedError


class Varnish(FrontCache):
    def __init__(self, url, timeout=2.0):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.timeout = timeout

    def purge(self, tags):
        for chunk in _chunks(sorted(tags)):
            connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                connection.request("PURGE", "/", headers={"xkey-purge": chunk})
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    raise OSError(f"answered {response.status} {response.reason}")
            finally:
                connection.close()

    def __repr__(self):
        return f"Varnish at {self.host}:{self.port}"


def _chunks(tags):
    chunk = []
    for tag in tags:
        if chunk and len(" ".join([*chunk, tag])) > HEADER_LIMIT:
            yield " ".join(chunk)
            chunk = []
        chunk.append(tag)
    if chunk:
        yield " ".join(chunk)


@functools.lru_cache(maxsize=8)
def _configured(config):
    caches = []
    for entry in config:
        backend, *arguments = entry if isinstance(entry, tuple) else (entry,)
        caches.append(import_string(backend)(*arguments))
    return caches


def front_caches():
    """The configured front caches: `FRONT_CACHES` is a list of (class path, arguments...)."""
    return _configured(tuple(tuple(entry) for entry in settings.FRONT_CACHES))


def purge_now(tags):
    for front_cache in front_caches():
        try:
            front_cache.purge(tags)
        except Exception as error:  # noqa: BLE001 - whatever the cache does, the save stands
            logger.error(
                "Purging %s from %r failed: %s", " ".join(sorted(tags)), front_cache, error
            )
