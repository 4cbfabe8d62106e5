"""The newsroom's public pages. Every one of them reaches releases through
`NewsRelease.objects.published()`; only the staff preview, the journalists' embargo links and
the notice at a withdrawn release's address (newsroom.withdrawn) look past it."""

from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language

from iom_site import cache_tags
from iom_site.core import redirects
from iom_site.core.responses import keep_private
from iom_site.i18n import LANGUAGE_CODES, has_translation, translated
from iom_site.page_cache import query_parameters
from organisation.context_processors import site_organisation

from . import embargo, search, vcard, withdrawn
from .forms import ReleaseFilterForm
from .models import NewsRelease, PressContact, ReleaseContact, Theme
from .pagination import CappedPaginator, RememberedCountPaginator

PAGE_SIZE = 20

# Open Graph wants a territory; these are the site's usual readers per language.
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}


def themes_prefetch():
    return Prefetch("themes", queryset=Theme.objects.only("slug", "name"))


def with_urls(releases):
    """Give each release its `url` with a single reverse() for the whole list: reversing per
    item is a measurable part of a list page's time."""
    placeholder = "slug-placeholder"
    pattern = reverse("newsroom:detail", kwargs={"slug": placeholder})
    releases = list(releases)
    for release in releases:
        release.url = pattern.replace(placeholder, release.slug)
    return releases


@query_parameters(*ReleaseFilterForm.base_fields, "page")
def release_list(request):
    form = ReleaseFilterForm.for_request(request)
    releases = (
        form.filter(NewsRelease.objects.published())
        .for_listing()
        .prefetch_related(themes_prefetch())
    )
    if "q" in form.active_filters:
        paginator = CappedPaginator(releases, PAGE_SIZE, limit=search.MAX_RESULTS)
    else:
        key = f"newsroom:list-count:{form.querystring()}"
        paginator = RememberedCountPaginator(releases, PAGE_SIZE, key=key)
    # Not a number → page 1; past the end → the last page: a link never dead-ends.
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = with_urls(page.object_list)
    cache_tags.add(cache_tags.RELEASES, cache_tags.THEMES)
    cache_tags.add_releases(page.object_list)
    return render(
        request,
        "newsroom/newsrelease_list.html",
        {"form": form, "page": page, "filter_query": form.querystring()},
    )


def detail_queryset(releases):
    return releases.prefetch_related(
        themes_prefetch(),
        Prefetch(
            "releasecontact_set",
            queryset=ReleaseContact.objects.select_related("contact__office"),
            to_attr="contact_links",
        ),
        # Related links follow the same rule as every other door: public ones only.
        Prefetch(
            "related",
            queryset=NewsRelease.objects.published().for_listing(),
            to_attr="public_related",
        ),
    )


def release_detail(request, slug):
    try:
        release = detail_queryset(NewsRelease.objects.published()).get(slug=slug)
    except NewsRelease.DoesNotExist:
        # Only a miss pays for these look-ups: a withdrawn release at this slug (410 rather
        # than 404), then an old slug (301; a withdrawn release is followed too, its current
        # address says it is gone).
        try:
            return withdrawn.gone_or_404(request, slug)
        except Http404:
            moved = NewsRelease.objects.published() | NewsRelease.objects.withdrawn()
            return redirects.moved_permanently(request, moved, slug)
    return render_release(request, release)


class PreviewLink:
    """Stands for the release in the language switcher and hreflang links of a preview, so
    they lead to the preview in another language rather than to a public 404."""

    def __init__(self, release):
        self.pk = release.pk

    def get_absolute_url(self):
        return reverse("newsroom:preview", kwargs={"pk": self.pk})


def release_preview(request, pk):
    """Any release, whatever its status or time, exactly as the public page will show it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not (request.user.is_staff and request.user.has_perm("newsroom.view_newsrelease")):
        raise Http404
    release = get_object_or_404(detail_queryset(NewsRelease.objects.all()), pk=pk)
    response = render_release(request, release, preview=True)
    return keep_private(response)


def embargoed_release(request, token):
    """A release under embargo, through a journalist's signed link (newsroom.embargo).

    Anything else gets a page saying the link does not work, and never the content: a token
    not signed here, a release that is gone or back to draft (404), a link past its lifetime
    (410). Once the release is public the link leads to the public page.
    """
    reading = embargo.read_token(token)
    release = None
    if reading is not None:
        release = detail_queryset(NewsRelease.objects.all()).filter(pk=reading.pk).first()
    if release is not None and release.is_public:
        return redirect(release.get_absolute_url())
    if release is None or not embargo.is_under_embargo(release):
        return keep_private(
            render(request, "newsroom/embargo_link_invalid.html", {"expired": False}, status=404)
        )
    if reading.expired:
        return keep_private(
            render(request, "newsroom/embargo_link_invalid.html", {"expired": True}, status=410)
        )
    link = embargo.JournalistLink(token)
    return keep_private(render_release(request, release, alternate_object=link, embargoed=True))


def render_release(request, release, preview=False, embargoed=False, alternate_object=None):
    url = request.build_absolute_uri(release.get_absolute_url())
    shared_image = release.shared_image_url()
    image_url = request.build_absolute_uri(shared_image) if shared_image else ""
    language = get_language()
    texts = [translated(release, field) for field in ("title", "lead", "body")]
    context = {
        "object": release,
        "release": release,
        "contact_links": release.contact_links,
        "related_releases": with_urls(release.public_related),
        "corrections": release.public_corrections(),
        "preview": preview,
        "embargoed": embargoed,
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
    # Everything the page shows: the release, its related ones, themes, contacts, offices.
    cache_tags.add(cache_tags.release(release.pk), cache_tags.THEMES, cache_tags.OFFICES)
    cache_tags.add_releases(release.public_related)
    cache_tags.add(*(cache_tags.contact(link.contact_id) for link in release.contact_links))
    if preview:
        alternate_object = PreviewLink(release)
    if alternate_object is not None:
        context["alternate_object"] = alternate_object
    return render(request, "newsroom/newsrelease_detail.html", context)


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
