"""Values derived from the site's content, kept in the cache until the content changes.

What the public sees changes in two ways only: an editor saves or deletes something of the
`organisation` or `newsroom` apps, or the public time of something scheduled comes (a release,
a page: every `Publishable` model). So every derived value
(the header's organisation and menu, list counts, whole anonymous pages in
`iom_site.page_cache`) is stored under the content's current *generation*, and nothing is kept
past the next scheduled `published_at` of any publishable model, so that a scheduled release or
page (and the menu entry and links to it) still goes public exactly on time, without a cron job.

The generation is a number in the database (`iom_site.core.models.ContentVersion`), raised by
every save, delete and many-to-many change in the same transaction as the change itself, and
read once per request (one primary-key lookup, also on a page-cache hit). So:
- every process sees a change at once, whatever the cache: with each worker's own local memory
  as with Redis;
- the cache is never trusted to know what is current: a change made while Redis was down, hung
  or full cannot let an older page come back when it returns (the page is stamped with an older
  generation than the database's);
- a request reads the generation before any content, and a change raises it in the transaction
  that writes the content: a value stamped with a generation holds content at least that new.

The lifetime is also capped by `CONTENT_CACHE_SECONDS` (0 turns these caches off).
"""

import contextlib
import contextvars
import math
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Min
from django.db.models.signals import m2m_changed, post_delete, post_save

from iom_site.core.models import ContentVersion
from iom_site.core.publishing import Publishable

CONTENT_APPS = ("organisation", "newsroom")
_MISSING = object()
_VERSION_ROW = 1
# Raw SQL: this runs on every public request, page-cache hits included, and the ORM's query
# building would cost more than the lookup itself.
_READ_SQL = "SELECT value FROM {table} WHERE id = %s"
# The generation read in the current request (see `request_scope`).
_request_generation = contextvars.ContextVar("content_generation", default=None)


def enabled():
    return settings.CONTENT_CACHE_SECONDS > 0


def _read_generation():
    """The generation in the database; None when the database cannot be reached (then nothing
    can change either, and the page cache may serve what it has)."""
    table = connection.ops.quote_name(ContentVersion._meta.db_table)
    for attempt in (1, 2):
        fresh = connection.connection is None
        # This lookup is itself the test of a kept connection: Django's health check (a
        # "SELECT 1" before a request's first query) would double the round trips of a
        # page-cache hit, so it is marked done, and a failed lookup is retried once on a new
        # connection, as the check would have made.
        connection.health_check_done = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(_READ_SQL.format(table=table), [_VERSION_ROW])
                row = cursor.fetchone()
            break
        except (OperationalError, InterfaceError):
            # A new connection that failed means the database cannot be reached: trying again
            # would only wait out the connect timeout once more. A kept one may just be stale.
            if attempt == 2 or fresh or connection.in_atomic_block:
                return None
            connection.close()
    # No row yet (a new database): 0, which no raised generation can equal.
    return row[0] if row else 0


@contextlib.contextmanager
def request_scope():
    """Within a request, the generation is read from the database once, when first needed."""
    token = _request_generation.set({})
    try:
        yield
    finally:
        _request_generation.reset(token)


def generation():
    """The content's current generation number (None: the database cannot be reached)."""
    memo = _request_generation.get()
    if memo is None:
        return _read_generation()
    if "value" not in memo:
        memo["value"] = _read_generation()
    return memo["value"]


def _bump():
    versions = ContentVersion.objects.filter(pk=_VERSION_ROW)
    if versions.update(value=F("value") + 1):
        return
    try:
        with transaction.atomic():
            # A clock reading: far above the 0 that pages were stamped with before the row was.
            ContentVersion.objects.create(pk=_VERSION_ROW, value=time.time_ns())
    except IntegrityError:  # another process created it first
        versions.update(value=F("value") + 1)


def content_changed(**kwargs):
    """Drop everything derived from the content (a signal receiver, or call it directly after
    writes that send no signals): raises the generation in the caller's transaction, so that
    it changes exactly when the content does."""
    _bump()
    memo = _request_generation.get()
    if memo is not None:
        memo.pop("value", None)


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


def lifetime(current_generation):
    """Whole seconds a value derived now may be kept (0: do not keep it)."""
    key = f"content:next-publication:{current_generation}"
    next_time = cache.get(key, _MISSING)
    if next_time is _MISSING or (next_time is not None and next_time <= time.time()):
        next_time = _next_publication_time()
        cache.set(key, next_time, settings.CONTENT_CACHE_SECONDS)
    seconds = settings.CONTENT_CACHE_SECONDS
    if next_time is not None:
        seconds = min(seconds, next_time - time.time())
    # Rounded down: a value may go a little early, never late.
    return max(math.floor(seconds), 0)


def remember(name, compute):
    """`compute()`, or its value kept from an earlier call in this generation. `name` must say
    everything the value depends on besides the content (e.g. the language)."""
    current = generation() if enabled() else None
    if current is None:
        return compute()
    key = f"content:{current}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        seconds = lifetime(current)
        if seconds:
            cache.set(key, value, seconds)
    return value


def connect_signals():
    """Every model of the content apps (their many-to-many tables included) bumps the
    generation when saved, deleted or relinked."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            post_save.connect(content_changed, sender=model, dispatch_uid=f"content-save-{model}")
            post_delete.connect(
                content_changed, sender=model, dispatch_uid=f"content-delete-{model}"
            )
            m2m_changed.connect(_relinked, sender=model, dispatch_uid=f"content-m2m-{model}")


def _relinked(action, **kwargs):
    if action.startswith("post_"):
        content_changed()
