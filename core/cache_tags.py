"""Cache tags: what a public response shows, named so that a change can purge exactly the
pages that showed it (in the app's page cache and in the front caches, docs/caching.md).

A view (or a remembered value, core.content_cache) says what it shows with `add(...)`
while the request runs; the page cache stores the page under those tags and sends them to
the front caches in the `xkey` header. The changes that purge each tag are in
core.purge_rules.

Names: `<kind>:<pk>` for one object (`release:42`), a plain word for a collection or a
shared part (`releases`, `menu`). Collections are read with every request's first read of
versions, so that cached values tagged with them cost no read more: keep them few.
"""

import contextlib
import contextvars

# Every public response: a change that cannot say what it touched purges everything.
SITE = "site"
MENU = "menu"
ORGANISATION = "organisation"
# Which releases are public, in which order and under which filters (lists, feeds, home, the
# sitemap, facets and counts): raised by a new, deleted or (un)published release, a change of
# its time, kind, countries, themes or slug; not by a correction of its text.
RELEASES = "releases"
THEMES = "themes"
CONTACTS = "contacts"
OFFICES = "offices"
REGIONS = "regions"
PAGES = "pages"
UNITS = "units"
PEOPLE = "people"

COLLECTIONS = (
    SITE, MENU, ORGANISATION, RELEASES, THEMES, CONTACTS,
    OFFICES, REGIONS, PAGES, UNITS, PEOPLE,
)


def release(pk):
    return f"release:{pk}"


def contact(pk):
    return f"contact:{pk}"


def page(pk):
    return f"page:{pk}"


# The tags collected for the current request (a set), or None outside a request.
_collected = contextvars.ContextVar("cache_tags", default=None)


def add(*tags):
    """Say that the response being built shows these."""
    collected = _collected.get()
    if collected is not None:
        collected.update(tags)


def add_releases(releases):
    add(*(release(item.pk) for item in releases))


@contextlib.contextmanager
def collecting():
    """Collect the tags added inside (a request, a remembered value's computation); yields
    the set. Tags collected inside a nested block also count for the enclosing one."""
    outer = _collected.get()
    tags = set()
    token = _collected.set(tags)
    try:
        yield tags
    finally:
        _collected.reset(token)
        if outer is not None:
            outer.update(tags)


# While `collecting_each` runs: {name: set of tags} of the values being computed.
_collected_each = contextvars.ContextVar("cache_tags_each", default=None)


@contextlib.contextmanager
def collecting_each():
    """Collect tags separately for each of several values computed together (see
    `collecting_for`); yields a function giving the tags of a value by name. All of them
    also count for the enclosing block."""
    each = {}
    token = _collected_each.set(each)
    try:
        yield lambda name: each.get(name, set())
    finally:
        _collected_each.reset(token)


@contextlib.contextmanager
def collecting_for(name):
    """Inside `collecting_each`: the tags added here are those of the value `name`."""
    with collecting() as tags:
        yield tags
    each = _collected_each.get()
    if each is not None:
        each.setdefault(name, set()).update(tags)
