from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language_from_request

from newsroom.models import NewsRelease
from organisation.models import Organisation


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


def home(request):
    organisation = Organisation.load()
    context = {
        "organisation": organisation,
        "latest_releases": NewsRelease.objects.published().for_listing()[:5],
    }
    if organisation:
        context["json_ld"] = organisation_json_ld(request, organisation)
    return render(request, "home.html", context)
