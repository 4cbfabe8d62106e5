"""The documented production chain, run for real: nginx (deploy/nginx.conf, TLS) → Varnish
(deploy/varnish/iom_site.vcl) → gunicorn (gunicorn.conf.py), each a process of the test's own on
free ports, the app configured with exactly the settings deploy/nginx.conf documents.

Behind two proxies on one host every client reaches Varnish and the app from 127.0.0.1, so
whatever decides by address must still see each client apart: who may purge the cache (the
listener, which no client can choose), login lockouts and alert sign-up limits (the client's
own address, through both proxies), and the scheme (plain HTTP gets the redirect to HTTPS,
never a page cached for an HTTPS visitor).

Needs Debian's nginx, varnish and varnish-modules: skipped without them, except in CI."""

import io
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import make_published_release
from tests.front_servers import NGINX_CONFIG, VCL, Nginx, Varnish, Visitor, request
from tests.html import element
from tests.i18n import url_in
from tests.processes import free_port, shared_database_url

pytestmark = [pytest.mark.nginx, pytest.mark.varnish, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
SIGN_UP = "/en/media-alerts/"


def documented_settings():
    """The app's settings deploy/nginx.conf says to run with (`#   DJANGO_X=value` lines)."""
    found = dict(re.findall(r"^#\s+(DJANGO_\w+)=(\S+)", NGINX_CONFIG.read_text(), re.M))
    assert {"DJANGO_HTTPS", "DJANGO_TRUSTED_PROXIES"} <= found.keys(), found
    return found


def purge_listener_port():
    """The port the VCL's documented `varnishd` command gives the purge listener."""
    return re.search(r"-a purge=127\.0\.0\.1:(\d+)", VCL.read_text()).group(1)


class Chain:
    def __init__(self, tmp_path):
        self.app_port = free_port()
        self.varnish = Varnish(tmp_path / "varnish", self.app_port)
        documented = documented_settings()
        front = documented.get("DJANGO_FRONT_CACHES", "")
        assert front.endswith(f":{purge_listener_port()}"), (
            "DJANGO_FRONT_CACHES must name Varnish's purge listener"
        )
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("DJANGO_", "REDIS_", "GUNICORN_", "AXES_", "ALERTS_"))}
        env.update(documented)
        env.update(
            DJANGO_FRONT_CACHES=self.varnish.purge_url,
            DATABASE_URL=shared_database_url(tmp_path),
            DJANGO_SECRET_KEY="t" * 50,
            DJANGO_ALLOWED_HOSTS="localhost",
            # No collectstatic before the test: static files straight from the apps.
            DJANGO_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
            GUNICORN_BIND=f"127.0.0.1:{self.app_port}",
            GUNICORN_WORKERS="1",
            GUNICORN_ACCESS_LOG="/dev/null",
            ALERTS_SIGNUPS_PER_HOUR="2",
        )
        self.env = env
        self.app = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
             "iom_site.wsgi:application"],
            cwd=settings.BASE_DIR, env=env,
            stdout=subprocess.DEVNULL, stderr=(tmp_path / "gunicorn.log").open("w"),
        )
        self.nginx = Nginx(tmp_path / "nginx", self.varnish.port)
        self._wait_for_the_app()

    def _wait_for_the_app(self):
        deadline = time.monotonic() + 60
        while True:
            if self.app.poll() is not None:
                pytest.fail("gunicorn stopped")
            try:
                request(self.app_port, "GET", "/robots.txt")
                return
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.1)  # waiting for a process to start, not for the clock

    def get(self, path, address="127.0.0.2"):
        """A GET through nginx over HTTPS, as a visitor's browser makes it."""
        return Visitor(self.nginx.port, address).request("GET", path)

    def manage(self, code):
        """Python run by `manage.py shell` with the app's own settings."""
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=settings.BASE_DIR, env=self.env, check=True, capture_output=True, timeout=120,
        )

    def stop(self):
        self.nginx.stop()
        self.app.send_signal(signal.SIGINT)  # gunicorn's quick shutdown
        self.app.wait(timeout=10)
        self.varnish.stop()


@pytest.fixture
def release():
    return make_published_release(slug="on-the-front", title_en="Through two proxies")


@pytest.fixture
def editor():
    # Hashed as the app's own settings hash (the tests' faster hasher is not among them).
    password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    return get_user_model().objects.create(username="editor", password=password, is_staff=True)


