"""Changes to who may do what, in the activity log: a user's groups, permissions and flags
(active, staff, superuser), and a group's permissions.

Group and permission changes are caught where they happen, by `m2m_changed`, so that none
is missed whatever the path (admin, command, shell). A screen or command that makes several
changes as one act opens a `batch()`: its changes become one row per object, with who did it
and from where, instead of one anonymous row per signal.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed

from . import activity

_current = ContextVar("role_changes_batch", default=None)
# The through model of each tracked many-to-many field → that field.
_TRACKED = {}


class Batch:
    def __init__(self, user, source):
        self.user = user
        self.source = source
        self.notes = []
        self.changes = {}

    def add(self, obj, line):
        key = (obj._meta.label, obj.pk)
        self.changes.setdefault(key, (obj, []))[1].append(line)

    def note(self, line):
        self.notes.append(line)


@contextmanager
def batch(*, user=None, source=""):
    """Gather the role changes made inside into one row per changed object; or, when the
    caller writes a summary (`Batch.note`, a command's), into one row for the whole batch."""
    current = Batch(user, source)
    token = _current.set(current)
    try:
        yield current
    finally:
        _current.reset(token)
    if current.notes:
        activity.record(
            activity.Action.PERMISSIONS, user=user, source=source, details="\n".join(current.notes)
        )
        return
    for obj, lines in current.changes.values():
        activity.record(
            activity.Action.PERMISSIONS, obj, user=user, source=source, details="\n".join(lines)
        )


def changed(obj, line):
    """One change to `obj`'s roles: joins the open batch, or is a row of its own."""
    current = _current.get()
    if current is not None:
        current.add(obj, line)
    else:
        activity.record(activity.Action.PERMISSIONS, obj, details=line)


def _name(obj):
    if isinstance(obj, Permission):
        return f"{obj.content_type.app_label}.{obj.codename}"
    return str(obj)


def _columns(field, reverse):
    """The through model's columns (this side, other side) as seen from the signal's instance."""
    this, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    return (other, this) if reverse else (this, other)


def _on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    field = _TRACKED[sender]
    if action == "pre_clear":
        # After the clear nothing says what was there: remember it now.
        this, other = _columns(field, reverse)
        instance._role_ids_before_clear = set(
            sender.objects.filter(**{this: instance.pk}).values_list(other, flat=True)
        )
        return
    if action == "post_clear":
        pk_set, sign = instance.__dict__.pop("_role_ids_before_clear", set()), "−"
    elif action == "post_add":
        sign = "+"
    elif action == "post_remove":
        sign = "−"
    else:
        return
    if not pk_set:
        return
    objects = model._default_manager.filter(pk__in=pk_set)
    if model is Permission:
        objects = objects.select_related("content_type")
    names = sorted(_name(obj) for obj in objects)
    label = model._meta.model_name if reverse else field.name
    changed(instance, f"{label}: " + ", ".join(f"{sign}{name}" for name in names))


def connect():
    User = get_user_model()
    for descriptor in (User.groups, User.user_permissions, Group.permissions):
        through = descriptor.through
        _TRACKED[through] = descriptor.field
        m2m_changed.connect(
            _on_m2m_changed, sender=through, dispatch_uid=f"role-changes:{through._meta.label}"
        )
