"""The newsroom's purge rules (core.purge_rules hangs them on the models' signals)."""

from django.apps import apps

from core import cache_tags as tags
from core.purge_rules import base_name

# Release columns (every language's, by their base name) that decide which releases a list,
# feed, filter or the sitemap shows, and where. Not the text: a search shows the releases it
# found (their tags), and an edit that makes a release match a search it did not appear in
# reaches that search with the next change of the list or when the page's lifetime ends
# (CONTENT_CACHE_SECONDS), not at once: purging every search on every correction would cost
# more than the rest of the site (docs/caching.md).
RELEASE_LISTING = {"status", "published_at", "kind", "countries", "slug", "original_language"}


def _release_change(pks, changed):
    """`changed`: base names of the columns changed (None: new, deleted, or unknown)."""
    # Not the sitemaps' tag for a change of text only: see iom_site.sitemaps.
    purged = set(map(tags.release, pks))
    if changed is None or changed & RELEASE_LISTING:
        purged.add(tags.RELEASES)
    return purged


def release_tags(pk, changed=None):
    return _release_change([pk], changed)


def releases_rewritten(pks, fields=None):
    """Tags for releases changed by a bulk write (no signals, no old values): `fields`, the
    columns written (None: any)."""
    if len(pks) > 1000 or None in pks:
        return {tags.SITE}
    changed = None
    if fields is not None:
        meta = apps.get_model("newsroom", "NewsRelease")._meta
        changed = {base_name(meta.get_field(name)) for name in fields}
    return _release_change(pks, changed)


# model name -> tags purged when one object of it changes (see core.purge_rules.cover).
RULES = {
    "newsrelease": lambda pk, instance, changed: release_tags(pk, changed),
    "correction": lambda pk, instance, changed: {tags.release(instance.release_id)},
    "releasecontact": lambda pk, instance, changed: {tags.release(instance.release_id)},
    "theme": lambda pk, instance, changed: {tags.THEMES},
    "presscontact": lambda pk, instance, changed: {tags.contact(pk), tags.CONTACTS},
}
# Whether a release's change reaches the lists depends on the columns changed.
TRACKED = ("newsrelease",)
