"""The organisation: its key facts, its structure (a tree of units), the people who hold its
positions over time, its offices around the world, its institutional pages and main menu.

This app never imports `newsroom`; the newsroom builds on it.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_prose_editor.fields import ProseEditorField
from phonenumber_field.modelfields import PhoneNumberField

from core.media import OwnsFiles
from core.publishing import Publishable, PublishableQuerySet
from core.redirects import KeepsOldSlugs
from core.sanitize import RICH_TEXT_EDITOR_CONFIG, sanitize_html
from core.translation_state import TracksTranslations
from core.versioning import Versioned
from core.write_path import ContentModel, ContentQuerySet


class Organisation(Versioned, ContentModel):
    """The one row holding the organisation's key facts: one place for them."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=20)
    description = models.TextField(_("description"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded in"))
    member_states = models.PositiveSmallIntegerField(_("member states"))
    countries_with_presence = models.PositiveSmallIntegerField(_("countries with a presence"))
    headquarters = models.CharField(_("headquarters"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # The pages a newsroom's structured data names for its standards (schema.org's
    # publisher properties): search engines and fact-checkers read them.
    corrections_policy = models.ForeignKey(
        "Page", verbose_name=_("corrections policy"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The page saying how and when releases are corrected."),
    )
    ethics_policy = models.ForeignKey(
        "Page", verbose_name=_("ethics policy"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The page stating the newsroom's ethical standards."),
    )
    publishing_principles = models.ForeignKey(
        "Page", verbose_name=_("publishing principles"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("The page describing how releases are written, cleared and published."),
    )

    # schema.org's name for each of them.
    POLICIES = {
        "corrections_policy": "correctionsPolicy",
        "ethics_policy": "ethicsPolicy",
        "publishing_principles": "publishingPrinciples",
    }

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("home")

    @classmethod
    def load(cls):
        """The organisation row, or None before the demo content or an editor creates it."""
        return cls.objects.order_by("pk").first()


class Unit(KeepsOldSlugs, TracksTranslations, Versioned, ContentModel):
    """A box of the org chart. `parent` makes the tree; `order` sorts siblings."""

    class Kind(models.TextChoices):
        DIRECTOR_GENERAL = "dg", _("Office of the Director General")
        DEPUTY = "deputy", _("Deputy Director General")
        OFFICE = "office", _("Office")
        DEPARTMENT = "department", _("Department")
        DIVISION = "division", _("Division")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFFICE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation:unit", kwargs={"slug": self.slug})

    def clean(self):
        # A unit under itself or its own descendant would drop out of the org chart.
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A unit cannot report to itself or to one of its sub-units.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


def person_photo_path(instance, filename):
    """Unguessable names: a photo's URL says nothing about who uploaded what, or when."""
    return f"people/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1].lower()}"


class Person(OwnsFiles, KeepsOldSlugs, TracksTranslations, Versioned, ContentModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    photo = models.ImageField(_("photo"), upload_to=person_photo_path, blank=True)
    photo_alt = models.CharField(_("photo description"), max_length=300, blank=True)
    biography = ProseEditorField(
        _("biography"), config=RICH_TEXT_EDITOR_CONFIG, sanitize=sanitize_html, blank=True
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation:person", kwargs={"slug": self.slug})


class PositionQuerySet(ContentQuerySet):
    def current(self, on=None):
        """Positions held on `on` (default: today)."""
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=on)
        )


class Position(ContentModel):
    """Who held which title in which unit, from when to when: a former DG keeps their term."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    # Titles are gendered in French and Spanish ("Directrice générale"), so they are text,
    # not derived from the unit.
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="position_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.title} — {self.person}"

    def clean(self):
        # The check constraint would say only its name; editors get the reason, on the field.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            message = _("A position cannot end before it starts (%(start)s).")
            raise ValidationError(
                {"end_date": ValidationError(message, params={"start": self.start_date})}
            )

    @property
    def is_current(self):
        today = timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


class Region(Versioned, ContentModel):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation:where_we_work") + f"#{self.slug}"


class Office(TracksTranslations, Versioned, ContentModel):
    """Where the organisation works: headquarters, regional and country offices."""

    class Kind(models.TextChoices):
        HEADQUARTERS = "hq", _("Headquarters")
        REGIONAL = "regional", _("Regional office")
        COUNTRY = "country", _("Country office")
        LIAISON = "liaison", _("Liaison office")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COUNTRY)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="offices"
    )
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisation:where_we_work") + f"#office-{self.slug}"


class PageQuerySet(ContentQuerySet, PublishableQuerySet):
    pass


class Page(KeepsOldSlugs, Publishable, TracksTranslations, Versioned, ContentModel):
    """An institutional page (Who we are, Our work, Partnerships…). Slugs are translated."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent page"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    summary = models.TextField(_("summary"), blank=True)
    body = ProseEditorField(
        _("body"), config=RICH_TEXT_EDITOR_CONFIG, sanitize=sanitize_html, blank=True
    )
    original_language = models.CharField(
        _("original language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    shows_key_figures = models.BooleanField(
        _("shows the key figures"),
        default=False,
        help_text=_("Show the organisation's founding year, member states and countries."),
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["order", "pk"]
        permissions = [("publish_page", _("Can publish, schedule and unpublish pages"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("organisation:page", kwargs={"slug": self.slug})


class MenuItem(Versioned, ContentModel):
    """An entry of the main menu: a page, or one of the site's own views, with sub-entries."""

    class Target(models.TextChoices):
        PAGE = "page", _("Institutional page")
        STRUCTURE = "organisation:structure", _("Structure (org chart)")
        WHERE_WE_WORK = "organisation:where_we_work", _("Where we work")
        NEWS = "newsroom:list", _("Newsroom")
        MEDIA_CONTACTS = "newsroom:media_contacts", _("Media contacts")

    label = models.CharField(_("label"), max_length=100)
    target = models.CharField(
        _("links to"), max_length=40, choices=Target.choices, default=Target.PAGE
    )
    page = models.ForeignKey(
        Page, verbose_name=_("page"), null=True, blank=True, on_delete=models.CASCADE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent entry"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("menu entry")
        verbose_name_plural = _("main menu")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        if self.target == self.Target.PAGE:
            return self.page.get_absolute_url() if self.page_id else ""
        return reverse(self.target)
