from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    label = "core"
    verbose_name = _("Editorial records")

    def ready(self):
        # deploy_checks registers the deployment checks (core.E002 to core.E005); text_fold
        # registers SQLite's accent-free search function on each connection.
        from . import admin_activity, deploy_checks, role_changes, text_fold  # noqa: F401

        # The content apps put their models on the write path themselves
        # (core.write_path.cover, from their ready()): this package imports no app.
        role_changes.connect()
        # Searches compare text without case or accents; SQLite needs the function for it.
        text_fold.register()
        # `core/admin.py` is not the only admin module here: the activity log's admin (and
        # the user and group admins that log role changes) live in their own.
        admin_activity.register()
