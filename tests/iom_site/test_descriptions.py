"""Every public page type has one `<meta name="description">` for search results, in the page's
language: the organisation's description (home and pages without their own), a release's lead,
a page's or unit's summary, a person's biography, and for the newsroom list what it is
filtered by, in words."""


import pytest
from django.urls import reverse
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from newsroom.models import NewsRelease, Theme
from organisation.models import Organisation, Page, Person, Unit
from tests.html import elements

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_for_the_module")]



def description(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    found = elements(response, "meta", name="description")
    assert len(found) == 1, f"{path}: {len(found)} descriptions"
    return found[0].attrs["content"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_page_type_describes_itself_in_its_language(client, language):
    organisation = Organisation.load()
    release = NewsRelease.objects.published().exclude(lead_fr="").first()
    page = Page.objects.published().filter(summary_en__gt="").first()
    unit = Unit.objects.filter(summary_en__gt="").first()
    with override(language):
        organisation_text = getattr(organisation, f"description_{language}")
        assert organisation_text
        assert description(client, reverse("home")).startswith(organisation_text[:100])
        original = release.original_language
        lead = getattr(release, f"lead_{language}") or getattr(release, f"lead_{original}")
        assert description(client, release.get_absolute_url()).startswith(lead[:100])
        if page is not None:
            summary = getattr(page, f"summary_{language}") or page.summary_en
            assert description(client, page.get_absolute_url()).startswith(summary[:100])
        if unit is not None:
            summary = getattr(unit, f"summary_{language}") or unit.summary_en
            assert description(client, unit.get_absolute_url()).startswith(summary[:100])
        for path in (
            reverse("organisation:structure"),
            reverse("organisation:where_we_work"),
            reverse("newsroom:media_contacts"),
            Person.objects.first().get_absolute_url(),
        ):
            text = description(client, path)
            assert len(text) > 10, path
            assert text != organisation_text, f"{path} has no description of its own"


@pytest.mark.parametrize("language, words", [
    ("en", ["International Organization for Migration", "Theme: ", "Page 2."]),
    ("fr", ["Organisation internationale pour les migrations", "Thème : ", "Page 2."]),
    ("es", ["Organización Internacional para las Migraciones", "Tema: ", "Página 2."]),
])
def test_the_newsroom_list_describes_its_filter_in_words(
    client, monkeypatch, language, words
):
    monkeypatch.setattr("newsroom.views.PAGE_SIZE", 1)  # a second page with the demo's releases
    theme = Theme.objects.filter(releases__in=NewsRelease.objects.published()).first()
    with override(language):
        list_url = reverse("newsroom:list")
        plain = description(client, list_url)
        assert words[0] in plain
        filtered = description(client, f"{list_url}?theme={theme.slug}&q=IOM")
        theme_name = getattr(theme, f"name_{language}") or theme.name_en
        assert theme_name in filtered and "“IOM”" in filtered and words[1] in filtered
        assert filtered != plain
        second = description(client, f"{list_url}?page=2")
        assert words[0] in second and second.endswith(words[2])


def test_the_description_escapes_what_the_visitor_typed(client):
    text = description(client, reverse("newsroom:list") + '?q=%22%3E%3Cscript%3E')
    assert '"><script>' in text  # shown as written, once unescaped: it was escaped in the page
