"""Every write to a release that is more than a form's save goes through here: the admin
actions, the importer and the commands call these functions, so that the revision, the
activity row, the version bump and the cache invalidation happen in one place."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from iom_site.core import activity
from iom_site.core.revisions import revision

from .models import NewsRelease

Status = NewsRelease.Status


def _save(release, *, user, source, comment=""):
    with revision(user=user, comment=comment, source=source):
        release.version = F("version") + 1
        # Named by the stale-save refusal of any form opened before this write.
        release.updated_by = user if getattr(user, "is_authenticated", False) else None
        release.save()
        release.refresh_from_db(fields=["version"])


@transaction.atomic
def publish(release, *, user=None, source="admin"):
    """Public now, or at its later public time if one is set (an embargo stays)."""
    if release.published_at is None or (
        release.status != Status.PUBLISHED and release.published_at > timezone.now()
    ):
        release.published_at = timezone.now()
    release.status = Status.PUBLISHED
    _save(release, user=user, source=source)
    activity.record(activity.Action.PUBLISH, release, user=user, source=source)


@transaction.atomic
def unpublish(release, *, user=None, source="admin"):
    release.status = Status.DRAFT
    _save(release, user=user, source=source)
    activity.record(activity.Action.UNPUBLISH, release, user=user, source=source)
