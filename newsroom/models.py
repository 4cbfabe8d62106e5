"""The newsroom: news releases (press releases, briefing notes, statements, stories), their
themes and countries, and the press contacts named on them.

What the public sees is decided in one place: `NewsRelease.objects.published()`.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_prose_editor.fields import ProseEditorField
from phonenumber_field.modelfields import PhoneNumberField

from core.media import OwnsFiles
from core.media_storage import private_storage
from core.publishing import Publishable, PublishableQuerySet
from core.redirects import KeepsOldSlugs
from core.sanitize import RICH_TEXT_EDITOR_CONFIG, sanitize_html
from core.translation_state import TracksTranslations
from core.versioning import Versioned
from core.write_path import ContentModel, ContentQuerySet

from . import embargo, press_files
from .images import (
    files_follow_status,
    picture_of,
    renditions_of,
    thumbnail_of,
    update_renditions,
)


class Theme(TracksTranslations, Versioned, ContentModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "slug"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("newsroom:list") + f"?theme={self.slug}"


class PressContact(TracksTranslations, Versioned, ContentModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    office = models.ForeignKey(
        "organisation.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_contacts",
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_contacts",
    )
    phone = PhoneNumberField(
        _("phone"), blank=True, help_text=_("Stored in E.164, e.g. +41227179416.")
    )
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Retired contacts stay on old releases only.")
    )

    class Meta:
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("newsroom:media_contacts") + f"#contact-{self.slug}"

    def get_vcard_url(self):
        return reverse("newsroom:contact_vcard", kwargs={"slug": self.slug})


class NewsReleaseQuerySet(ContentQuerySet, PublishableQuerySet):
    def for_listing(self):
        """Only the columns a list item shows (every language of them): bodies stay in the
        database."""
        return self.only(
            "slug", "kind", "published_at", "original_language", "title", "dateline", "lead",
            "image", "image_alt", "renditions",
        )


def release_image_path(instance, filename):
    """Unguessable names: a rendition's URL reveals nothing of an unpublished release."""
    return f"releases/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class NewsRelease(
    OwnsFiles, KeepsOldSlugs, Publishable, TracksTranslations, Versioned, ContentModel
):
    class Kind(models.TextChoices):
        PRESS_RELEASE = "press-release", _("Press release")
        BRIEFING_NOTE = "briefing-note", _("Briefing note")
        STATEMENT = "statement", _("Official statement")
        STORY = "story", _("News story")

    # A withdrawn release's address answers 410 with its notice (newsroom.withdrawn).
    withdrawable = True

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.PRESS_RELEASE
    )
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    dateline = models.CharField(
        _("dateline place"), max_length=100, blank=True, help_text=_("E.g. Geneva, New York.")
    )
    lead = models.TextField(_("lead"), blank=True)
    body = ProseEditorField(
        _("body"), config=RICH_TEXT_EDITOR_CONFIG, sanitize=sanitize_html, blank=True
    )
    # The original stays in the private storage: the public gets it only from the press
    # views (newsroom.press_views), while the release is public and the rights last; pages
    # show its renditions, in the public media storage.
    image = models.ImageField(
        _("image"), upload_to=release_image_path, storage=private_storage, blank=True
    )
    image_alt = models.CharField(_("image description (alt text)"), max_length=300, blank=True)
    image_caption = models.CharField(_("image caption"), max_length=500, blank=True)
    # Required with an image (see clean): UN and press agencies give press photos free with
    # a credit line, and the press kit hands the original out with it.
    image_credit = models.CharField(
        _("image credit"), max_length=200, blank=True,
        help_text=_("Required with an image, e.g. IOM / A. Photographer."),
    )
    image_usage_terms = models.TextField(
        _("image usage terms"), blank=True,
        help_text=_("What the press may do with the image, e.g. free for news use with the "
                    "credit line."),
    )
    image_rights_expire_on = models.DateField(
        _("image rights expire on"), null=True, blank=True,
        help_text=_("Last day the image may be handed out. After it the press kit leaves the "
                    "original image out. Empty: no limit."),
    )
    # Made once when the image is saved (newsroom.images): pages read names and widths from
    # here, so a srcset costs no query and no image work per request.
    renditions = models.JSONField(_("image renditions"), default=dict, blank=True, editable=False)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="releases"
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    contacts = models.ManyToManyField(
        PressContact,
        verbose_name=_("press contacts"),
        through="ReleaseContact",
        blank=True,
        related_name="releases",
    )
    related = models.ManyToManyField(
        "self", verbose_name=_("related releases"), symmetrical=False, blank=True
    )
    original_language = models.CharField(
        _("original language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Kept on the release (set by newsroom.services.add_correction) so that the public page
    # reads the correction notes only when there are some: an uncorrected release costs no
    # query more.
    corrected_at = models.DateTimeField(
        _("last corrected"), null=True, blank=True, editable=False
    )

    objects = NewsReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("news release")
        verbose_name_plural = _("news releases")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "-published_at"], name="release_public_idx")]
        # Changing a release (writing, translating) and deciding when the public sees it are
        # separate rights: the admin leaves status and time read-only without this one.
        permissions = [("publish_newsrelease", _("Can publish, schedule and unpublish releases"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("newsroom:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.image and not self.image_credit.strip():
            raise ValidationError(
                {"image_credit": _("An image needs a credit line (who took or owns it).")}
            )

    @property
    def image_rights_current(self):
        """Whether the press may still get the original image: there is one, and the day its
        rights expire (if any) has not passed."""
        if not self.image:
            return False
        expires = self.image_rights_expire_on
        return expires is None or timezone.localdate() <= expires

    def shared_image_url(self):
        """The image address for link previews and search engines (og:image, JSON-LD): the
        widest rendition, which is what the page itself shows (never the original, which
        only the press views hand out); "" without an image."""
        if not self.image:
            return ""
        # JPEG (or PNG) rather than WebP: link previews take it everywhere.
        renditions = [r for r in self.image_renditions() if r.format != "webp"]
        return renditions[-1].url if renditions else ""

    def image_renditions(self):
        """The image's responsive sizes, smallest first: [(url, width, format), ...].

        Formats are "webp" and "jpg" (or "png" for a transparent image); an empty list when
        there is no image or its renditions are not made yet.
        """
        return renditions_of(self)

    def image_picture(self):
        """Everything a `<picture>` needs, ready for a template, or None without an image:
        `webp_srcset`, `fallback_srcset` ("url 480w, url 800w, ..."), `fallback_url`, and that
        fallback's `width` and `height` (for the `<img>`'s size attributes)."""
        return picture_of(self)

    def image_thumbnail(self):
        """The image's smallest rendition for lists (`webp_url`, `url`, `width`, `height`), or
        None without an image. No query: the renditions are kept on the release."""
        return thumbnail_of(self)

    def publication_written(self, before):
        """The write path tells a release whose status or public time changed
        (core.write_path): links handed out for an embargo it left end (newsroom.embargo);
        a withdrawn release's files leave every address (newsroom.withdrawn)."""
        embargo.publication_written(self, before)
        files_follow_status(self, before)

    def public_corrections(self):
        """The correction notes, oldest first; no query for a release never corrected."""
        if self.corrected_at is None:
            return []
        return list(self.corrections.all())


class ReleaseContact(ContentModel):
    """A press contact named on a release, in the order the release lists them."""

    release = models.ForeignKey(NewsRelease, on_delete=models.CASCADE)
    contact = models.ForeignKey(
        PressContact, verbose_name=_("press contact"), on_delete=models.PROTECT
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["release", "contact"], name="one_contact_per_release")
        ]

    def __str__(self):
        return str(self.contact)


class Correction(ContentModel):
    """A dated note appended to a published release, as press offices correct a release: the
    text may be fixed too, but the note says so in public."""

    release = models.ForeignKey(
        NewsRelease, on_delete=models.CASCADE, related_name="corrections"
    )
    note = models.TextField(_("correction"))
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.note[:80]

    @property
    def original_language(self):
        """A note missing in the reader's language falls back like its release's text does
        (core.i18n); read from the release the notes were loaded through, no query."""
        return self.release.original_language


class JournalistLink(models.Model):
    """A link to a release under embargo, made for one journalist or outlet
    (newsroom.embargo): the address carries the signed pk of this row, and this row decides
    whether it still opens anything."""

    class EndReason(models.TextChoices):
        REVOKED = "revoked", _("Revoked")
        SUPERSEDED = "superseded", _("Ended: the release left its embargo")

    release = models.ForeignKey(
        NewsRelease, on_delete=models.CASCADE, related_name="journalist_links"
    )
    made_for = models.CharField(
        _("made for"), max_length=200,
        help_text=_("Name and outlet, e.g. A. Reporter, Daily News."),
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    made_at = models.DateTimeField(_("made"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ended by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    end_reason = models.CharField(
        _("why it ended"), max_length=20, choices=EndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("journalist link")
        verbose_name_plural = _("journalist links")
        ordering = ["-made_at", "-pk"]

    def __str__(self):
        return self.made_for

    @property
    def token(self):
        return embargo.token_of(self)

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def works(self):
        """Whether the link still opens the release (while the release is under embargo)."""
        return self.ended_at is None and not self.is_expired


@receiver(post_save, sender=NewsRelease)
def make_release_renditions(sender, instance, raw, **kwargs):
    """Resize a new image once, when it is saved; loaddata brings its renditions along."""
    if not raw:
        update_renditions(instance)


@receiver(post_save, sender=NewsRelease)
def delete_superseded_press_files(sender, instance, created, using, **kwargs):
    """An edit's new version makes the PDFs and press kit of the older ones unreachable:
    they leave storage once the write commits (the new ones are made when first asked for)."""
    if not created:
        pk = instance.pk
        transaction.on_commit(lambda: press_files.forget_superseded(pk), using=using)


@receiver(post_delete, sender=NewsRelease)
def delete_press_files(sender, instance, using, **kwargs):
    """A deleted release's PDFs and press kit leave storage with it, once the delete commits."""
    transaction.on_commit(lambda: press_files.forget_all(instance), using=using)
