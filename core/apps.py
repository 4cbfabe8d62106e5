from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    label = "core"
    verbose_name = _("Editorial records")

    def ready(self):
        from . import admin_activity, role_changes, translation_state
        from .media import OwnsFiles, files_deleted, files_replaced
        from .redirects import KeepsOldSlugs, follow_raw_save, forget_old_slugs

        # Found by their base class, not by app label: this package imports no app. One
        # receiver per model, so the other models' deletes keep their fast path.
        for model in apps.get_models():
            if issubclass(model, KeepsOldSlugs):
                pre_save.connect(follow_raw_save, sender=model, weak=False)
                post_delete.connect(forget_old_slugs, sender=model, weak=False)
            if issubclass(model, OwnsFiles):
                post_save.connect(files_replaced, sender=model, weak=False)
                post_delete.connect(files_deleted, sender=model, weak=False)

        role_changes.connect()
        # `core/admin.py` is not the only admin module here: the activity log's admin (and
        # the user and group admins that log role changes) live in their own.
        admin_activity.register()
        # After every model's own pre_save receivers (connected when models.py is imported).
        translation_state.connect_signals()
