"""No lost update in the admin: a change form knows the version it was loaded at, and a save
made from a stale copy is refused, never applied.

The form carries, in one signed hidden field, the object's version when it was loaded and a
short hash of each field's value then (and of each inline's rows), so nothing big travels back.
On POST, inside the admin's transaction, the row is locked and its version compared. A stale
save comes back as the form with the person's input, a message naming who saved in between and
when, and the fields that changed since; fields the person did not touch are brought up to date
and the hidden state renewed, so one more save applies their edit on top of the current
version without undoing the colleague's.

Beside it, a notice (never a lock) says who else has the same form open, kept current by a
small script that reports the open form every 15 seconds and its closing.

A post without a valid loaded state (a form rendered before this check existed, or built by
hand) is refused the same way: nothing says which version it was based on.

The row lock is PostgreSQL's `SELECT … FOR UPDATE`; SQLite has none, but it lets one writer at
a time, so there only two saves within the same instant could both pass the check.

Works for any model with `version` and `updated_by` (`core.versioning.Versioned`);
imports no project app.
"""

import hashlib
import json
from datetime import UTC, date, datetime, timedelta

from django.contrib.admin.utils import quote, unquote
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language_info, gettext
from django.views.decorators.http import require_POST

from .models import EditSession

STATE_FIELD = "_loaded_state"
_SALT = "core.admin.loaded_state"
# A form reports itself every 15 seconds (core/static/core/edit-session.js); one not heard from
# for 40 seconds is closed. A browser closed without its goodbye (a crash, a quit, a lost
# network) so leaves the others' notice within a minute: 40 s here plus their own next report.
SESSION_WINDOW = timedelta(seconds=40)


# --- What a value was -------------------------------------------------------------------------


def canonical(value):
    """A text that is the same for a field's stored value (the form's initial) and for the
    same value posted back and cleaned, whatever types the two sides use."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, datetime):
        # The admin's time input shows no fractions of a second.
        moment = value.replace(microsecond=0)
        if timezone.is_aware(moment):
            moment = moment.astimezone(UTC)
        return moment.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "read") and hasattr(value, "size"):
        # A newly uploaded file is always a change.
        return f"upload:{getattr(value, 'name', '')}:{value.size}"
    if isinstance(value, (list, tuple, set, frozenset)) or hasattr(value, "model"):
        return json.dumps(sorted(canonical(item) for item in value))
    return str(value)


def _digest(text):
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def _stored_value(form, name, field):
    """A field's value as loaded, cleaned the way a post of it would be (stripped, sanitised
    rich text), so an untouched field never looks changed."""
    initial = form.get_initial_for_field(field, name)
    if isinstance(initial, str):
        try:
            return field.clean(initial)
        except ValidationError:
            return initial
    return initial


def field_fingerprints(form):
    """{field name: short hash of its value} for an unbound form on the stored object."""
    return {
        name: _digest(canonical(_stored_value(form, name, field)))
        for name, field in form.fields.items()
    }


def _row_fields(form):
    return [name for name in form.fields if name not in ("DELETE", "ORDER")]


def stored_rows_fingerprint(formset):
    """A short hash of an inline's stored rows (an unbound formset)."""
    rows = sorted(
        json.dumps([canonical(_stored_value(form, n, form.fields[n])) for n in _row_fields(form)])
        for form in formset.initial_forms
    )
    return _digest(json.dumps(rows))


def posted_rows_fingerprint(formset):
    """The same hash for the rows a bound formset posts (None when they do not validate)."""
    if not formset.is_valid():
        return None
    deleted = set(map(id, formset.deleted_forms))
    rows = sorted(
        json.dumps([canonical(form.cleaned_data.get(n)) for n in _row_fields(form)])
        for form in formset.forms
        if id(form) not in deleted and (form.instance.pk is not None or form.has_changed())
    )
    return _digest(json.dumps(rows))


def field_label(form, name):
    """ "Title (English)" for a translated field, its own label otherwise."""
    try:
        model_field = form._meta.model._meta.get_field(name)
    except FieldDoesNotExist:
        model_field = None
    original = getattr(model_field, "translated_field", None)
    language = getattr(model_field, "language", None)
    if original is not None and language:
        return gettext("%(field)s (%(language)s)") % {
            "field": capfirst(original.verbose_name),
            "language": get_language_info(language)["name_translated"],
        }
    return str(capfirst(form.fields[name].label or name))


def person_name(user):
    if user is None:
        return gettext("someone else")
    return user.get_full_name() or user.get_username()


