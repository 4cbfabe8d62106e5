"""A version number on every model editors change in the admin, so that a save made from a
stale copy of the form is refused instead of silently undoing a colleague's work."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
