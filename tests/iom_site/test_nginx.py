"""deploy/nginx.conf, the documented proxy: it is valid, it agrees with the app's settings,
and run straight in front of the app (the set-up without Varnish;
tests/iom_site/test_front_chain.py runs the whole chain) it gives each client its own address
(for login lockouts) whatever X-Forwarded-For they send, bounds request bodies and compresses
pages, feeds and sitemaps.

Needs Debian's nginx: skipped without it, except in CI (`CI=true`), where it fails."""

import gzip
import re
import subprocess
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.front_servers import (
    NGINX,
    NGINX_CONFIG,
    NGINX_UPSTREAM,
    VCL,
    Nginx,
    NginxConfig,
    Visitor,
    port_of,
    require,
)
from tests.html import element, text_of

PASSWORD = "correct horse battery staple"


@pytest.mark.nginx
def test_example_configuration_is_valid(tmp_path):
    """`nginx -t` accepts deploy/nginx.conf (with local certificate and paths)."""
    require("nginx", NGINX, "Debian's nginx")
    config = NginxConfig(tmp_path)
    result = subprocess.run(config.command("-t"), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_example_body_limit_is_the_apps():
    """nginx's client_max_body_size is the app's MAX_REQUEST_BODY."""
    limit = re.search(r"client_max_body_size (\d+)m;", NGINX_CONFIG.read_text())
    assert limit and int(limit.group(1)) * 1024 * 1024 == settings.MAX_REQUEST_BODY


def test_example_proxies_to_varnish_and_varnish_to_gunicorn():
    """nginx's upstream is Varnish's public listener, as the VCL documents it; the VCL's
    backend is where gunicorn.conf.py binds, from an address gunicorn trusts."""
    namespace = {}
    exec((Path(settings.BASE_DIR) / "gunicorn.conf.py").read_text(), namespace)
    host, port = namespace["bind"].split(":")
    vcl = VCL.read_text()
    assert f'.host = "{host}";\n    .port = "{port}";' in vcl
    assert NGINX_UPSTREAM in NGINX_CONFIG.read_text()
    assert f"-a public={NGINX_UPSTREAM.split()[1].rstrip(';')}" in vcl
    assert namespace["forwarded_allow_ips"] == "127.0.0.1"


@pytest.fixture
def proxy(live_server, tmp_path, settings):
    """nginx from the example straight in front of the live app (the set-up without Varnish),
    which then trusts one proxy."""
    settings.TRUSTED_PROXIES = 1
    nginx = Nginx(tmp_path, port_of(live_server.url))
    yield nginx.port
    nginx.stop()


@pytest.fixture
def editor(transactional_db):
    return get_user_model().objects.create_user("editor", password=PASSWORD, is_staff=True)


@pytest.mark.nginx
def test_through_the_proxy_each_client_has_its_own_address(proxy, editor):
    """Failed logins through nginx are recorded with the client's real address, not a forged one."""
    Visitor(proxy, "127.0.0.2").log_in("editor", "wrong", forwarded_for="203.0.113.9")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.2"}


@pytest.mark.nginx
def test_through_the_proxy_a_lockout_spares_other_clients(proxy, editor):
    """One client locked out through nginx, forging a new address each time; another client
    then logs in as the same editor."""
    attacker = Visitor(proxy, "127.0.0.2")
    statuses = [
        attacker.log_in("editor", "wrong", forwarded_for=f"203.0.113.{n}")
        for n in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    assert Visitor(proxy, "127.0.0.3").log_in("editor", PASSWORD) == 302


@pytest.mark.nginx
def test_through_the_proxy_public_posts_are_refused(proxy, transactional_db):
    """A POST to a public page through nginx answers 405."""
    response = Visitor(proxy, "127.0.0.2").request("POST", "/en/", "x=1")
    assert response.status == 405


@pytest.mark.nginx
def test_through_the_proxy_oversized_bodies_are_refused(proxy, transactional_db):
    """A body over client_max_body_size gets 413 from nginx."""
    body = b"x" * (settings.MAX_REQUEST_BODY + 1024)
    response = Visitor(proxy, "127.0.0.2").request("POST", "/admin/login/", body)
    assert response.status == 413


@pytest.mark.nginx
def test_through_the_proxy_an_oversized_upload_is_answered_in_the_admins_layout(
    proxy, transactional_db
):
    """Issue 20: a 26 MB upload got a bare page with no way back. nginx refuses it unread,
    and the page it sends is the app's: the admin's layout, the limit, a way back."""
    form = "/admin/newsroom/newsrelease/add/"
    body = b"x" * (settings.MAX_REQUEST_BODY + 1024)
    response = Visitor(proxy, "127.0.0.2").request(
        "POST", form, body, headers={"Referer": f"https://www.example.org{form}"}
    )
    assert response.status == 413
    page = response.text
    assert element(page, "header", id="header")  # the admin's own header
    limit = settings.MAX_REQUEST_BODY // (1024 * 1024)
    assert f"{limit} MB" in text_of(page)
    assert element(page, "a", text="Back to the form")


@pytest.mark.nginx
@pytest.mark.parametrize("path, content_type", [
    ("/en/", "text/html"),
    ("/en/news/", "text/html"),
    ("/fr/actualites/feed/rss/", "application/rss+xml"),
    ("/es/noticias/feed/atom/", "application/atom+xml"),
    ("/sitemap-news.xml", "application/xml"),
])
def test_through_the_proxy_pages_feeds_and_sitemaps_are_compressed(
    proxy, transactional_db, path, content_type
):
    """HTML, feeds and sitemaps go out gzipped to a client that accepts it, with
    `Vary: Accept-Encoding` so a cache keeps the two forms apart; the same address without
    Accept-Encoding gets the plain bytes."""
    from tests.factories import make_organisation, make_published_release

    make_organisation()
    for n in range(8):
        make_published_release(
            title_en=f"Release {n}", title_fr=f"Communiqué {n}", title_es=f"Comunicado {n}",
        )
    visitor = Visitor(proxy, "127.0.0.2")
    compressed = visitor.request("GET", path, headers={"Accept-Encoding": "gzip"})
    assert compressed.status == 200
    assert compressed.getheader("Content-Type").startswith(content_type)
    assert compressed.getheader("Content-Encoding") == "gzip"
    assert "accept-encoding" in compressed.getheader("Vary", "").lower()
    plain = visitor.request("GET", path)
    assert plain.getheader("Content-Encoding") is None
    assert gzip.decompress(compressed.body) == plain.body
    assert len(compressed.body) < len(plain.body) / 2
