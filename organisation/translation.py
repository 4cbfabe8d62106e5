"""Translated fields, as core.language_policy declares them."""

from modeltranslation.translator import TranslationOptions, register

from core.language_policy import TRANSLATED_FIELDS

from .models import MenuItem, Office, Organisation, Page, Person, Position, Region, Unit


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["organisation.Organisation"]


@register(Unit)
class UnitTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["organisation.Unit"]


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["organisation.Person"]


@register(Position)
class PositionTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["organisation.Position"]


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["organisation.Region"]


@register(Office)
class OfficeTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["organisation.Office"]


@register(Page)
class PageTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["organisation.Page"]


@register(MenuItem)
class MenuItemTranslation(TranslationOptions):
    fields = TRANSLATED_FIELDS["organisation.MenuItem"]
