"""One address setting: DJANGO_SITE_URL says where `make run` serves and where every link in
every e-mail points, and every such link answers on that address."""

import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.translation import override

from alerts.models import Subscriber
from newsroom import services
from newsroom.models import PressContact
from tests.alerts.conftest import sign_up, work
from tests.alerts.smtp import html_part, text_part
from tests.factories import attach_contact, make_published_release
from tests.html import links

BASE_DIR = Path(settings.BASE_DIR)


def make(*arguments):
    """`make -n` (print, run nothing) in the project, with a key given so that nothing is
    written either."""
    return subprocess.run(
        ["make", "-n", *arguments, "DJANGO_SECRET_KEY=not-used"],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=60,
    )


def test_make_run_serves_where_the_site_address_says_and_the_worker_links_there():
    result = make("run", "DJANGO_SITE_URL=http://127.0.0.1:8123")
    assert result.returncode == 0, result.stderr
    commands = result.stdout
    assert re.search(r"DJANGO_SITE_URL=http://127\.0\.0\.1:8123 \S+ manage\.py alerts_worker",
                     commands)
    assert re.search(r"DJANGO_SITE_URL=http://127\.0\.0\.1:8123 \S+ manage\.py runserver "
                     r"127\.0\.0\.1:8123$", commands, re.MULTILINE)
    assert "8000" not in commands


def test_make_run_defaults_to_port_8000():
    result = make("run")
    assert result.returncode == 0, result.stderr
    assert re.search(r"manage\.py runserver 127\.0\.0\.1:8000$", result.stdout, re.MULTILINE)


def test_the_old_port_variable_is_refused_with_the_new_spelling():
    result = make("run", "HOST_PORT=127.0.0.1:8001")
    assert result.returncode != 0
    assert "DJANGO_SITE_URL=http://127.0.0.1:8001" in result.stderr


@pytest.mark.parametrize("address", ["https://news.example.org", "http://127.0.0.1",
                                     "127.0.0.1:8001"])
def test_make_run_refuses_an_address_it_cannot_serve_before_doing_anything(address):
    result = subprocess.run(
        ["make", "check-site-url", f"DJANGO_SITE_URL={address}"],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "must be http://HOST:PORT" in result.stderr and address in result.stderr


def _settings_in_a_new_process(site_url):
    code = "from django.conf import settings; print(settings.ALLOWED_HOSTS, settings.SITE_URL)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "iom_site.settings",
           "DJANGO_SITE_URL": site_url}
    env.pop("DJANGO_ALLOWED_HOSTS", None)
    return subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env,
                          capture_output=True, text=True, timeout=60)


def test_the_site_answers_on_its_own_address():
    result = _settings_in_a_new_process("http://192.0.2.7:8001/")
    assert result.returncode == 0, result.stderr
    assert "'192.0.2.7'" in result.stdout and "http://192.0.2.7:8001" in result.stdout


def test_a_site_address_with_a_path_or_no_scheme_is_refused_clearly():
    for address in ("news.example.org", "https://example.org/news"):
        result = _settings_in_a_new_process(address)
        assert result.returncode != 0
        assert "DJANGO_SITE_URL must be the site's address" in result.stderr


def _answers(url):
    """The status of a GET (redirects followed), as a journalist's browser gets it."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _web_links(message):
    found = set(links(html_part(message)))
    found.update(re.findall(r"https?://\S+", text_part(message)))
    if message["List-Unsubscribe"]:
        found.add(message["List-Unsubscribe"].strip("<> "))
    return {link for link in found if link.startswith(("http://", "https://"))}


@pytest.mark.django_db(transaction=True)
@pytest.mark.smtp
def test_every_link_in_every_email_of_the_demo_answers_on_the_site_address(
    demo, live_server, smtp, settings, client
):
    """The demo on an address of its own (the live server's port): the confirmation, the alert,
    the correction and the withdrawal notice link there, and every link answers 200."""
    settings.SITE_URL = live_server.url
    checked = set()

    def check_new_messages():
        for _recipient, message in smtp.inbox.messages:
            for link in _web_links(message) - checked:
                assert link.startswith(live_server.url + "/"), link
                assert _answers(link) == 200, link
                checked.add(link)

    with override("fr"):
        assert sign_up(client, "journaliste@example.org", ["fr", "en"]).status_code == 200
    work()
    check_new_messages()
    confirm = next(link for link in checked if "/confirm" in link)
    assert client.post(confirm.removeprefix(live_server.url)).status_code == 200
    assert Subscriber.objects.get().languages == ["fr", "en"]

    release = make_published_release(
        original_language="fr", title_fr="Un communiqué", lead_fr="Un chapeau.",
        body_fr="<p>Un texte.</p>", published_at=timezone.now(),
    )
    attach_contact(release, PressContact.objects.first())
    work()
    check_new_messages()
    services.add_correction(release, {"fr": "Un chiffre corrigé."})
    work()
    check_new_messages()
    services.withdraw(release, {"fr": "Un doublon."})
    work()
    # The release's own address answers 410 now: the notice does not link to it.
    check_new_messages()
    assert len(smtp.inbox.messages) == 4
    assert any("/manage/" in link for link in checked)
