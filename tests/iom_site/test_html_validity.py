"""The HTML the server sends for every public page type is valid, by the Nu HTML checker.

The pages are fetched with the test client (demo content, three languages) and written to
files; the checker (npm's vnu-jar, run with Java) reads them all in one JVM start, since
starting Java is the slow part. Any error fails the test with the checker's own messages.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from newsroom import services
from newsroom.models import NewsRelease, PressContact
from organisation.models import Page, Person, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.nu_checker]

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SEED_SLUG = "iom-government-partners-good-practices-migration-governance"


def _checker():
    """The command that runs the checker, or a skip (a failure in CI) saying what is missing."""
    java = shutil.which("java")
    missing = [what for what, ok in (("java (a JRE ≥ 11)", java), (str(VNU_JAR), VNU_JAR.exists()))
               if not ok]
    if missing:
        message = f"HTML validity not checked: {', '.join(missing)} missing (make install)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return [java, "-Xss2m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def _public_pages():
    """(name, path, expected status) for each public page type in each language."""
    release = NewsRelease.objects.published().get(slug=SEED_SLUG)
    one_language = NewsRelease.objects.published().filter(title_en="").first()
    person = Person.objects.filter(photo__gt="").first() or Person.objects.first()
    corrected = NewsRelease.objects.published().filter(corrected_at__isnull=False).get()
    withdrawn = NewsRelease.objects.withdrawn().get()
    # With an image whose rights last: the downloads offer the original, credit and terms.
    with_image = NewsRelease.objects.published().exclude(image="").first()
    pages = []
    for code, _name in settings.LANGUAGES:
        with override(code):
            list_url = reverse("newsroom:list")
            in_language = [
                ("home", reverse("home"), 200),
                ("page", Page.objects.published().first().get_absolute_url(), 200),
                ("structure", reverse("organisation:structure"), 200),
                ("unit", Unit.objects.first().get_absolute_url(), 200),
                ("person", person.get_absolute_url(), 200),
                ("where-we-work", reverse("organisation:where_we_work"), 200),
                ("news-list", list_url, 200),
                ("news-filtered", f"{list_url}?kind=press-release&year=2017&page=abc", 200),
                ("news-search", f"{list_url}?q=migration", 200),
                ("news-unknown-filter", f"{list_url}?theme=no-such-theme&year=1900", 404),
                # What a visitor typed is shown back: controls and noncharacters included.
                ("news-odd-query", f"{list_url}?q=a%00b%01c%EF%BF%BEd%E2%80%AE", 200),
                ("release", release.get_absolute_url(), 200),
                ("release-corrected", corrected.get_absolute_url(), 200),
                ("release-image", with_image.get_absolute_url(), 200),
                ("release-withdrawn", withdrawn.get_absolute_url(), 410),
                ("media-contacts", reverse("newsroom:media_contacts"), 200),
                ("lite-home", reverse("lite:home"), 200),
                ("lite-list", reverse("lite:list"), 200),
                ("lite-release", reverse("lite:release", kwargs={"slug": release.slug}), 200),
                ("lite-release-corrected",
                 reverse("lite:release", kwargs={"slug": corrected.slug}), 200),
                ("media-alerts", reverse("alerts:subscribe"), 200),
                ("not-found", f"/{code}/no-such-page/", 404),
                ("not-found-odd", f"/{code}/%E2%80%AE%01%EF%BF%BE/", 404),
            ]
            if one_language:
                in_language.append(("release-fallback", one_language.get_absolute_url(), 200))
        pages += [(f"{name}-{code}", path, status) for name, path, status in in_language]
    return pages


def _correct_one_release_and_withdraw_another():
    corrected, withdrawn = NewsRelease.objects.published().exclude(slug=SEED_SLUG)[:2]
    services.add_correction(
        corrected, {"en": "A figure was wrong.", "fr": "Un chiffre était faux."},
        user=None, source="test",
    )
    services.withdraw(withdrawn, {"fr": "Publié par erreur."}, user=None, source="test")


def test_every_public_page_type_is_valid_html(client, demo, tmp_path):
    """Home, institutional page, structure, unit, person, where we work, newsroom list
    (plain, filtered, searched), release (translated, fallback, corrected, withdrawn), media
    contacts and 404,
    in en, fr and es: no error from the Nu HTML checker."""
    command = _checker()
    assert PressContact.objects.exists()
    _correct_one_release_and_withdraw_another()
    files = {}
    for index, (name, path, status) in enumerate(_public_pages()):
        response = client.get(path)
        assert response.status_code == status, path
        file = tmp_path / f"{index:02d}-{name}.html"
        file.write_bytes(response.content)
        files[file.as_uri()] = path

    result = subprocess.run(command + sorted(str(f) for f in tmp_path.glob("*.html")),
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{files.get(m.get('url'), m.get('url'))}:{m.get('lastLine', '?')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()}"
        for m in messages
        if m.get("type") in {"error", "non-document-error"}
    ]
    assert not errors, "Nu HTML checker errors:\n" + "\n".join(errors)
