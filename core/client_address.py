"""The visitor's address, as far as the deployment lets us know it.

Behind N trusted proxies (`DJANGO_TRUSTED_PROXIES`, settings.TRUSTED_PROXIES) each proxy appends
the address it received the request from to X-Forwarded-For, so the N-th entry from the right
was written by the outermost trusted proxy: that is the client. Everything left of it came from
the client and is not believed. With no trusted proxy the header is ignored entirely, so
sending it changes nothing. django-axes (AXES_CLIENT_IP_CALLABLE) and any other code that needs
the address go through `client_address()`.
"""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request):
    """The client's IP address as text, or None when nothing usable is known."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    proxies = settings.TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    # Several X-Forwarded-For headers reach the app joined by commas, in order.
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        # Fewer hops than proxies: the request did not come the documented way (a proxy
        # forgot the header, or someone reached the app directly); the peer is all we know.
        return remote
    return _valid(hops[-proxies]) or remote
