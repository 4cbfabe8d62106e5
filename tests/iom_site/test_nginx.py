"""deploy/nginx.conf, the documented proxy: it is valid, it agrees with the app's settings,
and run in front of the app it gives each client its own address (for login lockouts) whatever
X-Forwarded-For they send, bounds request bodies and compresses pages, feeds and sitemaps.

Needs Debian's nginx: skipped without it, except in CI (`CI=true`), where it fails."""

import gzip
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.processes import free_port

CONFIG = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def nginx_binary():
    if NGINX is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is not installed (.ci/run installs Debian's nginx)")
        pytest.skip("nginx is not installed")
    return NGINX


def replace(text, old, new):
    """`old` replaced by `new`; the example must still contain `old`, or this test is stale."""
    assert old in text, f"deploy/nginx.conf no longer contains {old!r}"
    return text.replace(old, new)


def local_config(tmp_path, upstream_port=8000):
    """The example with this machine's paths and ports: a self-signed certificate, files in
    `tmp_path`, free ports, and the given upstream. Returns (config path, HTTPS port)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=www.example.org", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    https_port, http_port = free_port(), free_port()
    text = CONFIG.read_text()
    text = replace(text, "user www-data;\n", "")
    text = replace(text, "pid /run/nginx.pid;", f"pid {tmp_path}/nginx.pid;")
    text = replace(text, "/var/log/nginx/", f"{tmp_path}/")
    text = replace(text, "/etc/ssl/certs/www.example.org.pem", str(cert))
    text = replace(text, "/etc/ssl/private/www.example.org.key", str(key))
    text = replace(text, "listen 80;\n        listen [::]:80;", f"listen 127.0.0.1:{http_port};")
    text = replace(
        text, "listen 443 ssl http2;\n        listen [::]:443 ssl http2;",
        f"listen 127.0.0.1:{https_port} ssl http2;",
    )
    text = replace(text, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};")
    temp_paths = "".join(
        f"    {name}_temp_path {tmp_path}/{name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = replace(text, "http {\n", "http {\n" + temp_paths)
    path = tmp_path / "nginx.conf"
    path.write_text(text)
    return path, https_port


def nginx_command(binary, config, *args):
    return [binary, "-p", str(config.parent), "-e", "stderr", "-c", str(config), *args]


@pytest.mark.nginx
def test_example_configuration_is_valid(nginx_binary, tmp_path):
    """`nginx -t` accepts deploy/nginx.conf (with local certificate and paths)."""
    config, _port = local_config(tmp_path)
    result = subprocess.run(
        nginx_command(nginx_binary, config, "-t"), capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr


def test_example_body_limit_is_the_apps():
    """nginx's client_max_body_size is the app's MAX_REQUEST_BODY."""
    limit = re.search(r"client_max_body_size (\d+)m;", CONFIG.read_text())
    assert limit and int(limit.group(1)) * 1024 * 1024 == settings.MAX_REQUEST_BODY


def test_example_proxies_to_gunicorns_address():
    """The upstream is where gunicorn.conf.py binds, from an address gunicorn trusts."""
    namespace = {}
    exec((Path(settings.BASE_DIR) / "gunicorn.conf.py").read_text(), namespace)
    assert f"server {namespace['bind']};" in CONFIG.read_text()
    assert namespace["forwarded_allow_ips"] == "127.0.0.1"


@pytest.fixture
def proxy(nginx_binary, live_server, tmp_path, settings):
    """nginx from the example in front of the live app, which trusts one proxy."""
    settings.TRUSTED_PROXIES = 1
    upstream_port = int(live_server.url.rsplit(":", 1)[1])
    config, port = local_config(tmp_path, upstream_port)
    process = subprocess.Popen(
        nginx_command(nginx_binary, config, "-g", "daemon off;"),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"nginx did not start: {process.stderr.read().decode()}")
            time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(timeout=10)


class Visitor:
    """A browser-like client of the proxy from its own loopback address (127.0.0.x)."""

    def __init__(self, port, address):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method, path, body=None, headers=()):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=context, source_address=(self.address, 0),
            timeout=30,
        )
        all_headers = {"Host": "localhost", **dict(headers)}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        response.body = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response

    def log_in(self, username, password, forwarded_for=None):
        self.request("GET", "/admin/login/")
        body = urlencode({
            "username": username, "password": password,
            "csrfmiddlewaretoken": self.cookies["csrftoken"],
        })
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for
        return self.request("POST", "/admin/login/", body, headers).status


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
