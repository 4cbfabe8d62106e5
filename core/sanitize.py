"""One allow-list for rich text, applied on every way in (admin forms, save(), imports).

Rich text is stored already clean, so templates can mark it safe without re-cleaning it on
every request.
"""

import nh3

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "blockquote",
    "strong", "b", "em", "i", "a", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# No javascript:, data:, vbscript: or relative protocol tricks: absolute web and mail links,
# phone links and site-relative paths only.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}

# What the rich-text editor (django-prose-editor) offers on every rich-text field; the
# allow-list above accepts the same elements, so the editor's output passes unchanged.
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
        "Link": {"protocols": ["http", "https", "mailto", "tel"]},
    }
}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    clean_content_tags={"script", "style", "iframe", "svg", "math", "form", "object", "embed",
                        "template", "noscript", "textarea", "select"},
    link_rel="noopener noreferrer",
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
