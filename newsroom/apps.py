from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from core.translation_exchange import exchange
        from core.write_path import cover

        from . import purge_rules
        from .revisions import register_models

        # The write path first: its post_save reads back the version a save moved on to,
        # before the revision (connected by register_models) takes the object.
        cover(self, purge_rules.RULES, watched=purge_rules.WATCHED)
        # Revisions here, not in models.py: a revision holds the per-language columns, which
        # modeltranslation adds to the models only once the apps are loaded.
        register_models()
        exchange("release", self.get_model("NewsRelease"))
