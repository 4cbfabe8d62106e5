"""Which change purges which cache tags: the one place that says it (docs/caching.md has the
table). Applied by the write path (iom_site.core.write_path), so a save through the admin, a
service, a command, an import or the shell, a bulk write and a delete purge the same.

Every model of the content apps is covered (a test checks that each takes the write path): one
without a rule of its own purges everything (`site`), so a model added later is never served
stale, only purged too widely.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed

from iom_site import cache_tags as tags
from iom_site.content_cache import purge

CONTENT_APPS = ("organisation", "newsroom")

# Release columns (every language's, by their base name) that decide which releases a list,
# feed, filter or the sitemap shows, and where. Not the text: a search shows the releases it
# found (their tags), and an edit that makes a release match a search it did not appear in
# reaches that search with the next change of the list or when the page's lifetime ends
# (CONTENT_CACHE_SECONDS), not at once: purging every search on every correction would cost
# more than the rest of the site (docs/caching.md).
RELEASE_LISTING = {"status", "published_at", "kind", "countries", "slug", "original_language"}


def _base_name(field):
    # modeltranslation's columns are the field's name and a language: slug_fr -> slug.
    return getattr(field, "translated_field", field).name


def base_names(model, columns):
    """The fields' names of `columns` (every language's column by its field's name)."""
    return {_base_name(model._meta.get_field(column)) for column in columns}


def watched_columns(model):
    """The columns whose change decides which tags a save purges (the write path compares
    them with the stored row)."""
    if model._meta.label_lower != "newsroom.newsrelease":
        return []
    return [
        field.attname for field in model._meta.concrete_fields
        if _base_name(field) in RELEASE_LISTING
    ]


def _release_change(pks, changed):
    """`changed`: base names of the columns changed (None: new, deleted, or unknown)."""
    # Not the sitemaps' tag for a change of text only: see iom_site.sitemaps.
    purged = set(map(tags.release, pks))
    if changed is None or changed & RELEASE_LISTING:
        purged.add(tags.RELEASES)
    return purged


def release_tags(pk, changed=None):
    return _release_change([pk], changed)


def _page_tags(page):
    from organisation.models import MenuItem

    purged = {tags.page(page.pk), tags.PAGES}
    if MenuItem.objects.filter(page_id=page.pk).exists():
        purged.add(tags.MENU)
    return purged


# model label -> tags purged when one object of it changes (pk, instance or None, changed
# columns or None).
RULES = {
    "newsroom.newsrelease": lambda pk, instance, changed: release_tags(pk, changed),
    "newsroom.correction": lambda pk, instance, changed: {tags.release(instance.release_id)},
    "newsroom.releasecontact": lambda pk, instance, changed: {tags.release(instance.release_id)},
    "newsroom.theme": lambda pk, instance, changed: {tags.THEMES},
    "newsroom.presscontact": lambda pk, instance, changed: {tags.contact(pk), tags.CONTACTS},
    "organisation.organisation": lambda pk, instance, changed: {tags.ORGANISATION},
    "organisation.menuitem": lambda pk, instance, changed: {tags.MENU},
    "organisation.page": lambda pk, instance, changed: _page_tags(instance),
    "organisation.unit": lambda pk, instance, changed: {tags.UNITS},
    "organisation.person": lambda pk, instance, changed: {tags.PEOPLE},
    "organisation.position": lambda pk, instance, changed: {tags.PEOPLE, tags.UNITS},
    "organisation.office": lambda pk, instance, changed: {tags.OFFICES},
    "organisation.region": lambda pk, instance, changed: {tags.REGIONS},
}


def tags_for(model, pk, instance=None, changed=None):
    """The tags a change of `model`'s object `pk` purges (`instance`: the object, if at hand)."""
    rule = RULES.get(model._meta.label_lower)
    if rule is None:
        return {tags.SITE}
    if instance is None:
        instance = model._base_manager.filter(pk=pk).first()
        if instance is None:
            return {tags.SITE}
    return rule(pk, instance, changed)


def tags_for_rows(model, rows, changed=None):
    """The tags a write of many `rows` of `model` at once purges (`changed`: base names of the
    columns written, None: any)."""
    if len(rows) > 1000 or any(row.pk is None for row in rows):
        return {tags.SITE}
    purged = set()
    for row in rows:
        purged |= tags_for(model, row.pk, row, changed)
    return purged


def _relinked(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A many-to-many change: both sides changed (a release's themes: the release, and
    the lists filtered by theme)."""
    if not action.startswith("post_"):
        return
    purged = tags_for(type(instance), instance.pk, instance, None)
    for pk in pk_set or ():
        purged |= tags_for(model, pk)
    purge(*purged)


def connect_signals():
    """Every many-to-many link of the content apps purges both sides when it changes (saves,
    deletes and bulk writes purge through the write path, iom_site.core.write_path)."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            # Sent with the table of links (auto-created, or a model "through" them) as sender.
            m2m_changed.connect(
                _relinked, sender=model, dispatch_uid=f"purge-{model._meta.label_lower}-m2m"
            )
