"""Text folded for matching: without case or accents, so that "senegal", "SÉNÉGAL" and
"Sénégal" are the same word to a search.

`fold` works in Python (the search's own terms, highlighting); on SQLite, `contains_all` is
registered on every connection as `iom_contains_all(terms, text, ...)`, so that a query can
test rows' text folded against folded words. PostgreSQL folds with its `unaccent`
dictionary instead (newsroom migration 0009), which gives the same result for the letters
these languages write.
"""

import functools
import re
import unicodedata

from django.db.backends.signals import connection_created

SQL_FUNCTION = "iom_contains_all"
# Folded texts each process remembers: the titles, leads and bodies of a few thousand
# releases in one language (a few megabytes).
FOLDED_TEXTS_KEPT = 16384

# Letters NFKD does not split into a base letter and a mark, folded as `unaccent` folds them.
_LETTER_PAIRS = (
    ("œ", "oe"), ("æ", "ae"), ("ø", "o"), ("ł", "l"), ("đ", "d"), ("ð", "d"), ("þ", "th"),
    ("ı", "i"),
)
_LETTERS = str.maketrans(dict(_LETTER_PAIRS))


@functools.lru_cache(maxsize=4096)
def fold_char(char):
    """One character folded: none (a combining mark), one or several."""
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LETTERS)


# The combining marks NFKD leaves after a base letter, in the blocks these languages use.
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def fold(text):
    """`text` without case or accents (the same length or not: see `fold_with_positions`).
    On whole strings, not a character at a time: SQLite calls it on every row searched."""
    if text is None:
        return None
    if text.isascii():
        return text.lower()
    folded = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    if folded.isascii():
        return folded
    # str.translate with a mapping is slow on long non-ASCII text: a few replaces are not.
    for letter, replacement in _LETTER_PAIRS:
        if letter in folded:
            folded = folded.replace(letter, replacement)
    return folded


@functools.lru_cache(maxsize=FOLDED_TEXTS_KEPT)
def _folded_text(text):
    return fold(text)


def contains_all(terms, *texts):
    """Whether every one of `terms` (folded words, space-separated) is in one of `texts`,
    folded: the SQLite search's test of a row (`iom_contains_all(terms, title, lead, ...)`).

    One call per row, each text folded once whatever the number of words; folded texts are
    remembered (by their content), so a search run again does not fold the archive again."""
    folded = [_folded_text(text) for text in texts if text]
    return all(any(term in text for text in folded) for term in terms.split())


def fold_with_positions(text):
    """(`fold(text)`, where each of its characters came from in `text`), to mark in the
    original text what was found in the folded one."""
    folded, positions = [], []
    for index, char in enumerate(text):
        for part in fold_char(char):
            folded.append(part)
            positions.append(index)
    return "".join(folded), positions


def _register_on_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQL_FUNCTION, -1, contains_all, deterministic=True)


def register():
    connection_created.connect(_register_on_sqlite, dispatch_uid="core-text-fold")
