from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    label = "core"
    verbose_name = _("Editorial records")

    def ready(self):
        from . import admin_activity, role_changes, text_fold

        # The content apps put their models on the write path themselves
        # (core.write_path.cover, from their ready()): this package imports no app.
        role_changes.connect()
        # Searches compare text without case or accents; SQLite needs the function for it.
        text_fold.register()
        # `core/admin.py` is not the only admin module here: the activity log's admin (and
        # the user and group admins that log role changes) live in their own.
        admin_activity.register()
