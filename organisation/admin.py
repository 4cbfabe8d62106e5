"""The editors' side of the organisation: every translated field in en/fr/es tabs."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db.models import Case, IntegerField, Value, When
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from js_asset import Media
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from core.admin import VersionedAdminMixin
from core.admin_activity import ActivityLogMixin
from core.admin_publishing import PublishableAdminMixin
from core.admin_roles import TranslatedTextOnlyMixin
from core.admin_translations import (
    TranslationExportMixin,
    TranslationStateAdminMixin,
    TranslationStatusFilter,
)
from core.images import ImageUploadField
from core.language_policy import LANGUAGE_CODES

from . import services
from .admin_history import OrganisationHistoryAdmin, PageHistoryAdmin
from .models import MenuItem, Office, Organisation, Page, Person, Position, Region, Unit


class RichTextEditorAdmin(TabbedTranslationAdmin):
    """Tabs plus the rich-text editor, whose import map is an inline script: the CSP lets it
    run only with this response's nonce."""

    def render_change_form(self, request, context, *args, **kwargs):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)


@admin.register(Organisation)
class OrganisationAdmin(
    VersionedAdminMixin,
    TranslatedTextOnlyMixin,
    OrganisationHistoryAdmin,
    TabbedTranslationAdmin,
):
    list_display = ("name", "acronym", "founded_year", "member_states", "countries_with_presence")

    def has_add_permission(self, request):
        # One row holds the facts: editors change it, they never make a second one.
        return super().has_add_permission(request) and not Organisation.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


def unit_tree_positions():
    """{unit pk: (position in the tree read top-down, depth)}, from one query over all units.

    Siblings follow `order`; a unit whose parent chain never reaches a root (a cycle made
    before the admin refused it) is put at the end at depth 0, so it stays editable.
    """
    rows = list(Unit.objects.order_by("order", "pk").values_list("pk", "parent_id"))
    children = {}
    for pk, parent_id in rows:
        children.setdefault(parent_id, []).append(pk)
    positions = {}
    stack = [(pk, 0) for pk in reversed(children.get(None, []))]
    while stack:
        pk, depth = stack.pop()
        if pk in positions:
            continue
        positions[pk] = (len(positions), depth)
        stack.extend((child, depth + 1) for child in reversed(children.get(pk, [])))
    for pk, _parent_id in rows:
        positions.setdefault(pk, (len(positions), 0))
    return positions


class UnitTreeChangeList(ChangeList):
    """Tree order unless the editor sorts by a column. (Not ModelAdmin.get_ordering: the
    admin also orders plain unit querysets with it, e.g. the `reports to` choices.)"""

    def get_ordering(self, request, queryset):
        if ORDER_VAR in self.params:
            return super().get_ordering(request, queryset)
        return ["tree_position", "pk"]

    def get_ordering_field_columns(self):
        # No column header claims the tree order.
        return super().get_ordering_field_columns() if ORDER_VAR in self.params else {}


