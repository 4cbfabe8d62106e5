"""The documented front of the site, run by tests as production would: nginx from
deploy/nginx.conf and Varnish from deploy/varnish/iom_site.vcl (Debian's nginx, varnishd and the
xkey vmod), each a child process on free ports of the test's own, in front of a live server.

Without them a test is skipped, except in CI (`CI=true`), where it fails."""

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings

from tests.processes import free_port

NGINX_CONFIG = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"
VCL = Path(settings.BASE_DIR) / "deploy" / "varnish" / "iom_site.vcl"
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/sbin")
XKEY = Path("/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so")
# Where deploy/nginx.conf sends requests: Varnish's public listener.
NGINX_UPSTREAM = "server 127.0.0.1:6081;"
# Where the VCL's backend is: gunicorn.
VCL_BACKEND = '.port = "8000";'


def require(program, installed, packages):
    if not installed:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{program} is not installed (.ci/run installs {packages})")
        pytest.skip(f"{program} is not installed")


def replace(text, old, new, name="deploy/nginx.conf"):
    """`old` replaced by `new`; the example must still contain `old`, or this test is stale."""
    assert old in text, f"{name} no longer contains {old!r}"
    return text.replace(old, new)


def port_of(url):
    return int(url.rsplit(":", 1)[1])


def wait_for_port(port, process, name, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                output = process.communicate()[0] or b""
                output = output.decode() if isinstance(output, bytes) else output
                pytest.fail(f"{name} did not start: {output}")
            time.sleep(0.05)


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class NginxConfig:
    """The example with this machine's paths and ports: a self-signed certificate, files in
    `directory`, free ports, and the given upstream."""

    def __init__(self, directory, upstream_port=6081):
        directory.mkdir(parents=True, exist_ok=True)
        cert, key = directory / "cert.pem", directory / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
             "-subj", "/CN=www.example.org", "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )
        self.https_port, self.http_port = free_port(), free_port()
        text = NGINX_CONFIG.read_text()
        text = replace(text, "user www-data;\n", "")
        text = replace(text, "pid /run/nginx.pid;", f"pid {directory}/nginx.pid;")
        text = replace(text, "/var/log/nginx/", f"{directory}/")
        text = replace(text, "/etc/ssl/certs/www.example.org.pem", str(cert))
        text = replace(text, "/etc/ssl/private/www.example.org.key", str(key))
        text = replace(
            text, "listen 80;\n        listen [::]:80;", f"listen 127.0.0.1:{self.http_port};"
        )
        text = replace(
            text, "listen 443 ssl http2;\n        listen [::]:443 ssl http2;",
            f"listen 127.0.0.1:{self.https_port} ssl http2;",
        )
        text = replace(text, NGINX_UPSTREAM, f"server 127.0.0.1:{upstream_port};")
        temp_paths = "".join(
            f"    {name}_temp_path {directory}/{name};\n"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        text = replace(text, "http {\n", "http {\n" + temp_paths)
        self.path = directory / "nginx.conf"
        self.path.write_text(text)

    def command(self, *args):
        return [NGINX, "-p", str(self.path.parent), "-e", "stderr", "-c", str(self.path), *args]


class Nginx:
    """nginx from the example, proxying to `upstream_port`."""

    def __init__(self, directory, upstream_port):
        require("nginx", NGINX, "Debian's nginx")
        self.config = NginxConfig(directory, upstream_port)
        self.port, self.http_port = self.config.https_port, self.config.http_port
        self.process = subprocess.Popen(
            self.config.command("-g", "daemon off;"),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        wait_for_port(self.port, self.process, "nginx", timeout=10)

    def stop(self):
        stop(self.process)


class Varnish:
    """varnishd with the example VCL in front of `backend_port`, with its two listeners: the
    public one (what nginx proxies to) and the purge one (what the app purges)."""

    def __init__(self, directory, backend_port):
        require("varnishd", VARNISHD and XKEY.exists(), "varnish, varnish-modules")
        directory.mkdir(parents=True, exist_ok=True)
        vcl = directory / "iom_site.vcl"
        vcl.write_text(
            replace(VCL.read_text(), VCL_BACKEND, f'.port = "{backend_port}";', VCL.name)
        )
        self.port, self.purge_port = free_port(), free_port()
        command = [
            VARNISHD, "-F", "-n", str(directory / "work"),
            "-a", f"public=127.0.0.1:{self.port}", "-a", f"purge=127.0.0.1:{self.purge_port}",
            "-f", str(vcl), "-s", "malloc,32m", "-T", "none",
        ]
        if os.geteuid() == 0:
            command += ["-j", "none"]  # as root, varnishd would switch to a "varnish" user
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        wait_for_port(self.port, self.process, "varnishd")
        wait_for_port(self.purge_port, self.process, "varnishd")

    @property
    def purge_url(self):
        return f"http://127.0.0.1:{self.purge_port}"

    def stop(self):
        stop(self.process)


def request(port, method, path, headers=(), body=None, tls=False, source="127.0.0.1"):
    """One request to 127.0.0.1:`port` from the loopback address `source`; the response
    with its body read into `.body` and `.text`."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, context=context, source_address=(source, 0), timeout=30
        )
    else:
        connection = http.client.HTTPConnection(
            "127.0.0.1", port, source_address=(source, 0), timeout=30
        )
    connection.request(method, path, body=body, headers={"Host": "localhost", **dict(headers)})
    response = connection.getresponse()
    response.body = response.read()
    response.text = response.body.decode(errors="replace")
    connection.close()
    return response


class Visitor:
    """A browser-like HTTPS client of nginx from its own loopback address (127.0.0.x), keeping
    its cookies."""

    def __init__(self, port, address):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method, path, body=None, headers=()):
        all_headers = dict(headers)
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = request(
            self.port, method, path, all_headers, body, tls=True, source=self.address
        )
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response

    def post_form(self, path, fields, forwarded_for=None):
        """GET `path` (for the CSRF cookie), then POST `fields` to it, as a browser would (with
        the Referer Django checks on HTTPS)."""
        self.request("GET", path)
        body = urlencode(
            {**fields, "csrfmiddlewaretoken": self.cookies["csrftoken"]}, doseq=True
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"https://localhost{path}",
        }
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for
        return self.request("POST", path, body, headers)

    def log_in(self, username, password, forwarded_for=None):
        fields = {"username": username, "password": password}
        return self.post_form("/admin/login/", fields, forwarded_for).status
