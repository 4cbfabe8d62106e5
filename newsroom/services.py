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
        release.save()
        release.refresh_from_db(fields=["version"])


@transaction.atomic
def publish(release, *, user=None, source="admin"):
    """Public now: a past public time is kept (an old release stays dated as it was), a
    missing or future one becomes now. A release already public is left as it is (no
    revision, no row): False then, True when published."""
    if release.is_public:
        return False
    now = timezone.now()
    if release.published_at is None or release.published_at > now:
        release.published_at = now
    release.status = Status.PUBLISHED
    _save(release, user=user, source=source)
    activity.record(
        activity.Action.PUBLISH, release, user=user, source=source,
        details=f"public from {release.published_at.isoformat(timespec='seconds')}",
    )
    return True


@transaction.atomic
def unpublish(release, *, user=None, source="admin"):
    """Back to draft; a draft is left as it is (False then, True when unpublished)."""
    if release.status == Status.DRAFT:
        return False
    release.status = Status.DRAFT
    _save(release, user=user, source=source)
    activity.record(activity.Action.UNPUBLISH, release, user=user, source=source)
    return True
