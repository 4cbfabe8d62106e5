"""Signing up for media alerts: double opt-in, the limits on the form, and the signed links."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from alerts.models import Subscriber
from alerts.tokens import manage_token
from tests.alerts.conftest import (
    confirmation_path,
    sign_up,
    subscribe_and_confirm,
    work,
)
from tests.factories import (
    make_draft_release,
    make_published_release,
    make_scheduled_release,
    make_theme,
)
from tests.html import elements, text_of

# Committed transactions: the worker, as in production, checks its connection between tasks
# (which drops a connection held in an open transaction on PostgreSQL).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.clock]

SUBSCRIBE = "/en/media-alerts/"


def test_newsroom_links_to_the_sign_up_page(client):
    page = client.get(reverse("newsroom:list")).content.decode()
    assert elements(page, "a", href=SUBSCRIBE)


def test_sign_up_page_offers_the_choices(client):
    theme = make_theme(slug="health", name_en="Migration health")
    response = client.get(SUBSCRIBE)
    page = response.content.decode()
    assert response.status_code == 200
    assert elements(page, "input", type="email") and elements(page, name="languages")
    assert "Migration health" in text_of(page)
    assert elements(page, name="kinds") and elements(page, name="countries")
    assert theme.slug  # the theme is offered by name
    # No inline style or script on a public page (CSP).
    assert not elements(page, style=True) and not elements(page, "style")
    assert not elements(page, "script")


def test_a_theme_only_drafts_use_is_not_named_on_the_form(client):
    """A theme whose every release is a draft, scheduled or withdrawn stays unnamed (as on the
    list and in the feeds), and cannot be chosen; a public release's theme is offered."""
    secret = make_theme(slug="secret", name_en="Operation Nightjar")
    make_draft_release().themes.add(secret)
    make_scheduled_release().themes.add(secret)
    public = make_theme(slug="public", name_en="Climate mobility")
    make_published_release().themes.add(public)
    page = client.get(SUBSCRIBE)
    assert "Climate mobility" in text_of(page)
    assert "Nightjar" not in page.content.decode()
    refused = sign_up(client, "a@example.org", themes=[secret.pk])
    assert refused.status_code == 400
    make_published_release().themes.add(secret)
    assert "Operation Nightjar" in text_of(client.get(SUBSCRIBE))


def test_nothing_is_stored_or_sent_before_the_link_is_followed(client):
    response = sign_up(client, "Reporter@Example.org", ["fr"])
    assert response.status_code == 200
    assert "Check your inbox" in text_of(response)
    assert not Subscriber.objects.exists()
    assert mail.outbox == []  # sent by the worker, not by the web request
    work()
    assert [m.to for m in mail.outbox] == [["reporter@example.org"]]
    assert not Subscriber.objects.exists()


def test_confirmation_link_subscribes_with_the_choices_made(client):
    theme = make_theme(slug="health")
    path = subscribe_and_confirm(client, "a@example.org", ["es", "en"],
                                 themes=[theme.pk], kinds=["statement"], countries=["CH"])
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "a@example.org"
    assert subscriber.languages == ["es", "en"]
    assert list(subscriber.themes.all()) == [theme]
    assert subscriber.kinds == ["statement"] and list(subscriber.countries) == ["CH"]
    assert path.startswith("/en/media-alerts/confirm/")


def test_confirmation_link_shows_a_button_and_does_not_confirm_on_get(client):
    sign_up(client, "a@example.org")
    work()
    path = confirmation_path(mail.outbox[0].body)
    response = client.get(path)
    assert response.status_code == 200
    assert "a@example.org" in text_of(response)
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("address", ["not-an-address", "a@", "@example.org", "a b@example.org",
                                     "", "x" * 250 + "@example.org"])
def test_invalid_address_is_refused_with_a_clear_message(client, address):
    response = sign_up(client, address)
    page = response.content.decode()
    assert response.status_code == 400
    alert = " ".join(found.text for found in elements(page, role="alert"))
    assert "valid e-mail address" in alert or "Enter your e-mail address" in alert \
        or "at most" in alert
    work()
    assert mail.outbox == []


def test_a_language_is_required(client):
    response = client.post(SUBSCRIBE, {"email": "a@example.org"})
    assert response.status_code == 400
    assert "Choose at least one language." in text_of(response)


def test_unknown_theme_or_country_is_refused_not_a_500(client):
    response = client.post(SUBSCRIBE, {"email": "a@example.org", "languages": ["en", "xx"],
                                       "themes": ["999999", "x"], "countries": ["ZZ"]})
    assert response.status_code == 400


def test_honeypot_answers_the_same_page_and_sends_nothing(client):
    response = client.post(SUBSCRIBE, {"email": "bot@example.org", "languages": ["en"],
                                       "website": "http://spam.example"})
    assert response.status_code == 200
    assert response.content == sign_up(client, "person@example.org").content
    work()
    assert [m.to for m in mail.outbox] == [["person@example.org"]]


