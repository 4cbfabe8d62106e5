"""Writes to the organisation's content that are more than a form's save: the revision, the
activity row and the version bump happen here, in one place."""

from django.db import transaction

from iom_site.core import activity, revisions

from .models import MenuItem, Office, Organisation, Page, Person, Region, Unit


@transaction.atomic
def restore(version_or_revision, *, user, source="admin", keep=()):
    """Put a page (or a person with their positions, a unit, an office, a region, a menu
    entry with its sub-entries, the organisation) back as a revision held it, as a new
    revision and version; a page's publication state comes back only for someone allowed to
    publish pages, and the columns in `keep` stay as they are."""
    version = revisions.primary_version(
        version_or_revision, (Page, Person, Unit, Office, Region, MenuItem, Organisation)
    )
    obj = revisions.restore(version, user=user, source=source, keep=keep)
    activity.record(activity.Action.RESTORE, obj, user=user, source=source)
    return obj
