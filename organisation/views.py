"""Public pages of the organisation. Each one runs a fixed number of queries: lists are read
whole, once, and assembled in Python (the org chart is a tree of a few dozen rows at most)."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from core import cache_tags, redirects
from core.i18n import LANGUAGE_CODES, translated
from core.previews import staff_preview

from .context_processors import site_organisation
from .models import Office, Page, Person, Position, Region, Unit


def fallback_languages(*values):
    """The languages, other than the visitor's, that some of the shown text comes from."""
    return sorted({value.lang for value in values if value.value and value.is_fallback})


def _split_terms(positions):
    """(current, former) positions; a position starting in the future is in neither yet."""
    today = timezone.localdate()
    current = [p for p in positions if p.is_current]
    former = [p for p in positions if p.end_date and p.end_date < today]
    return current, former


def page(request, slug):
    """An institutional page, found by its slug in the visitor's language.

    A slug from another language (a link shared from the French site, a switched prefix)
    redirects to the page's own address in this language; so does an outdated one, and so
    does a slug the page had before it was renamed (core.redirects).
    """
    language = get_language()
    pages = Page.objects.published().select_related("parent")
    page = pages.filter(**{f"slug_{language}": slug}).first()
    if page is None:
        any_language = Q()
        for code in LANGUAGE_CODES:
            any_language |= Q(**{f"slug_{code}": slug})
        page = pages.filter(any_language).first()
        if page is None:
            return redirects.moved_permanently(request, Page.objects.published(), slug)
        canonical = page.get_absolute_url()
        # Without a slug in this language the page's address uses a fallback slug: that is
        # the canonical address, so it is served, not redirected to itself.
        if canonical != request.path:
            return redirect(canonical, permanent=True)
    return render_page(request, page)


class PreviewLink:
    """Stands for the page in the language switcher and hreflang links of a preview, so they
    lead to the preview in another language rather than to a public 404."""

    def __init__(self, page):
        self.pk = page.pk

    def get_absolute_url(self):
        return reverse("organisation:page_preview", kwargs={"pk": self.pk})


@staff_preview(Page)
def page_preview(request, pk):
    """Any page, whatever its status or time, as the public page will show it (its children
    and breadcrumb as the public sees them now)."""
    page = get_object_or_404(Page.objects.select_related("parent"), pk=pk)
    return render_page(request, page, preview=True)


def render_page(request, page, preview=False):
    """A page as the public sees it (also a staff preview, and a revision's preview from an
    unsaved copy)."""
    title = translated(page, "title")
    summary = translated(page, "summary")
    body = translated(page, "body")
    children = list(page.children.published())
    # The page, its parent's title and its children's.
    cache_tags.add(cache_tags.page(page.pk), cache_tags.PAGES)
    context = {
        "object": page,
        "page": page,
        "title": title,
        "summary": summary,
        "body": body,
        "fallback_languages": fallback_languages(title, summary, body),
        "children": children,
        "organisation": site_organisation(request) if page.shows_key_figures else None,
        "preview": preview,
    }
    if preview:
        context["alternate_object"] = PreviewLink(page)
    return render(request, "organisation/page_detail.html", context)


def _current_positions():
    return Position.objects.current().select_related("person").order_by("start_date", "pk")


def structure(request):
    """The org chart: every unit once, its current holders, nested under its parent."""
    units = list(Unit.objects.all())
    holders = {}
    for position in _current_positions():
        holders.setdefault(position.unit_id, []).append(position)
    by_parent = {}
    for unit in units:
        unit.holders = holders.get(unit.pk, [])
        by_parent.setdefault(unit.parent_id, []).append(unit)
    for unit in units:
        unit.sub_units = by_parent.get(unit.pk, [])
    # Only units reachable from a root are drawn, so a cycle made by mistake cannot loop.
    cache_tags.add(cache_tags.UNITS, cache_tags.PEOPLE)
    return render(request, "organisation/structure.html", {"roots": by_parent.get(None, [])})


def unit(request, slug):
    try:
        unit = get_object_or_404(Unit.objects.select_related("parent"), slug=slug)
    except Http404:
        return redirects.moved_permanently(request, Unit.objects.all(), slug)
    positions = list(
        unit.positions.select_related("person").order_by("-start_date", "pk")
    )
    current, former = _split_terms(positions)
    cache_tags.add(cache_tags.UNITS, cache_tags.PEOPLE)
    name = translated(unit, "name")
    summary = translated(unit, "summary")
    return render(
        request,
        "organisation/unit_detail.html",
        {
            "object": unit,
            "unit": unit,
            "name": name,
            "summary": summary,
            "fallback_languages": fallback_languages(name, summary),
            "sub_units": list(unit.children.all()),
            "current_positions": current,
            "former_positions": former,
        },
    )


def person(request, slug):
    try:
        person = get_object_or_404(Person, slug=slug)
    except Http404:
        return redirects.moved_permanently(request, Person.objects.all(), slug)
    positions = list(person.positions.select_related("unit").order_by("-start_date", "pk"))
    current, former = _split_terms(positions)
    cache_tags.add(cache_tags.UNITS, cache_tags.PEOPLE)
    biography = translated(person, "biography")
    photo_alt = translated(person, "photo_alt")
    json_ld = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
    }
    if current:
        json_ld["jobTitle"] = translated(current[0], "title").value
    if person.photo:
        json_ld["image"] = request.build_absolute_uri(person.photo.url)
    organisation = site_organisation(request)
    if organisation:
        json_ld["worksFor"] = {"@type": "Organization", "name": organisation.name}
    return render(
        request,
        "organisation/person_detail.html",
        {
            "object": person,
            "person": person,
            "biography": biography,
            "photo_alt": photo_alt,
            "fallback_languages": fallback_languages(biography),
            "current_positions": current,
            "former_positions": former,
            "json_ld": json_ld,
        },
    )


def where_we_work(request):
    """Offices grouped by region; regions without offices are left out."""
    regions = Region.objects.prefetch_related(
        Prefetch("offices", queryset=Office.objects.order_by("order", "pk"))
    )
    regions = [region for region in regions if region.offices.all()]
    cache_tags.add(cache_tags.REGIONS, cache_tags.OFFICES)
    return render(request, "organisation/where_we_work.html", {"regions": regions})
