"""Whether each translation of an object is missing, complete or stale: the one definition.

Worked out by the write path (core.write_path) whenever an object is written (admin,
services, imports, plain ORM, `QuerySet.update()`, bulk writes), never per public request, and
kept in the object's `translation_state`:

    {"original": "fr", "original_changed_at": "2026-…",
     "languages": {"en": {"status": "stale", "since": "2026-…", "stale": ["body"],
                          "missing": []}, …},
     "sources": {"en": {"body": {"hash": "…", "text": "<p>…</p>", "at": "2026-…"}}, …}}

For each tracked field (core.language_policy.TRACKED_FIELDS) and language other than the
original, "sources" keeps the original's text the translation was made from, recorded whenever
that translated field is saved with a new value (or marked as up to date). A field is
- missing: written in the original, empty in the language;
- stale: the original's text is no longer the one the translation was made from;
- complete otherwise (a field nobody wrote in the original needs no translation).
A language is missing if any field is, else stale if any field is, else complete. A translation
saved before tracking began counts as made from the original's text of that first save.
"""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from .language_policy import DEFAULT_LANGUAGE, LANGUAGE_CODES, RICH_TEXT_FIELDS, TRACKED_FIELDS

MISSING, STALE, COMPLETE, ORIGINAL = "missing", "stale", "complete", "original"
STATUSES = (MISSING, STALE, COMPLETE)
STATUS_NAMES = {
    MISSING: _("missing"),
    STALE: _("out of date"),
    COMPLETE: _("complete"),
    ORIGINAL: _("original"),
}


def text_hash(text, field=""):
    """What a translation was made from. Rich text is compared by its words: an editor that
    writes the same paragraphs with other markup leaves the translation up to date."""
    text = text or ""
    if field in RICH_TEXT_FIELDS:
        text = " ".join(strip_tags(text.replace(">", "> ")).split())
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def tracked_fields(model):
    return TRACKED_FIELDS.get(model._meta.label, ())


def tracked_columns(model):
    return [f"{field}_{code}" for field in tracked_fields(model) for code in LANGUAGE_CODES]


def original_language(obj):
    return getattr(obj, "original_language", None) or DEFAULT_LANGUAGE


def compute_state(values, original, fields, previous, changed, now, checked=()):
    """The new state from the columns' `values` ({"title_fr": …}) and the `previous` state.

    `changed` is the set of columns this save changes, or None for a new object (every
    translation made from the original as it is); `checked` the languages a translator marked
    as up to date.
    """
    now = now.isoformat()
    previous = previous or {}
    sources_before = previous.get("sources", {}) if previous.get("original") == original else {}
    languages_before = previous.get("languages", {})
    original_changed_at = previous.get("original_changed_at")
    if changed and any(f"{field}_{original}" in changed for field in fields):
        original_changed_at = now
    languages, sources = {}, {}
    for lang in LANGUAGE_CODES:
        if lang == original:
            continue
        made_from, missing, stale = {}, [], []
        for field in fields:
            source = values.get(f"{field}_{original}") or ""
            target = values.get(f"{field}_{lang}") or ""
            recorded = sources_before.get(lang, {}).get(field)
            translated_now = changed is None or f"{field}_{lang}" in changed or lang in checked
            if target and (recorded is None or translated_now):
                recorded = {"hash": text_hash(source, field), "text": source, "at": now}
            if target:
                made_from[field] = recorded
            if not source:
                continue
            if not target:
                missing.append(field)
            elif recorded["hash"] != text_hash(source, field):
                stale.append(field)
        status = MISSING if missing else STALE if stale else COMPLETE
        before = languages_before.get(lang, {})
        since = before.get("since") if before.get("status") == status else now
        languages[lang] = {"status": status, "since": since, "stale": stale, "missing": missing}
        if made_from:
            sources[lang] = made_from
    return {
        "original": original,
        "original_changed_at": original_changed_at,
        "languages": languages,
        "sources": sources,
    }


def status_of(obj, language):
    """missing, stale, complete, or original (the object's own language)."""
    if language == original_language(obj):
        return ORIGINAL
    state = (obj.translation_state or {}).get("languages", {}).get(language)
    return state["status"] if state else COMPLETE


def stale_fields(obj, language):
    return (obj.translation_state or {}).get("languages", {}).get(language, {}).get("stale", [])


def original_changed_at(obj):
    value = (obj.translation_state or {}).get("original_changed_at")
    return parse_datetime(value) if value else None


class TracksTranslations(models.Model):
    """Keeps `translation_state` right on every save (see the module's docstring)."""

    translation_state = models.JSONField(
        _("translation state"), default=dict, blank=True, editable=False
    )

    class Meta:
        abstract = True

    def mark_translation_current(self, language):
        """The translator checked `language` against the original: its next save records every
        translated field as made from the original's current text."""
        self._checked_languages = {*getattr(self, "_checked_languages", ()), language}

    def update_translation_state(self, changed):
        """Work out `translation_state` again; `changed`: the tracked columns this write
        changes (`changed_texts`), or None for a new object."""
        columns = tracked_columns(type(self))
        self.translation_state = compute_state(
            {column: getattr(self, column) or "" for column in columns},
            original_language(self),
            tracked_fields(type(self)),
            self.translation_state,
            changed,
            timezone.now(),
            getattr(self, "_checked_languages", ()),
        )
        self._checked_languages = set()


def changed_texts(before, after):
    """The tracked columns whose text differs between `before` and `after` ({column: text}),
    compared as the state compares them: rich text by its words, so an editor that writes the
    same words with other markup changes nothing here."""
    return {
        column for column in after
        if column in before
        and text_hash(after[column], column.rsplit("_", 1)[0])
        != text_hash(before[column], column.rsplit("_", 1)[0])
    }


def refresh_all(model):
    """Work out the state of every object of `model` again (after a bulk update, a migration)."""
    for obj in model.objects.all().iterator():
        obj.update_translation_state(changed=set())
        type(obj)._base_manager.filter(pk=obj.pk).update(translation_state=obj.translation_state)
