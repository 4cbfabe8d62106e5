"""The organisation's side of the admin history (core.history): restore through the
services, and a page's revision previewed by the public page's own rendering."""

from core.history import HistoryAdmin

from . import services
from .views import render_page


def preview_page(request, snapshot):
    """The page as the revision held it, rendered as its public page; nothing saved."""
    return render_page(request, snapshot.object)


class OrganisationHistoryAdmin(HistoryAdmin):
    restore_revision = staticmethod(services.restore)


class PageHistoryAdmin(OrganisationHistoryAdmin):
    preview_revision = staticmethod(preview_page)
