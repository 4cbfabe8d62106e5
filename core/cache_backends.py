"""Django's Redis cache, made an accelerator the site can lose without failing.

Nothing the site shows is correct only because Redis is (the versions that decide which cached
values are current live in the database: core.content_cache), so every Redis error becomes
what a cache without Redis would answer:

- Refused or hanging: each call waits at most the socket timeouts given in `OPTIONS`
  (`DJANGO_REDIS_TIMEOUT`), and after such an error this process leaves Redis alone for
  `retry_after` seconds (`DJANGO_REDIS_RETRY_SECONDS`): a hanging Redis costs one timeout per
  process now and then, not one per cache call (a rendered page makes several). Meanwhile the
  process's own memory stands in (at most `STAND_IN_ENTRIES` values), so pages are still
  cached, as without Redis; what it cached is dropped when Redis answers again.
- Full (`maxmemory` with `noeviction`): writes are refused with an OOM error and dropped; reads
  still work, so this does not make the process leave Redis alone.
- The failure is logged at most once a minute per process, with the number of errors since.

While Redis answers, each process also keeps a bounded copy of the whole pages it served last
(`recent_pages`), so that a page-cache hit need not fetch and unpickle the page from Redis (a
round trip costing several times the rest of the hit). The page cache (core.page_cache) checks
an entry from that copy exactly as one from Redis: current with the tag versions, before its
expiry, which is the one it was given in Redis.
"""

import logging
import threading
import time
from collections import OrderedDict

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("iom_site.cache")

LOG_INTERVAL = 60  # seconds
# Values a process keeps in its own memory while Redis is away: the site's public pages and
# their parts in a few languages, some tens of MB.
STAND_IN_ENTRIES = 1000
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# Pages each process keeps a copy of in front of Redis: its most visited ones, some MB.
RECENT_PAGES = 500


class RecentPages:
    """A bounded copy of page-cache entries, the least recently used dropped first (the page
    cache checks each entry's expiry and versions before serving it)."""

    def __init__(self, size):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


class _Health:
    """What this process knows of one Redis: shared by the threads' cache objects (Django makes
    one per thread), so a threaded server also waits and logs once, not once per thread."""

    def __init__(self, server):
        self.unreachable_until = 0.0
        self.last_logged = None
        self.errors_since_log = 0
        self.stand_in = LocMemCache(
            f"redis-stand-in:{server}", {"OPTIONS": {"MAX_ENTRIES": STAND_IN_ENTRIES}}
        )
        self.standing_in = False
        self.recent_pages = RecentPages(RECENT_PAGES)


_health = {}


def recent_pages(backend):
    """The process's copy of recent pages in front of `backend` when that is a Redis that
    answers; None otherwise (a cache in the process's own memory, or the stand-in while Redis
    is away, needs no copy: what it keeps during an outage is dropped when Redis answers)."""
    if not isinstance(backend, FailSafeRedisCache):
        return None
    health = backend._health
    if health.standing_in or time.time() < health.unreachable_until:
        return None
    return health.recent_pages


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._retry_after = float(options.pop("retry_after", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        if str(server) not in _health:
            _health[str(server)] = _Health(server)
        self._health = _health[str(server)]

    def _call(self, method, fallback, *args, **kwargs):
        health = self._health
        if time.time() < health.unreachable_until:
            return getattr(health.stand_in, method)(*args, **kwargs)
        try:
            answer = getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            if isinstance(error, _UNREACHABLE):
                return getattr(health.stand_in, method)(*args, **kwargs)
            return fallback
        if health.standing_in:
            # Redis answers again: it is the cache once more.
            health.standing_in = False
            health.stand_in.clear()
        return answer

    def _failed(self, error):
        health, now = self._health, time.time()
        if isinstance(error, _UNREACHABLE):
            health.unreachable_until = now + self._retry_after
            health.standing_in = True
        health.errors_since_log += 1
        if health.last_logged is None or now - health.last_logged >= LOG_INTERVAL:
            logger.error(
                "Redis cache failing, each process keeps pages in its own memory meanwhile: %s "
                "(%d error(s) since the last message)",
                error, health.errors_since_log,
            )
            health.last_logged = now
            health.errors_since_log = 0

    # Each public method answers from the stand-in while Redis cannot be reached, and as an
    # empty cache would for Redis's other errors. (Django's a-prefixed async methods and decr
    # go through these.)
    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", False, *args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", False, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", None, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        return self._call("set_many", list(data), data, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", False, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", None, *args, **kwargs)

    def clear(self):
        self._health.recent_pages.clear()
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        try:
            found = self._call("incr", None, key, delta, version)
        except ValueError:  # from the stand-in: a key it does not hold
            found = None
        if found is None:
            raise ValueError(f"Key '{key}' not found")
        return found
