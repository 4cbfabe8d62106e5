"""Several app servers behind one balancer, as deployed: nginx (deploy/nginx-balancer.conf) in
front of two gunicorn servers sharing a PostgreSQL database, a Redis and an S3 bucket of the
test's own. An editor's work is seen at once whichever server answers, and stopping a server
costs visitors nothing."""

import io
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path

import psycopg
import pytest
from django.conf import settings as django_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from django.utils import translation

from tests.admin_forms import form_data
from tests.html import all_text, element, elements
from tests.images import image_bytes
from tests.processes import free_port

pytestmark = pytest.mark.servers

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
PASSWORD = secrets.token_urlsafe(16)
TITLES = {"en": "Two servers, one newsroom", "fr": "Deux serveurs, une salle de presse",
          "es": "Dos servidores, una sala de prensa"}


def wait_for(url, process, log, seconds=30):
    """Poll `url` until it answers; fail at once, with its log, if `process` exits first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return answer.status
        except (OSError, urllib.error.URLError):
            if process.poll() is not None:
                pytest.fail(f"{log.name} stopped:\n{Path(log.name).read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def missing_service():
    if not os.path.exists(NGINX):
        return "nginx is not installed (apt-get install nginx)"
    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return "no PostgreSQL at 127.0.0.1:5432"
    return None


class Cluster:
    """The processes of the deployment, started in a temporary folder and stopped at the end."""

    def __init__(self, folder, s3_server):
        self.folder = folder
        self.s3_server = s3_server
        self.database = f"iom_servers_{secrets.token_hex(4)}"
        self.processes = {}

    def environ(self, redis_port):
        env = {
            k: v for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "AWS_", "GUNICORN_")) and k not in ("DATABASE_URL",
                                                                               "REDIS_URL")
        }
        env.update(self.s3_server.environ())
        env.update(
            DATABASE_URL=f"{POSTGRES}/{self.database}",
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            # No collectstatic here: static files are served from the apps' folders.
            DJANGO_STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
            DJANGO_SUPERUSER_USERNAME="editor",
            DJANGO_SUPERUSER_EMAIL="editor@example.org",
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
            GUNICORN_WORKERS="2",
        )
        return env

    def spawn(self, name, args, env):
        # Closed when the process is stopped (stop_process).
        log = open(self.folder / f"{name}.log", "wb")
        self.processes[name] = (
            subprocess.Popen(args, cwd=django_settings.BASE_DIR, env=env, stdout=log,
                             stderr=subprocess.STDOUT, start_new_session=True),
            log,
        )

    def start(self):
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.database}"')
        redis_port = free_port()
        self.spawn("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port),
                             "--save", "", "--appendonly", "no"], os.environ.copy())
        env = self.environ(redis_port)
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--noinput", "-v0"], ["createsuperuser", "--noinput"]):
            subprocess.run([*manage, *command], cwd=django_settings.BASE_DIR, env=env,
                           check=True, capture_output=True, timeout=300)
        self.app_ports = [free_port(), free_port()]
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        for index, port in enumerate(self.app_ports):
            self.spawn(f"app{index + 1}", [gunicorn, "iom_site.wsgi:application",
                                           "-c", "gunicorn.conf.py"],
                       {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"})
        self.port = free_port()
        config = (django_settings.BASE_DIR / "deploy" / "nginx-balancer.conf").read_text()
        for key, value in {"DIR": self.folder, "PORT": self.port,
                           "APP1": self.app_ports[0], "APP2": self.app_ports[1]}.items():
            config = config.replace(f"@{key}@", str(value))
        (self.folder / "nginx.conf").write_text(config)
        # Started by root, nginx's workers would run as `nobody`, who cannot write temp files
        # in this folder: they stay the test's user.
        user = "user root; " if os.geteuid() == 0 else ""
        self.spawn("nginx", [NGINX, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf"),
                             "-g", f"{user}daemon off;"], os.environ.copy())
        for index, port in enumerate(self.app_ports):
            wait_for(f"http://127.0.0.1:{port}/en/", *self.processes[f"app{index + 1}"])
        wait_for(self.url("/en/"), *self.processes["nginx"])

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def upstreams(self, expected):
        """Which app server(s) answered each request named with X-Request-Index, from
        nginx's log (clients are not told), once the `expected` ones are there: nginx writes a
        request's line after its answer has gone."""
        deadline = time.monotonic() + 10
        while True:
            lines = (self.folder / "upstream.log").read_text().splitlines()
            found = {index: upstream for index, _status, upstream in
                     (line.split(" ", 2) for line in lines) if index != "-"}
            if expected <= found.keys() or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def stop_process(self, name):
        process, log = self.processes.pop(name)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        log.close()

    def stop(self):
        for name in list(self.processes):
            self.stop_process(name)
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, s3_server):
    problem = missing_service()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the two-server test: {problem}")
        pytest.skip(problem)
    cluster = Cluster(tmp_path_factory.mktemp("servers"), s3_server)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


