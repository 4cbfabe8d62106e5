from modeltranslation.translator import TranslationOptions, register

from .models import Correction, NewsRelease, PressContact, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(PressContact)
class PressContactTranslation(TranslationOptions):
    fields = ("role",)


@register(NewsRelease)
class NewsReleaseTranslation(TranslationOptions):
    fields = (
        "title",
        "dateline",
        "lead",
        "body",
        "image_alt",
        "image_caption",
        "image_usage_terms",
        "withdrawal_reason",
    )


@register(Correction)
class CorrectionTranslation(TranslationOptions):
    fields = ("note",)
