"""Corrections and withdrawal in the release admin, for publishers only.

A publisher (holder of `newsroom.publish_newsrelease`) appends a dated correction note to a
public release, withdraws a public release with a reason, or reinstates a withdrawn one: each
from its own confirmation screen (the texts per language, then a POST), each through
`newsroom.services`, which keeps the revision, the activity row and the version in step.
Translators and staff without the permission see none of it and are refused if they post.
The screens, their permission check and the status field's limits (never "withdrawn";
read-only once withdrawn) are every publishable admin's (core.admin_publishing): this
module gives the release's words, its correction screen and the links on its change form.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin_publishing import (
    ConfirmationForm,
    Screen,
    TextsByLanguageForm,
    WithdrawalForm,
)
from core.i18n import translated

from . import services


class CorrectionForm(TextsByLanguageForm):
    label = _("Correction note")


def _correct(release, form, user):
    services.add_correction(release, form.texts(), user=user, source="admin")
    return _("The correction note was added to “%(release)s”.") % {"release": release}


def _withdraw(release, form, user):
    services.withdraw(release, form.texts(), user=user, source="admin")
    return _("“%(release)s” was withdrawn.") % {"release": release}


def _reinstate(release, form, user):
    services.reinstate(release, user=user, source="admin")
    return _("“%(release)s” was reinstated and is public again.") % {"release": release}


EDITORIAL_SCREENS = {
    "correct": Screen(
        CorrectionForm,
        _correct,
        _("Add a correction"),
        _(
            "The note is shown, dated, at the end of the public release in each language "
            "(a language left empty shows another's note). Fix the text itself in the release "
            "form as well if needed; the note tells readers what changed."
        ),
        _("Add the correction"),
    ),
    "withdraw": Screen(
        WithdrawalForm,
        _withdraw,
        _("Withdraw the release"),
        _(
            "The release leaves the site, the feeds and the search, its journalist links stop "
            "working, and its address answers in every language with a notice: “This release "
            "was withdrawn on <date>: <reason>”. It can be reinstated later."
        ),
        _("Withdraw"),
    ),
    "reinstate": Screen(
        ConfirmationForm,
        _reinstate,
        _("Reinstate the release"),
        _(
            "The release becomes public again at its address, dated as it was first "
            "published, and the withdrawal notice goes."
        ),
        _("Reinstate"),
    ),
}


class EditorialActionsMixin:
    """For NewsReleaseAdmin (a PublishableAdminMixin, which serves the screens): the three
    screens and the links to them on the change form."""

    publishing_screens = EDITORIAL_SCREENS

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "editorial_actions"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.has_publish_permission(request) or obj is None:
            return fieldsets
        # Shown beside the publication fields, where publishers look for the release's state.
        return [
            (name, {**options, "fields": [*options["fields"], "editorial_actions"]})
            if "status" in options["fields"]
            else (name, options)
            for name, options in fieldsets
        ]

    @admin.display(description=_("corrections and withdrawal"))
    def editorial_actions(self, release):
        def link(name, label):
            url = reverse(f"admin:newsroom_newsrelease_{name}", args=[release.pk])
            return format_html('<a class="button" href="{}">{}</a>', url, label)

        notes = format_html_join(
            "",
            "<li>{}: {}</li>",
            (
                (
                    date_format(timezone.localtime(correction.created_at), "DATE_FORMAT"),
                    translated(correction, "note"),
                )
                for correction in release.public_corrections()
            ),
        )
        notes = format_html("<ul>{}</ul>", notes) if notes else ""
        if release.is_withdrawn:
            return format_html(
                "<p>{}</p>{}<p>{}</p>",
                _("Withdrawn on %(date)s: %(reason)s") % {
                    "date": date_format(timezone.localtime(release.withdrawn_at), "DATE_FORMAT"),
                    "reason": translated(release, "withdrawal_reason"),
                },
                notes,
                link("reinstate", _("Reinstate…")),
            )
        if release.is_public:
            return format_html(
                "{}<p>{} {}</p>",
                notes,
                link("correct", _("Add a correction…")),
                link("withdraw", _("Withdraw…")),
            )
        return format_html(
            "{}<p>{}</p><p>{}</p>",
            notes,
            link("publish", _("Publish now…")),
            _("A public release can be corrected or withdrawn."),
        )
