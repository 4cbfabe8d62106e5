
from core import cache_tags, content_cache

from .models import MenuItem, Organisation, Page


def _is_shown(item):
    """A page entry shows only while its page is public (a scheduled page's entry appears at
    its time: the cached menu is not kept past it); other entries always show."""
    if item.target != MenuItem.Target.PAGE:
        return True
    return item.page is not None and item.page.is_public


def _organisation():
    cache_tags.add(cache_tags.ORGANISATION)
    return Organisation.load()


def site_organisation(request):
    """The Organisation row, read once per request: the header, the footer and the page's own
    content (key figures, JSON-LD) share it. Kept in the cache until the content changes."""
    if not hasattr(request, "_site_organisation"):
        request._site_organisation = content_cache.remember("organisation", _organisation)
    return request._site_organisation


def main_menu():
    """The main menu's top entries, each with its `url` and its `entries` (sub-entries).

    Two queries whatever the menu's size. An entry whose page is not public (or gone) is left
    out, with its sub-entries, so the menu never leaks a draft's title or links to a 404.
    URLs are those of the active language.
    """
    # A page's change that touches the menu purges this tag too (core.purge_rules).
    cache_tags.add(cache_tags.MENU)
    # A page's entry needs its status, time and slug: its texts (every language's), its
    # withdrawal reason and its translation state stay in the database (a third of a cold
    # menu's time).
    entries = MenuItem.objects.select_related("page").defer(
        "page__body", "page__summary", "page__withdrawal_reason", "page__translation_state"
    )
    items = [item for item in entries if _is_shown(item)]
    for item in items:
        item.url = item.get_absolute_url()
    top = [item for item in items if item.parent_id is None]
    for item in top:
        item.entries = [child for child in items if child.parent_id == item.pk]
    return top


def site(request):
    """The organisation, for the header and footer of every page, kept in the cache until
    the content changes (the menu is kept as HTML: site_tags.menu_for)."""
    if request.path.startswith("/admin/"):
        return {}
    return {"site_organisation": site_organisation(request)}


def publishing_policies(request):
    """{schema.org property: absolute URL} of the organisation's standards pages that are
    public, in the active language (Organisation.POLICIES): what a release's structured data
    names for its publisher. Kept until the organisation or one of those pages changes."""
    organisation = site_organisation(request)
    if organisation is None:
        return {}
    wanted = {
        field: pk
        for field in Organisation.POLICIES
        if (pk := getattr(organisation, f"{field}_id")) is not None
    }
    if not wanted:
        return {}

    def paths():
        cache_tags.add(cache_tags.ORGANISATION, *(cache_tags.page(pk) for pk in wanted.values()))
        # Their addresses only: texts and bodies stay in the database.
        pages = Page.objects.published().defer(
            "body", "summary", "withdrawal_reason", "translation_state"
        ).in_bulk(wanted.values())
        return {
            Organisation.POLICIES[field]: pages[pk].get_absolute_url()
            for field, pk in wanted.items()
            if pk in pages
        }

    name = content_cache.name_for("organisation-policies", *sorted(wanted.items()))
    return {
        name_: request.build_absolute_uri(path)
        for name_, path in content_cache.remember(name, paths).items()
    }