@admin.register(Unit)
class UnitAdmin(
    TranslationStateAdminMixin,
    VersionedAdminMixin,
    ActivityLogMixin,
    TranslatedTextOnlyMixin,
    OrganisationHistoryAdmin,
    TabbedTranslationAdmin,
):
    list_display = ("tree_name", "parent", "kind", "order")
    list_editable = ("order",)
    list_filter = ("kind", ("parent", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent",)
    search_fields = (*(f"name_{code}" for code in LANGUAGE_CODES), "slug")
    autocomplete_fields = ("parent",)

    def get_queryset(self, request):
        # The list reads as the org chart: each unit under its parent, indented by depth.
        # Two Case expressions carry the tree computed in Python: queries stay constant.
        positions = unit_tree_positions()
        return super().get_queryset(request).annotate(
            tree_position=Case(
                *(When(pk=pk, then=Value(p)) for pk, (p, _d) in positions.items()),
                default=Value(len(positions)),
                output_field=IntegerField(),
            ),
            tree_depth=Case(
                *(When(pk=pk, then=Value(d)) for pk, (_p, d) in positions.items() if d),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )

    def get_changelist(self, request, **kwargs):
        return UnitTreeChangeList

    @admin.display(description=_("name"))
    def tree_name(self, unit):
        depth = getattr(unit, "tree_depth", 0)
        if not depth:
            return unit.name
        # The indent is for the eye; a screen reader hears the name (the parent has a column).
        return format_html(
            '<span aria-hidden="true">{}└ </span>{}', "\u2003" * (depth - 1), unit.name
        )


class PositionInline(TranslatedTextOnlyMixin, TranslationTabularInline):
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
class PersonAdmin(
    TranslationStateAdminMixin,
    VersionedAdminMixin,
    ActivityLogMixin,
    TranslatedTextOnlyMixin,
    OrganisationHistoryAdmin,
    RichTextEditorAdmin,
):
    form = PersonForm
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PositionInline]


@admin.register(Region)
class RegionAdmin(
    VersionedAdminMixin,
    ActivityLogMixin,
    TranslatedTextOnlyMixin,
    OrganisationHistoryAdmin,
    TabbedTranslationAdmin,
):
    list_display = ("name", "order")
    list_editable = ("order",)
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Office)
class OfficeAdmin(
    TranslationStateAdminMixin,
    VersionedAdminMixin,
    ActivityLogMixin,
    TranslatedTextOnlyMixin,
    OrganisationHistoryAdmin,
    TabbedTranslationAdmin,
):
    list_display = ("name", "kind", "region", "country", "city")
    list_filter = ("kind", "region")
    list_select_related = ("region",)
    search_fields = (*(f"name_{code}" for code in LANGUAGE_CODES), "city_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Page)
class PageAdmin(
    TranslationExportMixin,
    TranslationStateAdminMixin,
    VersionedAdminMixin,
    ActivityLogMixin,
    PublishableAdminMixin,
    TranslatedTextOnlyMixin,
    PageHistoryAdmin,
    RichTextEditorAdmin,
):
    """Deciding when the public sees a page takes `organisation.publish_page`
    (core.admin_publishing)."""

    list_display = ("title", "parent", "status", "published_at", "original_language", "order",
                    "updated_at", "translation_status")
    list_filter = ("status", "original_language", TranslationStatusFilter)
    list_select_related = ("parent",)
    search_fields = tuple(f"title_{code}" for code in LANGUAGE_CODES)
    autocomplete_fields = ("parent",)
    publish_service = staticmethod(services.publish_page)
    unpublish_service = staticmethod(services.unpublish_page)
    preview_url_name = "organisation:page_preview"
    unsaved_preview_text = _("Save the page to preview it.")
    published_message = ngettext_lazy(
        "%(count)d page published.", "%(count)d pages published.", "count"
    )
    unpublished_message = ngettext_lazy(
        "%(count)d page is a draft again.", "%(count)d pages are drafts again.", "count"
    )


class MenuItemInline(TranslatedTextOnlyMixin, TranslationTabularInline):
    model = MenuItem
    fk_name = "parent"
    extra = 0
    fields = ("label", "target", "page", "order")
    autocomplete_fields = ("page",)
    verbose_name = _("sub-entry")
    verbose_name_plural = _("sub-entries")


@admin.register(MenuItem)
class MenuItemAdmin(
    VersionedAdminMixin,
    ActivityLogMixin,
    TranslatedTextOnlyMixin,
    OrganisationHistoryAdmin,
    TabbedTranslationAdmin,
):
    list_display = ("label", "target", "page", "order")
    list_editable = ("order",)
    list_select_related = ("page",)
    fields = ("label", "target", "page", "order")
    autocomplete_fields = ("page",)
    inlines = [MenuItemInline]

    def get_queryset(self, request):
        # Top entries only: sub-entries are edited inside their parent.
        return super().get_queryset(request).filter(parent__isnull=True)
