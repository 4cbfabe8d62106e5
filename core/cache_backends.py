"""The site's caches: without Redis, each process's own memory in two bounded rooms
(`RoomedLocalCache`); with it, Django's Redis cache made an accelerator the site can lose
without failing (`FailSafeRedisCache`).

Nothing the site shows is correct only because Redis is (the versions that decide which cached
values are current live in the database: core.content_cache), so every Redis error becomes
what a cache without Redis would answer:

- Refused or hanging: each call waits at most the socket timeouts given in `OPTIONS`
  (`DJANGO_REDIS_TIMEOUT`), and after such an error this process leaves Redis alone for
  `retry_after` seconds (`DJANGO_REDIS_RETRY_SECONDS`): a hanging Redis costs one timeout per
  process now and then, not one per cache call (a rendered page makes several). Meanwhile the
  process's own memory stands in (a `RoomedLocalCache` of `STAND_IN_ENTRIES` values a room),
  so pages are still cached, as without Redis; what it cached is dropped when Redis answers
  again.
- Full (`maxmemory` with `noeviction`): writes are refused with an OOM error and dropped; reads
  still work, so this does not make the process leave Redis alone.
- The failure is logged at most once a minute per process, with the number of errors since.

While Redis answers, each process also keeps a bounded copy of the whole pages it served last
(`recent_pages`), so that a page-cache hit need not fetch and unpickle the page from Redis (a
round trip costing several times the rest of the hit). The page cache (core.page_cache) checks
an entry from that copy exactly as one from Redis: current with the tag versions, before its
expiry, which is the one it was given in Redis.
"""

import contextlib
import contextvars
import logging
import threading
import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("iom_site.cache")

LOG_INTERVAL = 60  # seconds
# Values a process keeps in its own memory while Redis is away: the site's public pages and
# their parts in a few languages, some tens of MB (and as many again for queried pages).
STAND_IN_ENTRIES = 1000
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# Pages each process keeps a copy of in front of Redis: its most visited ones, some MB.
RECENT_PAGES = 500


_ROOM = contextvars.ContextVar("cache_room", default="kept")
_MISSING = object()


@contextlib.contextmanager
def cache_room():
    """The scope of one request's room in a `RoomedLocalCache`: the room for pages without
    query parameters, unless `into_room_for_queries()` is called within it."""
    token = _ROOM.set("kept")
    try:
        yield
    finally:
        _ROOM.reset(token)


def into_room_for_queries():
    """What the request being served caches from now on goes to the room for pages asked with
    query parameters (a search, a filter, a page number: addresses any visitor can make up by
    the thousand), so it cannot push out the pages without any (home, lists, pages, releases)."""
    _ROOM.set("queries")


class RoomedLocalCache(BaseCache):
    """The process's own memory as a cache, in two bounded rooms: one for what pages asked
    with query parameters cache (`QUERY_ENTRIES`, 500 by default), one for everything else
    (`MAX_ENTRIES`, 2,000 by default), each dropping its least recently used entries when full.
    Django's LocMemCache alone holds 300 entries, which 120 searches (a page and two parts
    each) fill, evicting every page kept for everyone else. Reads look in both rooms; a write
    goes to the room of the request making it and leaves the other (so a value is never in
    both, where an older copy could hide a newer one)."""

    def __init__(self, name, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        cull = {"CULL_FREQUENCY": options.get("CULL_FREQUENCY", 3)}
        shared = {key: value for key, value in params.items() if key != "OPTIONS"}
        self.rooms = {
            "kept": LocMemCache(f"{name}:kept", {
                **shared, "OPTIONS": {**cull, "MAX_ENTRIES": options.get("MAX_ENTRIES", 2000)},
            }),
            "queries": LocMemCache(f"{name}:queries", {
                **shared,
                "OPTIONS": {**cull, "MAX_ENTRIES": options.get("QUERY_ENTRIES", 500)},
            }),
        }

    def _here_and_other(self):
        here = _ROOM.get()
        return self.rooms[here], self.rooms["queries" if here == "kept" else "kept"]

    def _holding(self, key, version):
        for room in self.rooms.values():
            if room.has_key(key, version):
                return room
        return None

    def get(self, key, default=None, version=None):
        for room in self.rooms.values():
            value = room.get(key, _MISSING, version)
            if value is not _MISSING:
                return value
        return default

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        here, other = self._here_and_other()
        other.delete(key, version)
        here.set(key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self._holding(key, version) is not None:
            return False
        return self._here_and_other()[0].add(key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        room = self._holding(key, version)
        return room is not None and room.touch(key, timeout, version)

    def incr(self, key, delta=1, version=None):
        room = self._holding(key, version)
        if room is None:
            raise ValueError(f"Key '{key}' not found")
        return room.incr(key, delta, version)

    def has_key(self, key, version=None):
        return self._holding(key, version) is not None

    def delete(self, key, version=None):
        deleted = [room.delete(key, version) for room in self.rooms.values()]
        return any(deleted)

    def clear(self):
        for room in self.rooms.values():
            room.clear()


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
        self.stand_in = RoomedLocalCache(
            f"redis-stand-in:{server}",
            {"OPTIONS": {"MAX_ENTRIES": STAND_IN_ENTRIES, "QUERY_ENTRIES": STAND_IN_ENTRIES}},
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
