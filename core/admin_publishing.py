"""The admin of every publishable model (releases, pages), written once: who may decide when
the public sees an object, the fields that decision locks, the links to the staff preview, and
the "Publish now" and "Unpublish" actions, and the confirmation screens of acts that need more
than a click (withdraw with a reason, reinstate). What the operations mean is the publishing
rule's (core.publishing); the admin's services carry them out.

Without the model's publish permission (`publishing.may_publish`; translators, staff who only
edit) status and public time are read-only, the actions are absent and a hand-made POST of one
changes nothing. A withdrawn object's status and time are read-only for everyone: it comes
back through "Reinstate", and the status field never offers "withdrawn" (a withdrawal needs
its reason and date, given on its own screen).
"""

from collections.abc import Callable
from datetime import UTC
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from .publishing import (
    PUBLICATION_FIELDS,
    Publishable,
    PublishingError,
    backdated_time,
    may_publish,
)

BACKDATING_FIELD = "confirm_backdating"


def _moment(moment):
    return date_format(timezone.localtime(moment), "j F Y, H:i T")


def _backdating_token(moment):
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


class BackdatingConfirmation(forms.CheckboxInput):
    """A box that, ticked, posts the public time it confirms: a date changed after it was
    ticked is not confirmed by it."""

    def __init__(self, token):
        super().__init__(check_test=lambda value: False)
        self.token = token

    def format_value(self, value):
        return self.token

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class BackdatingCheckForm(forms.ModelForm):
    """Mixed into a publishable model's admin form: making the object public with a public time
    more than an hour in the past (core.publishing.backdated_time) is refused until the person
    ticks a box naming that date; nothing is saved before. The box appears only then."""

    confirm_backdating = forms.CharField(required=False, widget=forms.HiddenInput)
    # The model's own words (with %(date)s and %(time)s), so each language can agree them.
    backdating_message = _(
        "This item will appear as published on %(date)s, at %(time)s: in the past, so it is "
        "listed under that date and announced to nobody. Correct the date, or tick the box "
        "below to confirm it."
    )

    def clean(self):
        cleaned = super().clean()
        if "status" not in cleaned or "published_at" not in self.fields:
            return cleaned  # Read-only for this person: nothing of theirs publishes.
        before = self.instance if self.instance.pk is not None else None
        moment = backdated_time(cleaned["status"], cleaned.get("published_at"), before=before)
        if moment is None:
            return cleaned
        token = _backdating_token(moment)
        if cleaned.get(BACKDATING_FIELD) == token:
            return cleaned
        local = timezone.localtime(moment)
        words = {
            "date": date_format(local, "j F Y"),
            "time": date_format(local, "H:i"),
        }
        self.add_error("published_at", str(self.backdating_message) % words)
        field = self.fields[BACKDATING_FIELD]
        field.widget = BackdatingConfirmation(token)
        field.label = gettext("Yes, publish it dated %(date)s") % words
        self._bound_fields_cache.pop(BACKDATING_FIELD, None)
        return cleaned


class TextsByLanguageForm(forms.Form):
    """One text box per site language; the service says when none has text."""

    label = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            self.fields[code] = forms.CharField(
                label=format_lazy("{} ({})", self.label, name),
                widget=forms.Textarea(attrs={"rows": 3, "cols": 80, "lang": code}),
                required=False,
            )

    def texts(self):
        return {code: self.cleaned_data[code] for code, _name in settings.LANGUAGES}


class WithdrawalForm(TextsByLanguageForm):
    label = _("Reason for withdrawal")


class ConfirmationForm(forms.Form):
    """Nothing to fill in: the POST is the confirmation."""


class Screen(NamedTuple):
    """A confirmation screen of a publishing act: its form, `run(obj, form, user)` that acts
    (through the admin's services) and returns the message once done, and its words."""

    form: type[forms.Form]
    run: Callable
    title: str
    explanation: str
    button: str


