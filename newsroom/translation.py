"""Translated fields, as core.language_policy declares them."""

from modeltranslation.translator import TranslationOptions, register

from core.language_policy import TRANSLATED_FIELDS

from .models import Correction, NewsRelease, PressContact, Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["newsroom.Theme"]


@register(PressContact)
class PressContactTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["newsroom.PressContact"]


@register(NewsRelease)
class NewsReleaseTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["newsroom.NewsRelease"]


@register(Correction)
class CorrectionTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["newsroom.Correction"]
