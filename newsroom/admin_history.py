"""The newsroom's side of the admin history (core.history): restore through the
services, and a release's revision previewed by the public page's own rendering."""

from core.history import HistoryAdmin

from . import services
from .models import NewsRelease, PressContact, ReleaseContact, Theme
from .views import render_release


def preview_release(request, snapshot):
    """The release as the revision held it, rendered as its public page: the revision's
    contacts in order, themes and related releases (those public now), nothing saved."""
    release = snapshot.object
    contact_rows = next(
        (kids for _label, model, _key, kids in snapshot.children if model is ReleaseContact), []
    )
    contacts = PressContact.objects.select_related("office").in_bulk(
        [row.object.contact_id for row in contact_rows]
    )
    release.contact_links = []
    for row in contact_rows:
        if row.object.contact_id in contacts:
            row.object.contact = contacts[row.object.contact_id]
            release.contact_links.append(row.object)
    # The public ones among them are shown (newsroom.fragments.related_section).
    release.related_releases = list(
        NewsRelease.objects.filter(pk__in=snapshot.many_to_many.get("related", [])).only("pk")
    )
    # The template reads `release.themes.all`: answer with the revision's themes, not the
    # release's current ones.
    release._prefetched_objects_cache = {
        "themes": Theme.objects.filter(pk__in=snapshot.many_to_many.get("themes", [])).only(
            "slug", "name"
        )
    }
    return render_release(request, release, preview=True)


class NewsroomHistoryAdmin(HistoryAdmin):
    restore_revision = staticmethod(services.restore)


class ReleaseHistoryAdmin(NewsroomHistoryAdmin):
    preview_revision = staticmethod(preview_release)
