"""Values derived from the site's content, cached until what they show changes.

What the public sees changes in two ways only: an editor saves or deletes something of the
`organisation` or `newsroom` apps, or the public time of something scheduled comes (a release,
a page: every `Publishable` model). So every derived value (the header's organisation and
menu, list counts, sitemaps, whole anonymous pages in `core.page_cache`) is stored with the
cache tags of what it shows (core.cache_tags) and a change number, and nothing is cached past the
next scheduled `published_at` of any publishable model, so that a scheduled release or page
(and the menu entry and links to it) still goes public exactly on time, without a cron job.

Versions live in the database (`core.models.CacheTagVersion`): a change raises the
counter "*" in the same transaction as the change itself and gives every tag it purges that
number (core.purge_rules decides which). A value is stored with the "*" read before it
was computed, and is current while none of its tags has a higher version. Each process reads
the versions from its own copy (`_ProcessCopy`), brought up to date from the database at most
every `CACHE_VERSIONS_COPY_SECONDS` and at once for the changes it commits itself. So:
- a page-cache hit runs no query; the process that made a change serves it at once, every
  other process within `CACHE_VERSIONS_COPY_SECONDS`, whatever the cache: Redis or each
  worker's memory;
- the cache is never trusted to know what is current: a change made while Redis was down, hung
  or full cannot let an older page come back when it returns;
- a change only drops what showed it: saving a release leaves the other releases' pages cached.

The lifetime is also capped by `CONTENT_CACHE_SECONDS` (0 turns these caches off).
"""

import contextlib
import contextvars
import hashlib
import math
import threading
import time
import weakref

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    connection,
    transaction,
)
from django.db.models import Min
from django.utils.translation import get_language

from core import cache_tags, front_caches
from core.models import CacheTagVersion
from core.publishing import Publishable

_MISSING = object()
EVERY_CHANGE = "*"
# The versions read in the current request (see `request_scope`): name -> version.
_request_versions = contextvars.ContextVar("cache_tag_versions", default=None)


def enabled():
    return settings.CONTENT_CACHE_SECONDS > 0


def _select_versions(names, changed_after=None):
    """{name: version} of the rows there are for `names` and, given `changed_after`, of every
    tag purged by a change numbered above it. Raw SQL: the ORM's query building would cost more
    than the look-up itself."""
    table = connection.ops.quote_name(CacheTagVersion._meta.db_table)
    names = sorted(names)
    sql = f"SELECT name, version FROM {table} WHERE name IN ({', '.join(['%s'] * len(names))})"
    if changed_after is not None:
        sql += " OR version > %s"
        names.append(changed_after)
    with connection.cursor() as cursor:
        cursor.execute(sql, names)
        return dict(cursor.fetchall())


def _read_versions(names, changed_after=None):
    """`_select_versions`, or None when the database cannot be reached (then nothing can
    change either, and what is cached may be served). A reused connection that failed (the server
    restarted, an idle timeout) is replaced once."""
    for attempt in (1, 2):
        fresh = connection.connection is None
        try:
            return _select_versions(names, changed_after)
        except (OperationalError, InterfaceError):
            # A new connection that failed means the database cannot be reached: trying again
            # would only wait out the connect timeout once more. A reused one may just be stale.
            if attempt == 2 or fresh or connection.in_atomic_block:
                return None
            connection.close()


