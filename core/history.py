"""Each admin object's history: every revision (who, when, why, from where), any two compared
side by side, one previewed as the public would see it, one restored in a click.

`HistoryAdmin` goes first in an admin class's bases. It records a revision on every save made
through the admin (the change form, the list's editable columns, the actions), with the
person and the "What changed and why" note from the form. The app says how a revision is
restored (`restore_revision`, its service) and, for what has a public page, how it is
previewed (`preview_revision(request, snapshot)`)."""

import reversion
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from .compare import compare
from .revisions import (
    REVISION_TIME_FORMAT,
    RestoreError,
    Snapshot,
    left_as_is,
    publication_kept,
    revision,
    versions_of,
)

COMMENT_FIELD = "revision_comment"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def comment_field():
    return forms.CharField(
        label=gettext_lazy("What changed and why"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Optional; kept with this revision in the object's history."),
    )


def keep_private(response):
    """Out of search engines and every cache; the address goes to no other site."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


class HistoryAdmin(admin.ModelAdmin):
    restore_revision = None
    preview_revision = None

    # Saving records a revision.

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with revision(user=request.user, source="admin"):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        with revision(user=request.user, source="admin"):
            return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        # The note is no column of the model: the form declares it, so the admin's field
        # list (which names it in the fieldsets) finds it.
        base = kwargs.get("form", self.form)
        kwargs["form"] = type(base.__name__, (base,), {COMMENT_FIELD: comment_field()})
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != COMMENT_FIELD]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        can_save = (
            self.has_change_permission(request, obj)
            if obj is not None
            else self.has_add_permission(request)
        )
        if can_save:
            fieldsets.append((_("Revision"), {"fields": [COMMENT_FIELD]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        note = form.cleaned_data.get(COMMENT_FIELD)
        if note:
            reversion.set_comment(note)

    # The history screens.

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{info}_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/preview/",
                view(self.revision_preview_view),
                name=f"{info}_revision_preview",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name=f"{info}_revision_restore",
            ),
        ] + super().get_urls()

    def _url(self, name, obj, *args):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return reverse(
            f"{self.admin_site.name}:{info}_{name}", args=(quote(obj.pk), *args)
        )

    def _viewable_object(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("This object does not exist."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _version(self, obj, version_id):
        version = versions_of(obj).filter(pk=version_id).first()
        if version is None:
            raise Http404(_("This revision does not exist."))
        return version

    def _context(self, request, obj, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "object": obj,
            "title": title,
            "subtitle": str(obj),
            "history_url": self._url("history", obj),
            "change_url": self._url("change", obj),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        obj = self._viewable_object(request, object_id)
        versions = list(versions_of(obj))
        can_restore = self.restore_revision is not None and self.has_change_permission(
            request, obj
        )
        rows = []
        for index, version in enumerate(versions):
            previous = versions[index + 1] if index + 1 < len(versions) else None
            rows.append(
                {
                    "version": version,
                    "revision": version.revision,
                    "source": getattr(getattr(version.revision, "source", None), "source", ""),
                    "compare_url": (
                        f"{self._url('compare', obj)}?a={previous.pk}&b={version.pk}"
                        if previous
                        else ""
                    ),
                    "preview_urls": [
                        (code, name, self._preview_url(obj, version, code))
                        for code, name in settings.LANGUAGES
                    ]
                    if self.preview_revision
                    else [],
                    "restore_url": self._url("revision_restore", obj, version.pk)
                    if can_restore and index > 0
                    else "",
                }
            )
        context = self._context(
            request,
            obj,
            _("History: %(object)s") % {"object": obj},
            rows=rows,
            compare_url=self._url("compare", obj),
            **(extra_context or {}),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history/object_history.html", context)

    def _preview_url(self, obj, version, code):
        return f"{self._url('revision_preview', obj, version.pk)}?language={code}"

    def compare_view(self, request, object_id):
        obj = self._viewable_object(request, object_id)
        versions = versions_of(obj)
        chosen = []
        for key in ("a", "b"):
            value = request.GET.get(key, "")
            version = versions.filter(pk=value).first() if value.isdigit() else None
            if version is None:
                messages.error(
                    request, _("Choose two revisions of this object to compare.")
                )
                return redirect(self._url("history", obj))
            chosen.append(version)
        old, new = sorted(chosen, key=lambda v: (v.revision.date_created, v.pk))
        old_snapshot, new_snapshot = Snapshot(old), Snapshot(new)
        context = self._context(
            request,
            obj,
            _("Compare revisions: %(object)s") % {"object": obj},
            old=old,
            new=new,
            comparison=compare(old_snapshot, new_snapshot),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history/compare.html", context)

    def revision_preview_view(self, request, object_id, version_id):
        obj = self._viewable_object(request, object_id)
        if self.preview_revision is None:
            raise Http404(_("This kind of object has no public page to preview."))
        snapshot = Snapshot(self._version(obj, version_id))
        language = request.GET.get("language")
        if language not in LANGUAGE_CODES:
            language = settings.LANGUAGE_CODE
        with override(language):
            response = self.preview_revision(request, snapshot)
        return keep_private(response)

    def restore_view(self, request, object_id, version_id):
        obj = self._viewable_object(request, object_id)
        if self.restore_revision is None or not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = self._version(obj, version_id)
        # Rows of a person's positions, a menu's sub-entries… this person may not add, delete
        # or change stay as they are: said before, and again after.
        left = left_as_is(version, request.user)
        if request.method == "POST":
            try:
                self.restore_revision(
                    version,
                    user=request.user,
                    source="admin",
                    keep=self._fields_kept(request, obj),
                )
            except RestoreError as error:
                messages.error(request, str(error))
                return redirect(self._url("history", obj))
            messages.success(
                request,
                _("The revision of %(date)s is restored, as a new revision.")
                % {"date": _when(version.revision)},
            )
            for sentence in left:
                messages.warning(request, sentence)
            return redirect(self._url("change", obj))
        context = self._context(
            request,
            obj,
            _("Restore a revision: %(object)s") % {"object": obj},
            version=version,
            publication_kept=bool(publication_kept(self.model, request.user)),
            left_as_is=left,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/history/restore_confirm.html", context)

    def _fields_kept(self, request, obj):
        """What this person may not change in the form, a restore leaves as it is too."""
        names = {f.name for f in self.opts.get_fields() if getattr(f, "concrete", False)}
        return {name for name in self.get_readonly_fields(request, obj) if name in names}



def _when(revision_):
    return date_format(localtime(revision_.date_created), REVISION_TIME_FORMAT)
