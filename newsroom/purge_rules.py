"""The newsroom's purge rules (applied by the write path: core.write_path.cover)."""

from core import cache_tags as tags

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


# model name -> tags purged when one object of it changes (see core.purge_rules.declare).
RULES = {
    "newsrelease": lambda pk, instance, changed: release_tags(pk, changed),
    "correction": lambda pk, instance, changed: {tags.release(instance.release_id)},
    "releasecontact": lambda pk, instance, changed: {tags.release(instance.release_id)},
    "theme": lambda pk, instance, changed: {tags.THEMES},
    "presscontact": lambda pk, instance, changed: {tags.contact(pk), tags.CONTACTS},
}
# Whether a release's change reaches the lists depends on the columns changed.
WATCHED = {"newsrelease": RELEASE_LISTING}