@pytest.fixture
def chain(release, editor, tmp_path):
    """The whole chain, once the data the tests need is in the database."""
    chain = Chain(tmp_path)
    yield chain
    chain.stop()


def test_purge_through_the_public_proxy_is_refused_and_the_apps_purges_work(chain, release):
    """`PURGE` with `xkey-purge: site` through nginx (and straight to Varnish's public
    listener, from 127.0.0.1 like every request nginx passes) is refused and empties nothing;
    a save by the app, configured as documented, still purges the page at once."""
    page = url_in("en", "newsroom:detail", slug=release.slug)
    chain.get(page)
    assert chain.get(page).getheader("X-Cache") == "HIT"
    purge = {"xkey-purge": "site"}
    through_nginx = Visitor(chain.nginx.port, "127.0.0.2").request("PURGE", "/", headers=purge)
    assert through_nginx.status == 403
    assert request(chain.varnish.port, "PURGE", "/", purge).status == 403
    assert chain.get(page).getheader("X-Cache") == "HIT"
    chain.manage(
        "from newsroom.models import NewsRelease; "
        f"r = NewsRelease.objects.get(pk={release.pk}); "
        "r.title_en = 'Corrected after the purge test'; r.save()"
    )
    fresh = chain.get(page)
    assert fresh.getheader("X-Cache") == "MISS"
    assert element(fresh.text, "h1").text == "Corrected after the purge test"


def test_login_lockout_counts_per_client_through_both_proxies(chain):
    """One client, forging a new X-Forwarded-For each time, is locked out after
    AXES_FAILURE_LIMIT failures; another client then logs in as the same editor."""
    attacker = Visitor(chain.nginx.port, "127.0.0.2")
    statuses = [
        attacker.log_in("editor", "wrong", forwarded_for=f"203.0.113.{n}")
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert attacker.log_in("editor", PASSWORD) == 429
    assert Visitor(chain.nginx.port, "127.0.0.3").log_in("editor", PASSWORD) == 302


def test_alert_sign_ups_are_limited_per_client_through_both_proxies(chain):
    """The sign-up limit (2 an hour here) holds back the client that used it up, not the next
    one, whatever X-Forwarded-For the first sends."""

    def sign_up(visitor, email, forged=None):
        fields = {"email": email, "languages": ["en"]}
        return visitor.post_form(SIGN_UP, fields, forwarded_for=forged).status

    first = Visitor(chain.nginx.port, "127.0.0.2")
    answers = [sign_up(first, f"a{n}@example.org", f"198.51.100.{n}") for n in range(3)]
    assert answers == [200, 200, 429]
    assert sign_up(Visitor(chain.nginx.port, "127.0.0.3"), "b@example.org") == 200


def test_plain_http_gets_the_redirect_never_a_page_cached_for_https(chain, release):
    """A page cached for HTTPS visitors is never what a plain-HTTP request gets: nginx's port
    80 redirects before any cache, and a plain request reaching Varnish (a client claiming
    nothing, or claiming something else than https) gets the app's redirect, not the page."""
    page = url_in("en", "newsroom:detail", slug=release.slug)
    claimed = {"X-Forwarded-Proto": "https"}
    assert request(chain.varnish.port, "GET", page, claimed).status == 200
    assert chain.get(page).getheader("X-Cache") == "HIT"
    plain = request(chain.nginx.http_port, "GET", page)
    assert plain.status == 301
    assert plain.getheader("Location") == f"https://localhost{page}"
    for headers in ({}, {"X-Forwarded-Proto": "http"}, {"X-Forwarded-Proto": "HTTPS, http"}):
        answer = request(chain.varnish.port, "GET", page, headers)
        assert answer.status == 301, headers
        assert answer.getheader("Location") == f"https://localhost{page}"


def test_security_check_probes_the_running_chain(chain, production_settings):
    """`manage.py security_check` passes with the documented settings (purges to the purge
    listener, nginx refusing visitors' purges) and fails when DJANGO_FRONT_CACHES names the
    public listener (the app's purges refused, pages left stale)."""
    production_settings.SITE_URL = f"https://localhost:{chain.nginx.port}"
    production_settings.FRONT_CACHES = [("core.front_caches.Varnish", chain.varnish.purge_url)]
    call_command("security_check", stdout=io.StringIO())
    public = f"http://127.0.0.1:{chain.varnish.port}"
    production_settings.FRONT_CACHES = [("core.front_caches.Varnish", public)]
    with pytest.raises(CommandError, match="refused the app's purge"):
        call_command("security_check", stdout=io.StringIO())
