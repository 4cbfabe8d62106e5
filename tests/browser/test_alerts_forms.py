"""The media-alert forms in a real Chromium: axe-core finds no violation on the sign-up page
(empty and with errors), the confirmation page and the manage page, and a journalist can sign
up, ranking languages, with the keyboard and the mouse as the page is served (CSP on, no
script)."""

import re

import pytest
from django.utils import timezone

from alerts.management.commands.alerts_worker import run_once
from alerts.models import Subscriber
from alerts.tokens import confirmation_token, manage_token
from core.language_policy import LANGUAGE_CODES as LANGUAGES
from tests.alerts.smtp import SMTPServer, text_part
from tests.browser.conftest import assert_no_axe_violations, url_in
from tests.factories import make_organisation, make_theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.fixture
def content():
    make_organisation()
    make_theme(name_en="Migration health", name_fr="Santé", name_es="Salud")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sign_up_page_has_no_axe_violations(page, content, lang):
    page.goto(url_in(lang, "alerts:subscribe"))
    assert page.locator("main form input[type=email]").count() == 1
    # The honeypot is not shown to people.
    assert not page.locator("input[name=website]").is_visible()
    assert_no_axe_violations(page)


def test_sign_up_errors_have_no_axe_violations(page, content):
    page.goto(url_in("en", "alerts:subscribe"))
    page.fill("input[type=email]", "not an address")
    page.click("main button[type=submit]")
    assert page.locator("[role=alert]").is_visible()
    assert page.get_by_text("Enter a valid e-mail address").first.is_visible()
    assert_no_axe_violations(page)


def test_signing_up_in_the_browser_says_to_check_the_inbox(page, content):
    page.goto(url_in("fr", "alerts:subscribe"))
    page.fill("input[type=email]", "reporter@example.org")
    page.select_option("#id_languages_1", "es")
    page.click("main button[type=submit]")
    assert page.locator("h1").inner_text() == page.title().split(" | ")[0]
    assert page.url.endswith(url_in("fr", "alerts:subscribe"))
    assert not Subscriber.objects.exists()


def test_a_journalist_ranks_languages_signs_up_and_changes_the_ranking(
    page, content, live_server, settings
):
    """On the French page, French is the 1st choice already; English is picked as the 2nd.
    The confirmation e-mail (through a real SMTP server) lists the ranking and its link,
    followed in the browser, subscribes with it; the manage page shows it and changes it."""
    settings.SITE_URL = live_server.url
    settings.ALERTS_SEND_INTERVAL = 0
    smtp = SMTPServer()
    smtp.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        page.goto(url_in("fr", "alerts:subscribe"))
        assert page.get_by_label("1er choix").input_value() == "fr"
        page.fill("input[type=email]", "journaliste@example.org")
        page.get_by_label("2e choix").select_option(label="Anglais")
        assert_no_axe_violations(page)
        page.click("main button[type=submit]")
        run_once()
        [(_recipient, message)] = smtp.inbox.messages
    finally:
        smtp.stop()
    text = text_part(message)
    assert re.search(r"1\. Français\s+2\. Anglais\s", text)
    confirm = next(word for word in text.split() if "/confirm" in word)
    page.goto(confirm)
    page.click("main button[type=submit]")
    subscriber = Subscriber.objects.get(email="journaliste@example.org")
    assert subscriber.languages == ["fr", "en"]

    page.goto(url_in("fr", "alerts:manage", token=manage_token(subscriber)))
    assert page.get_by_label("1er choix").input_value() == "fr"
    assert page.get_by_label("2e choix").input_value() == "en"
    page.get_by_label("1er choix").select_option(label="Espagnol")
    page.get_by_label("3e choix").select_option(label="Français")
    page.click("main button[name=save]")
    assert page.locator("[role=status]").is_visible()
    subscriber.refresh_from_db()
    assert subscriber.languages == ["es", "en", "fr"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_confirmation_page_has_no_axe_violations(page, content, lang):
    token = confirmation_token("reporter@example.org", {"languages": [lang]})
    page.goto(url_in(lang, "alerts:confirm", token=token))
    assert_no_axe_violations(page)
    page.click("main button[type=submit]")
    assert Subscriber.objects.filter(email="reporter@example.org").exists()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_manage_page_has_no_axe_violations(page, content, lang):
    subscriber = Subscriber.objects.create(email="reporter@example.org", languages=[lang],
                                           confirmed_at=timezone.now())
    page.goto(url_in(lang, "alerts:manage", token=manage_token(subscriber)))
    assert_no_axe_violations(page)


def test_broken_link_page_has_no_axe_violations(page, content):
    page.goto(url_in("en", "alerts:manage", token="broken"))
    assert_no_axe_violations(page)
