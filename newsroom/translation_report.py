"""Per language, which translatable items are missing, stale or complete.

Reads the state each object keeps (core.translation_state, worked out when it is saved):
the `translation_report` command, the admin's translators' dashboard and its CSV export all
list the same thing. One query per kind of item, whatever their number.
"""

import json
from dataclasses import dataclass

from django.db.models.fields.json import KT
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.language_policy import DEFAULT_LANGUAGE, LANGUAGE_CODES
from core.translation_state import COMPLETE, MISSING, STALE, STATUSES
from organisation.models import Office, Page, Person, Unit

from .models import NewsRelease, PressContact, Theme

LANGUAGES = list(LANGUAGE_CODES)

# (kind, model, its name for people): every kind of item whose translations are tracked.
KINDS = [
    ("release", NewsRelease, _("News release")),
    ("page", Page, _("Page")),
    ("person", Person, _("Person")),
    ("unit", Unit, _("Unit")),
    ("office", Office, _("Office")),
    ("theme", Theme, _("Theme")),
    ("contact", PressContact, _("Press contact's role")),
]
MODELS = {kind: model for kind, model, _name in KINDS}
KIND_NAMES = {kind: name for kind, _model, name in KINDS}


@dataclass(frozen=True)
class Item:
    kind: str
    pk: int
    slug: str
    title: str
    publication: str  # draft/published for releases and pages, "" for the others
    language: str
    original: str
    status: str  # missing, stale or complete
    since: object  # datetime the item has been in this state (waiting, when not complete)
    missing: tuple
    stale: tuple

    def as_dict(self):
        return {
            "kind": self.kind, "id": self.pk, "slug": self.slug, "title": self.title,
            "publication": self.publication, "language": self.language,
            "original": self.original, "status": self.status,
            "since": self.since.isoformat() if self.since else None,
            "missing": list(self.missing), "stale": list(self.stale),
        }


def _columns(model):
    """(name field, whether it is translated, slug column or None) of a kind of item."""
    names = {f.name for f in model._meta.concrete_fields}
    base = "title" if "title" in names else "name"
    slug = f"slug_{DEFAULT_LANGUAGE}" if f"slug_{DEFAULT_LANGUAGE}" in names else "slug"
    return base, f"{base}_{DEFAULT_LANGUAGE}" in names, slug if slug in names else None


def _items_of(kind, model, languages):
    """A list row needs the state's per-language summary, not the source texts it also
    keeps: only that part of it is read, with the name, slug and publication status."""
    base, translated, slug = _columns(model)
    names = {f.name for f in model._meta.concrete_fields}
    columns = [f"{base}_{code}" for code in LANGUAGES] if translated else [base]
    columns += [c for c in (slug, "status", "original_language") if c and c in names]
    rows = model.objects.order_by("pk").values(
        "pk", *columns, languages_state=KT("translation_state__languages")
    )
    for row in rows:
        original = row.get("original_language") or DEFAULT_LANGUAGE
        states = row["languages_state"] or {}
        if isinstance(states, str):  # a JSON object may come back as its text
            states = json.loads(states)
        if translated:
            # Named as the admin names it: in the reader's language, else the original's.
            order = [(get_language() or DEFAULT_LANGUAGE)[:2], original, *LANGUAGES]
            title = next((row[f"{base}_{c}"] for c in order if row.get(f"{base}_{c}")), "")
        else:
            title = row[base]
        for lang in languages:
            if lang == original:
                continue
            state = states.get(lang, {})
            since = state.get("since")
            yield Item(
                kind=kind,
                pk=row["pk"],
                slug=(row[slug] or "") if slug else "",
                title=title,
                publication=row.get("status", ""),
                language=lang,
                original=original,
                status=state.get("status", COMPLETE),
                since=parse_datetime(since) if since else None,
                missing=tuple(state.get("missing", ())),
                stale=tuple(state.get("stale", ())),
            )


def translation_items(languages=None, kinds=None, statuses=None):
    """Items (one per item and language other than its original), oldest waiting first."""
    languages = [lang for lang in (languages or LANGUAGES) if lang in LANGUAGES]
    statuses = set(statuses or STATUSES)
    items = [
        item
        for kind, model, _name in KINDS
        if kinds is None or kind in kinds
        for item in _items_of(kind, model, languages)
        if item.status in statuses
    ]
    items.sort(key=lambda item: (item.since is None, item.since or 0, item.kind, item.pk))
    return items


def counts(items):
    """{language: {kind: {status: n}}} for every language, kind and status of `items`."""
    table = {}
    for item in items:
        by_kind = table.setdefault(item.language, {})
        by_status = by_kind.setdefault(item.kind, dict.fromkeys(STATUSES, 0))
        by_status[item.status] += 1
    return table


def waiting(items):
    """What still needs a translator: the missing and stale items."""
    return [item for item in items if item.status in (MISSING, STALE)]
