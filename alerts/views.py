"""The public pages of media alerts: sign up, confirm, change choices or delete, and the
RFC 8058 one-click unsubscribe address mail programs post to.

Links in e-mails only show a page on GET; changes need a button (POST), since mail scanners
follow links. Every bad link (tampered, cut, expired, used already, or for a subscription
deleted since) gets a page saying so, never an error.
"""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import signup
from .forms import ChoicesForm, SubscribeForm
from .models import Subscriber
from .tokens import BadLink, read_confirmation, read_manage


def keep_private(response):
    """Out of search engines and every cache. The address may hold a key: it goes to no other
    site as a Referer, but to this one it must, or the browser sends "Origin: null" with the
    form and the CSRF check refuses it."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _page(request, template, context=None, status=200):
    return keep_private(render(request, template, context or {}, status=status))


def _bad_link(request, reason):
    status = 400 if reason == "invalid" else 410
    return _page(request, "alerts/link_invalid.html", {"reason": reason}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method != "POST":
        form = SubscribeForm(initial={"languages": [get_language()]})
        return _page(request, "alerts/subscribe.html", {"form": form})
    form = SubscribeForm(request.POST)
    if form.is_robot():
        # The same answer as for a person: the robot learns nothing.
        return _page(request, "alerts/subscribe_sent.html")
    if signup.client_over_limit(request):
        return _page(request, "alerts/rate_limited.html", status=429)
    if not form.is_valid():
        return _page(request, "alerts/subscribe.html", {"form": form}, status=400)
    signup.request_confirmation(form.cleaned_data["email"], form.choices(), get_language())
    return _page(request, "alerts/subscribe_sent.html")


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    try:
        email, choices, issued_at = read_confirmation(token)
    except BadLink as error:
        return _bad_link(request, error.reason)
    if request.method != "POST":
        return _page(request, "alerts/confirm.html", {"email": email})
    try:
        subscriber = signup.confirm(email, choices, issued_at)
    except BadLink as error:
        return _bad_link(request, error.reason)
    return _page(request, "alerts/confirmed.html", {"subscriber": subscriber})


def _subscriber(token):
    """The subscriber a manage link names, or BadLink: "invalid", or "gone" when the
    subscription was deleted since."""
    subscriber_id, key = read_manage(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id, link_key=key).first()
    if subscriber is None:
        raise BadLink("gone")
    return subscriber


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    try:
        subscriber = _subscriber(token)
    except BadLink as error:
        return _bad_link(request, error.reason)
    saved = False
    if request.method == "POST" and "delete" in request.POST:
        subscriber.delete()
        return _page(request, "alerts/deleted.html")
    if request.method == "POST":
        form = ChoicesForm(request.POST)
        if form.is_valid():
            signup.apply_choices(subscriber, form.choices())
            saved = True
    else:
        form = ChoicesForm(initial={
            "languages": subscriber.languages,
            "themes": list(subscriber.themes.all()),
            "kinds": subscriber.kinds,
            "countries": list(subscriber.countries),
        })
    return _page(request, "alerts/manage.html", {
        "form": form, "subscriber": subscriber, "saved": saved,
    }, status=400 if form.errors else 200)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def one_click(request, token):
    """RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click" here, with no cookie and
    no CSRF token; the signed address is the proof. A person following it gets the manage
    page instead."""
    if request.method != "POST":
        return redirect(reverse("alerts:manage", args=[token]))
    try:
        subscriber = _subscriber(token)
    except BadLink as error:
        if error.reason == "gone":
            # Unsubscribing twice is not an error for a mail program.
            return _plain(_("You are unsubscribed."))
        return _plain(_("This unsubscribe link does not work."), status=400)
    subscriber.delete()
    return _plain(_("You are unsubscribed."))


def _plain(text, status=200):
    return keep_private(HttpResponse(text, content_type="text/plain; charset=utf-8",
                                     status=status))

