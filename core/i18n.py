"""Which language a translated value comes from, so fallback text can carry its `lang`.

modeltranslation falls back silently; pages must say when they show another language than the
visitor's, so they resolve the value themselves: the visitor's language first, then the item's
original language, then the fallback order of core.language_policy.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language

from .language_policy import FALLBACK_ORDER, LANGUAGE_CODES  # noqa: F401 (read from here too)

_MISSING = object()


@dataclass(frozen=True)
class Translated:
    value: str
    lang: str
    is_fallback: bool

    def __str__(self):
        return self.value


def language_order(obj, language=None):
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    return list(_order(language, getattr(obj, "original_language", None)))


@functools.cache
def _order(language, original):
    """The languages to look in, in order: worked out once per pair (a list page asks for
    each of its items' texts)."""
    return tuple(dict.fromkeys([language, *([original] if original else []), *FALLBACK_ORDER]))


def translated(obj, field, language=None):
    """The value of `field` for `language` (default: active), with the language it is in."""
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    # A loaded model's values are read from the instance itself: through their attributes,
    # each read goes through its change tracker's descriptor (core.tracking).
    loaded = getattr(obj, "__dict__", {})
    original = loaded.get("original_language", _MISSING)
    if original is _MISSING:
        original = getattr(obj, "original_language", None)
    for code in _order(language, original):
        name = f"{field}_{code}"
        value = loaded.get(name, _MISSING)
        if value is _MISSING:
            value = getattr(obj, name, None)
        if value:
            return Translated(value, code, code != language)
    return Translated("", language, False)


def has_translation(obj, field, language):
    return bool(getattr(obj, f"{field}_{language}", None))