class _ProcessCopy:
    """This process's copy of the versions, so that a page-cache hit costs no query.

    The rule: every change raises "*", so the copy is brought up to date by one query for the
    tags purged since the "*" it last read (`changed_after`), made at most every
    `CACHE_VERSIONS_COPY_SECONDS`; a change made through another process is seen within that
    time. A change
    this process commits is put into the copy at once (`saw`). A tag the copy does not hold
    yet is read when first asked for. Versions only ever rise, so a copy a little behind can
    only make a cached value look older than it is, never a changed one current."""

    def __init__(self):
        self.lock = threading.Lock()
        self.versions = {}
        self.read_up_to = None  # "*" at the last read from the database
        self.read_at = -math.inf  # time.monotonic() of that read

    def get(self, names):
        """{name: version} for `names` (a frozenset); None when the database cannot be
        reached."""
        known = self.versions
        lifetime = settings.CACHE_VERSIONS_COPY_SECONDS
        if time.monotonic() - self.read_at < lifetime and known.keys() >= names:
            return {name: known[name] for name in names}
        with self.lock:
            started = time.monotonic()
            stale = started - self.read_at >= lifetime
            wanted = (names | {EVERY_CHANGE}) if stale else (names - self.versions.keys())
            if wanted:
                rows = _read_versions(wanted, self.read_up_to if stale else None)
                if rows is None:
                    return None
                self._update(wanted, rows, stale, started)
            return {name: self.versions[name] for name in names}

    def _update(self, wanted, rows, stale, started):
        if stale:
            latest = rows.get(EVERY_CHANGE, 0)
            if self.read_up_to is not None and latest < self.read_up_to or (
                len(self.versions) > COPY_SIZE
            ):
                # The database was replaced by an older one (restored, emptied), or the copy
                # has grown too big: start again from what was just read.
                self.versions = {}
            self.read_up_to, self.read_at = latest, started
        for name in wanted:
            rows.setdefault(name, 0)
        self._raise(rows)

    def _raise(self, read):
        versions = dict(self.versions)  # replaced whole: readers never see it half updated
        for name, version in read.items():
            if version > versions.get(name, -1):
                versions[name] = version
        self.versions = versions

    def saw(self, tags, number):
        """A change numbered `number` that purged `tags` was committed by this process."""
        with self.lock:
            self._raise({EVERY_CHANGE: number, **dict.fromkeys(tags, number)})


# Tags the copy holds at most before it starts again (a few MB).
COPY_SIZE = 50_000
_copy = _ProcessCopy()


def forget_copied_versions():
    """Start this process's copy of the versions again (the database was emptied or replaced
    under it: a test database flushed, a restore)."""
    global _copy
    _copy = _ProcessCopy()


def _versions_now(names):
    """{name: version} for `names` and "*": from the process's copy, or from the database
    inside a transaction (which may hold changes of its own not committed yet)."""
    if connection.in_atomic_block:
        rows = _read_versions(names | {EVERY_CHANGE})
        if rows is None:
            return None
        return {name: rows.get(name, 0) for name in names | {EVERY_CHANGE}}
    return _copy.get(frozenset(names))


@contextlib.contextmanager
def request_scope():
    """Within a request, versions are read from the database once, when first needed."""
    token = _request_versions.set({})
    try:
        yield
    finally:
        _request_versions.reset(token)


def versions(tags=()):
    """{tag: version} for `tags`, "*" and the shared collections; None when the database
    cannot be reached. Within a request each is read once (from the process's copy, or the
    database inside a transaction): the first call reads them all together, a later one only
    the tags not read yet, so that the request sees one set of versions."""
    memo = _request_versions.get()
    if memo is None:
        return _versions_now({EVERY_CHANGE, *cache_tags.COLLECTIONS, *tags})
    if memo.get(EVERY_CHANGE) is False:
        return None
    wanted = set(tags) if memo else {EVERY_CHANGE, *cache_tags.COLLECTIONS, *tags}
    missing = wanted - memo.keys()
    if missing:
        read = _versions_now(missing)
        if read is None:
            memo[EVERY_CHANGE] = False
            return None
        memo.update(read)
    return memo


def change_number():
    """The number of the latest change (None: the database cannot be reached): a value
    computed after reading it is cached with it."""
    read = versions()
    return None if read is None else read[EVERY_CHANGE]


def is_current(number, tags, read):
    """A value cached with the change number `number` and showing `tags` is current with the
    versions `read`."""
    return all(read.get(tag, 0) <= number for tag in tags)


def _raise_counter():
    table = connection.ops.quote_name(CacheTagVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET version = version + 1 WHERE name = %s RETURNING version",
            [EVERY_CHANGE],
        )
        row = cursor.fetchone()
    if row:
        return row[0]
    try:
        with transaction.atomic():
            # A clock reading: far above the 0 of tags in a database where nothing was purged
            # yet, so pages a cache holds from an older database are not taken as current.
            return CacheTagVersion.objects.create(name=EVERY_CHANGE, version=time.time_ns()).version
    except IntegrityError:  # another process created it first
        return _raise_counter()


def purge(*tags):
    """Drop every cached value that shows one of `tags`: raises their versions in the caller's
    transaction (so exactly when the content changes), and asks the front caches to drop
    their pages once it commits."""
    tags = set(tags)
    # "*" and the tags commit together, also for a save made outside a transaction: a process
    # that read the new "*" must find every tag of that change above the "*" it read before
    # (_ProcessCopy).
    with transaction.atomic(savepoint=False):
        number = _raise_counter()
        CacheTagVersion.objects.bulk_create(
            [CacheTagVersion(name=tag, version=number) for tag in sorted(tags)],
            update_conflicts=True,
            unique_fields=["name"],
            update_fields=["version"],
        )
    memo = _request_versions.get()
    if memo is not None:
        memo.clear()
    _after_commit(tags, number)


class _Committed:
    """The tags purged in one transaction and the number of its last change: once it commits,
    they go into this process's copy of the versions and to the front caches (one purge per
    transaction)."""

    def __init__(self):
        self.tags = set()
        self.number = 0
        self.done = False

    def __call__(self):
        self.done = True
        _copy.saw(self.tags, self.number)
        front_caches.purge_now(self.tags)


# The current transaction's `_Committed`, per thread, held weakly: Django drops the callbacks
# of a transaction or savepoint rolled back, and with them the only strong reference to it, so
# a dropped one is never added to (and a rolled-back change purges nothing).
_pending = threading.local()


def _after_commit(tags, number):
    if not connection.in_atomic_block:
        committed = _Committed()
        committed.tags, committed.number = tags, number
        committed()
        return
    reference = getattr(_pending, "committed", None)
    committed = reference() if reference is not None else None
    if committed is None or committed.done:
        committed = _Committed()
        _pending.committed = weakref.ref(committed)
        # robust: a front cache or anything else failing never fails the save.
        transaction.on_commit(committed, robust=True)
    committed.tags.update(tags)
    committed.number = max(committed.number, number)


def content_changed(**kwargs):
    """Drop everything derived from the content (for writes that cannot say what they
    touched)."""
    purge(cache_tags.SITE)


def publishable_models():
    """Every concrete model built on the shared publication rule, whatever its app."""
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def _next_publication_time():
    """Unix time of the next scheduled publication of anything publishable, or None.

    One query for all the models (a UNION of each one's earliest scheduled time), so the
    request that computes it runs no more queries when a publishable model is added.
    """
    firsts = [
        # Grouped by status (one group: published) so that each part is a row, not an
        # aggregate, and the parts can be joined; order_by() drops the models' orderings.
        model.objects.scheduled().order_by().values("status").annotate(first=Min("published_at"))
        .values_list("first", flat=True)
        for model in publishable_models()
    ]
    if not firsts:
        return None
    upcoming = min(filter(None, firsts[0].union(*firsts[1:], all=True)), default=None)
    return upcoming.timestamp() if upcoming else None


def lifetime(current_number):
    """Whole seconds a value derived now may be cached (0: do not cache it)."""
    key = f"content:next-publication:{current_number}"
    next_time = cache.get(key, _MISSING)
    if next_time is _MISSING or (next_time is not None and next_time <= time.time()):
        next_time = _next_publication_time()
        cache.set(key, next_time, settings.CONTENT_CACHE_SECONDS)
    seconds = settings.CONTENT_CACHE_SECONDS
    if next_time is not None:
        seconds = min(seconds, next_time - time.time())
    # Rounded down: a value may go a little early, never late.
    return max(math.floor(seconds), 0)


def expiry(current_number):
    """The Unix time until which a value about to be computed may be cached (None: not at all).
    Read before computing it: a publication that falls due while it is computed must not be
    left out of it for a whole lifetime."""
    seconds = lifetime(current_number)
    return time.time() + seconds if seconds else None


