from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        # Here, not in models.py: a revision holds the per-language columns, which
        # modeltranslation adds to the models only once the apps are loaded.
        from .revisions import register_models

        register_models()
