
from django.urls import reverse
from django.utils import timezone
from modeltranslation.utils import get_language as translation_language
from modeltranslation.utils import resolution_order

from core import cache_tags, content_cache
from core.language_policy import LANGUAGE_CODES

from .models import MenuItem, Organisation, Page


def _organisation():
    cache_tags.add(cache_tags.ORGANISATION)
    return Organisation.load()


def site_organisation(request):
    """The Organisation row, read once per request: the header, the footer and the page's own
    content (key figures, JSON-LD) share it. Kept in the cache until the content changes."""
    if not hasattr(request, "_site_organisation"):
        request._site_organisation = content_cache.remember("organisation", _organisation)
    return request._site_organisation


class MenuEntry:
    """An entry of the main menu as the menu shows it: its `label` and `url` in the active
    language, and its `entries` (sub-entries)."""

    __slots__ = ("pk", "parent_id", "label", "url", "entries")

    def __init__(self, pk, parent_id, label, url):
        self.pk, self.parent_id, self.label, self.url = pk, parent_id, label, url
        self.entries = []


def _in_language(row, field, order):
    """What modeltranslation gives for `field` in the active language: the first language in
    its fallback order `order` with a value."""
    return next((row[f"{field}_{code}"] for code in order if row[f"{field}_{code}"]), "")


def main_menu():
    """The main menu's top entries (`MenuEntry`s), each with its `url` and its `entries`.

    One query whatever the menu's size. An entry whose page is not public (or gone) is left
    out, with its sub-entries, so the menu never leaks a draft's title or links to a 404.
    URLs are those of the active language.
    """
    # A page's change that touches the menu purges this tag too (core.purge_rules).
    cache_tags.add(cache_tags.MENU)
    # Rows of values, not objects: the menu needs each entry's label, target and parent, and
    # its page's status, time and slug (the texts of the active language and its fallbacks),
    # and building the entries' and pages' objects was most of a cold menu's time.
    codes = LANGUAGE_CODES
    rows = MenuItem.objects.values(
        "pk", "parent_id", "target", "page_id", "page__status", "page__published_at",
        *(f"label_{code}" for code in codes), *(f"page__slug_{code}" for code in codes),
    )
    order = resolution_order(translation_language())
    now = timezone.now()
    # One reverse() for every page's entry.
    placeholder = "page-slug-placeholder"
    page_pattern = reverse("organisation:page", kwargs={"slug": placeholder})
    entries = []
    for row in rows:
        if row["target"] == MenuItem.Target.PAGE:
            published_at = row["page__published_at"]
            if row["page_id"] is None or not (
                row["page__status"] == Page.Status.PUBLISHED
                and published_at is not None
                and published_at <= now
            ):
                continue
            url = page_pattern.replace(placeholder, _in_language(row, "page__slug", order))
        else:
            url = reverse(row["target"])
        label = _in_language(row, "label", order)
        entries.append(MenuEntry(row["pk"], row["parent_id"], label, url))
    top = [entry for entry in entries if entry.parent_id is None]
    for entry in top:
        entry.entries = [child for child in entries if child.parent_id == entry.pk]
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
