"""The newsroom's public pages. Every one of them reaches releases through
`NewsRelease.objects.published()`; only the staff preview, the journalists' embargo links and
the notice at a withdrawn release's address (newsroom.withdrawn) look past it."""


from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from core import cache_tags, content_cache, page_shell, redirects
from core.i18n import LANGUAGE_CODES, has_translation, translated
from core.page_cache import normalised_query, query_parameters
from core.previews import staff_preview
from core.responses import keep_private
from organisation.context_processors import site_organisation

from . import embargo, fragments, search, vcard, withdrawn
from .forms import ReleaseFilterForm
from .models import NewsRelease, PressContact, ReleaseContact
from .pagination import CachedCountPaginator, CachedPagePaginator, CappedPaginator

PAGE_SIZE = 20

# Open Graph wants a territory; these are the site's usual readers per language.
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}


LIST_PARAMETERS = (*ReleaseFilterForm.base_fields, "page")


@query_parameters(*LIST_PARAMETERS)
def release_list(request):
    """The list, filtered, searched and paged. Its parts are kept per language, address and
    query (only the parameters it reads, normalised as the page cache does), with the tags of
    everything they show: an editor, a visitor with a session or anyone the page cache does
    not serve gets them without running the form, the search or the templates again. When a
    change drops them, they are made again from the kept page of results and items."""
    address = page_shell.NamedAddress("newsroom:list")
    asked = normalised_query(request.GET, frozenset(LIST_PARAMETERS)).urlencode()
    name = content_cache.name_for("newsroom:list-parts", content_cache.site_address(request), asked)

    def list_parts():
        form = ReleaseFilterForm.for_request(request)
        unknown = form.unknown_filters()
        if unknown:
            return unknown_filter_parts(request, address, form, unknown)
        query = form.active_filters.get("q")
        page = kept_page(request, form, query)
        if query:
            items = fragments.search_items(page.object_list)
        else:
            items = fragments.release_items(page.object_list)
        cache_tags.add(cache_tags.RELEASES, cache_tags.THEMES)
        filter_query = form.querystring()
        context = {"form": form, "page": page, "items": items, "filter_query": filter_query}
        parts = page_shell.render_parts(request, "newsroom/newsrelease_list.html", context)
        return {**parts, **page_shell.language_links(request, address, filter_query)}

    return page_shell.page_response(request, content_cache.remember(name, list_parts))


def unknown_filter_parts(request, address, form, unknown):
    """A list asked for with a kind, theme, country or year no public release has: 404, with
    the list's layout, what is unknown and links that leave it out; never every release."""
    cache_tags.add(cache_tags.RELEASES, cache_tags.THEMES)
    filter_query = form.querystring()
    context = {
        "form": form, "page": None, "items": (), "filter_query": filter_query,
        "unknown_filters": unknown,
    }
    parts = page_shell.render_parts(request, "newsroom/newsrelease_list.html", context)
    links = page_shell.language_links(request, address, filter_query)
    return {**parts, **links, "status": 404}


def kept_page(request, form, query):
    """The page of the list asked for, kept until the public releases or their themes change
    (which releases a list shows, in which order): its items are the releases' pks or, for a
    search, `SearchResult`s with the matched words marked; a search is also dropped when a
    release it shows changes. Asked again, a list runs no query of its own and a search none
    of its costly ranking and highlighting."""
    language = get_language()

    def list_page():
        cache_tags.add(cache_tags.RELEASES, cache_tags.THEMES)
        # Built here: a search's queryset alone takes longer to build than a kept page to serve.
        releases = form.filter(NewsRelease.objects.published())
        if query:
            rows = releases.for_listing()
            paginator = CappedPaginator(rows, PAGE_SIZE, limit=search.MAX_RESULTS)
        else:
            key = f"newsroom:list-count:{form.querystring()}"
            # Their pks alone: no release is built (each would set up its change tracker).
            pks = releases.values_list("pk", flat=True)
            paginator = CachedCountPaginator(pks, PAGE_SIZE, key=key)
        # Not a number → page 1; past the end → the last page: a link never dead-ends.
        page = paginator.get_page(request.GET.get("page"))
        if not query:
            return paginator.count, False, page.number, list(page)
        cache_tags.add_releases(page.object_list)
        results = [
            fragments.SearchResult(
                release.pk,
                search.title_html(release, query, language),
                search.headline_html(release, query, language),
            )
            for release in page.object_list
        ]
        return paginator.count, paginator.has_more, page.number, results

    name = content_cache.name_for(
        "newsroom:list-page", form.querystring(), request.GET.get("page", "")
    )
    count, has_more, number, items = content_cache.remember(name, list_page)
    return CachedPagePaginator(count, PAGE_SIZE, has_more=has_more).page(number, items)


