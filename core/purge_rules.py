"""Which change purges which cache tags. Each content app declares the rules of its models
from its AppConfig.ready() (`cover`; docs/caching.md has the table); this module hangs them on
the models' signals, so a save through the admin, a service, a command, an import or the shell
purges the same; bulk writes (which send no signals) purge from the app's queryset.

Every model of a covered app is covered: one without a rule of its own purges everything
(`site`), so a model added later is never served stale, only purged too widely.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from core import cache_tags as tags
from core.content_cache import purge

# model label -> tags purged when one object of it changes (pk, instance or None, changed
# columns or None), declared by the apps (`cover`).
RULES = {}


def base_name(field):
    """modeltranslation's columns are the field's name and a language: slug_fr -> slug."""
    return getattr(field, "translated_field", field).name


def _changed_columns(instance):
    """Base names of the columns whose saved value differs from what `instance` had when
    `pre_save` read it (None for a new object)."""
    old = getattr(instance, "_purge_old_values", None)
    if old is None:
        return None
    return {
        base_name(field)
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


def cover(app_config, rules, tracked=()):
    """Purge by `rules` ({model name: rule}) when an object of a model of `app_config` (its
    many-to-many tables included) is saved, deleted or relinked. The rules of the models named
    in `tracked` are told which columns changed (their row is read again before each save).
    Called from the app's ready(), once its models are loaded."""
    for model in app_config.get_models(include_auto_created=True):
        label = model._meta.label_lower
        uid = f"purge-{label}"
        if model._meta.model_name in rules:
            RULES[label] = rules[model._meta.model_name]
        if model._meta.model_name in tracked:
            pre_save.connect(_remember_old_values, sender=model, dispatch_uid=f"{uid}-old")
        # Sent with the table of links (auto-created, or a model "through" them) as sender.
        m2m_changed.connect(_relinked, sender=model, dispatch_uid=f"{uid}-m2m")
        if model._meta.auto_created:
            continue
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-delete")
