"""The site's language policy, declared once: its languages, the order in which content falls
back when a language lacks a text, which fields of which models are translated, and which of
those decide whether a translation is missing, complete or stale.

Settings (Django's LANGUAGES, modeltranslation's), the models' translation registrations, the
translation state, reports, exports and the demo data all read this module. It imports nothing
from the project so that settings can read it.
"""

from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)
DEFAULT_LANGUAGE = "en"
# PostgreSQL's text-search configuration (its stemmer) per language; a language not named
# here is searched without stemming ("simple"). Searches use accent-free copies of them
# (newsroom.search; newsroom migration 0009 makes them).
SEARCH_CONFIGURATIONS = {"en": "english", "fr": "french", "es": "spanish"}
# After the visitor's language and the item's own original language (core.i18n).
FALLBACK_ORDER = LANGUAGE_CODES

# Every translated field, per model (modeltranslation registers these).
TRANSLATED_FIELDS = {
    "newsroom.Theme": ("name",),
    "newsroom.PressContact": ("role",),
    "newsroom.NewsRelease": (
        "title", "dateline", "lead", "body", "image_alt", "image_caption", "image_usage_terms",
        "withdrawal_reason",
    ),
    "newsroom.Correction": ("note",),
    "organisation.Organisation": ("name", "acronym", "description", "headquarters"),
    "organisation.Unit": ("name", "summary"),
    "organisation.Person": ("photo_alt", "biography"),
    "organisation.Position": ("title",),
    "organisation.Region": ("name",),
    "organisation.Office": ("name", "city"),
    "organisation.Page": ("title", "slug", "summary", "body", "withdrawal_reason"),
    "organisation.MenuItem": ("label",),
}

# The fields a translation is judged by, per model whose translations are tracked
# (core.translation_state): a language lacks a translation when one of these is written
# in the original language and empty in it, and the translation is stale when the original's
# text changed after the field was translated.
TRACKED_FIELDS = {
    "newsroom.NewsRelease": ("title", "lead", "body"),
    "organisation.Page": ("title", "summary", "body"),
    "organisation.Person": ("biography",),
    "organisation.Unit": ("name", "summary"),
    "organisation.Office": ("name", "city"),
    "newsroom.Theme": ("name",),
    "newsroom.PressContact": ("role",),
}

# Rich text (HTML) fields among them: sanitised and compared by their markup on import.
RICH_TEXT_FIELDS = ("body", "biography")

