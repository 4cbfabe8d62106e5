"""Which change purges which cache tags. Each content app declares the rules of its models
from its AppConfig.ready() (`core.write_path.cover`; docs/caching.md has the table); the write
path applies them, so a save through the admin, a service, a command, an import or the shell,
a bulk write and a delete purge the same.

Every model of a covered app is covered: one without a rule of its own purges everything
(`site`), so a model added later is never served stale, only purged too widely.
"""

from django.db.models.signals import m2m_changed

from core import cache_tags as tags
from core.content_cache import purge

# model label -> tags purged when one object of it changes (pk, instance or None, changed
# columns or None), declared by the apps.
RULES = {}
# model label -> base names of the columns whose change its rule needs to be told.
WATCHED = {}


def base_name(field):
    """modeltranslation's columns are the field's name and a language: slug_fr -> slug."""
    return getattr(field, "translated_field", field).name


def base_names(model, columns):
    """The fields' names of `columns` (every language's column by its field's name)."""
    return {base_name(model._meta.get_field(column)) for column in columns}


def watched_columns(model):
    """The columns whose change decides which tags a save purges (the write path compares
    them with the stored row)."""
    watched = WATCHED.get(model._meta.label_lower, ())
    return [field.attname for field in model._meta.concrete_fields if base_name(field) in watched]


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


def declare(app_config, rules, watched=None):
    """Record the purge rules of `app_config`'s models ({model name: rule}) and the columns
    each rule needs to be told about ({model name: base names}); every many-to-many link of
    the app purges both sides when it changes (saves, deletes and bulk writes purge through
    the write path)."""
    for model in app_config.get_models(include_auto_created=True):
        label = model._meta.label_lower
        name = model._meta.model_name
        if name in rules:
            RULES[label] = rules[name]
        if watched and name in watched:
            WATCHED[label] = set(watched[name])
        # Sent with the table of links (auto-created, or a model "through" them) as sender.
        m2m_changed.connect(_relinked, sender=model, dispatch_uid=f"purge-{label}-m2m")
