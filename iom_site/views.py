from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language_from_request, override

from core import cache_tags, page_shell
from core.i18n import LANGUAGE_CODES
from newsroom.fragments import home_items
from newsroom.models import NewsRelease
from organisation.context_processors import site_organisation


def root_redirect(request):
    """`/` sends visitors to their browser's language, among the site's three."""
    language = get_language_from_request(request, check_path=False)
    return redirect(f"/{language}/")


def organisation_json_ld(request, organisation):
    """schema.org Organization for the home page (facts from the one Organisation row)."""
    return {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "alternateName": organisation.acronym,
        "foundingDate": str(organisation.founded_year),
        "description": organisation.description,
        "url": request.build_absolute_uri(reverse("home")),
    }


HOME_RELEASES = 5


def home(request):
    organisation = site_organisation(request)
    # The newest release leads, its image large; the next ones follow as short items.
    lead_story, latest = home_items(
        list(NewsRelease.objects.published().values_list("pk", flat=True)[:HOME_RELEASES])
    )
    context = {"organisation": organisation, "lead_story": lead_story, "latest_releases": latest}
    cache_tags.add(cache_tags.RELEASES)
    if organisation:
        context["json_ld"] = organisation_json_ld(request, organisation)
    parts = page_shell.render_parts(request, "home.html", context)
    return page_shell.page_response(request, parts, page_shell.NamedAddress("home"))


def robots_txt(request):
    """Crawlers may read every public page; not the admin, the language switch endpoint, the
    staff previews or the journalists' embargo links (in each language's path)."""
    disallowed = [reverse("admin:index"), reverse("set_language")]
    for code in LANGUAGE_CODES:
        with override(code):
            preview = reverse("newsroom:preview", kwargs={"pk": 0})
            page_preview = reverse("organisation:page_preview", kwargs={"pk": 0})
            embargo = reverse("newsroom:embargo", kwargs={"token": "0"})
        disallowed.append(preview.removesuffix("0/"))
        disallowed.append(page_preview.removesuffix("0/"))
        disallowed.append(embargo.removesuffix("0/"))
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in dict.fromkeys(disallowed)]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# Browsers and feed readers ask for /favicon.ico whatever the page head says; its address
# carries no version, so it is kept a week rather than for ever like the hashed static files.
FAVICON_MAX_AGE = 7 * 24 * 3600


@cache
def _favicon_bytes():
    with open(finders.find("favicon.ico"), "rb") as icon:
        return icon.read()


def favicon(request):
    """The site's icon at the address browsers try first (the pages name the SVG one)."""
    response = HttpResponse(_favicon_bytes(), content_type="image/vnd.microsoft.icon")
    response["Cache-Control"] = f"public, max-age={FAVICON_MAX_AGE}"
    return response
