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
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries.filters import CountryFilter
from js_asset import Media
from modeltranslation.admin import TabbedTranslationAdmin

from core.admin import VersionedAdminMixin
from core.admin_activity import ActivityLogMixin
from core.admin_publishing import BackdatingCheckForm, PublishableAdminMixin
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


def show_limits(form):
    """Text fields with a length limit lose the browser's `maxlength`, which cuts a paste
    silently; the form's script (core/static/core/release-form.js) counts as the person types
    and says when the text is too long, and the server refuses it with the same words,
    never shortening it."""
    for field in form.fields.values():
        limit = getattr(field, "max_length", None)
        if not limit or not isinstance(field.widget, (forms.TextInput, forms.Textarea)):
            continue
        field.widget.attrs.pop("maxlength", None)
        field.widget.attrs.update({
            "data-max-length": str(limit),
            "data-count-text": _("%(count)s of %(limit)s characters"),
            "data-over-text": _(
                "%(count)s characters: %(over)s more than the %(limit)s allowed. Shorten it "
                "before saving."
            ),
        })


class NewsReleaseForm(BackdatingCheckForm):
    """The admin builds the fields (from the fieldsets); this adds the release's own rules."""

    backdating_message = _(
        "This release will appear as published on %(date)s, at %(time)s: in the past, so it "
        "is listed under that date and no alert is sent. Correct the date, or tick the box "
        "below to confirm it."
    )

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
        # Left empty, the slug is made from the original title (`clean`); the form's script
        # fills it as the title is typed.
        if "slug" in self.fields:
            self.fields["slug"].required = False
        show_limits(self)

    def clean(self):
        cleaned = super().clean()
        # Read-only for translators, so not in `cleaned`: the release's own language then.
        original = cleaned.get("original_language") or self.instance.original_language
        title = cleaned.get(f"title_{original}") if original else None
        if original and not title:
            self.add_error(
                f"title_{original}",
                _("A release needs a title in its original language."),
            )
        if "slug" in self.fields and not cleaned.get("slug") and "slug" not in self.errors:
            slug = slugify(title or "")[: self._meta.model._meta.get_field("slug").max_length]
            if slug:
                cleaned["slug"] = slug.strip("-")
            elif title:
                self.add_error("slug", _("Give the address a slug: the title has no letters "
                                         "or digits to make one from."))
            else:
                self.add_error("slug", forms.Field.default_error_messages["required"])
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
    # Not `prepopulated_fields`: it would fill the slug from the English title whatever the
    # original language; the form's script follows the original title (NewsReleaseForm).
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
    publish_now_consequences = _(
        "Published now, the release is public at once on the site, in the feeds and the "
        "search; alerts are sent to its subscribers, and the journalist links to it end "
        "(they lead to the public release)."
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

    class Media:
        js = ["admin/js/urlify.js", "core/release-form.js"]

    def render_change_form(self, request, context, *args, **kwargs):
        # The rich-text editor's import map is an inline script: the CSP lets it run only
        # with this response's nonce.
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        form = context["adminform"].form
        chosen = request.FILES.get("image") if request.method == "POST" else None
        if chosen is not None and form.errors and "image" in form.fields:
            # A browser never fills a file field in again: say so where the file was chosen.
            form.add_error("image", _(
                "The image you chose (%(name)s) was not kept, because the form has errors: "
                "choose it again before saving."
            ) % {"name": chosen.name})
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
        if release.image and not release.image._committed:
            # A file chosen in a form that came back with errors is not stored: show the
            # stored one, if any, never a link to a file that does not exist.
            release = NewsRelease.objects.filter(pk=release.pk).first() if release.pk else None
        if release is None or not release.image:
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
