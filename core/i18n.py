"""Which language a translated value comes from, so fallback text can carry its `lang`.

modeltranslation falls back silently; pages must say when they show another language than the
visitor's, so they resolve the value themselves: the visitor's language first, then the item's
original language, then the fallback order of core.language_policy.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from .language_policy import FALLBACK_ORDER, LANGUAGE_CODES  # noqa: F401 (read from here too)


@dataclass(frozen=True)
class Translated:
    value: str
    lang: str
    is_fallback: bool

    def __str__(self):
        return self.value


def language_order(obj, language=None):
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    order = [language]
    original = getattr(obj, "original_language", None)
    if original:
        order.append(original)
    order.extend(FALLBACK_ORDER)
    return list(dict.fromkeys(order))


def translated(obj, field, language=None):
    """The value of `field` for `language` (default: active), with the language it is in."""
    order = language_order(obj, language)
    for code in order:
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            return Translated(value, code, code != order[0])
    return Translated("", order[0], False)


def has_translation(obj, field, language):
    return bool(getattr(obj, f"{field}_{language}", None))
