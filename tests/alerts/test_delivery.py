"""Alerts sent through a real SMTP server started by the test: who gets what, once, in which
language, for releases made public by the admin, an import, or simply their scheduled time."""

import json
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts.models import Announcement, Delivery, Subscriber
from newsroom import services
from newsroom.models import NewsRelease
from tests.alerts.conftest import subscribe_and_confirm, work
from tests.alerts.smtp import html_part, text_part
from tests.factories import (
    attach_contact,
    make_contact,
    make_draft_release,
    make_published_release,
    make_scheduled_release,
    make_theme,
)
from tests.html import all_text, element, elements, text_of
from tests.newsroom.admin_post import release_post_data

# Committed transactions: the worker, as in production, checks its connection between tasks
# (which drops a connection held in an open transaction on PostgreSQL).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.smtp, pytest.mark.clock]


def confirmed(client, smtp, email, languages=("en",), **choices):
    subscribe_and_confirm(client, email, languages, smtp=smtp, **choices)
    return Subscriber.objects.get(email=email)


def alerts(smtp, address):
    """The alert e-mails (not the confirmation) `address` received."""
    return [m for m in smtp.inbox.to(address) if "List-Unsubscribe" in m]


def one_click(message):
    url = message["List-Unsubscribe"].strip().strip("<>")
    assert url.startswith("http://testserver/")
    return url.removeprefix("http://testserver")


def test_publishing_in_the_admin_alerts_each_matching_subscriber_once_in_their_language(
    client, admin_client, smtp
):
    health = make_theme(slug="health", name_en="Health")
    other_theme = make_theme(slug="climate")
    contact = make_contact(name="Paul Dillon", role_en="Spokesperson", role_fr="Porte-parole",
                           email="pdillon@example.org")
    confirmed(client, smtp, "everything@example.org", ["en"])
    confirmed(client, smtp, "french@example.org", ["fr", "en"])
    confirmed(client, smtp, "spanish@example.org", ["es"])  # not translated: the original
    confirmed(client, smtp, "health@example.org", ["en"], themes=[health.pk],
              countries=["CH"], kinds=["press-release"])
    confirmed(client, smtp, "climate@example.org", ["en"], themes=[other_theme.pk])
    confirmed(client, smtp, "stories@example.org", ["en"], kinds=["story"])
    confirmed(client, smtp, "peru@example.org", ["en"], countries=["PE"])

    response = admin_client.post(
        reverse("admin:newsroom_newsrelease_add"),
        release_post_data(
            contacts=[(contact, 0)], status="published", slug="health-release",
            title_en="Health for all migrants", title_fr="La santé pour tous les migrants",
            lead_en="IOM calls for access to care.", lead_fr="L’OIM demande l’accès aux soins.",
            dateline_en="Geneva", dateline_fr="Genève", themes=[str(health.pk)],
            countries=["CH"],
        ),
    )
    assert response.status_code == 302
    release = NewsRelease.objects.get(slug="health-release")
    assert release.is_public
    work()

    receivers = ["everything@example.org", "french@example.org", "health@example.org",
                 "spanish@example.org"]
    for address in receivers:
        assert len(alerts(smtp, address)) == 1, address
    for address in ["climate@example.org", "stories@example.org", "peru@example.org"]:
        assert alerts(smtp, address) == [], address

    english = alerts(smtp, "everything@example.org")[0]
    assert english["Subject"] == "Health for all migrants"
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = text_part(english), html_part(english)
    for part in (text, html):
        assert "GENEVA" in part and "IOM calls for access to care." in part
        assert "http://testserver/en/news/health-release/" in part
        assert "Paul Dillon" in part and "pdillon@example.org" in part
        assert "Spokesperson" in part
        assert "/en/media-alerts/manage/" in part
    french = alerts(smtp, "french@example.org")[0]
    assert french["Subject"] == "La santé pour tous les migrants"
    assert "GENÈVE" in text_part(french) and "Porte-parole" in text_part(french)
    assert "/fr/" in text_part(french)
    spanish = alerts(smtp, "spanish@example.org")[0]
    assert spanish["Subject"] == "Health for all migrants"

    # Nothing more: a second round, and an edit after publication, send nothing.
    work()
    release.title_en = "Health for all migrants (updated)"
    release.save()
    work()
    for address in receivers:
        assert len(alerts(smtp, address)) == 1

    # The one-click header works: a mail program posts to it, without a cookie or token.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(one_click(english), "List-Unsubscribe=One-Click",
                                 content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscriber.objects.filter(email="everything@example.org").exists()
    # And the manage link of the e-mail is a working page.
    manage = next(word for word in text_part(french).split() if "/manage/" in word)
    assert client.get(manage.removeprefix("http://testserver")).status_code == 200


