import re

import pytest
from django.core import mail
from django.urls import reverse

from alerts.management.commands.alerts_worker import run_once
from tests.alerts.smtp import SMTPServer, text_part


@pytest.fixture(autouse=True)
def _no_pause_between_emails(settings):
    settings.ALERTS_SEND_INTERVAL = 0
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def smtp(settings):
    """A real SMTP server started for the test; the site sends through it."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.stop()


def work():
    """What the worker does in one round: announce, then send everything ready."""
    run_once()


def sign_up(client, email, languages=("en",), **choices):
    data = {"email": email, "languages": list(languages), **choices}
    return client.post(reverse("alerts:subscribe"), data)


LINK = re.compile(r"http://testserver(/\S+/)")


def links_in(text):
    return LINK.findall(text)


def confirmation_path(body):
    return next(path for path in links_in(body) if "/confirm/" in path)


def subscribe_and_confirm(client, email, languages=("en",), smtp=None, **choices):
    """Through the form and the link in the confirmation e-mail, as a journalist does
    (the e-mail read from `smtp`, the test's SMTP server, or else Django's test outbox)."""
    before = len(smtp.inbox.messages) if smtp else len(mail.outbox)
    response = sign_up(client, email, languages, **choices)
    assert response.status_code == 200, response.content
    work()
    if smtp:
        sent = smtp.inbox.messages[before:]
        assert [recipient for recipient, _m in sent] == [email]
        body = text_part(sent[0][1])
    else:
        sent = mail.outbox[before:]
        assert [m.to for m in sent] == [[email]]
        body = sent[0].body
    path = confirmation_path(body)
    assert client.post(path).status_code == 200
    return path
