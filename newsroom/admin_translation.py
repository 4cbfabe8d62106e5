"""The translators' dashboard in the admin: what `translation_report` prints, with links.

Kept apart from newsroom/admin.py; iom_site/urls.py mounts it under /admin/ behind
`admin.site.admin_view` (staff only), and templates/admin/index.html links to it. Staff see
only the kinds of item the admin lets them view (a draft's title is not for everyone); with
none, the dashboard is refused (403).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from newsroom.models import NewsRelease
from newsroom.translation_report import CHECKED, missing_translations

MODELS = {kind: model for kind, model, _fields in CHECKED}


def _change_url(item):
    """The item's admin change page, when its model is registered in the admin."""
    model = MODELS[item.kind]
    if not admin.site.is_registered(model):
        return ""
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[item.pk])


def viewable_kinds(request):
    """The kinds of checked item the person may view, as the admin decides it."""
    kinds = set()
    for kind, model in MODELS.items():
        model_admin = admin.site.get_model_admin(model) if admin.site.is_registered(model) else None
        if model_admin is not None:
            allowed = model_admin.has_view_permission(request)
        else:
            meta = model._meta
            allowed = request.user.has_perm(f"{meta.app_label}.view_{meta.model_name}")
        if allowed:
            kinds.add(kind)
    return kinds


def translation_dashboard(request):
    kinds = viewable_kinds(request)
    if not kinds:
        raise PermissionDenied
    report = missing_translations(kinds=kinds)
    # Releases and pages share the draft/published values.
    statuses = dict(NewsRelease.Status.choices)
    languages = []
    for code, kinds in report.items():
        items = [
            (item, _change_url(item), statuses.get(item.status, item.status))
            for items in kinds.values()
            for item in items
        ]
        languages.append({"code": code, "items": items})
    context = {
        **admin.site.each_context(request),
        "title": _("Missing translations"),
        "languages": languages,
    }
    return TemplateResponse(request, "admin/newsroom/translation_report.html", context)
