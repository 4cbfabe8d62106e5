"""Every write to a release that is more than a form's save goes through here: the admin
actions, the importer and the commands call these functions, so that the revision, the
activity row, the version bump and the cache invalidation happen in one place."""

from django.db import transaction
from django.utils.translation import gettext as _

from core import activity, publishing, revisions
from core.language_policy import LANGUAGE_CODES
from core.revisions import revision, save_new_version

from .models import Correction, NewsRelease, PressContact, Theme


@transaction.atomic
def publish(release, *, user=None, source="admin"):
    """Public now (core.publishing): True when published, False when the release
    was left as it is (already public, or withdrawn: `reinstate` brings that back)."""
    if not publishing.publish_now(release):
        return False
    save_new_version(release, user=user, source=source)
    activity.record(
        activity.Action.PUBLISH, release, user=user, source=source,
        details=f"public from {release.published_at.isoformat(timespec='seconds')}",
    )
    return True


@transaction.atomic
def unpublish(release, *, user=None, source="admin"):
    """Back to draft; a draft is left as it is (False then, True when unpublished)."""
    if not publishing.unpublish(release):
        return False
    save_new_version(release, user=user, source=source)
    activity.record(activity.Action.UNPUBLISH, release, user=user, source=source)
    return True


# --- Corrections and withdrawal ----------------------------------------------------------------



# The release or the text given does not allow this (withdrawing a draft, a correction without
# a note): the publishing core's refusals and the corrections' are one kind.
ReleaseStateError = publishing.PublishingError


def _texts_by_language(texts):
    """{language: text} stripped, with every site language ("" where none was given); None
    when no language has any text."""
    unknown = sorted(set(texts) - set(LANGUAGE_CODES))
    if unknown:
        raise ReleaseStateError(
            _("Unknown language: %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    cleaned = {code: (texts.get(code) or "").strip() for code in LANGUAGE_CODES}
    return cleaned if any(cleaned.values()) else None


def _require_public(release, message):
    # A draft or a release still under embargo was never seen: unpublishing it says enough.
    if not release.is_public:
        raise ReleaseStateError(message)


def _editor(user):
    return user if getattr(user, "is_authenticated", False) else None


@transaction.atomic
def withdraw(release, reason, *, user=None, source="admin"):
    """Take a public release back on purpose: its address answers 410 Gone with the reason
    ({language: text}), and it leaves every list, feed, search and the sitemap."""
    reason = _texts_by_language(reason) or {}
    publishing.withdraw(release, reason)
    save_new_version(release, user=user, source=source)
    activity.record(
        activity.Action.WITHDRAW, release, user=user, source=source,
        details=reason[release.original_language] or next(t for t in reason.values() if t),
    )


@transaction.atomic
def reinstate(release, *, user=None, source="admin"):
    """Make a withdrawn release public again at its address, dated as it was first published."""
    publishing.reinstate(release)
    save_new_version(release, user=user, source=source)
    activity.record(activity.Action.REINSTATE, release, user=user, source=source)


@transaction.atomic
def add_correction(release, note, *, user=None, source="admin"):
    """Append a dated correction note ({language: text}) to a public release; the page shows
    it in the reader's language, and feeds and JSON-LD date the release's change by it."""
    _require_public(release, _("Only a public release can be corrected."))
    note = _texts_by_language(note)
    if note is None:
        raise ReleaseStateError(_("Write the correction note in at least one language."))
    with revision(user=user, source=source):
        correction = Correction.objects.create(
            release=release,
            created_by=_editor(user),
            **{f"note_{code}": text for code, text in note.items()},
        )
        release.corrected_at = correction.created_at
        release.updated_by = _editor(user)
        save_new_version(release, user=user, source=source)
    activity.record(
        activity.Action.CORRECT, release, user=user, source=source,
        details=note[release.original_language] or next(t for t in note.values() if t),
    )
    return correction


@transaction.atomic
def restore(version_or_revision, *, user, source="admin", keep=()):
    """Put a release (or a theme, a press contact) back as a revision held it: every
    language, the contacts in order, themes, countries, related releases and image. It
    becomes a new revision and a new version; the publication state comes back only for
    someone allowed to publish, and the columns in `keep` stay as they are."""
    version = revisions.primary_version(version_or_revision, (NewsRelease, PressContact, Theme))
    obj = revisions.restore(version, user=user, source=source, keep=keep)
    activity.record(activity.Action.RESTORE, obj, user=user, source=source)
    return obj