def seconds_left(expires):
    """Whole seconds from now to `expires` (an `expiry`), rounded down; 0 for none."""
    return max(math.floor(expires - time.time()), 0) if expires else 0


def site_address(request):
    """The request's scheme and host (`https://www.iom.int`), which cached values with links
    (pages, parts) depend on: read once per request (checking the host costs)."""
    address = getattr(request, "_site_address", None)
    if address is None:
        address = request._site_address = f"{request.scheme}://{request.get_host()}"
    return address


def name_for(kind, *depends_on):
    """The name of a cached value of `kind` in the current language that also depends on
    `depends_on` (an address, a query...): given as a digest, so any text makes a short key
    every cache accepts."""
    digest = hashlib.sha256("|".join(map(str, depends_on)).encode()).hexdigest()
    return f"{kind}:{get_language()}:{digest}"


def _cached_entry(stored):
    """A cache entry of `remember` or `remember_many` as (change number, tags, value, tags read
    along with them); None for none, or for one another version of the site cached."""
    return stored if isinstance(stored, tuple) and len(stored) == 4 else None


def remember(name, compute, also=None):
    """`compute()`, or its value cached by an earlier call while what it shows is unchanged.
    `name` must say everything the value depends on besides the content (e.g. the language);
    `compute` says what it shows with `cache_tags.add()`, and those tags count for the
    request too (a page that shows a remembered value is purged with it). `also(value)` gives
    the tags of values the caller looks up next with this one (a page's items): their
    versions are read in the same query, and the value does not depend on them."""
    if not enabled():
        with cache_tags.collecting():
            return compute()
    key = f"content:{name}"
    stored = _cached_entry(cache.get(key))
    # The cache first: the versions of the value's own tags are then read with the request's
    # shared ones, in its one query, when this is the request's first look-up.
    read = versions({*stored[1], *stored[3]} if stored is not None else ())
    if read is None:
        with cache_tags.collecting():
            return compute()
    if stored is not None and is_current(stored[0], stored[1], read):
        cache_tags.add(*stored[1])
        return stored[2]
    current = read[EVERY_CHANGE]
    expires = expiry(current)
    with cache_tags.collecting() as tags:
        value = compute()
    seconds = seconds_left(expires)
    if seconds:
        # Everything derived from the content goes with `site` too (content_changed).
        entry = frozenset({cache_tags.SITE, *tags}), value, frozenset(also(value) if also else ())
        cache.set(key, (current, *entry), seconds)
    return value


def remember_many(names, compute_missing):
    """{name: value} for every name in `names`: like `remember`, for many values at once, with
    one cache read, one read of versions and one `compute_missing` call for those missing or
    out of date (e.g. the items of a list: one query for the items a change dropped, not one
    per item). `compute_missing(missing_names)` returns {name: value}, and says what each
    value shows by adding its tags inside `cache_tags.collecting_for(name)`."""
    names = list(dict.fromkeys(names))
    read = None
    found = {}
    if enabled():
        stored = cache.get_many([f"content:{name}" for name in names]) if names else {}
        stored = {key: entry for key, entry in stored.items() if _cached_entry(entry)}
        read = versions(set().union(*(entry[1] for entry in stored.values())))
        if read is not None:
            for name in names:
                entry = stored.get(f"content:{name}")
                if entry is not None and is_current(entry[0], entry[1], read):
                    found[name] = entry[2]
                    cache_tags.add(*entry[1])
    missing = [name for name in names if name not in found]
    if not missing:
        return found
    expires = expiry(read[EVERY_CHANGE]) if read is not None else None
    with cache_tags.collecting_each() as tags_of:
        computed = compute_missing(missing)
    found.update(computed)
    seconds = seconds_left(expires)
    if seconds:
        cache.set_many(
            {
                f"content:{name}": (
                    read[EVERY_CHANGE], frozenset({cache_tags.SITE, *tags_of(name)}), value,
                    frozenset(),
                )
                for name, value in computed.items()
            },
            seconds,
        )
    return found
