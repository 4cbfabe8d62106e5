"""What a request may carry, decided before anything reads its body.

Public pages, feeds and the sitemap only ever answer GET: a POST (or PUT, PATCH, DELETE) there
gets 405 without its body being read, so nobody can make the app spool large uploads to disk
through a public URL. Bodies are accepted where a form posts: the addresses of the URL names in
`settings.FORM_URL_NAMES`, in every language, and everything under them: the admin (the login
page included), Django's language form (/i18n/setlang/) and the public forms that need it (the
media-alert sign-up and its links). There, a body larger than
`settings.MAX_REQUEST_BODY` is refused with 413 from its Content-Length alone; the proxy in
front says the same with its own limit (deploy/nginx.conf), and asks the app for this page
(`X-Request-Too-Large`). In the admin, that page keeps the admin's layout and leads back to
the form the person was on.
"""

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme

READ_ONLY_METHODS = ("GET", "HEAD", "OPTIONS")


def _form_prefixes():
    prefixes = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            prefixes.update(reverse(name) for name in settings.FORM_URL_NAMES)
    return tuple(sorted(prefixes))


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _way_back(request):
    """The page the form was on (the browser's Referer, if it is this site's), else the
    address posted to, which shows the same form again."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.get_full_path()


def _too_large(request):
    language = translation.get_language_from_request(request)
    context = {"limit_mb": settings.MAX_REQUEST_BODY // (1024 * 1024)}
    template = "413.html"
    with translation.override(language):
        if request.path_info.startswith(reverse("admin:index")):
            # Rendered before the session and the user are known: the admin's layout
            # without its user tools.
            template = "admin/too_large.html"
            context.update(
                site_header=admin.site.site_header,
                site_title=admin.site.site_title,
                title=translation.gettext("Too large to send"),
                back_url=_way_back(request),
            )
        return render(request, template, context, status=413)


class RequestBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.form_prefixes = None

    def __call__(self, request):
        if request.META.get("HTTP_X_REQUEST_TOO_LARGE"):
            # The proxy refused this request's body (deploy/nginx.conf) and asks for the page
            # that says so. A client sending the header itself only gets that page.
            return _too_large(request)
        if request.method in READ_ONLY_METHODS:
            return self.get_response(request)
        if self.form_prefixes is None:
            self.form_prefixes = _form_prefixes()
        if not request.path_info.startswith(self.form_prefixes):
            return HttpResponseNotAllowed(READ_ONLY_METHODS)
        if _declared_length(request) > settings.MAX_REQUEST_BODY:
            return _too_large(request)
        return self.get_response(request)
