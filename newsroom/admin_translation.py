"""The translators' dashboard in the admin: per language, how many items are missing, out of
date (stale) or complete, and the list of those waiting, oldest first, filterable, as CSV too;
and the page that imports the files outside translators return (core.translation_exchange).

Kept apart from newsroom/admin.py; iom_site/urls.py mounts it under /admin/ behind
`admin.site.admin_view` (staff only), and templates/admin/index.html links to it. Staff see
only the kinds of item the admin lets them view (a draft's title is not for everyone); with
none, the dashboard is refused (403).
"""

import csv

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from core.spreadsheet import safe_row
from core.translation_exchange import EXCHANGED, ImportRefused, import_po
from core.translation_state import MISSING, STALE, STATUS_NAMES, STATUSES
from newsroom.translation_report import (
    KIND_NAMES,
    KINDS,
    LANGUAGES,
    MODELS,
    counts,
    translation_items,
)


def _change_url(item):
    """The item's admin change page, when its model is registered in the admin."""
    model = MODELS[item.kind]
    if not admin.site.is_registered(model):
        return ""
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[item.pk])


def viewable_kinds(request):
    """The kinds of item the person may view, as the admin decides it."""
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


def _chosen(request, name, allowed):
    value = request.GET.get(name, "")
    return value if value in allowed else ""


def translation_dashboard(request):
    kinds = viewable_kinds(request)
    if not kinds:
        raise PermissionDenied
    language = _chosen(request, "language", LANGUAGES)
    kind = _chosen(request, "kind", kinds)
    status = _chosen(request, "status", STATUSES)
    items = translation_items([language] if language else None, kinds=[kind] if kind else kinds)
    listed = [
        item for item in items
        if (item.status == status if status else item.status in (MISSING, STALE))
    ]
    if request.GET.get("format") == "csv":
        return _csv(listed)
    table = counts(items)
    languages = [
        {
            "code": code,
            "rows": [
                (KIND_NAMES[k], [table.get(code, {}).get(k, {}).get(s, 0) for s in STATUSES])
                for k, _model, _name in KINDS
                if k in kinds and (not kind or k == kind)
            ],
        }
        for code in ([language] if language else LANGUAGES)
    ]
    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        **admin.site.each_context(request),
        "title": _("Translations"),
        "languages": languages,
        "status_names": [STATUS_NAMES[s] for s in STATUSES],
        "items": [
            (item, _change_url(item), KIND_NAMES[item.kind], STATUS_NAMES[item.status])
            for item in listed
        ],
        "filters": {
            "language": (language, LANGUAGES),
            "kind": (kind, [(k, KIND_NAMES[k]) for k, _m, _n in KINDS if k in kinds]),
            "status": (status, [(s, STATUS_NAMES[s]) for s in STATUSES]),
        },
        "csv_query": query.urlencode(),
    }
    return TemplateResponse(request, "admin/newsroom/translation_report.html", context)


def _csv(items):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="translations.csv"'
    writer = csv.writer(response)
    writer.writerow(["language", "status", "since", "kind", "id", "slug", "title",
                     "original", "missing", "stale"])
    for item in items:
        writer.writerow(safe_row([
            item.language, item.status, item.since.isoformat() if item.since else "",
            item.kind, item.pk, item.slug, item.title, item.original,
            " ".join(item.missing), " ".join(item.stale),
        ]))
    return response


# --- Translations returned by outside translators ---------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label=_lazy("PO file returned by the translator"))
    force = forms.BooleanField(
        label=_lazy("Import even where the original changed since the file was made"),
        required=False,
    )


def importable_kinds(request):
    kinds = set()
    for kind, model in EXCHANGED.items():
        if admin.site.is_registered(model):
            if admin.site.get_model_admin(model).has_change_permission(request):
                kinds.add(kind)
    return kinds


def translation_import(request):
    kinds = importable_kinds(request)
    if not kinds:
        raise PermissionDenied
    problems, done = [], None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            content = form.cleaned_data["file"].read().decode("utf-8")
            done = import_po(content, user=request.user, force=form.cleaned_data["force"],
                             kinds=kinds)
        except UnicodeDecodeError:
            problems = [_("The file is not UTF-8 text.")]
        except ImportRefused as refused:
            problems = refused.problems
        if done is not None:
            messages.success(request, ngettext(
                "%(count)d item updated.", "%(count)d items updated.", len(done)
            ) % {"count": len(done)})
            return HttpResponseRedirect(reverse("translation_import"))
    context = {
        **admin.site.each_context(request),
        "title": _("Import translations"),
        "form": form,
        "problems": problems,
    }
    return TemplateResponse(request, "admin/newsroom/translation_import.html", context)
