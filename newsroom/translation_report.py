"""Which releases and institutional pages still lack a translation, per language.

The one rule, used by the `translation_report` command and the admin's translators' dashboard:
an item lacks language X when one of its checked fields is empty in X while another language
has it (a lead nobody wrote in any language is not a missing translation).
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q

from organisation.models import Page

from .models import NewsRelease

LANGUAGES = [code for code, _name in settings.LANGUAGES]

# (kind, model, translated fields that must be there for an item to count as translated)
CHECKED = [
    ("release", NewsRelease, ("title", "lead", "body")),
    ("page", Page, ("title", "summary", "body")),
]


@dataclass(frozen=True)
class MissingItem:
    kind: str
    pk: int
    slug: str
    title: str
    status: str
    missing: tuple  # the checked fields empty in this language

    def as_dict(self):
        data = asdict(self)
        data["missing"] = list(self.missing)
        return data


def _empty(column):
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def _missing_flag(field, language):
    """True when `field` is empty in `language` but written in another one."""
    others = Q()
    for other in LANGUAGES:
        if other != language:
            others |= ~_empty(f"{field}_{other}")
    return ExpressionWrapper(_empty(f"{field}_{language}") & others, output_field=BooleanField())


def _items(kind, model, fields, languages):
    """One query per model, whatever the number of items: the test suite holds it to that."""
    flags = {f"missing_{lang}_{name}": _missing_flag(name, lang)
             for lang in languages for name in fields}
    any_missing = Q()
    for flag in flags:
        any_missing |= Q(**{flag: True})
    # Page slugs are translated: name a page by its slug in the default language.
    slug_column = f"slug_{settings.LANGUAGE_CODE}" if model is Page else "slug"
    columns = ["pk", "status", "original_language", slug_column]
    columns += [f"title_{lang}" for lang in LANGUAGES]
    rows = model.objects.annotate(**flags).filter(any_missing).order_by("pk").values(
        *columns, *flags
    )
    found = {lang: [] for lang in languages}
    for row in rows:
        titles = [row["original_language"], *LANGUAGES]
        title = next((row[f"title_{code}"] for code in titles if row.get(f"title_{code}")), "")
        slug = row[slug_column] or ""
        for lang in languages:
            missing = tuple(name for name in fields if row[f"missing_{lang}_{name}"])
            if missing:
                found[lang].append(
                    MissingItem(kind, row["pk"], slug, title, row["status"], missing)
                )
    return found


def missing_translations(languages=None, kinds=None):
    """{language: {"release": [MissingItem…], "page": [MissingItem…]}} for `languages`, and
    for the `kinds` given ("release", "page"; all of them by default)."""
    languages = list(languages or LANGUAGES)
    report = {lang: {} for lang in languages}
    for kind, model, fields in CHECKED:
        if kinds is not None and kind not in kinds:
            continue
        for lang, items in _items(kind, model, fields, languages).items():
            report[lang][kind] = items
    return report