def test_one_confirmation_an_hour_per_address(client):
    for _ in range(3):
        assert sign_up(client, "a@example.org").status_code == 200
    sign_up(client, "A@EXAMPLE.ORG")
    work()
    assert len(mail.outbox) == 1
    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        sign_up(client, "a@example.org")
        work()
    assert len(mail.outbox) == 2


def test_the_page_never_tells_whether_an_address_is_subscribed(client):
    subscribe_and_confirm(client, "known@example.org")
    unknown = sign_up(client, "new@example.org")
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        known = sign_up(client, "known@example.org")
        pending = sign_up(client, "new@example.org")
        again = sign_up(client, "new@example.org")  # within the hour of the last one
    for response in (known, pending, again):
        assert response.status_code == unknown.status_code
        assert response.content == unknown.content


def test_sign_ups_per_client_address_are_limited(client, settings):
    settings.ALERTS_SIGNUPS_PER_HOUR = 3
    for n in range(3):
        assert sign_up(client, f"a{n}@example.org").status_code == 200
    refused = sign_up(client, "a4@example.org")
    assert refused.status_code == 429
    assert "Too many sign-ups" in text_of(refused)
    # Another client is not held back, and the limit lifts after an hour.
    other = client.post(SUBSCRIBE, {"email": "b@example.org", "languages": ["en"]},
                        REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        assert sign_up(client, "a5@example.org").status_code == 200
    work()
    assert "a4@example.org" not in [m.to[0] for m in mail.outbox]


def test_sign_ups_count_per_ipv6_network(client, settings):
    """The addresses of one IPv6 /64 (one home or office network) share one limit."""
    settings.ALERTS_SIGNUPS_PER_HOUR = 3
    answers = [client.post(SUBSCRIBE, {"email": f"a{n}@example.org", "languages": ["en"]},
                           REMOTE_ADDR=f"2001:db8:0:1::{n + 1}").status_code
               for n in range(4)]
    assert answers == [200, 200, 200, 429]
    other = client.post(SUBSCRIBE, {"email": "b@example.org", "languages": ["en"]},
                        REMOTE_ADDR="2001:db8:0:2::1")
    assert other.status_code == 200


def test_one_confirmation_an_hour_per_mailbox_whatever_its_spelling(client):
    """Dots, a +tag and capitals do not make another mailbox for the hourly limit."""
    for email in ("j.doe@example.org", "jdoe@example.org", "J.Doe+news@Example.org"):
        assert sign_up(client, email).status_code == 200
    work()
    assert [m.to for m in mail.outbox] == [["j.doe@example.org"]]


def test_confirmation_emails_have_a_global_hourly_cap(client, settings):
    """However many clients and addresses, at most ALERTS_CONFIRMATIONS_PER_HOUR confirmation
    e-mails leave in an hour; the page answers the same."""
    settings.ALERTS_CONFIRMATIONS_PER_HOUR = 3
    first = client.post(SUBSCRIBE, {"email": "a0@example.org", "languages": ["en"]},
                        REMOTE_ADDR="192.0.2.1")
    for n in range(1, 5):
        response = client.post(SUBSCRIBE, {"email": f"a{n}@example.org", "languages": ["en"]},
                               REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert response.status_code == 200 and response.content == first.content
    work()
    assert len(mail.outbox) == 3
    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        sign_up(client, "a4@example.org")
        work()
    assert len(mail.outbox) == 4


def test_rate_limit_works_with_redis_down(client, settings):
    """The limits live in the database: a cache that fails changes nothing."""
    settings.ALERTS_SIGNUPS_PER_HOUR = 1
    settings.CACHES = {"default": {
        "BACKEND": "core.cache_backends.FailSafeRedisCache",
        "LOCATION": "redis://127.0.0.1:1/9",
        "OPTIONS": {"socket_connect_timeout": 0.1, "socket_timeout": 0.1},
    }}
    assert sign_up(client, "a@example.org").status_code == 200
    assert sign_up(client, "b@example.org").status_code == 429


def test_tampered_confirmation_link_gets_a_clear_page(client):
    sign_up(client, "a@example.org")
    work()
    path = confirmation_path(mail.outbox[0].body)
    tampered = path.replace("/confirm/", "/confirm/x")
    for method in (client.get, client.post):
        response = method(tampered)
        assert response.status_code == 400
        assert "This link does not work" in text_of(response)
    assert client.get("/en/media-alerts/confirm/%25%00/").status_code in (400, 404)
    assert not Subscriber.objects.exists()


def test_expired_confirmation_link_gets_a_clear_page(client, settings):
    sign_up(client, "a@example.org")
    work()
    path = confirmation_path(mail.outbox[0].body)
    later = timezone.now() + timedelta(days=settings.ALERTS_CONFIRM_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        response = client.post(path)
    assert response.status_code == 410
    assert "This link has expired" in text_of(response)
    assert not Subscriber.objects.exists()


def test_reused_confirmation_link_gets_a_clear_page(client):
    path = subscribe_and_confirm(client, "a@example.org")
    response = client.post(path)
    assert response.status_code == 410
    assert "This link was used already" in text_of(response)
    assert Subscriber.objects.count() == 1


def test_a_used_confirmation_link_does_not_subscribe_again_after_unsubscribing(client):
    """One click in a mail program unsubscribes for good: the old confirmation link, still
    within its days, is used and stays so."""
    path = subscribe_and_confirm(client, "a@example.org")
    token = manage_token(Subscriber.objects.get())
    client.post(reverse("alerts:one_click", args=[token]), {"List-Unsubscribe": "One-Click"})
    assert not Subscriber.objects.exists()
    response = client.post(path)
    assert response.status_code == 410
    assert "This link was used already" in text_of(response)
    assert not Subscriber.objects.exists()


def test_manage_page_changes_the_choices(client):
    subscribe_and_confirm(client, "a@example.org", ["en"])
    subscriber = Subscriber.objects.get()
    path = reverse("alerts:manage", args=[manage_token(subscriber)])
    page = client.get(path)
    assert page.status_code == 200 and "a@example.org" in text_of(page)
    response = client.post(path, {"languages": ["fr"], "kinds": ["story"]})
    assert response.status_code == 200
    assert "Your choices are saved." in text_of(response)
    subscriber.refresh_from_db()
    assert subscriber.languages == ["fr"] and subscriber.kinds == ["story"]
    assert client.post(path, {"languages": []}).status_code == 400


def test_delete_all_data_from_the_manage_page(client):
    subscribe_and_confirm(client, "a@example.org")
    path = reverse("alerts:manage", args=[manage_token(Subscriber.objects.get())])
    response = client.post(path, {"delete": "1"})
    assert response.status_code == 200
    assert "You are unsubscribed" in text_of(response)
    assert not Subscriber.objects.exists()
    reused = client.get(path)
    assert reused.status_code == 410
    assert "This subscription no longer exists" in text_of(reused)


def test_tampered_manage_and_unsubscribe_links_get_a_clear_page(client):
    subscribe_and_confirm(client, "a@example.org")
    token = manage_token(Subscriber.objects.get())
    bad = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get(reverse("alerts:manage", args=[bad]))
    assert response.status_code == 400
    assert "This link does not work" in text_of(response)
    assert client.post(reverse("alerts:one_click", args=[bad]),
                       {"List-Unsubscribe": "One-Click"}).status_code == 400
    assert Subscriber.objects.count() == 1


def test_a_link_for_a_deleted_subscription_never_works_for_a_new_one(client):
    subscribe_and_confirm(client, "a@example.org")
    old = manage_token(Subscriber.objects.get())
    Subscriber.objects.all().delete()
    with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
        subscribe_and_confirm(client, "a@example.org")
    assert client.get(reverse("alerts:manage", args=[old])).status_code == 410


def test_one_click_unsubscribe_takes_a_post_without_csrf(client):
    subscribe_and_confirm(client, "a@example.org")
    token = manage_token(Subscriber.objects.get())
    from django.test import Client

    mail_program = Client(enforce_csrf_checks=True)
    url = reverse("alerts:one_click", args=[token])
    response = mail_program.post(url, "List-Unsubscribe=One-Click",
                                 content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscriber.objects.exists()
    # Twice is fine; a person following the address is taken to the manage page.
    assert mail_program.post(url, "List-Unsubscribe=One-Click",
                             content_type="application/x-www-form-urlencoded").status_code == 200
    assert client.get(url).status_code == 302


def test_forms_post_but_other_public_urls_still_refuse_bodies(client):
    assert client.post(SUBSCRIBE, {}).status_code == 400
    with override("fr"):
        french = reverse("alerts:subscribe")
    assert french == "/fr/alertes-medias/"  # the translated address takes forms too
    assert client.post(french, {}).status_code == 400
    assert client.post(reverse("newsroom:list"), {}).status_code == 405


def _queries(client, method, path, data=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, data) if data else getattr(client, method)(path)
    assert response.status_code in (200, 400)
    return len(queries)


def test_the_forms_make_a_bounded_number_of_queries(client):
    """The same number of queries with 1 theme or 20, 1 subscriber or 20 (each page opened
    once before counting: the header and menu are then cached, as they are for visitors)."""
    make_theme()
    subscribe_and_confirm(client, "first@example.org")
    manage = reverse("alerts:manage", args=[manage_token(Subscriber.objects.get())])
    client.get(SUBSCRIBE)
    few = [_queries(client, "get", SUBSCRIBE),
           _queries(client, "post", SUBSCRIBE, {"email": "x@example.org", "languages": ["en"]}),
           _queries(client, "get", manage)]
    for n in range(19):
        make_theme()
        Subscriber.objects.create(email=f"s{n}@example.org", languages=["en"],
                                  confirmed_at=timezone.now())
    client.get(SUBSCRIBE)
    many = [_queries(client, "get", SUBSCRIBE),
            _queries(client, "post", SUBSCRIBE, {"email": "y@example.org", "languages": ["en"]}),
            _queries(client, "get", manage)]
    assert few == many
    assert max(many) <= 15, many
