"""A version number on every model editors change in the admin, so that a save made from a
stale copy of the form is refused instead of silently undoing a colleague's work; and who saved
last and when, so the refusal can say who saved in between.

The version moves on in one place, the write path (core.write_path): by one on every
write of a row, whatever makes it (a form, a service, an import, a plain `save()`,
`QuerySet.update()`, `bulk_update`), in the database (`version + 1`), so two writes at once
never share a number."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
