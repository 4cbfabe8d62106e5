"""Files for outside translators: export releases and pages for one target language as a
gettext PO file (polib), and import the file they return.

Each entry carries the source text (msgid, in the item's original language), the current
translation if any (msgstr), its context (msgctxt `kind:id:field`, and a comment naming the
item, the field, the original language and the version the file was made from) and, for rich
text, the `html` flag. On import:
- only the file's target language changes;
- an entry whose source text is no longer the original's is refused (the original changed
  since the file was made), unless forced;
- rich text must keep the source's markup (the same tags, in the same order, well nested)
  and is sanitised like every other way in;
- nothing is written unless every entry is right; each item is saved as a new version, so the
  import shows in its history.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

import polib
from django.db import transaction
from django.utils.translation import gettext as _

from .language_policy import LANGUAGE_CODES, RICH_TEXT_FIELDS
from .revisions import save_new_version
from .sanitize import sanitize_html
from .translation_state import original_language, text_hash, tracked_fields

# The kinds of item exchanged with outside translators (kind -> model), declared by the apps
# from their ready() (`exchange`).
EXCHANGED = {}
SOURCE = "translation-import"


def exchange(kind, model):
    """Let outside translators translate `model`'s objects, named `kind` in the files."""
    EXCHANGED[kind] = model


def kind_of(obj):
    return next(kind for kind, model in EXCHANGED.items() if isinstance(obj, model))


def export_po(objects, language):
    """The PO file (text) to translate `objects` into `language`. Items written in
    `language` have nothing to translate and are left out."""
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "iom_site",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for obj in objects:
        original = original_language(obj)
        if original == language:
            continue
        kind = kind_of(obj)
        for field in tracked_fields(type(obj)):
            source = getattr(obj, f"{field}_{original}") or ""
            if not source:
                continue
            po.append(polib.POEntry(
                msgctxt=f"{kind}:{obj.pk}:{field}",
                msgid=source,
                msgstr=getattr(obj, f"{field}_{language}") or "",
                comment=(
                    f"{kind} {obj.pk} “{obj}”, {field}; original in {original}, "
                    f"version {obj.version}"
                ),
                flags=["html"] if field in RICH_TEXT_FIELDS else [],
            ))
    return str(po)


class ImportRefused(Exception):
    """The file cannot be imported; `problems` says why, one line per entry at fault."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass
class Imported:
    obj: object
    fields: list


class _Markup(HTMLParser):
    """The tags of an HTML fragment in order, and whether they nest properly."""

    VOID = {"br", "hr", "img"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.open, self.broken = [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.open or self.open.pop() != tag:
            self.broken = True
        self.tags.append(f"/{tag}")


def markup_of(html):
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.tags, parser.broken or bool(parser.open)


def _markup_problem(source, translation):
    expected, _broken = markup_of(source)
    found, broken = markup_of(translation)
    if broken:
        return _("its markup is broken (a tag is not closed, or closed out of order)")
    if found != expected:
        return _("its markup does not match the original's (expected %(expected)s; found "
                 "%(found)s)") % {
            "expected": " ".join(f"<{t}>" for t in expected) or _("none"),
            "found": " ".join(f"<{t}>" for t in found) or _("none"),
        }
    return None


def _read(content):
    try:
        return polib.pofile(content)
    except (OSError, ValueError) as error:
        raise ImportRefused([_("This is not a PO file: %(error)s") % {"error": error}]) from error


def import_po(content, *, user=None, force=False, kinds=None):
    """Write the translations of the PO file `content` (text). Returns what changed, as
    [Imported]; raises ImportRefused, having written nothing, when any entry is wrong.
    `kinds`: the kinds of item the importer may change (default: all)."""
    po = _read(content)
    language = po.metadata.get("Language", "")
    if language not in LANGUAGE_CODES:
        raise ImportRefused([_("The file's language %(language)r is not one of the site's "
                               "(%(codes)s).") % {"language": language,
                                                  "codes": ", ".join(LANGUAGE_CODES)}])
    entries = [entry for entry in po if entry.msgstr and not entry.obsolete and not entry.fuzzy]
    wanted = {}
    for entry in entries:
        kind, _sep, rest = (entry.msgctxt or "").partition(":")
        pk = rest.partition(":")[0]
        if kind in EXCHANGED and (kinds is None or kind in kinds) and pk.isdigit():
            wanted.setdefault(kind, set()).add(int(pk))
    found = {
        kind: EXCHANGED[kind].objects.in_bulk(pks) for kind, pks in wanted.items()
    }
    problems, changes = [], {}
    for entry in entries:
        problem, change = _check(entry, language, found, force)
        if problem:
            problems.append(problem)
        elif change:
            obj, field, value = change
            changes.setdefault((type(obj), obj.pk), (obj, {}))[1][field] = value
    if problems:
        raise ImportRefused(problems)
    done = []
    with transaction.atomic():
        for obj, values in changes.values():
            for field, value in values.items():
                setattr(obj, f"{field}_{language}", value)
            save_new_version(
                obj, user=user, source=SOURCE,
                comment=_("Translation into %(language)s imported") % {"language": language},
            )
            done.append(Imported(obj, list(values)))
    return done


def _check(entry, language, found, force):
    """(problem, None) or (None, (object, field, value)) for one entry of the file."""
    kind, pk, field = ((entry.msgctxt or "").split(":") + ["", "", ""])[:3]
    where = entry.msgctxt or _("an entry without context (line %(line)s)") % {
        "line": entry.linenum
    }
    obj = found.get(kind, {}).get(int(pk)) if kind in found and pk.isdigit() else None
    if obj is None:
        return _("%(where)s: no such item.") % {"where": where}, None
    name = f"{kind} {obj.pk} “{obj}”"
    if field not in tracked_fields(type(obj)):
        return _("%(name)s: “%(field)s” is not a field to translate.") % {
            "name": name, "field": field}, None
    original = original_language(obj)
    if original == language:
        return _("%(name)s is written in %(language)s: it is the original, not a "
                 "translation.") % {"name": name, "language": language}, None
    current = getattr(obj, f"{field}_{original}") or ""
    if not force and text_hash(current, field) != text_hash(entry.msgid, field):
        return _("%(name)s, %(field)s: the original (%(original)s) changed since this file "
                 "was made; export it again, or import with force to keep this "
                 "translation.") % {"name": name, "field": field, "original": original}, None
    value = entry.msgstr
    if field in RICH_TEXT_FIELDS:
        problem = _markup_problem(current, value)
        if problem:
            return _("%(name)s, %(field)s: %(problem)s.") % {
                "name": name, "field": field, "problem": problem}, None
        value = sanitize_html(value)
    return None, (obj, field, value)
