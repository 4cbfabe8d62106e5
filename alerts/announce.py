"""Noticing what is to be announced: one place, polled by the worker.

A release becomes public by an editor's save, an import, a service, or simply because its
scheduled time (an embargo) has come with nobody doing anything. Rather than hooking each of
those ways, the worker asks the database, every few seconds, for what `published()` shows now
and has not been announced yet, so every way is covered alike and alerts go out at the
release's time. Edits to an announced release announce nothing; a correction note added to an
announced release, and the withdrawal of one, are announced to those who received the release,
in the language they received it in.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.translation_state import COMPLETE, ORIGINAL, status_of
from newsroom.models import Correction, NewsRelease

from .models import Announcement, Delivery, Subscriber
from .sending import queue_delivery


def _recent():
    """Releases and corrections older than this are never announced: an import of an archive,
    or the first run of the worker on an old site, sends nothing."""
    return timezone.now() - timedelta(days=settings.ALERTS_MAX_AGE_DAYS)


def published_in(release, language):
    """Whether the release exists in `language` by the translation-state rule
    (core.translation_state): its original, or a complete translation. A missing or out-of-date
    one does not count: a journalist would get a text that lacks parts or says something the
    original no longer says."""
    return status_of(release, language) in (ORIGINAL, COMPLETE)


def alert_language(subscriber, release):
    """The first of the subscriber's ranked languages the release is published in, else its
    original language."""
    for language in subscriber.languages:
        if published_in(release, language):
            return language
    return release.original_language


def releases_to_announce():
    return (
        NewsRelease.objects.published()
        .filter(published_at__gte=_recent())
        .exclude(announcements__kind=Announcement.Kind.PUBLISHED)
        .prefetch_related("themes")
    )


def corrections_to_announce():
    return (
        Correction.objects.filter(
            release__in=NewsRelease.objects.published(),
            release__announcements__kind=Announcement.Kind.PUBLISHED,
            created_at__gte=_recent(),
        )
        .exclude(pk__in=Announcement.objects.filter(kind=Announcement.Kind.CORRECTION)
                 .values("correction"))
        .select_related("release")
        .distinct()
    )


def withdrawals_to_announce():
    """Announced releases withdrawn since, whose withdrawal has not been announced yet."""
    announced = Announcement.objects.filter(
        release=OuterRef("pk"), kind=Announcement.Kind.WITHDRAWAL,
        withdrawn_at=OuterRef("withdrawn_at"),
    )
    return (
        NewsRelease.objects.withdrawn()
        .filter(withdrawn_at__gte=_recent(), announcements__kind=Announcement.Kind.PUBLISHED)
        .exclude(Exists(announced))
        .distinct()
    )


def _received(release):
    """{subscriber: language} for those the release's alert was sent to."""
    sent = (
        Delivery.objects.filter(
            release=release, kind=Announcement.Kind.PUBLISHED, status=Delivery.Status.SENT,
        )
        .select_related("subscriber")
    )
    return {delivery.subscriber: delivery.language for delivery in sent}


def announce_due():
    """Announce every release, correction and withdrawal due now; returns the number of
    e-mails queued."""
    queued = 0
    for release in releases_to_announce():
        theme_ids = {theme.pk for theme in release.themes.all()}
        subscribers = Subscriber.objects.prefetch_related("themes")
        recipients = [s for s in subscribers if s.wants(release, theme_ids)]
        queued += _announce(release, Announcement.Kind.PUBLISHED, None, recipients)
    for correction in corrections_to_announce():
        queued += _announce(
            correction.release, Announcement.Kind.CORRECTION, correction,
            _received(correction.release),
        )
    for release in withdrawals_to_announce():
        queued += _announce(
            release, Announcement.Kind.WITHDRAWAL, None, _received(release),
            withdrawn_at=release.withdrawn_at,
        )
    return queued


def _announce(release, kind, correction, recipients, withdrawn_at=None):
    """The announcement, its deliveries and their tasks in one transaction: all or nothing,
    and a second worker doing the same at the same moment stops at the unique constraint.
    `recipients`: subscribers, or {subscriber: the language they received the release in}."""
    now = timezone.now()
    if not isinstance(recipients, dict):
        recipients = {s: alert_language(s, release) for s in recipients}
    try:
        with transaction.atomic():
            announcement = Announcement.objects.create(
                release=release, kind=kind, correction=correction, withdrawn_at=withdrawn_at
            )
            deliveries = Delivery.objects.bulk_create(
                Delivery(
                    announcement=announcement, release=release, kind=kind,
                    subscriber=subscriber, language=language, due_at=now,
                )
                for subscriber, language in recipients.items()
            )
            for delivery in deliveries:
                queue_delivery(delivery)
    except IntegrityError:
        return 0
    return len(deliveries)


def requeue_forgotten(older_than=timedelta(minutes=10)):
    """Deliveries still pending well after they were due whose task is no longer waiting: it
    was lost (a worker killed after taking the task and before claiming the delivery). Queue
    them again; sending claims a delivery only once, so a task too many would send nothing."""
    now = timezone.now()
    late = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING, due_at__lt=now - older_than)
    )
    waiting = {
        str(pk) for pk in DBTaskResult.objects.filter(
            pk__in=[d.task_id for d in late if d.task_id], status="READY"
        ).values_list("pk", flat=True)
    }
    count = 0
    for delivery in late:
        if delivery.task_id in waiting:
            continue
        with transaction.atomic():
            delivery.due_at = now
            Delivery.objects.filter(pk=delivery.pk).update(due_at=now)
            queue_delivery(delivery)
        count += 1
    return count
