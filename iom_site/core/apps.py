from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "iom_site.core"
    label = "core"
    verbose_name = _("Editorial records")

    def ready(self):
        from . import admin_activity, login_log, role_changes, write_path

        # Found by their base class, not by app label: this package imports no app.
        write_path.connect(apps.get_models())

        login_log.connect()
        role_changes.connect()
        # `core/admin.py` is not the only admin module here: the activity log's admin (and
        # the user and group admins that log role changes) live in their own.
        admin_activity.register()
