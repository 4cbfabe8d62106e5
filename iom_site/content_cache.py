"""Values derived from the site's content, kept in the cache until the content changes.

What the public sees changes in two ways only: an editor saves or deletes something of the
`organisation` or `newsroom` apps, or the public time of something scheduled comes (a release,
a page: every `Publishable` model). So every derived value
(the header's organisation and menu, list counts, whole anonymous pages in
`iom_site.page_cache`) is stored under the content's current *generation*, a number in the
cache that every save, delete and many-to-many change bumps: entries of an older generation
are never read again. And nothing is kept past the next scheduled `published_at` of any
publishable model, so that a scheduled release or page (and the menu entry and links to it)
still goes public exactly on time, without a cron job.

The lifetime is also capped by `CONTENT_CACHE_SECONDS` (0 turns these caches off). With a
cache shared by every process (Redis) a change is seen at once everywhere. With the local-memory
cache each process has its own copy, and a save made in one process bumps only its own
generation: the cap is then also the longest that another process can show the old content.
"""

import math
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save

from iom_site.core.publishing import Publishable

GENERATION_KEY = "content:generation"
CONTENT_APPS = ("organisation", "newsroom")
_MISSING = object()


def enabled():
    return settings.CONTENT_CACHE_SECONDS > 0


def generation():
    """The content's current generation number."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # First use, or evicted from a full cache: a number no earlier generation can have
        # had (incr only ever adds a few to a clock reading), so nothing stale can match.
        value = time.time_ns()
        if not cache.add(GENERATION_KEY, value, timeout=None):
            value = cache.get(GENERATION_KEY, value)  # another process was first
    return value


def _bump():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache: a fresh generation is a change too
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def content_changed(**kwargs):
    """Drop everything derived from the content (a signal receiver, or call it directly after
    writes that send no signals). Bumped now, for this process's next reads, and again when
    the transaction commits: a request that read the old rows meanwhile may have stored a page
    under the new generation."""
    _bump()
    transaction.on_commit(_bump)


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
    if not enabled():
        return compute()
    current = generation()
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