class PublishableAdminMixin:
    """Put it before the admin's base class. The admin names its services and words:

    - `publish_service`, `unpublish_service`: called as `(obj, user=, source=)`, True when the
      object changed (wrap them in `staticmethod`);
    - `preview_url_name`: the staff preview's URL name, given the object's `pk`;
    - `unsaved_preview_text`: what the preview field says before the first save;
    - `published_message`, `unpublished_message`: `ngettext_lazy(..., "count")` texts;
    - `publish_now_consequences`: what "Publish now" sets off, said before an embargo or a
      schedule is ended early (alerts, links);
    - `publishing_screens`: {name: Screen}, each at `<pk>/<name>/` (admin URL name
      `<app>_<model>_<name>`), for publishers only; a withdrawable model's admin has its
      "withdraw" and "reinstate" there.
    """

    publish_service = None
    unpublish_service = None
    preview_url_name = None
    unsaved_preview_text = None
    published_message = None
    unpublished_message = None
    publishing_screens = {}
    publish_now_consequences = _("It becomes public at once.")
    actions = ["publish_now", "unpublish"]

    def has_publish_permission(self, request):
        return may_publish(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if "preview_links" not in readonly:
            readonly.append("preview_links")
        if not self.has_publish_permission(request) or (obj is not None and obj.is_withdrawn):
            readonly += [
                name for name in PUBLICATION_FIELDS
                if self.opts.get_field(name).editable and name not in readonly
            ]
        return readonly

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not (
            issubclass(self.form, BackdatingCheckForm)
            and self.has_publish_permission(request)
            and not (obj is not None and obj.is_withdrawn)
        ):
            return fieldsets
        # Hidden until a backdating asks for it, right under the public time it confirms.
        return [
            (name, {**options, "fields": [
                shown for field in options["fields"]
                for shown in ((field, BACKDATING_FIELD) if field == "published_at" else (field,))
            ]})
            for name, options in fieldsets
        ]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            kwargs["choices"] = [
                choice for choice in db_field.get_choices(include_blank=False)
                if choice[0] != Publishable.Status.WITHDRAWN
            ]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def publishing_object(self, request, object_id):
        """The object a publishing screen of this admin acts on (journalist links, withdrawal,
        …): a 404 when it does not exist, refused unless the person may change it and
        publish."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(gettext("This object does not exist."))
        if not (self.has_change_permission(request, obj) and self.has_publish_permission(request)):
            raise PermissionDenied
        return obj

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        # Before the admin's own patterns: their "<object_id>/" catch-all would take them.
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_now_view),
                name="{}_{}_publish".format(*info),
            ),
        ] + [
            path(
                f"<path:object_id>/{name}/",
                self.admin_site.admin_view(self.publishing_screen_view),
                {"screen": name},
                name="{}_{}_{}".format(*info, name),
            )
            for name in self.publishing_screens
        ] + super().get_urls()

    def publishing_screen_view(self, request, object_id, screen):
        obj = self.publishing_object(request, object_id)
        form_class, run, title, explanation, button = self.publishing_screens[screen]
        form = form_class(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                done = run(obj, form, request.user)
            except PublishingError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, done, messages.SUCCESS)
                info = self.opts.app_label, self.opts.model_name
                return redirect(reverse(
                    "{}:{}_{}_change".format(self.admin_site.name, *info), args=[quote(obj.pk)]
                ))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "title": title,
            "explanation": explanation,
            "button": button,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/core/publishing_screen.html", context)

    @admin.display(description=_("preview"))
    def preview_links(self, obj):
        if obj.pk is None:
            return self.unsaved_preview_text
        links = []
        for code, name in settings.LANGUAGES:
            with override(code):
                links.append((reverse(self.preview_url_name, kwargs={"pk": obj.pk}), code, name))
        return format_html_join(" · ", '<a href="{}" hreflang="{}">{}</a>', links)

    # --- Publish now, asked first when it ends an embargo or backdates ----------------------

    def publish_now_notes(self, obj):
        """What publishing `obj` now would do beyond "public from now", one sentence each
        (empty when a click may do it unasked): an embargo or schedule ended early, an old
        public time kept (core.publishing.backdated_time)."""
        if obj.is_withdrawn or obj.is_public:
            return []
        if obj.is_scheduled:
            return [gettext(
                "“%(object)s” is under embargo until %(time)s. Publishing it now ends the "
                "embargo early: it becomes public at once, dated now."
            ) % {"object": obj, "time": _moment(obj.published_at)}]
        moment = backdated_time(Publishable.Status.PUBLISHED, obj.published_at, before=obj)
        if moment is not None:
            return [gettext(
                "“%(object)s” keeps its public time: it will appear as published on %(date)s, "
                "listed under that date."
            ) % {"object": obj, "date": _moment(moment)}]
        return []

    def _publish_now_context(self, request, objects, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Publish now?"),
            "notes": [note for obj in objects for note in self.publish_now_notes(obj)],
            "consequences": self.publish_now_consequences,
            "media": self.media,
            **extra,
        }

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        objects = list(queryset)
        if request.POST.get("confirmed") != "yes" and any(
            self.publish_now_notes(obj) for obj in objects
        ):
            # Like Django's "Delete selected": the same POST again, confirmed, publishes.
            return TemplateResponse(
                request,
                "admin/core/publish_now_confirm.html",
                self._publish_now_context(
                    request, objects, selected=[obj.pk for obj in objects],
                    action_checkbox_name=admin.helpers.ACTION_CHECKBOX_NAME,
                ),
            )
        count = sum(
            self.publish_service(obj, user=request.user, source="admin:action")
            for obj in objects
        )
        self.message_user(request, self.published_message % {"count": count}, messages.SUCCESS)
        return None

    def publish_now_view(self, request, object_id):
        """The change form's "Publish now…": a page saying what it will do, then a POST."""
        obj = self.publishing_object(request, object_id)
        change_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[quote(obj.pk)],
        )
        if obj.is_public or obj.is_withdrawn:
            self.message_user(request, gettext(
                "“%(object)s” is not waiting to be published: nothing was changed."
            ) % {"object": obj}, messages.WARNING)
            return redirect(change_url)
        if request.method == "POST":
            published = self.publish_service(obj, user=request.user, source="admin")
            self.message_user(
                request, self.published_message % {"count": int(published)}, messages.SUCCESS
            )
            return redirect(change_url)
        return TemplateResponse(
            request,
            "admin/core/publish_now_confirm.html",
            self._publish_now_context(request, [obj], object=obj, change_url=change_url),
        )

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = sum(
            self.unpublish_service(obj, user=request.user, source="admin:action")
            for obj in queryset
        )
        self.message_user(request, self.unpublished_message % {"count": count}, messages.SUCCESS)
