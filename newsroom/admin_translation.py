"""The translators' dashboard in the admin: what `translation_report` prints, with links.

Kept apart from newsroom/admin.py; iom_site/urls.py mounts it under /admin/ behind
`admin.site.admin_view` (staff only), and templates/admin/index.html links to it.
"""

from django.contrib import admin
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


def translation_dashboard(request):
    report = missing_translations()
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
