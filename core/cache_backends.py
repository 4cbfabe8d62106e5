"""Django's Redis cache, made an accelerator the site can lose without failing.

Nothing the site shows is correct only because Redis is (the content version that decides
which cached values are current lives in the database: core.content_cache), so every Redis
error becomes what a cold cache would answer: a read finds nothing, a write keeps nothing.

- Refused or hanging: each call waits at most the socket timeouts given in `OPTIONS`
  (`DJANGO_REDIS_TIMEOUT`), and after such an error this process leaves Redis alone for
  `retry_after` seconds (`DJANGO_REDIS_RETRY_SECONDS`): a hanging Redis costs one timeout per
  process now and then, not one per cache call (a rendered page makes several).
- Full (`maxmemory` with `noeviction`): writes are refused with an OOM error and dropped; reads
  still work, so this does not make the process leave Redis alone.
- The failure is logged at most once a minute per process, with the number of errors since.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("iom_site.cache")

LOG_INTERVAL = 60  # seconds
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class _Health:
    """What this process knows of one Redis: shared by the threads' cache objects (Django makes
    one per thread), so a threaded server also waits and logs once, not once per thread."""

    def __init__(self):
        self.unreachable_until = 0.0
        self.last_logged = None
        self.errors_since_log = 0


_health = {}


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._retry_after = float(options.pop("retry_after", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._health = _health.setdefault(str(server), _Health())

    def _call(self, method, fallback, *args, **kwargs):
        if time.time() < self._health.unreachable_until:
            return fallback
        try:
            return getattr(super(), method)(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            return fallback

    def _failed(self, error):
        health, now = self._health, time.time()
        if isinstance(error, _UNREACHABLE):
            health.unreachable_until = now + self._retry_after
        health.errors_since_log += 1
        if health.last_logged is None or now - health.last_logged >= LOG_INTERVAL:
            logger.error(
                "Redis cache failing, pages are served without it: %s "
                "(%d error(s) since the last message)",
                error, health.errors_since_log,
            )
            health.last_logged = now
            health.errors_since_log = 0

    # Each public method answers as an empty cache would when Redis fails. (Django's
    # a-prefixed async methods and decr go through these.)
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
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        found = self._call("incr", None, key, delta, version)
        if found is None:
            raise ValueError(f"Key '{key}' not found")
        return found
