"""The settings a public site must not run with, as errors of `manage.py check --deploy` (and
so of `manage.py security_check`, which adds live probes of the front caches).

Django's own deployment checks only warn about DEBUG and HTTPS; here they are errors, next to
what the proxies and caches in front of the site need (README, "Production"):
- core.E001 (core.secret_key): no secret key of the site's own;
- core.E002: DEBUG on;
- core.E003: DJANGO_HTTPS off;
- core.E004: fewer trusted proxies than the configuration has in front of the app (a TLS proxy
  with DJANGO_HTTPS, Varnish with DJANGO_FRONT_CACHES): every client would then have a proxy's
  address, so login lockouts and sign-up limits would count everyone together;
- core.E005: a Varnish purge address that visitors can reach: the site's own address, or an
  address on the internet (purges belong on a listener of their own on the loopback or a
  private network: deploy/varnish/iom_site.vcl).
"""

import ipaddress
import socket
import urllib.parse

from django.conf import settings
from django.core import checks

VARNISH = "core.front_caches.Varnish"


def varnish_purge_addresses():
    """The (host, port) each configured Varnish is sent its purges at."""
    addresses = []
    for entry in settings.FRONT_CACHES:
        backend, *arguments = entry if isinstance(entry, (tuple, list)) else (entry,)
        if backend == VARNISH and arguments:
            parts = urllib.parse.urlsplit(arguments[0])
            addresses.append((parts.hostname or "", parts.port or 80))
    return addresses


def proxies_in_front():
    """How many proxies the settings say append to X-Forwarded-For, at the least: the TLS proxy
    that DJANGO_HTTPS implies, and Varnish when it is a front cache."""
    return int(bool(settings.HTTPS)) + int(bool(varnish_purge_addresses()))


def _resolved(host):
    try:
        return {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return set()


def _public(host):
    """Whether `host` is, or resolves to, an address on the internet (not loopback, private or
    link-local)."""
    for address in _resolved(host) or {host}:
        try:
            ip = ipaddress.ip_address(address.split("%")[0])
        except ValueError:
            continue
        if ip.is_global:
            return True
    return False


def _loopback(host):
    addresses = _resolved(host) or {host}
    try:
        return all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)
    except ValueError:
        return False


def _reachable_by_visitors(host):
    """Whether purges sent to `host` go where visitors go: the site's own host name (unless
    that is the loopback, as on a developer's machine), or an address on the internet."""
    site_host = urllib.parse.urlsplit(settings.SITE_URL).hostname or ""
    return (host.lower() == site_host.lower() and not _loopback(host)) or _public(host)


@checks.register(checks.Tags.security, deploy=True)
def check_deployment(app_configs, **kwargs):
    errors = []
    if settings.DEBUG:
        errors.append(checks.Error(
            "DEBUG is on: error pages would show the settings, the code and the SQL to anyone.",
            hint="Unset DJANGO_DEBUG (it defaults to False).", id="core.E002",
        ))
    if not settings.HTTPS:
        errors.append(checks.Error(
            "DJANGO_HTTPS is off: no redirect to HTTPS, no HSTS, and session and CSRF cookies "
            "sent over plain HTTP.",
            hint="Serve the site over HTTPS behind the TLS proxy (deploy/nginx.conf) and set "
            "DJANGO_HTTPS=True.",
            id="core.E003",
        ))
    needed = proxies_in_front()
    if settings.TRUSTED_PROXIES < needed:
        errors.append(checks.Error(
            f"DJANGO_TRUSTED_PROXIES is {settings.TRUSTED_PROXIES} but at least {needed} "
            "proxies stand in front of the app (a TLS proxy with DJANGO_HTTPS, Varnish with "
            "DJANGO_FRONT_CACHES): every visitor would have a proxy's address, so login "
            "lockouts and alert sign-up limits would count all visitors together.",
            hint="Count every proxy that appends to X-Forwarded-For: nginx and Varnish are 2 "
            "(README, \"Behind a proxy\").",
            id="core.E004",
        ))
    for host, port in varnish_purge_addresses():
        if _reachable_by_visitors(host):
            errors.append(checks.Error(
                f"Purges are sent to {host}:{port}, an address visitors can reach: anyone could "
                "empty the cache.",
                hint="Give Varnish a listener for purges only (-a purge=127.0.0.1:6091, "
                "deploy/varnish/iom_site.vcl) on the loopback or a private network, and name "
                "it in DJANGO_FRONT_CACHES.",
                id="core.E005",
            ))
    return errors
