from modeltranslation.translator import TranslationOptions, register

from .models import NewsRelease, PressContact, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(PressContact)
class PressContactTranslation(TranslationOptions):
    fields = ("role",)


@register(NewsRelease)
class NewsReleaseTranslation(TranslationOptions):
    fields = ("title", "dateline", "lead", "body", "image_alt", "image_caption")
