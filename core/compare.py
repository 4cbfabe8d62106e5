"""Two revisions of one object side by side: each translated field per language, then the
columns every language shares, the many-to-many links and the followed children (a release's
contacts, in order). Changed words are wrapped in <del> (only in the older text) and <ins>
(only in the newer), each with words a screen reader says, so no change is told by colour
alone."""

import difflib
import re

from django.conf import settings
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_prose_editor.fields import ProseEditorField

from .revisions import text_of, translated_fields

# Words, runs of punctuation and runs of spaces: a change is shown a word at a time.
TOKENS = re.compile(r"\w+|[^\w\s]+|\s+")
BLOCK_END = re.compile(r"(</(p|h[1-6]|li|blockquote|ul|ol)>|<br\s*/?>)", re.IGNORECASE)


def html_text(html):
    """Rich text as the words a reader reads, one block a line."""
    return re.sub(r"\n{2,}", "\n", strip_tags(BLOCK_END.sub(r"\1\n", html))).strip()


def word_diff(old, new):
    """(old, new) as HTML, the words only in `old` in <del> and those only in `new` in <ins>."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    left, right = [], []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append(escape("".join(a[i1:i2])))
            right.append(escape("".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(_marked("del", _("removed:"), "".join(a[i1:i2])))
        if j2 > j1:
            right.append(_marked("ins", _("added:"), "".join(b[j1:j2])))
    return mark_safe("".join(left)), mark_safe("".join(right))


def _marked(tag, said, text):
    return format_html(
        '<{}><span class="visually-hidden">{} </span>{}</{}>',
        mark_safe(tag), said, text, mark_safe(tag),
    )


class Row:
    def __init__(self, label, old, new):
        self.label = label
        self.changed = old != new
        self.old, self.new = word_diff(old, new) if self.changed else (escape(old), escape(new))


def _display(field, value, names):
    if field.is_relation and not field.many_to_many:
        return names.get((field.related_model, value), "") if value is not None else ""
    if field.many_to_many:
        return "\n".join(sorted(names.get((field.related_model, pk), "") for pk in value))
    if isinstance(field, ProseEditorField):
        return html_text(value or "")
    return text_of(field, value)


def _related_names(model, snapshots):
    """{(related model, pk): its name, or a note that it was deleted}, a query per model."""
    wanted = {}
    for snap in snapshots:
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False) or not field.is_relation:
                continue
            if field.many_to_many:
                ids = snap.many_to_many.get(field.attname, [])
            else:
                value = snap.fields.get(field.attname)
                ids = [] if value is None else [value]
            wanted.setdefault(field.related_model, set()).update(ids)
    names = {}
    for related, ids in wanted.items():
        found = related._base_manager.in_bulk(ids)
        for pk in ids:
            names[(related, pk)] = (
                str(found[pk]) if pk in found else _("(deleted, #%(id)s)") % {"id": pk}
            )
    return names


def _children_text(kids):
    return "\n".join(f"{index}. {kid.object}" for index, kid in enumerate(kids, start=1))


def compare(old, new):
    """{"languages": [(code, name, [Row])], "shared": [Row], "children": [Row]} for two
    snapshots of one object."""
    model = old.model
    translated = translated_fields(model)
    columns = {c for per_language in translated.values() for c in per_language.values()}
    names = _related_names(model, (old, new))
    languages = []
    for code, language in settings.LANGUAGES:
        rows = []
        for name, per_language in translated.items():
            field = model._meta.get_field(per_language[code])
            rows.append(
                Row(
                    capfirst(model._meta.get_field(name).verbose_name),
                    _display(field, old.fields.get(field.attname), names),
                    _display(field, new.fields.get(field.attname), names),
                )
            )
        languages.append((code, language, rows))
    shared = []
    for field in model._meta.get_fields():
        if (
            not getattr(field, "concrete", False)
            or field.primary_key
            or field.name in translated
            or field.name in columns
            or not _shown(field)
        ):
            continue
        if field.many_to_many:
            old_value = old.many_to_many.get(field.attname, [])
            new_value = new.many_to_many.get(field.attname, [])
        else:
            old_value, new_value = old.fields.get(field.attname), new.fields.get(field.attname)
        shared.append(
            Row(
                capfirst(field.verbose_name),
                _display(field, old_value, names),
                _display(field, new_value, names),
            )
        )
    children = [
        Row(capfirst(label), _children_text(old_kids), _children_text(new_kids))
        for (label, _m, _f, old_kids), (_l, _m2, _f2, new_kids) in zip(
            old.children, new.children, strict=True
        )
    ]
    return {"languages": languages, "shared": shared, "children": children}


def _shown(field):
    """Columns a person edits, and the publication times; not the bookkeeping (version,
    last saved, derived image sizes), which the revision's own date and author say."""
    from django.db import models

    if field.many_to_many and not field.remote_field.through._meta.auto_created:
        # Links with rows of their own (a release's ordered contacts) come as children.
        return False
    if field.editable:
        return True
    return isinstance(field, models.DateTimeField) and not (
        getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    )