class Browser:
    """An editor's browser on the balancer: cookies kept, redirects not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, cluster):
        self.cluster = cluster
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), self._NoRedirect()
        )

    def request(self, path, data=None, content_type=None, index="-"):
        request = urllib.request.Request(self.cluster.url(path), data=data)
        request.add_header("X-Request-Index", index)
        if content_type:
            request.add_header("Content-Type", content_type)
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, dict(answer.headers), answer.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, dict(answer.headers), answer.read().decode()

    def post_form(self, path, form_id, changes):
        status, _headers, html = self.request(path)
        assert status == 200, status
        data = {**form_data(html, form_id), **changes}
        return self.request(path, encode_multipart(BOUNDARY, data), MULTIPART_CONTENT)


def path_in(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def test_published_release_shows_at_once_on_every_server(cluster):
    """An editor logged in through the balancer uploads an image and publishes a release: its
    page in English, French and Spanish, the lists and its image are there at once, from
    both app servers."""
    editor = Browser(cluster)
    lists = {language: path_in(language, "newsroom:list") for language in TITLES}
    for path in lists.values():
        # Cached by both servers (in the shared Redis) before the release exists.
        for _ in range(2):
            html = editor.request(path)[2]
            assert element(html, "form", class_="release-filters")
            assert TITLES["en"] not in all_text(html)
    status, headers, _html = editor.post_form(
        "/admin/login/?next=/admin/", "login-form", {"username": "editor", "password": PASSWORD}
    )
    assert status == 302, status
    slug = f"two-servers-{secrets.token_hex(3)}"
    image = io.BytesIO(image_bytes("JPEG", (1200, 675)))
    image.name = "photo.jpg"
    changes = {"slug": slug, "status": "published", "image": image,
               "image_credit": "IOM / Test Photographer",
               **{f"title_{code}": title for code, title in TITLES.items()},
               **{f"lead_{code}": title for code, title in TITLES.items()}}
    status, _headers, html = editor.post_form(
        "/admin/newsroom/newsrelease/add/", "newsrelease_form", changes
    )
    assert status == 302, html[:2000]

    visitor = Browser(cluster)
    indexes = set()
    image_urls = set()
    for language, title in TITLES.items():
        detail = path_in(language, "newsroom:detail", slug=slug)
        for number, path in enumerate((lists[language], lists[language], detail, detail)):
            index = f"visitor-{language}-{number}"
            status, headers, html = visitor.request(path, index=index)
            assert status == 200, (path, status)
            assert title in html, path
            # The balancer does not tell clients its app servers' addresses.
            assert not any(name.lower() == "x-upstream" for name in headers)
            indexes.add(index)
        image_urls |= {image.attrs["src"] for image in elements(html, "img", src=True)}
    upstreams = cluster.upstreams(indexes)
    answered = {upstreams[index] for index in indexes}
    assert answered == {f"127.0.0.1:{port}" for port in cluster.app_ports}
    [image_url] = image_urls
    assert image_url.startswith(cluster.s3_server.endpoint)
    with urllib.request.urlopen(image_url, timeout=10) as answer:
        assert answer.read(3) == b"\xff\xd8\xff"


def test_stopping_an_app_server_fails_no_request(cluster):
    """While 1,000 requests run through the balancer, one app server is killed: every request
    still gets its page (nginx retries the other server)."""
    paths = [path_in(language, name) for language in TITLES
             for name in ("home", "newsroom:list", "newsroom:media_contacts")]
    done = []

    def fetch(index):
        if index == 200:
            cluster.stop_process("app1")
        request = urllib.request.Request(cluster.url(paths[index % len(paths)]),
                                         headers={"X-Request-Index": f"spread-{index}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                result = answer.status
        except urllib.error.HTTPError as answer:
            result = answer.code
        except OSError as error:
            result = repr(error)
        done.append((index, result))

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fetch, range(1000)))
    failed = [row for row in done if row[1] != 200]
    assert len(done) == 1000
    assert failed == []
    survivor = f"127.0.0.1:{cluster.app_ports[1]}"
    upstreams = cluster.upstreams({f"spread-{index}" for index, _status in done})
    assert all(survivor in upstreams[f"spread-{index}"] for index, _status in done
               if index > 300)
