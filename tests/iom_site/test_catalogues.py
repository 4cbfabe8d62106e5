"""The fr and es interface catalogues are complete, and the compiled ones are what Django uses."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def _entries(po_text):
    """(msgid, [msgstr…], flags) for each entry of a .po file, header excluded."""
    entries = []
    for block in po_text.split("\n\n"):
        lines = block.strip().splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        if any(line.startswith("#~") for line in lines):
            continue
        body = "\n".join(line for line in lines if not line.startswith("#"))
        msgid = "".join(re.findall(r'"(.*)"', re.split(r"\nmsgid_plural|\nmsgstr", body)[0]))
        strs = [
            "".join(re.findall(r'"(.*)"', part))
            for part in re.split(r"\nmsgstr(?:\[\d\])? ", body)[1:]
        ]
        if msgid:
            entries.append((msgid, strs, flags))
    return entries


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_interface_string_is_translated(language):
    """No entry of the catalogue is left empty or fuzzy."""
    po = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = _entries(po)
    assert len(entries) > 100
    untranslated = [msgid for msgid, strs, flags in entries if not all(strs) or "fuzzy" in flags]
    assert untranslated == []


@pytest.mark.parametrize(
    ("language", "expected"), [("fr", "Salle de presse"), ("es", "Sala de prensa")]
)
def test_compiled_catalogue_is_used(language, expected):
    """The committed .mo file is loaded: a fresh machine needs no compile step."""
    with translation.override(language):
        assert translation.gettext("Newsroom") == expected


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_plural_has_the_forms_its_language_counts(language):
    """An entry with fewer plural forms than the header's nplurals shows English for the
    numbers that take the missing form (Spanish counts three: one, millions, the rest): the
    check `msgfmt -c` makes."""
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True
    )
    assert "plural forms" not in result.stderr, result.stderr
    with translation.override(language):
        shown = translation.ngettext(
            "%(count)d page published.", "%(count)d pages published.", 5
        ) % {"count": 5}
        assert shown != "5 pages published."