def test_importing_a_release_alerts_subscribers(client, smtp, tmp_path):
    confirmed(client, smtp, "a@example.org")
    data = {"format": "iom_site.releases", "version": 2, "releases": [{
        "slug": "imported", "kind": "press-release", "status": "published",
        "published_at": timezone.now().isoformat(), "original_language": "en",
        "title": {"en": "Imported release"}, "lead": {"en": "Lead"},
        "body": {"en": "<p>Body</p>"},
    }]}
    path = tmp_path / "releases.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_releases", str(path), stdout=StringIO())
    work()
    [message] = alerts(smtp, "a@example.org")
    assert message["Subject"] == "Imported release"


def test_alert_subjects_are_plain_text_not_html(client, smtp, tmp_path):
    """A subject is no HTML: an apostrophe, an ampersand and brackets arrive as typed."""
    confirmed(client, smtp, "fr@example.org", ["fr"])
    title = "L'OIM & ses partenaires <Genève>"
    data = {"format": "iom_site.releases", "version": 2, "releases": [{
        "slug": "apostrophe", "kind": "press-release", "status": "published",
        "published_at": timezone.now().isoformat(), "original_language": "fr",
        "title": {"fr": title}, "lead": {"fr": "Chapeau"}, "body": {"fr": "<p>Texte</p>"},
    }]}
    path = tmp_path / "releases.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    call_command("import_releases", str(path), stdout=StringIO())
    work()
    [message] = alerts(smtp, "fr@example.org")
    assert message["Subject"] == title


def test_an_embargo_lifting_at_its_time_alerts_with_nobody_in_the_admin(client, smtp):
    confirmed(client, smtp, "a@example.org")
    start = timezone.now()
    release = make_scheduled_release(slug="embargoed", title_en="Under embargo",
                                     published_at=start + timedelta(hours=3))
    work()
    assert alerts(smtp, "a@example.org") == []
    with time_machine.travel(start + timedelta(hours=2, minutes=59), tick=False):
        work()
    assert alerts(smtp, "a@example.org") == []
    with time_machine.travel(release.published_at + timedelta(seconds=1), tick=False):
        work()
    [message] = alerts(smtp, "a@example.org")
    assert message["Subject"] == "Under embargo"


def test_drafts_future_withdrawn_and_old_releases_send_nothing(client, smtp, settings):
    confirmed(client, smtp, "a@example.org")
    make_draft_release(title_en="Draft")
    make_scheduled_release(title_en="Future")
    make_published_release(title_en="Old", published_at=timezone.now() - timedelta(
        days=settings.ALERTS_MAX_AGE_DAYS, hours=1))
    withdrawn = make_published_release(title_en="Withdrawn", published_at=timezone.now())
    services.withdraw(withdrawn, {"en": "Published by mistake."})
    work()
    assert alerts(smtp, "a@example.org") == []


def test_a_release_taken_back_before_its_alert_went_out_sends_nothing(client, smtp):
    confirmed(client, smtp, "a@example.org")
    release = make_published_release(title_en="Oops", published_at=timezone.now())
    from alerts.announce import announce_due

    announce_due()
    services.unpublish(release)
    work()
    assert alerts(smtp, "a@example.org") == []
    assert Delivery.objects.get().status == Delivery.Status.CANCELLED


def test_a_correction_alerts_those_who_received_the_release(client, smtp):
    confirmed(client, smtp, "a@example.org")
    release = make_published_release(title_en="Figures", published_at=timezone.now())
    work()
    confirmed(client, smtp, "late@example.org")  # subscribed after the release went out
    services.add_correction(release, {"en": "The figure is 1,200, not 12,000."})
    work()
    work()
    first, correction = alerts(smtp, "a@example.org")
    assert correction["Subject"] == "Correction: Figures"
    assert "The figure is 1,200, not 12,000." in text_part(correction)
    assert alerts(smtp, "late@example.org") == []


def test_smtp_failures_are_retried_later_and_sent_once(client, smtp, settings):
    confirmed(client, smtp, "a@example.org")
    smtp.inbox.refuse = 2
    make_published_release(title_en="Retried", published_at=timezone.now())
    work()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    assert "451" in delivery.last_error
    assert delivery.due_at >= timezone.now() + timedelta(seconds=settings.ALERTS_RETRY_SECONDS - 5)
    work()  # not due yet
    assert alerts(smtp, "a@example.org") == []
    with time_machine.travel(delivery.due_at + timedelta(seconds=1), tick=False):
        work()  # the second failure: twice the delay
        delivery.refresh_from_db()
        assert delivery.attempts == 2
    with time_machine.travel(delivery.due_at + timedelta(seconds=1), tick=False):
        work()
        work()
    assert len(alerts(smtp, "a@example.org")) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 3


