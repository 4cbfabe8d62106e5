"""The press office's desk: write a release in any language, translate it in tabs, attach
contacts and themes, preview it in each language, publish it now or schedule it, and hand
journalists a link to a release under embargo.

Deciding when the public sees a release takes the `newsroom.publish_newsrelease` permission
(core.admin_publishing): without it (translators) status and public time are
read-only, and the publish actions and journalist links absent.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries.filters import CountryFilter
from js_asset import Media
from modeltranslation.admin import TabbedTranslationAdmin

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
from .admin_editorial import EditorialActionsMixin
from .admin_embargo import JournalistLinksAdmin
from .admin_history import NewsroomHistoryAdmin, ReleaseHistoryAdmin
from .models import NewsRelease, PressContact, ReleaseContact, Theme


class ReleaseContactInline(TranslatedTextOnlyMixin, admin.TabularInline):
    model = ReleaseContact
    fields = ["contact", "order"]
    autocomplete_fields = ["contact"]
    extra = 1


class NewsReleaseForm(forms.ModelForm):
    """The admin builds the fields (from the fieldsets); this adds the release's own rules."""

    image = ImageUploadField(
        label=_("Image"),
        required=False,
        help_text=_(
            "JPEG, PNG or WebP, at most 40 megapixels. Smaller sizes for phones and WebP "
            "copies are made once, when you save."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # modeltranslation makes the default language's title required; a release may be
        # written in any language, so `clean` asks for the original language's title instead.
        for code in LANGUAGE_CODES:
            if f"title_{code}" in self.fields:
                self.fields[f"title_{code}"].required = False

    def clean(self):
        cleaned = super().clean()
        # Read-only for translators, so not in `cleaned`: the release's own language then.
        original = cleaned.get("original_language") or self.instance.original_language
        if original and not cleaned.get(f"title_{original}"):
            self.add_error(
                f"title_{original}",
                _("A release needs a title in its original language."),
            )
        return cleaned


@admin.register(NewsRelease)
class NewsReleaseAdmin(
    TranslationExportMixin,
    TranslationStateAdminMixin,
    VersionedAdminMixin,
    ActivityLogMixin,
    JournalistLinksAdmin,
    EditorialActionsMixin,
    PublishableAdminMixin,
    TranslatedTextOnlyMixin,
    ReleaseHistoryAdmin,
    TabbedTranslationAdmin,
):
    form = NewsReleaseForm
    list_display = ["title", "kind", "status", "public_time", "translation_status"]
    list_filter = [
        "status",
        "kind",
        "themes",
        ("countries", CountryFilter),
        TranslationStatusFilter,
    ]
    search_fields = [f"title_{code}" for code in LANGUAGE_CODES]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["themes", "related"]
    readonly_fields = ["image_preview", "journalist_links"]
    inlines = [ReleaseContactInline]
    publish_service = staticmethod(services.publish)
    unpublish_service = staticmethod(services.unpublish)
    preview_url_name = "newsroom:preview"
    unsaved_preview_text = _("Save the release to preview it.")
    published_message = ngettext_lazy(
        "%(count)d release published.", "%(count)d releases published.", "count"
    )
    unpublished_message = ngettext_lazy(
        "%(count)d release is a draft again.", "%(count)d releases are drafts again.", "count"
    )
    fieldsets = [
        (None, {"fields": ["kind", "original_language", "title", "slug", "dateline", "lead",
                           "body"]}),
        (_("Translations to do"), {"fields": ["translation_review"]}),
        (_("Publication"), {"fields": ["status", "published_at", "preview_links",
                                       "journalist_links"]}),
        (_("Image"), {"fields": ["image", "image_preview", "image_alt", "image_caption",
                                 "image_credit", "image_usage_terms",
                                 "image_rights_expire_on"]}),
        (_("Classification"), {"fields": ["themes", "countries", "related"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "published_at":
            kwargs["help_text"] = _(
                "The release goes public by itself at this time, in the site's time zone "
                "(%(zone)s). Left empty with status “Published”, it goes public now."
            ) % {"zone": settings.TIME_ZONE}
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if self.has_publish_permission(request):
            return super().get_fieldsets(request, obj)
        # Sending a release to journalists before its time is a publishing decision too.
        return [
            (name, {**options, "fields": [f for f in options["fields"]
                                          if f != "journalist_links"]})
            for name, options in super().get_fieldsets(request, obj)
        ]

    def render_change_form(self, request, context, *args, **kwargs):
        # The rich-text editor's import map is an inline script: the CSP lets it run only
        # with this response's nonce.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    @admin.display(description=_("public time"), ordering="published_at")
    def public_time(self, release):
        if release.published_at is None:
            return "–"
        shown = date_format(timezone.localtime(release.published_at), "Y-m-d H:i T")
        if release.is_scheduled:
            return format_html("{} <em>({})</em>", shown, _("scheduled"))
        return shown

    @admin.display(description=_("thumbnail"))
    def image_preview(self, release):
        if not release.image:
            return "–"
        renditions = release.image_renditions()
        if not renditions:
            # The original is private (core.media_storage): no address to show it at.
            return "–"
        url = renditions[0].url
        return format_html(
            '<img src="{}" alt="{}" style="max-width:240px;height:auto">',
            url,
            release.image_alt or "",
        )


@admin.register(Theme)
class ThemeAdmin(
    TranslationStateAdminMixin,
    VersionedAdminMixin,
    ActivityLogMixin,
    TranslatedTextOnlyMixin,
    NewsroomHistoryAdmin,
    TabbedTranslationAdmin,
):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = [f"name_{code}" for code in LANGUAGE_CODES] + ["slug"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(PressContact)
class PressContactAdmin(
    TranslationStateAdminMixin,
    VersionedAdminMixin,
    ActivityLogMixin,
    TranslatedTextOnlyMixin,
    NewsroomHistoryAdmin,
    TabbedTranslationAdmin,
):
    list_display = ["name", "role", "office", "phone", "email", "is_active"]
    list_filter = ["is_active", "office"]
    list_select_related = ["office"]
    search_fields = ["name", "email"] + [f"role_{code}" for code in LANGUAGE_CODES]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["office", "unit"]
    fields = ["name", "slug", "role", "office", "unit", "phone", "email", "is_active"]
