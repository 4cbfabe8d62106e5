"""The one publishing rule, shared by everything publishable (releases, pages).

What the public sees: an object is public when its status is "published" and its public time
has come. A withdrawn object was public once and was taken back on purpose: its addresses
answer 410 Gone, not 404.

What each operation means, for every publishable model alike (the functions below change the
object in memory and say whether anything changed; the apps' services save it as a new
revision and version and write the activity log):

- Publish now: status "published", public from now. A missing or future public time becomes
  now (an embargo ends, a schedule is brought forward); a past one is kept (an old item stays
  dated as it was). An object already public is left as it is. A withdrawn object is left as
  it is too: reinstate brings it back, with its withdrawal notice cleared.
- Schedule: status "published" with a public time still to come; it goes public by itself
  at that time, with nothing saved then. The change form sets both fields (a publisher's
  decision); "published" with no time means now.
- Backdate: making an object public with a public time more than `BACKDATING_MARGIN` in the
  past lists it under that old date and sends no alert (alerts announce only recent items), so
  a mistyped year would slip by unseen. Every door asks for it explicitly: the admin form a
  confirmation naming the date, imports and commands an option (`backdated_time`).
- Unpublish: back to draft, out of every public page; a draft is left as it is.
- Withdraw: a public object is taken back with a reason, kept per language; its address
  keeps a public notice (410 Gone) while its content leaves the site. Only models that show
  that notice offer it (`Publishable.withdrawable`: releases do, pages do not).
- Reinstate: a withdrawn object is public again at its address, dated as it was first
  published, its withdrawal notice gone.

Who decides: the holders of the model's publish permission (`may_publish`). The doors a
person comes through ask it: the admin's forms, actions and screens
(core.admin_publishing) and the restore of a revision (core.revisions); the
services then carry out what was allowed, naming who, and a command names nobody. Who may see
a staff preview of any object, whatever its state: `may_preview` (core.previews).
"""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname, get_translation_fields

# Whether and when the public sees an object: only someone allowed to publish changes these (in
# a form, or by restoring a revision).
PUBLICATION_FIELDS = ("status", "published_at", "withdrawn_at")
# What decides whether an object is public, scheduled or neither: the write path tells an
# object when a write changed them (`Publishable.publication_written`).
PUBLICATION_TIMING = ("status", "published_at")


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

    # Whether the model's addresses show a withdrawal notice (410) once it is withdrawn: only
    # then can it be withdrawn.
    withdrawable = False

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # "Published" with no time means now: a published object without a time never shows.
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def publication_written(self, before):
        """Called by the write path (core.write_path) after a write changed the status or the
        public time; `before`: {column: value stored before}. Nothing by default."""

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


# A public time this far in the past is a backdating, not the few minutes a form took to fill.
BACKDATING_MARGIN = timedelta(hours=1)


def backdated_time(status, published_at, *, before=None):
    """The public time when an object saved with `status` and `published_at` would be made
    public backdated (see the module's docstring), else None. `before`: the object as stored
    (None for a new one); one already public keeps its date unasked, unless the date moves
    back."""
    if status != Publishable.Status.PUBLISHED or published_at is None:
        return None
    if published_at >= timezone.now() - BACKDATING_MARGIN:
        return None
    if before is not None and before.is_public and before.published_at is not None:
        # A form posts the time back without its fractions of a second: not a move back.
        if published_at >= before.published_at - timedelta(minutes=1):
            return None
    return published_at


class PublishingError(ValueError):
    """The object's state, or the text given, does not allow this (withdrawing a draft,
    reinstating a public object, a withdrawal without a reason); the message says why, for the
    person who asked."""


# --- Who decides, who looks -------------------------------------------------------------------


def publish_permission(model):
    """The permission that decides when the public sees objects of this model
    ("newsroom.publish_newsrelease", "organisation.publish_page")."""
    opts = model._meta
    return f"{opts.app_label}.publish_{opts.model_name}"


def may_publish(user, model):
    """Whether `user` may publish, schedule, unpublish, withdraw and reinstate objects of
    `model` (None, a command with nobody named, may not: it has no say over publication)."""
    return user is not None and user.has_perm(publish_permission(model))


def may_preview(user, model):
    """Whether `user` may see any object of `model` as the public page would show it, whatever
    its status or time: staff who may view or change the model in the admin."""
    opts = model._meta
    return bool(
        user.is_authenticated
        and user.is_staff
        and (
            user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
            or user.has_perm(f"{opts.app_label}.change_{opts.model_name}")
        )
    )


# --- The operations (in memory; the services save) --------------------------------------------


def publish_now(obj):
    """Public from now; True when that changed anything (see the module's docstring)."""
    if obj.is_public or obj.is_withdrawn:
        return False
    now = timezone.now()
    if obj.published_at is None or obj.published_at > now:
        obj.published_at = now
    obj.status = Publishable.Status.PUBLISHED
    return True


def unpublish(obj):
    """Back to draft; True when that changed anything."""
    if obj.status == Publishable.Status.DRAFT:
        return False
    obj.status = Publishable.Status.DRAFT
    return True


def withdraw(obj, reason):
    """Take a public object back with a reason ({language code: text}, some text in at least
    one language)."""
    if not obj.withdrawable:
        raise TypeError(f"{type(obj).__name__} cannot be withdrawn.")
    if not obj.is_public:
        raise PublishingError(gettext("Only a public item can be withdrawn."))
    if not any(text.strip() for text in reason.values()):
        raise PublishingError(
            gettext("Give the reason for the withdrawal in at least one language.")
        )
    obj.status = Publishable.Status.WITHDRAWN
    obj.withdrawn_at = timezone.now()
    for code, text in reason.items():
        setattr(obj, build_localized_fieldname("withdrawal_reason", code), text.strip())


def reinstate(obj):
    """Public again at its address, dated as it was first published; the notice goes."""
    if not obj.is_withdrawn:
        raise PublishingError(gettext("Only a withdrawn item can be reinstated."))
    obj.status = Publishable.Status.PUBLISHED
    obj.withdrawn_at = None
    for name in get_translation_fields("withdrawal_reason"):
        setattr(obj, name, "")
