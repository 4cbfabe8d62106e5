from modeltranslation.translator import TranslationOptions, register

from .models import MenuItem, Office, Organisation, Page, Person, Position, Region, Unit


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "acronym", "description", "headquarters")


@register(Unit)
class UnitTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(Person)
class PersonTranslation(TranslationOptions):
    fields = ("photo_alt", "biography")


@register(Position)
class PositionTranslation(TranslationOptions):
    fields = ("title",)


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Office)
class OfficeTranslation(TranslationOptions):
    fields = ("name", "city")


@register(Page)
class PageTranslation(TranslationOptions):
    fields = ("title", "slug", "summary", "body", "withdrawal_reason")


@register(MenuItem)
class MenuItemTranslation(TranslationOptions):
    fields = ("label",)
