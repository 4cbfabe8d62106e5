"""Text folded for matching: without case or accents, so that "senegal", "SÉNÉGAL" and
"Sénégal" are the same word to a search.

`fold` works in Python (the search's own terms, highlighting); on SQLite the same function is
registered on every connection as `iom_fold(text)`, so that a query can compare folded columns
with folded terms. PostgreSQL folds with its `unaccent` dictionary instead (newsroom migration
0009), which gives the same result for the letters these languages write.
"""

import functools
import unicodedata

from django.db.backends.signals import connection_created

SQL_FUNCTION = "iom_fold"

# Letters NFKD does not split into a base letter and a mark, folded as `unaccent` folds them.
_LETTERS = str.maketrans(
    {"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)


@functools.lru_cache(maxsize=4096)
def fold_char(char):
    """One character folded: none (a combining mark), one or several."""
    decomposed = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_LETTERS)


def fold(text):
    """`text` without case or accents (the same length or not: see `fold_with_positions`)."""
    if text is None:
        return None
    if text.isascii():
        return text.lower()
    return "".join(map(fold_char, text))


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
        connection.connection.create_function(SQL_FUNCTION, 1, fold, deterministic=True)


def register():
    connection_created.connect(_register_on_sqlite, dispatch_uid="core-text-fold")
