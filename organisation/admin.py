"""The editors' side of the organisation: every translated field in en/fr/es tabs."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from iom_site.images import ImageUploadField

from .models import MenuItem, Office, Organisation, Page, Person, Position, Region, Unit


@admin.register(Organisation)
class OrganisationAdmin(TabbedTranslationAdmin):
    list_display = ("name", "acronym", "founded_year", "member_states", "countries_with_presence")

    def has_add_permission(self, request):
        # One row holds the facts: editors change it, they never make a second one.
        return not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(TabbedTranslationAdmin):
    list_display = ("name", "parent", "kind", "order")
    list_editable = ("order",)
    list_filter = ("kind", ("parent", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent",)
    ordering = ("parent__order", "parent__pk", "order", "pk")
    search_fields = ("name_en", "name_fr", "name_es", "slug")
    autocomplete_fields = ("parent",)


class PositionInline(TranslationTabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ("unit",)
    fields = ("unit", "title", "start_date", "end_date")


class PersonForm(forms.ModelForm):
    """The admin builds the model form on top; this only swaps in the Pillow-checked field."""

    photo = ImageUploadField(
        label=_("photo"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 40 megapixels."),
    )


@admin.register(Person)
class PersonAdmin(TabbedTranslationAdmin):
    form = PersonForm
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PositionInline]


@admin.register(Region)
class RegionAdmin(TabbedTranslationAdmin):
    list_display = ("name", "order")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Office)
class OfficeAdmin(TabbedTranslationAdmin):
    list_display = ("name", "kind", "region", "country", "city")
    list_filter = ("kind", "region")
    list_select_related = ("region",)
    search_fields = ("name_en", "name_fr", "name_es", "city_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Page)
class PageAdmin(TabbedTranslationAdmin):
    list_display = ("title", "parent", "status", "original_language", "order", "updated_at")
    list_filter = ("status", "original_language")
    list_select_related = ("parent",)
    search_fields = ("title_en", "title_fr", "title_es")
    autocomplete_fields = ("parent",)


class MenuItemInline(TranslationTabularInline):
    model = MenuItem
    fk_name = "parent"
    extra = 0
    fields = ("label", "target", "page", "order")
    autocomplete_fields = ("page",)
    verbose_name = _("sub-entry")
    verbose_name_plural = _("sub-entries")


@admin.register(MenuItem)
class MenuItemAdmin(TabbedTranslationAdmin):
    list_display = ("label", "target", "page", "order")
    list_editable = ("order",)
    list_select_related = ("page",)
    fields = ("label", "target", "page", "order")
    autocomplete_fields = ("page",)
    inlines = [MenuItemInline]

    def get_queryset(self, request):
        # Top entries only: sub-entries are edited inside their parent.
        return super().get_queryset(request).filter(parent__isnull=True)