def detail_queryset(releases):
    return releases.prefetch_related(
        fragments.themes_prefetch(),
        Prefetch(
            "releasecontact_set",
            queryset=ReleaseContact.objects.select_related("contact__office"),
            to_attr="contact_links",
        ),
        # All of them: the public ones among them are shown, for each request
        # (fragments.related_section).
        Prefetch("related", queryset=NewsRelease.objects.only("pk"), to_attr="related_releases"),
    )


def release_detail(request, slug):
    def render_parts():
        release = detail_queryset(NewsRelease.objects.published()).get(slug=slug)
        # Kept with the parts: the page's address in each language is the release's own.
        links = page_shell.language_links(request, ReleaseAddress(release.slug))
        return {**release_parts(request, release), **links}

    # Kept until the release, or anything its page shows, changes (newsroom.fragments); the
    # versions of its related releases' items are read in the same query.
    try:
        parts = content_cache.remember(
            fragments.release_page_name(request, slug),
            render_parts,
            also=lambda parts: fragments.item_tags(parts["related"]),
        )
    except NewsRelease.DoesNotExist:
        # Only a miss pays for these look-ups: a withdrawn release at this slug (410 rather
        # than 404), then an old slug (301; a withdrawn release is followed too, its current
        # address says it is gone).
        try:
            return withdrawn.gone_or_404(request, slug)
        except Http404:
            moved = NewsRelease.objects.published() | NewsRelease.objects.withdrawn()
            return redirects.moved_permanently(request, moved, slug)
    return render_page(request, parts, ReleaseAddress(parts["slug"]))


class ReleaseAddress:
    """Stands for a public release in the language switcher and hreflang links."""

    def __init__(self, slug):
        self.slug = slug

    def get_absolute_url(self):
        return reverse("newsroom:detail", kwargs={"slug": self.slug})


class PreviewLink:
    """Stands for the release in the language switcher and hreflang links of a preview, so
    they lead to the preview in another language rather than to a public 404."""

    def __init__(self, release):
        self.pk = release.pk

    def get_absolute_url(self):
        return reverse("newsroom:preview", kwargs={"pk": self.pk})


@staff_preview(NewsRelease)
def release_preview(request, pk):
    """Any release, whatever its status or time, exactly as the public page will show it."""
    release = get_object_or_404(detail_queryset(NewsRelease.objects.all()), pk=pk)
    return render_release(request, release, preview=True)


def embargoed_release(request, token):
    """A release under embargo, through a journalist's link (newsroom.embargo).

    Anything else gets a page saying the link does not work, and never the content: a token
    not signed here, a release that is gone or back to draft (404), a link past its lifetime,
    revoked, or made for an embargo the release has left (410). Once the release is public the
    link leads to the public page.
    """
    opened = open_journalist_link(request, token, detail_queryset(NewsRelease.objects.all()))
    if not isinstance(opened, NewsRelease):
        return opened
    parts = release_parts(request, opened, embargoed=True, token=token)
    return keep_private(render_page(request, parts, embargo.EmbargoAddress(token)))


