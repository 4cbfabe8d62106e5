"""One allow-list for rich text, applied on every way in (admin forms, save(), imports).

Rich text is stored already clean, so templates can mark it safe without re-cleaning it on
every request.
"""

import nh3
from django_prose_editor.config import allowlist_from_extensions

# What the rich-text editor (django-prose-editor) offers on every rich-text field. It is also the
# allow-list: the editor derives the elements and attributes its extensions produce, so what an
# editor can write is exactly what is kept.
RICH_TEXT_EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HorizontalRule": True,
        "HardBreak": True,
        # No javascript:, data:, vbscript: or relative protocol tricks: absolute web and mail
        # links, phone links and site-relative paths only. No "open in a new tab".
        "Link": {"protocols": ["http", "https", "mailto", "tel"], "enableTarget": False},
    }
}


# The allow-list, derived by the editor from its extensions: written once, in the config above.
_ALLOWED = allowlist_from_extensions(RICH_TEXT_EDITOR_CONFIG["extensions"])
ALLOWED_TAGS = frozenset(_ALLOWED["tags"])

_cleaner = nh3.Cleaner(
    tags=_ALLOWED["tags"],
    # Every link gets rel="noopener noreferrer" from the cleaner, so a rel typed in is not kept.
    attributes={tag: names - {"rel"} for tag, names in _ALLOWED["attributes"].items()},
    link_rel="noopener noreferrer",
    url_schemes=_ALLOWED["url_schemes"],
    clean_content_tags={"script", "style", "iframe", "svg", "math", "form", "object", "embed",
                        "template", "noscript", "textarea", "select"},
    strip_comments=True,
)


def sanitize_html(html):
    """Return `html` reduced to the allow-list; empty editor output becomes ''."""
    if not html:
        return ""
    cleaned = _cleaner.clean(str(html)).strip()
    if cleaned in {"<p></p>", "<p><br></p>"}:
        return ""
    return cleaned


def sanitize_translated_fields(instance, *fields):
    """Sanitise every language column (`body_en`, `body_fr`…) of the given rich-text fields."""
    from django.conf import settings

    for field in fields:
        for code, _name in settings.LANGUAGES:
            column = f"{field}_{code}"
            if hasattr(instance, column):
                setattr(instance, column, sanitize_html(getattr(instance, column)))
