"""Sending, in the worker (never in a web request): one django-tasks task per e-mail.

Each delivery is claimed (pending → sending) by one conditional UPDATE before the e-mail goes
out, and marked sent after; a task that finds it claimed already does nothing. So a worker
killed at any point and started again never sends anyone the same alert twice: at worst an
e-mail being handed over at the moment of the crash stays "sending" (shown as such in the
admin), never resent. SMTP failures are retried with a growing delay; the worker keeps at
least `ALERTS_SEND_INTERVAL` seconds between two e-mails.
"""

import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from core.i18n import translated
from core.language_policy import LANGUAGES
from newsroom.models import NewsRelease
from organisation.models import Organisation

from .models import Announcement, Delivery
from .tokens import BadLink, manage_token, read_confirmation

logger = logging.getLogger(__name__)

QUEUE = "alerts"
_last_sent = 0.0


def absolute(path):
    return settings.SITE_URL + path


def _keep_pace():
    """Bounded rate: at most one e-mail per ALERTS_SEND_INTERVAL seconds from this process."""
    global _last_sent
    wait = _last_sent + settings.ALERTS_SEND_INTERVAL - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    _last_sent = time.monotonic()


def _backoff(attempts):
    """1, 2, 4, 8… times ALERTS_RETRY_SECONDS after the 1st, 2nd, 3rd… failure."""
    return timedelta(seconds=settings.ALERTS_RETRY_SECONDS * 2 ** (attempts - 1))


def _is_permanent(error):
    """A 5xx answer will not change by trying again (unknown mailbox, refused sender)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def queue_delivery(delivery):
    result = send_alert.using(run_after=delivery.due_at).enqueue(delivery.pk)
    delivery.task_id = str(result.id)
    Delivery.objects.filter(pk=delivery.pk).update(task_id=delivery.task_id)


def manage_links(subscriber, language):
    token = manage_token(subscriber)
    with translation.override(language):
        return (
            absolute(reverse("alerts:manage", args=[token])),
            absolute(reverse("alerts:one_click", args=[token])),
        )


def ranking(languages):
    """The names of `languages` (codes, in order), in the active language."""
    names = dict(LANGUAGES)
    return [str(names[code]) for code in languages if code in names]


def render_email(name, context, language):
    """(subject, text, html) of the e-mail `name`, wholly in `language`: subject, text and
    the HTML part's `lang` (the templates under alerts/email/)."""
    with translation.override(language):
        context = {"language": language, "organisation": Organisation.load(), **context}
        subject = render_to_string(f"alerts/email/{name}_subject.txt", context)
        text = render_to_string(f"alerts/email/{name}.txt", context)
        html = render_to_string(f"alerts/email/{name}.html", context)
    return " ".join(subject.split()), text, html


TEMPLATES = {
    Announcement.Kind.PUBLISHED: "alert",
    Announcement.Kind.CORRECTION: "alert",
    Announcement.Kind.WITHDRAWAL: "withdrawal",
}


def alert_message(delivery):
    """The e-mail for one delivery, in its language: HTML and plain text, with the RFC 8058
    one-click unsubscribe headers."""
    release = delivery.announcement.release
    language = delivery.language
    subscriber = delivery.subscriber
    manage_url, one_click_url = manage_links(subscriber, language)
    with translation.override(language):
        context = {
            "release": release,
            "kind": delivery.kind,
            "correction": delivery.announcement.correction,
            "title": translated(release, "title", language),
            "lead": translated(release, "lead", language),
            "dateline": translated(release, "dateline", language),
            "url": absolute(release.get_absolute_url()),
            "newsroom_url": absolute(reverse("newsroom:list")),
            "contacts": list(release.contacts.order_by("releasecontact__order")),
            "manage_url": manage_url,
            # Why this language: the subscriber's ranking, and whether one of it was found.
            "ranking": ranking(subscriber.languages),
            "language_name": ranking([language])[0],
            "in_ranking": language in subscriber.languages,
        }
        if delivery.announcement.correction:
            context["note"] = translated(delivery.announcement.correction, "note", language)
        if delivery.kind == Announcement.Kind.WITHDRAWAL:
            context["reason"] = translated(release, "withdrawal_reason", language)
            context["withdrawn_at"] = delivery.announcement.withdrawn_at
    subject, text, html = render_email(TEMPLATES[delivery.kind], context, language)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{one_click_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Content-Language": language,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def still_due(delivery):
    """Only what is still true now: an alert or a correction of a release the public may see
    (one unpublished, withdrawn or put back under embargo since sends nothing), a withdrawal
    notice of a release still withdrawn since that moment (reinstated since: none)."""
    releases = NewsRelease.objects.filter(pk=delivery.release_id)
    if delivery.kind == Announcement.Kind.WITHDRAWAL:
        return releases.withdrawn().filter(
            withdrawn_at=delivery.announcement.withdrawn_at
        ).exists()
    return releases.published().exists()


@task(queue_name=QUEUE)
def send_alert(delivery_id):
    now = timezone.now()
    claimed = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return "not pending"
    delivery = Delivery.objects.select_related(
        "announcement__release", "announcement__correction", "subscriber"
    ).get(pk=delivery_id)
    if not still_due(delivery):
        Delivery.objects.filter(pk=delivery_id).update(status=Delivery.Status.CANCELLED)
        return "cancelled"
    message = alert_message(delivery)
    _keep_pace()
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        return _failed(delivery, error)
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return "sent"


def describe(error):
    """What the SMTP server answered ("550 5.1.1 No such mailbox"), or what went wrong."""
    if isinstance(error, smtplib.SMTPResponseException):
        answer = error.smtp_error
        if isinstance(answer, bytes):
            answer = answer.decode("utf-8", "replace")
        return f"{error.smtp_code} {answer}"[:1000]
    return f"{type(error).__name__}: {error}"[:1000]


def _failed(delivery, error):
    description = describe(error)
    if _is_permanent(error) or delivery.attempts >= settings.ALERTS_MAX_ATTEMPTS:
        logger.warning("Alert %s to subscriber %s failed for good: %s",
                       delivery.pk, delivery.subscriber_id, description)
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED, last_error=description
        )
        return "failed"
    delivery.due_at = timezone.now() + _backoff(delivery.attempts)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.PENDING, due_at=delivery.due_at, last_error=description
    )
    queue_delivery(delivery)
    return "retry"


@task(queue_name=QUEUE)
def send_confirmation(email, token, language, attempt=1):
    try:
        _email, choices, _issued = read_confirmation(token)
    except BadLink:  # expired while waiting for a retry: the new sign-up sends another
        return "expired"
    with translation.override(language):
        context = {"confirm_url": absolute(reverse("alerts:confirm", args=[token])),
                   "days": settings.ALERTS_CONFIRM_DAYS,
                   "ranking": ranking(choices.get("languages") or [])}
    subject, text, html = render_email("confirm", context, language)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[email],
                                     headers={"Auto-Submitted": "auto-replied",
                                              "Content-Language": language})
    message.attach_alternative(html, "text/html")
    _keep_pace()
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        if _is_permanent(error) or attempt >= settings.ALERTS_MAX_ATTEMPTS:
            logger.warning("Confirmation e-mail failed for good: %s", describe(error))
            return "failed"
        send_confirmation.using(run_after=timezone.now() + _backoff(attempt)).enqueue(
            email, token, language, attempt + 1
        )
        return "retry"
    return "sent"