def when(moment):
    """Local time; with the date unless it is today."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "j F Y, H:i")


def _keep_initial(data, initial):
    return initial


# --- The form ---------------------------------------------------------------------------------


class VersionCheckForm:
    """Mixed into the admin's model form for a change view; `_versioned_admin` and
    `_versioned_request` are set on the class the admin builds for each request."""

    _versioned_admin = None
    _versioned_request = None
    renewed_state = None

    def clean(self):
        cleaned = super().clean()
        request = self._versioned_request
        if request is not None and request.method == "POST" and self.instance.pk is not None:
            self._check_version(request)
        return cleaned

    def _check_version(self, request):
        model = type(self.instance)
        # Held until the admin's transaction ends: no other save can slip in between this
        # check and this save.
        current = (
            model._base_manager.select_for_update(of=("self",))
            .select_related("updated_by")
            .filter(pk=self.instance.pk)
            .first()
        )
        if current is None:
            self.add_error(None, gettext(
                "This %(object)s was deleted after you opened it: your changes cannot be saved."
            ) % {"object": model._meta.verbose_name})
            return
        loaded = read_state(request.POST.get(STATE_FIELD), current.pk)
        if loaded is not None and loaded["v"] == current.version:
            return

        admin, fresh = self._versioned_admin, type(self)(instance=current)
        now_fields = field_fingerprints(fresh)
        now_inlines = admin.inline_fingerprints(request, current)
        self.renewed_state = make_state(current, now_fields, now_inlines)
        if loaded is None:
            self.add_error(None, gettext(
                "This form does not say which version it was opened at (it may have been "
                "opened before an update of the site), so it was not saved. Your input is "
                "kept: check it against the current version and save again."
            ))
            return

        changed, conflicts = [], []
        for name in self.fields:
            if loaded["f"].get(name) == now_fields[name]:
                continue
            changed.append(field_label(self, name))
            touched = name not in self.cleaned_data or _digest(
                canonical(self.cleaned_data[name])
            ) != loaded["f"].get(name)
            if touched:
                conflicts.append(field_label(self, name))
                self.add_error(name, gettext(
                    "Changed meanwhile by %(name)s too. Your text is kept here: compare "
                    "before saving again."
                ) % {"name": person_name(current.updated_by)})
            else:
                # Shown from the current object instead of the stale post.
                self.initial[name] = fresh.get_initial_for_field(self.fields[name], name)
                self.fields[name].bound_data = _keep_initial
                self._bound_fields_cache.pop(name, None)

        refresh = set()
        for prefix, (label, posted) in admin.posted_inline_fingerprints(
            request, current
        ).items():
            if loaded["i"].get(prefix) == now_inlines.get(prefix):
                continue
            changed.append(label)
            if posted is not None and posted == loaded["i"].get(prefix):
                # Untouched here, changed meanwhile: shown as stored now.
                refresh.add(prefix)
            else:
                conflicts.append(label)
        request._versioned_refresh_inlines = refresh

        messages = [capfirst(gettext(
            "%(name)s saved this %(object)s at %(time)s, after you opened it. Your changes "
            "have not been saved yet."
        ) % {
            "name": person_name(current.updated_by),
            "object": model._meta.verbose_name,
            "time": when(current.updated_at),
        })]
        if changed:
            messages.append(
                gettext("Changed since you opened it: %(fields)s.") % {"fields": ", ".join(changed)}
            )
        if conflicts:
            messages.append(gettext(
                "Changed by both of you: %(fields)s. Your version is kept in the form."
            ) % {"fields": ", ".join(conflicts)})
        messages.append(gettext(
            "Everything else now shows the current version. Save again to apply your "
            "changes on top of it."
        ))
        self.add_error(None, messages)


def make_state(obj, fields, inlines):
    return signing.dumps({"pk": str(obj.pk), "v": obj.version, "f": fields, "i": inlines},
                         salt=_SALT, compress=True)


def read_state(token, pk):
    """The loaded state a form posted back, or None if absent, altered or for another object."""
    if not token:
        return None
    try:
        state = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(state, dict) or state.get("pk") != str(pk):
        return None
    return state


# --- The admin --------------------------------------------------------------------------------


class VersionedAdminMixin:
    """Put first in the bases of the ModelAdmin of a `Versioned` model."""

    change_form_template = "admin/core/versioned_change_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not change:
            return form
        return type(form.__name__, (VersionCheckForm, form), {
            "_versioned_admin": self, "_versioned_request": request,
        })

    def save_model(self, request, obj, form, change):
        # The save moves the version on (core.write_path), a list_editable one too,
        # so forms open on this object become stale.
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    # Inlines (positions, release contacts, sub-entries) are covered by the parent's version;
    # their rows are fingerprinted too, so a refusal can name them and refresh them.

    def _inline_formsets(self, request, obj, data=None):
        for formset_class, inline in self.get_formsets_with_inlines(request, obj):
            prefix = formset_class.get_default_prefix()
            kwargs = {"instance": obj, "prefix": prefix, "queryset": inline.get_queryset(request)}
            if data is not None:
                kwargs.update(data=data, files=request.FILES)
            yield prefix, inline, formset_class(**kwargs)

    def inline_fingerprints(self, request, obj):
        return {
            prefix: stored_rows_fingerprint(formset)
            for prefix, _inline, formset in self._inline_formsets(request, obj)
        }

    def posted_inline_fingerprints(self, request, obj):
        return {
            prefix: (
                str(capfirst(inline.verbose_name_plural or inline.model._meta.verbose_name_plural)),
                posted_rows_fingerprint(formset),
            )
            for prefix, inline, formset in self._inline_formsets(request, obj, request.POST)
        }

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        # Called once the form is validated, so a refusal has decided what to refresh.
        refresh = getattr(request, "_versioned_refresh_inlines", ())
        formsets = [
            type(formset)(
                instance=formset.instance, prefix=formset.prefix,
                queryset=inline.get_queryset(request),
            )
            if formset.prefix in refresh
            else formset
            for formset, inline in zip(formsets, inline_instances, strict=True)
        ]
        return super().get_inline_formsets(request, formsets, inline_instances, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="",
                           obj=None):
        if change and obj is not None:
            form = context["adminform"].form
            if request.method == "POST":
                state = form.renewed_state or request.POST.get(STATE_FIELD, "")
            else:
                state = make_state(obj, field_fingerprints(form), {
                    inline.formset.prefix: stored_rows_fingerprint(inline.formset)
                    for inline in context.get("inline_admin_formsets", ())
                })
            context.update(
                versioned_state=state,
                editing_notice=self.record_edit_session(request, obj),
                editing_url=reverse(
                    f"admin:{obj._meta.app_label}_{obj._meta.model_name}_editing",
                    args=[quote(obj.pk)],
                    current_app=self.admin_site.name,
                ),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- Who else has the form open ---------------------------------------------------------

    def record_edit_session(self, request, obj):
        """Note that this person has the form open; return the notice about the others."""
        now = timezone.now()
        content_type = ContentType.objects.get_for_model(obj)
        fresh_since = now - SESSION_WINDOW
        # Cheap cleaning: only rows on this object's and this person's indexes.
        EditSession.objects.filter(
            content_type=content_type, object_id=str(obj.pk), seen_at__lt=fresh_since
        ).delete()
        EditSession.objects.filter(user=request.user, seen_at__lt=fresh_since).delete()
        session, created = EditSession.objects.get_or_create(
            content_type=content_type, object_id=str(obj.pk), user=request.user,
            defaults={"opened_at": now, "seen_at": now},
        )
        if not created:
            EditSession.objects.filter(pk=session.pk).update(seen_at=now)
        return self.editing_notice(request, content_type, obj.pk)

    def editing_notice(self, request, content_type, object_id):
        others = (
            EditSession.objects.filter(
                content_type=content_type,
                object_id=str(object_id),
                seen_at__gte=timezone.now() - SESSION_WINDOW,
            )
            .exclude(user=request.user)
            .select_related("user")
            .order_by("opened_at")
        )
        return " · ".join(
            gettext("Open by %(name)s since %(time)s")
            % {"name": person_name(other.user), "time": when(other.opened_at)}
            for other in others
        )

    def get_urls(self):
        opts = self.model._meta
        # Before the admin's own patterns: their "<object_id>/" catch-all would take it.
        return [
            path(
                "<path:object_id>/editing/",
                self.admin_site.admin_view(self.editing_view),
                name=f"{opts.app_label}_{opts.model_name}_editing",
            ),
        ] + super().get_urls()

    @method_decorator(require_POST)
    def editing_view(self, request, object_id):
        """The form's script: "still open" (answers the notice to show) or "closed"."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        content_type = ContentType.objects.get_for_model(obj)
        mine = EditSession.objects.filter(
            content_type=content_type, object_id=str(obj.pk), user=request.user
        )
        if request.POST.get("closed"):
            mine.delete()
            return JsonResponse({"notice": ""})
        now = timezone.now()
        if not mine.update(seen_at=now):
            EditSession.objects.create(
                content_type=content_type, object_id=str(obj.pk), user=request.user,
                opened_at=now, seen_at=now,
            )
        return JsonResponse({"notice": self.editing_notice(request, content_type, obj.pk)})
