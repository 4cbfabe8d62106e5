from django.shortcuts import redirect, render
from django.utils.translation import get_language_from_request

from newsroom.models import NewsRelease
from organisation.models import Organisation


def root_redirect(request):
    """`/` sends visitors to their browser's language, among the site's three."""
    language = get_language_from_request(request, check_path=False)
    return redirect(f"/{language}/")


def home(request):
    return render(
        request,
        "home.html",
        {
            "organisation": Organisation.load(),
            "latest_releases": NewsRelease.objects.published().for_listing()[:5],
        },
    )
