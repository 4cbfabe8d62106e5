"""Behaviour of the organisation's views on purpose-built data (factories)."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from organisation.models import MenuItem, Page
from tests import factories
from tests.html import all_text, attribute_values, element, elements, json_ld

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def _url(lang, name, **kwargs):
    """The view's address in `lang` (URL paths may be translated)."""
    with override(lang):
        return reverse(name, kwargs=kwargs or None)


def make_page(**fields):
    values = dict(
        title_en="Who we are", title_fr="Qui sommes nous", title_es="Quiénes somos",
        slug_en="who-we-are", slug_fr="qui-sommes-nous", slug_es="quienes-somos",
        status=Page.Status.PUBLISHED,
    )
    values.update(fields)
    return Page.objects.create(**values)


# --- Institutional pages: slugs, drafts, bad input ---------------------------------------------

def test_other_languages_slug_redirects_to_the_canonical_url(client):
    """/fr/who-we-are/ answers a permanent redirect to /fr/qui-sommes-nous/."""
    make_page()
    response = client.get("/fr/who-we-are/")
    assert response.status_code == 301
    assert response["Location"] == "/fr/qui-sommes-nous/"


def test_page_without_a_slug_in_the_language_is_served_at_its_fallback_slug(client):
    """A page with no Spanish slug answers at /es/<English slug>/ without a redirect loop."""
    make_page(slug_es="")
    response = client.get("/es/who-we-are/")
    assert response.status_code == 200
    assert element(response, "html").attrs["lang"] == "es"


def test_unknown_slug_is_a_404_in_the_visitors_language(client):
    """An unknown page under /fr/ answers 404 with a French `<html lang>`."""
    make_page()
    response = client.get("/fr/nexiste-pas/")
    assert response.status_code == 404
    assert element(response, "html").attrs["lang"] == "fr"


def test_draft_page_is_a_404_in_every_language(client):
    """A draft page answers 404 at each of its slugs, and at other languages' slugs."""
    make_page(status=Page.Status.DRAFT)
    for url in ["/en/who-we-are/", "/fr/qui-sommes-nous/", "/es/quienes-somos/",
                "/fr/who-we-are/"]:
        assert client.get(url).status_code == 404, url


def test_draft_child_is_not_listed(client):
    """A published page lists its published children only."""
    parent = make_page()
    make_page(parent=parent, title_en="Public child", slug_en="public-child", slug_fr="",
              slug_es="", title_fr="", title_es="")
    make_page(parent=parent, title_en="Secret child", slug_en="secret-child", slug_fr="",
              slug_es="", title_fr="", title_es="", status=Page.Status.DRAFT)
    html = client.get("/en/who-we-are/").content.decode()
    assert elements(html, "a", text="Public child")
    assert "Secret child" not in all_text(html)
    assert "/en/secret-child/" not in attribute_values(html, "href")


@pytest.mark.parametrize(
    "path",
    ["/fr/%C3%A9t%C3%A9/", "/fr/%F0%9F%92%A5/", "/fr/" + "a" * 5000 + "/",
     "/fr/%00/", "/fr/qui-sommes-nous%0A/", "/en/structure/" + "x" * 3000 + "/",
     "/en/people/%E2%80%AE/", "/es/ñandú/"],
    ids=["accents", "emoji", "5000-chars", "nul", "newline", "long-unit", "rtl-mark", "raw"],
)
def test_odd_and_long_slugs_are_404_not_500(client, path):
    """Odd Unicode, control characters and very long slugs answer 404."""
    make_page()
    assert client.get(path).status_code == 404


def test_404_renders_without_organisation_or_menu(client):
    """With no organisation row and no menu the 404 page still renders (404, not 500)."""
    response = client.get("/es/no-existe/")
    assert response.status_code == 404
    assert element(response, "html").attrs["lang"] == "es"


# --- Fallback marking --------------------------------------------------------------------------

def test_missing_french_title_shows_english_marked_with_lang_and_a_note(client):
    """With no French title/slug, /fr/ shows the English title with lang="en" and a note."""
    make_page(title_fr="", slug_fr="", summary_en="An English summary.")
    html = client.get("/fr/who-we-are/").content.decode()
    assert elements(html, "h1", lang="en", text="Who we are")
    assert elements(html, "p", class_="lead", lang="en", text="An English summary.")
    assert elements(html, class_="fallback-note")


def test_translated_page_has_no_fallback_note(client):
    """A fully French page carries no lang override and no note."""
    make_page()
    html = client.get("/fr/qui-sommes-nous/").content.decode()
    heading = element(html, "h1")
    assert (heading.text, heading.attrs) == ("Qui sommes nous", {})
    assert not elements(html, class_="fallback-note")


