"""The activity log in the admin, and the admin hooks that write to it.

- `ActivityEntryAdmin`: the log, filterable by person, action, object type, source and date,
  searchable, exported as CSV with the filters on screen. Reading it takes
  `core.view_activityentry`; nobody adds rows by hand, and only superusers change or delete one.
- `ActivityLogMixin`: put before a content model's admin class, it logs every delete (one row
  per object, from the change form or the list's delete action) and the publication decisions
  made in the change form (status set to published, or taken back to draft).
- The user and group admins, wrapped so that a save's changes to groups, permissions and the
  active/staff/superuser flags make one row naming who made them.
"""

import csv
from collections import defaultdict

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ERROR_FLAG, ChangeList
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect, StreamingHttpResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from . import activity, role_changes
from .models import ActivityEntry
from .publishing import Publishable
from .spreadsheet import safe_row

Action = ActivityEntry.Action

class _Echo:
    """A file-like object that hands back what it is given: csv.writer writes one row at a
    time into the streamed response."""

    def write(self, value):
        return value


class ActivityChangeList(ChangeList):
    """Finds, with one query per object type on the page, which logged objects still exist
    and may be opened by this person, so that those link to their admin page."""

    def get_results(self, request):
        super().get_results(request)
        wanted = defaultdict(set)
        for entry in self.result_list:
            if entry.content_type_id and entry.object_id:
                wanted[entry.content_type_id].add(entry.object_id)
        urls = {}
        for type_id, ids in wanted.items():
            model = ContentType.objects.get_for_id(type_id).model_class()
            if model is None or not self.model_admin.admin_site.is_registered(model):
                continue
            model_admin = self.model_admin.admin_site.get_model_admin(model)
            if not model_admin.has_view_or_change_permission(request):
                continue
            pks = []
            for raw in ids:
                try:
                    pks.append(model._meta.pk.to_python(raw))
                except ValidationError:
                    continue
            found = model_admin.get_queryset(request).filter(pk__in=pks).order_by()
            for pk in found.values_list("pk", flat=True):
                try:
                    urls[(type_id, str(pk))] = reverse(
                        f"{self.model_admin.admin_site.name}:"
                        f"{model._meta.app_label}_{model._meta.model_name}_change",
                        args=[quote(pk)],
                    )
                except NoReverseMatch:
                    continue
        for entry in self.result_list:
            entry.admin_url = urls.get((entry.content_type_id, entry.object_id), "")


class SourceFilter(admin.SimpleListFilter):
    """The screens and commands found in the log (a change made outside them has none)."""

    title = _("from")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        sources = (
            ActivityEntry.objects.exclude(source="")
            .order_by("source")
            .values_list("source", flat=True)
            .distinct()
        )
        return [(source, source) for source in sources]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(source=self.value())
        return queryset


class ActivityEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "who", "action", "object_link", "source", "short_details"]
    list_filter = [
        ("user", admin.RelatedOnlyFieldListFilter),
        "action",
        ("content_type", admin.RelatedOnlyFieldListFilter),
        SourceFilter,
        "created_at",
    ]
    date_hierarchy = "created_at"
    search_fields = ["username", "object_repr", "object_id", "source", "details"]
    list_select_related = ["user", "content_type"]
    raw_id_fields = ["user"]
    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        return ActivityChangeList

    # Nobody writes the log by hand; only superusers may correct or remove a row.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("core.view_activityentry")

    @admin.display(description=_("who"), ordering="username")
    def who(self, entry):
        return entry.username or "–"

    @admin.display(description=_("object"), ordering="object_repr")
    def object_link(self, entry):
        if not entry.object_repr:
            return "–"
        if getattr(entry, "admin_url", ""):
            return format_html('<a href="{}">{}</a>', entry.admin_url, entry.object_repr)
        return entry.object_repr

    @admin.display(description=_("details"))
    def short_details(self, entry):
        return Truncator(entry.details).chars(120) or "–"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def export_view(self, request):
        """The rows the list shows with the same filters and search, all pages, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            # As the list itself answers such parameters: back to it, with Django's notice.
            url = reverse(f"{self.admin_site.name}:core_activityentry_changelist")
            return HttpResponseRedirect(f"{url}?{ERROR_FLAG}=1")
        rows = changelist.queryset.select_related("content_type")
        writer = csv.writer(_Echo())
        header = [
            capfirst(ActivityEntry._meta.get_field(name).verbose_name)
            for name in (
                "created_at", "user", "action", "content_type", "object_id", "object_repr",
                "source", "details",
            )
        ]

        def lines():
            # A byte-order mark, so that spreadsheet programs read the file as UTF-8.
            yield "\ufeff" + writer.writerow(header)
            for entry in rows.iterator(chunk_size=500):
                yield writer.writerow(
                    safe_row((
                        timezone.localtime(entry.created_at).isoformat(timespec="seconds"),
                        entry.username,
                        entry.get_action_display(),
                        entry.content_type.name if entry.content_type else "",
                        entry.object_id,
                        entry.object_repr,
                        entry.source,
                        entry.details,
                    ))
                )

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        filename = f"activity-log-{timezone.localtime():%Y%m%d-%H%M}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ActivityLogMixin:
    """For a content model's ModelAdmin (listed before the admin base class): writes the
    activity rows of what this admin does beyond a plain edit."""

    def delete_model(self, request, obj):
        with transaction.atomic():
            activity.record(Action.DELETE, obj, user=request.user, source="admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                activity.record(Action.DELETE, obj, user=request.user, source="admin:action")
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        # Entries of the same kind edited inline (a menu's sub-entries) are deleted here.
        if formset.model is self.model and formset.can_delete:
            with transaction.atomic():
                for inline_form in formset.deleted_forms:
                    if inline_form.instance.pk is not None:
                        activity.record(
                            Action.DELETE, inline_form.instance, user=request.user, source="admin"
                        )
                super().save_formset(request, form, formset, change)
            return
        super().save_formset(request, form, formset, change)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not isinstance(obj, Publishable) or "status" not in form.changed_data:
            return
        before = form.initial.get("status") if change else None
        if obj.status == Publishable.Status.PUBLISHED:
            activity.record(
                Action.PUBLISH, obj, user=request.user, source="admin",
                details=f"public from {obj.published_at.isoformat(timespec='seconds')}",
            )
        elif before == Publishable.Status.PUBLISHED and obj.status == Publishable.Status.DRAFT:
            activity.record(Action.UNPUBLISH, obj, user=request.user, source="admin")


ROLE_FLAGS = ("is_active", "is_staff", "is_superuser")


class RoleChangesAdmin:
    """For the user and group admins: what one save changes in roles and permissions (the
    groups and permissions through `m2m_changed`, the flags here) makes one row per object,
    naming who saved."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with role_changes.batch(user=request.user, source="admin"):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            return
        for flag in ROLE_FLAGS:
            if flag in form.changed_data:
                line = f"{flag}: {form.initial.get(flag)} → {getattr(obj, flag)}"
                role_changes.changed(obj, line)


# Deleting an account or a group takes its roles away without a many-to-many signal: the
# delete rows say it.
class UserAdmin(RoleChangesAdmin, ActivityLogMixin, auth_admin.UserAdmin):
    pass


class GroupAdmin(RoleChangesAdmin, ActivityLogMixin, auth_admin.GroupAdmin):
    pass


def register():
    """Registers the log's admin, and the user and group admins above in place of Django's
    (importing `django.contrib.auth.admin` has registered those, whatever the apps' order)."""
    admin.site.register(ActivityEntry, ActivityEntryAdmin)
    for model, model_admin in ((get_user_model(), UserAdmin), (Group, GroupAdmin)):
        admin.site.unregister(model)
        admin.site.register(model, model_admin)
