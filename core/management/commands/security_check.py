"""`manage.py security_check`: is this site safe to serve as configured?

Runs Django's and the project's deployment checks (`check --deploy`, core.deploy_checks), any
warning failing, then asks the running front caches: each Varnish must accept the site's purge
on the address the app sends it to, and the site's public address (DJANGO_SITE_URL) must refuse
a visitor's. The purge sent names a cache tag no page carries: it empties nothing. Exits with
an error listing every problem; `--no-probes` leaves the front caches alone.
"""

import http.client
import ssl
import urllib.parse

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.deploy_checks import varnish_purge_addresses

# A tag no page carries: purging it drops nothing.
HARMLESS_TAG = "security-check-no-page-has-this-tag"
TIMEOUT = 5


def purge_status(scheme, host, port, path="/"):
    """The status a PURGE of the harmless tag gets at scheme://host:port."""
    if scheme == "https":
        # Whose certificate it is does not matter here: nothing secret is sent, and the
        # question is only whether the address lets a purge through.
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection(host, port, timeout=TIMEOUT, context=context)
    else:
        connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        connection.request("PURGE", path, headers={"xkey-purge": HARMLESS_TAG})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


class Command(BaseCommand):
    help = (
        "Fail on any unsafe production setting (check --deploy, warnings included) and check "
        "that only the app can purge the front caches."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-probes", action="store_true",
            help="Only the settings: send nothing to the front caches or the public address.",
        )

    def handle(self, *args, **options):
        call_command("check", deploy=True, fail_level="WARNING", stdout=self.stdout)
        if options["no_probes"] or not varnish_purge_addresses():
            self.stdout.write("Settings safe (front caches not probed).")
            return
        problems = []
        for host, port in varnish_purge_addresses():
            try:
                status = purge_status("http", host, port)
            except OSError as error:
                problems.append(f"Varnish at {host}:{port} cannot be reached for purges: {error}.")
                continue
            if status != 200:
                problems.append(
                    f"Varnish at {host}:{port} refused the app's purge ({status}): pages would "
                    "stay stale. DJANGO_FRONT_CACHES must name Varnish's purge listener "
                    "(-a purge=…), not the public one."
                )
        site = urllib.parse.urlsplit(settings.SITE_URL)
        default_port = 443 if site.scheme == "https" else 80
        try:
            status = purge_status(site.scheme, site.hostname, site.port or default_port)
        except OSError as error:
            self.stderr.write(
                f"The public address {settings.SITE_URL} could not be reached ({error}): "
                "whether visitors can purge was not checked."
            )
        else:
            if status == 200:
                problems.append(
                    f"A PURGE sent to the public address {settings.SITE_URL} was accepted: anyone "
                    "can empty the cache. Take purges only on Varnish's purge listener "
                    "(deploy/varnish/iom_site.vcl)."
                )
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write("Settings safe; only the app can purge the front caches.")
