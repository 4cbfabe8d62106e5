"""Which change purges which cache tags: the one place that says it (docs/caching.md has the
table). Hung on the models' signals, so a save through the admin, a service, a command, an
import or the shell purges the same; bulk writes (which send no signals) purge from
`NewsReleaseQuerySet`.

Every model of the content apps is covered: one without a rule of its own purges everything
(`site`), so a model added later is never served stale, only purged too widely.
"""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from core import cache_tags as tags
from core.content_cache import purge

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


def _changed_columns(instance):
    """Base names of the columns whose saved value differs from what `instance` had when
    `pre_save` read it (None for a new object)."""
    old = getattr(instance, "_purge_old_values", None)
    if old is None:
        return None
    return {
        _base_name(field)
        for field in instance._meta.concrete_fields
        if old.get(field.attname) != _comparable(field, instance)
    }


def _comparable(field, instance):
    return str(field.value_from_object(instance))


def _remember_old_values(sender, instance, raw=False, **kwargs):
    if instance.pk is None or instance._state.adding:
        instance._purge_old_values = None
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._purge_old_values = (
        None if old is None else {
            field.attname: _comparable(field, old) for field in sender._meta.concrete_fields
        }
    )


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
        changed = {_base_name(meta.get_field(name)) for name in fields}
    return _release_change(pks, changed)


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


def _saved(sender, instance, created=False, raw=False, **kwargs):
    changed = None if created else _changed_columns(instance)
    purge(*tags_for(sender, instance.pk, instance, changed))


def _deleted(sender, instance, **kwargs):
    purge(*tags_for(sender, instance.pk, instance, None))


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
    """Every model of the content apps (their many-to-many tables included) purges its tags
    when saved, deleted or relinked."""
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"purge-{model._meta.label_lower}"
            if model._meta.label_lower == "newsroom.newsrelease":
                pre_save.connect(_remember_old_values, sender=model, dispatch_uid=f"{uid}-old")
            # Sent with the table of links (auto-created, or a model "through" them) as sender.
            m2m_changed.connect(_relinked, sender=model, dispatch_uid=f"{uid}-m2m")
            if model._meta.auto_created:
                continue
            post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete")
