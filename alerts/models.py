"""Media alerts: journalists subscribed by e-mail, what was announced, and each e-mail owed.

The rows are the source of truth for sending, so a crash never makes anyone get an e-mail
twice: an `Announcement` is made once per release first made public (and once per correction,
once per withdrawal),
and a `Delivery` once per (release, subscriber, kind), under unique constraints. A delivery is
claimed (status "sending") before the e-mail goes out and marked "sent" after; a claimed one is
never sent again, whatever happens in between (alerts.sending).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from newsroom.models import Correction, NewsRelease, Theme


def new_link_key():
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    """A confirmed journalist: nothing is stored before the confirmation link is followed."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    # In order of preference (the form's "1st choice", "2nd choice"…): an alert comes in the
    # first of them the release is published in (alerts.announce.alert_language).
    languages = models.JSONField(_("languages"), default=list)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="+",
        help_text=_("None: every theme."),
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    kinds = models.JSONField(_("kinds of release"), default=list, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"))
    # Part of every manage and unsubscribe link: a link made for a deleted subscription never
    # works for a later one of the same address.
    link_key = models.CharField(max_length=32, default=new_link_key, editable=False)

    class Meta:
        verbose_name = _("media alert subscriber")
        verbose_name_plural = _("media alert subscribers")
        ordering = ["email"]

    def __str__(self):
        return self.email

    def wants(self, release, release_theme_ids):
        """Whether this subscriber's choices match the release (an empty choice is "all")."""
        if self.kinds and release.kind not in self.kinds:
            return False
        if self.countries and not set(self.countries) & set(release.countries):
            return False
        chosen = {theme.pk for theme in self.themes.all()}
        return not chosen or bool(chosen & release_theme_ids)


class Announcement(models.Model):
    """A release (or one of its corrections) the worker has announced to the subscribers."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("New release")
        CORRECTION = "correction", _("Correction")
        WITHDRAWAL = "withdrawal", _("Withdrawal")

    release = models.ForeignKey(
        NewsRelease, verbose_name=_("release"), on_delete=models.CASCADE,
        related_name="announcements",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    correction = models.ForeignKey(
        Correction, verbose_name=_("correction"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    # A withdrawal's moment: withdrawn, reinstated and withdrawn again is a second notice.
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    created_at = models.DateTimeField(_("announced"), auto_now_add=True)

    class Meta:
        verbose_name = _("media alert")
        verbose_name_plural = _("media alerts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["release"], condition=Q(kind="published"),
                name="alerts_one_announcement_per_release",
            ),
            models.UniqueConstraint(
                fields=["correction"], condition=Q(kind="correction"),
                name="alerts_one_announcement_per_correction",
            ),
            models.UniqueConstraint(
                fields=["release", "withdrawn_at"], condition=Q(kind="withdrawal"),
                name="alerts_one_announcement_per_withdrawal",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.release}"


class Delivery(models.Model):
    """One e-mail owed to one subscriber for one announcement."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    announcement = models.ForeignKey(
        Announcement, on_delete=models.CASCADE, related_name="deliveries"
    )
    release = models.ForeignKey(NewsRelease, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Announcement.Kind.choices)
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # When it should go next: now, or later after an SMTP failure (backoff).
    due_at = models.DateTimeField(_("due"))
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # The queued task that is to send it (django-tasks' result id): a pending delivery whose
    # task is no longer waiting has lost it (alerts.announce.requeue_forgotten).
    task_id = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("alert e-mail")
        verbose_name_plural = _("alert e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["announcement", "subscriber"], name="alerts_one_email_per_announcement"
            ),
            models.UniqueConstraint(
                fields=["release", "subscriber"], condition=Q(kind="published"),
                name="alerts_one_release_email_per_subscriber",
            ),
        ]

    def __str__(self):
        return f"{self.subscriber} – {self.announcement}"


class Throttle(models.Model):
    """A dated mark per hashed key (a client address, an e-mail address), for the sign-up
    limits; in the database, so the limits hold in every process and without Redis."""

    key = models.CharField(max_length=80, db_index=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("sign-up mark")
        verbose_name_plural = _("sign-up marks")

    def __str__(self):
        return f"{self.key} {self.created_at:%Y-%m-%d %H:%M}"


class UsedConfirmation(models.Model):
    """A confirmation link that was followed, by a hash of the link (no address), kept while
    such a link could still be followed: without it, a link used before an unsubscribe would
    subscribe the address again."""

    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("used confirmation link")
        verbose_name_plural = _("used confirmation links")

    def __str__(self):
        return f"{self.digest[:12]} {self.used_at:%Y-%m-%d %H:%M}"
