"""The activity log: one row per editorial act, whoever or whatever did it (a person in the
admin, a command, an import). Written by the services, never by the views directly."""

from django.contrib.contenttypes.models import ContentType

from .models import ActivityEntry

Action = ActivityEntry.Action


def record(action, obj=None, *, user=None, source="", details="", username=""):
    """Write one row of the log. `source` names the screen or command ("admin",
    "command:import_releases"); `obj` may be None (a login, an import as a whole)."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return ActivityEntry.objects.create(
        action=action,
        user=user,
        username=username or (user.get_username() if user is not None else ""),
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        source=source[:100],
        details=details,
    )
