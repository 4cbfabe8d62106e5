"""Making and revoking journalist links to a release under embargo, from its admin form.

Handing a release to journalists before its time is a publishing decision, and the press
office must be able to say who did it, for whom and when. So the links are not shown whenever
the form is opened: a publisher makes one for a named journalist or outlet ("Make journalist
links", a POST), which records the link (newsroom.embargo) and writes one row of the activity
log. The page lists every link made for the release: for whom, by whom, when, until when, and
whether it still works; "Revoke all links" ends those that do, at once.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, override
from django.utils.translation import gettext_lazy as _

from core import activity

from . import embargo

NOT_UNDER_EMBARGO = _(
    "Only for a release under embargo: status “Published” with a public time still to come."
)
REVOKE = "revoke"


class MakeLinkForm(forms.Form):
    made_for = forms.CharField(
        label=_("Made for"), max_length=200,
        help_text=_("Name and outlet, e.g. A. Reporter, Daily News."),
    )


class JournalistLinksAdmin:
    """For the release admin, a PublishableAdminMixin (listed before it): those who may
    publish make links (`publishing_object`)."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/journalist-links/",
                self.admin_site.admin_view(self.journalist_links_view),
                name="newsroom_newsrelease_journalist_links",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("journalist links"))
    def journalist_links(self, release):
        if release.pk is None or not embargo.is_under_embargo(release):
            return NOT_UNDER_EMBARGO
        url = reverse(
            f"{self.admin_site.name}:newsroom_newsrelease_journalist_links", args=[release.pk]
        )
        return format_html(
            '<a class="button" href="{}">{}</a><div class="help">{}</div>',
            url,
            _("Make journalist links"),
            _("Links that show the release to journalists before its time. Making them is "
              "recorded in the activity log."),
        )

    def journalist_links_view(self, request, object_id):
        release = self.publishing_object(request, object_id)
        change_url = reverse(
            f"{self.admin_site.name}:newsroom_newsrelease_change", args=[release.pk]
        )
        if not embargo.is_under_embargo(release):
            self.message_user(request, NOT_UNDER_EMBARGO, messages.ERROR)
            return HttpResponseRedirect(change_url)
        if request.method == "POST" and REVOKE in request.POST:
            return self.revoke_links(request, release)
        form = MakeLinkForm(request.POST if request.method == "POST" else None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": release,
            "title": gettext("Journalist links: %(release)s") % {"release": release},
            "change_url": change_url,
            "public_time": date_format(timezone.localtime(release.published_at), "Y-m-d H:i T"),
            "lifetime_days": embargo.LINK_LIFETIME.days,
            "form": form,
            "revoke": REVOKE,
        }
        if form.is_bound and form.is_valid():
            context.update(self.make_links(request, release, form.cleaned_data["made_for"]))
            context["form"] = MakeLinkForm()
        context["made"] = list(release.journalist_links.select_related("made_by", "ended_by"))
        context["working"] = [link for link in context["made"] if link.works]
        return TemplateResponse(
            request, "admin/newsroom/newsrelease/journalist_links.html", context
        )

    def make_links(self, request, release, made_for):
        link = embargo.make_link(release, made_for, request.user)
        token = link.token
        links = []
        for code, name in settings.LANGUAGES:
            with override(code):
                url = request.build_absolute_uri(
                    reverse("newsroom:embargo", kwargs={"token": token})
                )
            links.append({"code": code, "name": name, "url": url})
        expiry = timezone.localtime(link.expires_at)
        activity.record(
            activity.Action.EMBARGO_LINK,
            release,
            user=request.user,
            source="admin",
            details=f"for {made_for}; valid until {expiry.isoformat(timespec='seconds')}",
        )
        return {"links": links, "made_for": made_for, "expiry": date_format(expiry, "Y-m-d H:i T")}

    def revoke_links(self, request, release):
        count = embargo.revoke_all(release, request.user)
        activity.record(
            activity.Action.EMBARGO_REVOKE, release, user=request.user, source="admin",
            details=f"{count} link(s) revoked",
        )
        self.message_user(
            request,
            ngettext("%(count)d journalist link revoked: it no longer opens anything.",
                     "%(count)d journalist links revoked: they no longer open anything.",
                     count) % {"count": count},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)