def test_heading_is_never_empty(client):
    """A page whose only title is in Spanish shows that title, marked, in English."""
    make_page(title_en="", title_fr="", title_es="Quiénes somos", slug_en="quienes",
              slug_fr="", slug_es="quienes", original_language="es")
    html = client.get("/en/quienes/").content.decode()
    assert elements(html, "h1", lang="es", text="Quiénes somos")


def test_unit_name_falls_back_with_lang_in_the_org_chart(client):
    """A unit with only an English name appears on /es/structure/ marked lang="en"."""
    factories.make_unit(name_en="Office of the Inspector General", slug="oig")
    html = client.get(_url("es", "organisation:structure")).content.decode()
    assert elements(html, "span", lang="en", text="Office of the Inspector General")
    assert elements(html, class_="fallback-badge")


# --- Structure, units, people -----------------------------------------------------------------

def _org_chart():
    dg = factories.make_unit(name_en="Director General", slug="dg", order=1)
    units = [
        factories.make_unit(parent=dg, name_en=name, slug=f"u{i}", order=i)
        for i, name in enumerate(["DDG Management", "DDG Operations", "Chief of Staff"], 1)
    ]
    factories.make_unit(parent=units[1], name_en="Department of Operations", slug="doe", order=1)
    return dg, units


def outline(tree):
    """The unit names of a nested <ul>, with a sub-list for each nested <ul>."""
    shown = []
    for item in tree.children:
        for part in getattr(item, "children", []):
            if getattr(part, "tag", "") == "ul":
                shown.append(outline(part))
            elif getattr(part, "attrs", {}).get("class") == "unit-name":
                shown.append(part.text)
    return shown


def test_org_chart_is_a_nested_list_in_order(client):
    """Units appear as a nested <ul>: DG, then its sub-units by order, grandchildren inside."""
    _org_chart()
    html = client.get("/en/structure/").content.decode()
    assert outline(element(html, "ul", class_="org-chart")) == [
        "Director General", ["DDG Management", "DDG Operations", ["Department of Operations"],
                             "Chief of Staff"],
    ]


def test_org_chart_shows_current_holders_only(client):
    """The DG box names the current DG with a link, not the former one."""
    dg, _units = _org_chart()
    current = factories.make_person(name="Amy Pope", slug="amy-pope")
    former = factories.make_person(name="António Vitorino", slug="antonio-vitorino")
    factories.make_position(person=current, unit=dg, title_en="Director General",
                            start_date=date(2023, 10, 1))
    factories.make_position(person=former, unit=dg, title_en="Director General",
                            start_date=date(2018, 10, 1), end_date=date(2023, 9, 30))
    html = client.get("/en/structure/").content.decode()
    holder = element(html, "span", class_="holder")
    assert holder.text == "Amy Pope, Director General"
    assert element(holder, "a").attrs == {"href": "/en/people/amy-pope/"}
    assert "António Vitorino" not in all_text(html)
    assert "/en/people/antonio-vitorino/" not in attribute_values(html, "href")


def test_former_director_general_keeps_their_term_on_the_unit_page(client):
    """The DG unit page lists the former DG under former holders with both dates."""
    dg, _units = _org_chart()
    former = factories.make_person(name="António Vitorino", slug="antonio-vitorino")
    factories.make_position(person=former, unit=dg, title_en="Director General",
                            start_date=date(2018, 10, 1), end_date=date(2023, 9, 30))
    html = client.get("/en/structure/dg/").content.decode()
    former_section = element(html, "section", aria_labelledby="former-heading")
    assert "António Vitorino" in former_section.text
    assert elements(former_section, "time", datetime="2018-10-01")
    assert elements(former_section, "time", datetime="2023-09-30")


def test_person_page_lists_current_and_past_positions_with_dates(client):
    """A person's page shows the current position and the past one with its dates."""
    dg, units = _org_chart()
    person = factories.make_person(name="Amy Pope", slug="amy-pope")
    factories.make_position(person=person, unit=dg, title_en="Director General",
                            start_date=date(2023, 10, 1))
    factories.make_position(person=person, unit=units[0], title_en="Deputy Director General",
                            start_date=date(2021, 9, 1), end_date=date(2023, 9, 30))
    html = client.get("/en/people/amy-pope/").content.decode()
    current = element(html, "section", aria_labelledby="current-heading")
    past = element(html, "section", aria_labelledby="former-heading")
    assert "Director General" in current.text
    assert "Deputy Director General" not in current.text
    assert elements(current, "time", datetime="2023-10-01")
    assert "Deputy Director General" in past.text and elements(past, "time", datetime="2021-09-01")
    assert not elements(past, "time", datetime="2023-10-01")