def open_journalist_link(request, token, releases, public_address=None):
    """The release under embargo that `token` opens (from `releases`), or the response to
    send instead: the link's refusal page, or a redirect to `public_address(release)` (the
    public page by default) once the release is public."""
    pk = embargo.read_token(token)
    release = None
    if pk is not None:
        # The link's state comes with the release, in the same query.
        release = (
            releases.filter(journalist_links__pk=pk)
            .annotate(
                link_ended_at=F("journalist_links__ended_at"),
                link_expires_at=F("journalist_links__expires_at"),
            )
            .first()
        )
    if release is not None and release.is_public:
        return redirect(public_address(release) if public_address else release.get_absolute_url())
    if release is None:
        return link_refused(request, "invalid", 404)
    if release.link_ended_at is not None:
        return link_refused(request, "revoked", 410)
    if not embargo.is_under_embargo(release):
        return link_refused(request, "invalid", 404)
    if timezone.now() >= release.link_expires_at:
        return link_refused(request, "expired", 410)
    return release


def link_refused(request, reason, status):
    return keep_private(
        render(request, "newsroom/embargo_link_invalid.html", {"reason": reason}, status=status)
    )


def render_release(request, release, preview=False):
    """A release's page rendered afresh (previews of the release and of its revisions)."""
    parts = release_parts(request, release, preview=preview)
    address = PreviewLink(release) if preview else ReleaseAddress(release.slug)
    return render_page(request, parts, address)


def render_page(request, parts, address):
    """A release's page from its parts; `address` gives its URL in each language."""
    parts = fragments.with_related(parts)
    return page_shell.page_response(request, {**parts, "head_extra": ""}, address)


def release_parts(request, release, preview=False, embargoed=False, token=None):
    url = request.build_absolute_uri(release.get_absolute_url())
    shared_image = release.shared_image_url()
    image_url = request.build_absolute_uri(shared_image) if shared_image else ""
    language = get_language()
    texts = [translated(release, field) for field in ("title", "lead", "body")]
    context = {
        "object": release,
        "release": release,
        "contact_links": release.contact_links,
        "corrections": release.public_corrections(),
        "preview": preview,
        "embargoed": embargoed,
        # The journalist's downloads go through the link too (newsroom.press_views).
        "embargo_token": token,
        "fallback_language": next(
            (value.lang for value in texts if value.value and value.is_fallback), None
        ),
        "page_url": url,
        "image_url": image_url,
        "picture": release.image_picture() if release.image else None,
        "og_locale": OG_LOCALES.get(language, language),
        "og_locale_alternates": [
            OG_LOCALES[code]
            for code in LANGUAGE_CODES
            if code != language and has_translation(release, "title", code)
        ],
    }
    # Everything the parts show: the release, themes, contacts, offices (not its related
    # releases: their items are put in for each request, with their own tags).
    cache_tags.add(cache_tags.release(release.pk), cache_tags.THEMES, cache_tags.OFFICES)
    cache_tags.add(*(cache_tags.contact(link.contact_id) for link in release.contact_links))
    return fragments.release_parts(request, release, context)


def media_contacts(request):
    contacts = (
        PressContact.objects.filter(is_active=True)
        .select_related("office")
        # Grouped by office in the template: rows of one office must be consecutive.
        .order_by("office__order", "office_id", "name")
    )
    cache_tags.add(cache_tags.CONTACTS, cache_tags.OFFICES)
    return render(request, "newsroom/media_contacts.html", {"contacts": contacts})


def contact_vcard(request, slug):
    """An active contact's card; a retired contact's card too while a public release still
    names them, so that every vCard link the public can see works, and no other."""
    named_on_public_release = Exists(
        ReleaseContact.objects.filter(
            contact=OuterRef("pk"), release__in=NewsRelease.objects.published()
        )
    )
    contact = get_object_or_404(
        PressContact.objects.select_related("office").filter(
            Q(is_active=True) | named_on_public_release
        ),
        slug=slug,
    )
    organisation = site_organisation(request)
    # Also shown while a public release names the contact.
    cache_tags.add(cache_tags.contact(contact.pk), cache_tags.OFFICES, cache_tags.RELEASES)
    response = HttpResponse(
        vcard.contact_vcard(contact, organisation.name if organisation else ""),
        content_type="text/vcard; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{contact.slug}.vcf"'
    return response
