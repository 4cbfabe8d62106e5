"""The one rule for what the public sees, shared by everything publishable (releases, pages).

An object is public when its status is "published" and its public time has come. A withdrawn
object was public once and was taken back on purpose: its addresses answer 410 Gone, not 404.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """The one rule for what the public sees: published, and its public time has come."""
        return self.filter(status=Publishable.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self):
        """Published with a public time still to come (an embargo, or a scheduled release)."""
        return self.filter(status=Publishable.Status.PUBLISHED, published_at__gt=timezone.now())

    def withdrawn(self):
        return self.filter(status=Publishable.Status.WITHDRAWN)


class Publishable(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("public date and time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Goes public by itself at this time."),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # "Published" with no time means now: a published object without a time never shows.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )
