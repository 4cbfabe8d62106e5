"""Writes to the organisation's content that are more than a form's save (publishing a page,
restoring a revision), in one place: the revision, the activity row and the version bump happen
here, whoever calls (an admin action, a command). The content caches follow the save signals."""

from django.db import transaction

from core import activity, publishing, revisions
from core.revisions import save_new_version

from .models import MenuItem, Office, Organisation, Page, Person, Region, Unit


@transaction.atomic
def publish_page(page, *, user=None, source="admin"):
    """Public now (core.publishing): True when published, False when the page was
    left as it is (already public)."""
    if not publishing.publish_now(page):
        return False
    save_new_version(page, user=user, source=source)
    activity.record(
        activity.Action.PUBLISH, page, user=user, source=source,
        details=f"public from {page.published_at.isoformat(timespec='seconds')}",
    )
    return True


@transaction.atomic
def unpublish_page(page, *, user=None, source="admin"):
    """Back to draft: the page, its menu entry and its links leave the public site (False
    for a draft, left as it is)."""
    if not publishing.unpublish(page):
        return False
    save_new_version(page, user=user, source=source)
    activity.record(activity.Action.UNPUBLISH, page, user=user, source=source)
    return True


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
