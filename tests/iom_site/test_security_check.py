"""`check --deploy` and `manage.py security_check` fail on each setting a public site must
not run with (core.deploy_checks), and security_check asks the front caches who may purge."""

import http.server
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from core.secret_key import DEVELOPMENT_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def safe(production_settings):
    return production_settings


def test_safe_settings_pass_both(safe):
    call_command("check", deploy=True, fail_level="WARNING")
    call_command("security_check", "--no-probes")


def nginx_alone(settings):
    settings.FRONT_CACHES = []
    settings.TRUSTED_PROXIES = 1


def test_nginx_alone_needs_one_trusted_proxy(safe):
    nginx_alone(safe)
    call_command("security_check", "--no-probes")
    safe.TRUSTED_PROXIES = 0
    with pytest.raises(SystemCheckError, match="core.E004"):
        call_command("security_check", "--no-probes")


@pytest.mark.parametrize("change, error", [
    ({"SECRET_KEY": DEVELOPMENT_KEY}, "core.E001"),
    ({"DEBUG": True}, "core.E002"),
    ({"HTTPS": False}, "core.E003"),
    # nginx and Varnish in front, each appending to X-Forwarded-For:
    ({"TRUSTED_PROXIES": 1}, "core.E004"),
    ({"TRUSTED_PROXIES": 0}, "core.E004"),
    # Purges sent where visitors go: the site's own address, or the internet.
    ({"FRONT_CACHES": [("core.front_caches.Varnish", "https://www.example.org")]},
     "core.E005"),
    ({"FRONT_CACHES": [("core.front_caches.Varnish", "http://192.0.32.10:6091")]},
     "core.E005"),
])
def test_each_unsafe_setting_fails_both(safe, change, error):
    for name, value in change.items():
        setattr(safe, name, value)
    with pytest.raises(SystemCheckError, match=error):
        call_command("check", deploy=True)
    with pytest.raises(SystemCheckError, match=error):
        call_command("security_check", "--no-probes")


def test_a_purge_address_on_a_private_network_is_accepted(safe):
    safe.FRONT_CACHES = [("core.front_caches.Varnish", "http://10.0.0.5:6091")]
    call_command("check", deploy=True, fail_level="WARNING")


class Answering(http.server.BaseHTTPRequestHandler):
    """Answers every PURGE with `status` (a class attribute set per server)."""

    status = 200

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        self.send_response(self.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """serve(status): the address of a real HTTP server answering PURGE with `status`."""
    servers = []

    def start(status):
        handler = type("Handler", (Answering,), {"status": status})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def probed(settings, varnish, site):
    settings.FRONT_CACHES = [("core.front_caches.Varnish", varnish)]
    settings.SITE_URL = site


def test_probes_pass_when_only_the_purge_listener_purges(safe, serve):
    probed(safe, serve(200), serve(403))
    call_command("security_check")


def test_probes_fail_when_the_public_address_purges(safe, serve):
    probed(safe, serve(200), serve(200))
    with pytest.raises(CommandError, match="anyone can empty the cache"):
        call_command("security_check")


def test_probes_fail_when_varnish_refuses_the_apps_purges(safe, serve):
    """DJANGO_FRONT_CACHES naming Varnish's public listener: purges refused, pages stale."""
    probed(safe, serve(403), serve(403))
    with pytest.raises(CommandError, match="refused the app's purge"):
        call_command("security_check")
