from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from core.purge_rules import cover
        from core.translation_exchange import exchange

        from . import purge_rules
        from .revisions import register_models

        # Here, not in models.py: a revision holds the per-language columns, which
        # modeltranslation adds to the models only once the apps are loaded.
        register_models()
        cover(self, purge_rules.RULES)
        exchange("page", self.get_model("Page"))
