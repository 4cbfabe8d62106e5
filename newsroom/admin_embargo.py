"""Making journalist links to a release under embargo, from its admin form.

Handing a release to journalists before its time is a publishing decision, and the press
office must be able to say who did it and when. So the links are not shown whenever the form
is opened: a publisher asks for them ("Make journalist links", a POST), which writes one row of
the activity log and shows the links made then. Each request makes new links, valid for
`embargo.LINK_LIFETIME` from that moment.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from core import activity

from . import embargo

NOT_UNDER_EMBARGO = _(
    "Only for a release under embargo: status “Published” with a public time still to come."
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
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": release,
            "title": gettext("Journalist links: %(release)s") % {"release": release},
            "change_url": change_url,
            "public_time": date_format(timezone.localtime(release.published_at), "Y-m-d H:i T"),
            "lifetime_days": embargo.LINK_LIFETIME.days,
        }
        if request.method == "POST":
            context.update(self.make_links(request, release))
        return TemplateResponse(
            request, "admin/newsroom/newsrelease/journalist_links.html", context
        )

    def make_links(self, request, release):
        token = embargo.make_token(release)
        expiry = timezone.localtime() + embargo.LINK_LIFETIME
        links = []
        for code, name in settings.LANGUAGES:
            with override(code):
                url = request.build_absolute_uri(
                    reverse("newsroom:embargo", kwargs={"token": token})
                )
            links.append({"code": code, "name": name, "url": url})
        activity.record(
            activity.Action.EMBARGO_LINK,
            release,
            user=request.user,
            source="admin",
            details=f"valid until {expiry.isoformat(timespec='seconds')}",
        )
        return {"links": links, "expiry": date_format(expiry, "Y-m-d H:i T")}
