from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IomSiteConfig(AppConfig):
    name = "iom_site"
    verbose_name = _("Site")

    def ready(self):
        from . import purge_rules

        purge_rules.connect_signals()