def test_future_position_is_neither_current_nor_former(client):
    """A position starting next month is not shown as held yet."""
    dg, _units = _org_chart()
    person = factories.make_person(name="Next Director", slug="next")
    factories.make_position(person=person, unit=dg, start_date=timezone.localdate()
                            + timedelta(days=30))
    html = client.get("/en/structure/dg/").content.decode()
    assert element(html, "h1").text == "Director General"
    assert "Next Director" not in all_text(html)


def test_person_biography_is_rendered_sanitised(client):
    """The biography's allowed markup is kept and a script never reaches the page."""
    factories.make_person(
        name="Ugochi Daniels", slug="ugochi-daniels",
        biography_en='<p>Deputy <strong>Director</strong></p><script>alert(1)</script>',
    )
    html = client.get("/en/people/ugochi-daniels/").content.decode()
    biography = element(html, "div", class_="rich-text")
    assert element(biography, "p").text == "Deputy Director"
    assert element(biography, "strong").text == "Director"
    assert not elements(html, "script", text=re.compile("alert"))
    assert "alert(1)" not in all_text(html)


def test_person_json_ld_escapes_markup(client):
    """A name containing </script> cannot close the JSON-LD block."""
    factories.make_person(name="</script><script>alert(1)</script>", slug="evil")
    html = client.get("/en/people/evil/").content.decode()
    [script] = elements(html, "script", type="application/ld+json")
    assert "\\u003C/script\\u003E" in script.content
    [person] = json_ld(html)
    assert (person["@type"], person["name"]) == ("Person", "</script><script>alert(1)</script>")
    scripts = [found.content for found in elements(html, "script") if "alert(1)" in found.content]
    assert scripts == [script.content]


def test_person_photo_has_alt_text(client):
    """The photo is shown with the person's photo description as its alt text."""
    person = factories.make_person(name="Amy Pope", slug="amy-pope", photo_alt_en="Amy Pope, 2023")
    person.photo.name = "people/abc.jpg"
    person.save()
    html = client.get("/en/people/amy-pope/").content.decode()
    assert element(html, "img", class_="portrait").attrs == {
        "class": "portrait", "src": "/media/people/abc.jpg", "alt": "Amy Pope, 2023"
    }


# --- Where we work -----------------------------------------------------------------------------

def test_offices_are_grouped_by_region_with_translated_country_and_contact_links(client):
    """Offices sit under their region, the country is in French, phone and email are links."""
    europe = factories.make_region(name_en="Europe", name_fr="Europe", slug="europe")
    factories.make_office(region=europe, name_fr="Siège", slug="hq", country="CH",
                          city_fr="Genève", phone="+41227179111", email="hq@iom.int")
    factories.make_region(name_en="Empty region", slug="empty")
    html = client.get(_url("fr", "organisation:where_we_work")).content.decode()
    section = element(html, "section", id="europe")
    assert element(section, "h3").text == "Siège"
    assert elements(section, "dd", text="Suisse")
    assert element(section, "a", href="tel:+41227179111").text == "+41 22 717 91 11"
    assert element(section, "a", href="mailto:hq@iom.int").text == "hq@iom.int"
    assert [region.attrs["id"] for region in elements(html, "section", class_="region")] == [
        "europe"
    ]
    assert "Empty region" not in all_text(html)


# --- Main menu ---------------------------------------------------------------------------------

def test_menu_skips_entries_whose_page_is_a_draft_or_missing(client):
    """A draft page's entry (and its sub-entries) and a page entry without a page are left out."""
    public = make_page()
    draft = make_page(title_en="Draft title", slug_en="draft", slug_fr="brouillon",
                      slug_es="borrador", status=Page.Status.DRAFT)
    MenuItem.objects.create(label_en="Public entry", page=public, order=1)
    hidden = MenuItem.objects.create(label_en="Draft entry", page=draft, order=2)
    MenuItem.objects.create(label_en="Under draft", parent=hidden,
                            target=MenuItem.Target.STRUCTURE)
    MenuItem.objects.create(label_en="No page", order=3)
    html = client.get("/en/").content.decode()
    menu = element(html, "nav", class_="main-menu")
    assert [link.text for link in elements(menu, "a")] == ["Public entry"]
    for leaked in ["Draft entry", "Under draft", "No page", "/en/draft/"]:
        assert leaked not in all_text(html)
