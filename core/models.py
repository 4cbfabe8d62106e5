"""Editorial records shared by every app: the activity log, old slugs that redirect, and who
has a change form open."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityEntry(models.Model):
    """One thing someone (or a command) did: who, what, to which object, when, from where."""

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Published")
        UNPUBLISH = "unpublish", _("Unpublished")
        WITHDRAW = "withdraw", _("Withdrawn")
        REINSTATE = "reinstate", _("Reinstated")
        CORRECT = "correct", _("Correction added")
        DELETE = "delete", _("Deleted")
        RESTORE = "restore", _("Revision restored")
        EMBARGO_LINK = "embargo-link", _("Embargo link made")
        EMBARGO_REVOKE = "embargo-revoke", _("Embargo links revoked")
        PERMISSIONS = "permissions", _("Roles or permissions changed")
        IMPORT = "import", _("Import")
        DEMO = "demo", _("Demo content loaded")
        # Logins are in django-axes' logs now; these two label the rows written before.
        LOGIN = "login", _("Logged in")
        LOGIN_FAILED = "login-failed", _("Failed login")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too: the name stays readable after the account is gone, and a failed login
    # names the username that was tried.
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    source = models.CharField(
        _("from"), max_length=100, blank=True, help_text=_("The screen or command.")
    )
    details = models.TextField(_("details"), blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activity log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_repr}"


class SlugRedirect(models.Model):
    """A slug an object had in one language: its old address answers 301 to the current one.

    Points at the object, never at another slug, so a chain of renames resolves in one hop; and
    while it exists no other object of the same type may take that slug in that language."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(max_length=10)
    old_slug = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "language", "old_slug"], name="one_owner_per_old_slug"
            )
        ]

    def __str__(self):
        return f"{self.language}:{self.old_slug}"


class EditSession(models.Model):
    """Someone has an object's change form open: shown to the others as a notice, not a lock."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField()
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="one_session_per_editor"
            )
        ]

    def __str__(self):
        return f"{self.user} since {self.opened_at:%H:%M}"


class RevisionSource(models.Model):
    """Where a revision was made (the admin, a command, an import): reversion's revision has
    who, when and a comment, not the screen or command."""

    revision = models.OneToOneField(
        "reversion.Revision",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="source",
    )
    source = models.CharField(_("from"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("revision source")
        verbose_name_plural = _("revision sources")

    def __str__(self):
        return self.source


class CacheTagVersion(models.Model):
    """When something the public sees last changed, by cache tag (core.content_cache).

    The name "*" counts every change: each change raises it by one, in the transaction that
    writes the content, and gives each tag it touches that number. A cached page is stamped
    with the "*" read before it was rendered and is current while none of its tags is
    higher, so a change reaches every process and every cache at once, and a change a cache
    missed (Redis down meanwhile) can never bring back an older page."""

    name = models.CharField(max_length=200, primary_key=True)
    version = models.BigIntegerField()

    def __str__(self):
        return f"{self.name}={self.version}"


class Lease(models.Model):
    """A named piece of work one process does at a time, for all of the site's processes
    (core.leases): whoever inserts the row first holds it until they delete it or it
    expires (a process that died mid-work holds it no longer than that)."""

    name = models.CharField(max_length=200, primary_key=True)
    holder = models.UUIDField()
    expires_at = models.DateTimeField()

    def __str__(self):
        return self.name