def test_a_permanent_refusal_is_failed_and_counted_in_the_admin(client, admin_client, smtp):
    confirmed(client, smtp, "a@example.org")
    confirmed(client, smtp, "b@example.org")
    smtp.inbox.refuse = 1
    smtp.inbox.refuse_answer = "550 5.1.1 No such mailbox"
    make_published_release(title_en="Counted", published_at=timezone.now())
    work()
    statuses = sorted(Delivery.objects.values_list("status", flat=True))
    assert statuses == ["failed", "sent"]
    page = admin_client.get(reverse("admin:alerts_announcement_changelist")).content.decode()
    assert "Counted" in text_of(page)
    assert element(page, "td", class_="field-sent").text == "1"
    assert element(page, "td", class_="field-failed").text == "1"
    assert element(page, "td", class_="field-pending").text == "0"
    assert Announcement.objects.count() == 1
    failures = admin_client.get(reverse("admin:alerts_delivery_changelist"),
                                {"status__exact": "failed"}).content.decode()
    assert "550 5.1.1 No such mailbox" in failures


def test_admin_searches_exports_and_deletes_subscribers(client, admin_client, smtp):
    confirmed(client, smtp, "alice@example.org", ["fr"])
    confirmed(client, smtp, "bob@example.org")
    changelist = reverse("admin:alerts_subscriber_changelist")
    page = admin_client.get(changelist, {"q": "alice"}).content.decode()
    assert elements(element(page, "table", id="result_list"), "a", text="alice@example.org")
    assert "bob@example.org" not in all_text(page)
    ids = [str(pk) for pk in Subscriber.objects.values_list("pk", flat=True)]
    export = admin_client.post(changelist, {"action": "export_csv", "_selected_action": ids})
    assert export["Content-Type"].startswith("text/csv")
    rows = export.content.decode().splitlines()
    assert rows[0].startswith("email,languages")
    assert rows[1].startswith("alice@example.org,fr,")
    admin_client.post(changelist, {"action": "delete_selected", "_selected_action": ids[:1],
                                   "post": "yes"})
    assert Subscriber.objects.count() == 1


def test_subscriber_export_neutralises_spreadsheet_formulas(admin_client):
    """An address a spreadsheet would read as a formula comes out as text ('=...)."""
    subscriber = Subscriber.objects.create(
        email="=hyperlink@example.org", languages=["en"], confirmed_at=timezone.now())
    export = admin_client.post(reverse("admin:alerts_subscriber_changelist"),
                               {"action": "export_csv", "_selected_action": [subscriber.pk]})
    assert export.content.decode().splitlines()[1].startswith("'=hyperlink@example.org,en,")


def test_nothing_is_sent_to_contacts_of_an_unrelated_release(client, smtp):
    """A release's contacts appear in its own alert only."""
    confirmed(client, smtp, "a@example.org")
    first = make_published_release(title_en="First", published_at=timezone.now())
    attach_contact(first, make_contact(name="Only On First"))
    make_published_release(title_en="Second", published_at=timezone.now())
    work()
    messages = {m["Subject"]: text_part(m) for m in alerts(smtp, "a@example.org")}
    assert "Only On First" in messages["First"] and "Only On First" not in messages["Second"]


def test_the_sending_rate_is_bounded(client, smtp, settings):
    """ALERTS_SEND_INTERVAL seconds at least between two e-mails from a worker (a lower bound:
    a slow machine only makes the gaps longer)."""
    for n in range(4):
        Subscriber.objects.create(email=f"r{n}@example.org", languages=["en"],
                                  confirmed_at=timezone.now())
    settings.ALERTS_SEND_INTERVAL = 0.25
    make_published_release(title_en="Paced", published_at=timezone.now())
    work()
    assert len(smtp.inbox.messages) == 4
    gaps = [b - a for a, b in zip(smtp.inbox.arrivals, smtp.inbox.arrivals[1:], strict=False)]
    assert min(gaps) >= 0.2, gaps


def test_a_delivery_whose_task_was_lost_is_sent_later_once(client, smtp):
    """A worker killed after taking a task and before claiming its delivery leaves the task
    "running" for ever: the delivery is queued again once it is well overdue."""
    from django_tasks_db.models import DBTaskResult

    from alerts.announce import announce_due

    confirmed(client, smtp, "a@example.org")
    make_published_release(title_en="Lost and found", published_at=timezone.now())
    announce_due()
    delivery = Delivery.objects.get()
    DBTaskResult.objects.filter(pk=delivery.task_id).update(status="RUNNING")
    work()
    assert alerts(smtp, "a@example.org") == []
    with time_machine.travel(timezone.now() + timedelta(minutes=11), tick=False):
        work()
        work()
    assert len(alerts(smtp, "a@example.org")) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
