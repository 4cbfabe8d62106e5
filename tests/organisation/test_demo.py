"""The organisation's demo content, loaded once for the module: the seed's pages, units, menu,
people and offices, as the seed page writes them."""

from pathlib import Path

import pytest

from organisation.models import MenuItem, Office, Organisation, Page, Person, Position, Unit

pytestmark = [
    pytest.mark.django_db, pytest.mark.usefixtures("demo_for_the_module"), pytest.mark.clock,
]

# A copy of the seed page, kept with the tests.
SEED = Path(__file__).resolve().parent.parent / "data" / "seed_000_1f70ac61dc45ac0b.txt"


def seed_pages():
    """The pages of the seed: not the newsroom's standards pages, written for the demo."""
    organisation = Organisation.load()
    standards = [getattr(organisation, f"{field}_id") for field in Organisation.POLICIES]
    assert all(standards)
    return Page.objects.exclude(pk__in=standards)


def test_french_texts_are_the_seeds_exactly():
    """Every French page title, summary, unit name and menu label is verbatim in the seed."""
    seed = SEED.read_text(encoding="utf-8")
    texts = [p.title_fr for p in seed_pages()]
    texts += [p.summary_fr for p in seed_pages().exclude(summary_fr="")]
    texts += [u.name_fr for u in Unit.objects.all()]
    texts += [m.label_fr for m in MenuItem.objects.all()]
    assert len(texts) == 28
    for text in texts:
        assert text in seed, text


def test_french_seed_strings_as_written():
    """A few seed strings, spelled exactly (no accent, capital or apostrophe changed)."""
    assert Page.objects.get(slug_en="who-we-are").title_fr == "Qui sommes nous"
    assert Page.objects.get(slug_en="2030-agenda").title_fr == "2030 AGENDA"
    assert Page.objects.get(slug_en="our-work").summary_fr.startswith(
        "En tant que principale organisation intergouvernementale qui promeut depuis 1951"
    )
    assert Unit.objects.get(slug="office-of-the-chief-of-staff").name_fr == (
        "Bureau du Chef de Cabinet"
    )


def test_every_translated_field_has_english_and_spanish():
    """Pages, units, menu entries and offices have English and Spanish text too."""
    for page in Page.objects.all():
        assert page.title_en and page.title_es and page.slug_en and page.slug_es
    for unit in Unit.objects.all():
        assert unit.name_en and unit.name_es
    for item in MenuItem.objects.all():
        assert item.label_en and item.label_es
    for office in Office.objects.all():
        assert office.name_en and office.name_fr and office.name_es


def test_organisation_facts():
    """The one organisation row says IOM/OIM, 1951, 175 member states, 171 countries."""
    organisation = Organisation.objects.get()
    assert (organisation.acronym_en, organisation.acronym_fr) == ("IOM", "OIM")
    assert (organisation.founded_year, organisation.member_states,
            organisation.countries_with_presence) == (1951, 175, 171)


def test_former_director_general_keeps_his_term():
    """António Vitorino's term as DG runs from 1 Oct 2018 to 30 Sep 2023; Amy Pope's is current."""
    vitorino = Position.objects.get(person__slug="antonio-vitorino")
    assert (str(vitorino.start_date), str(vitorino.end_date)) == ("2018-10-01", "2023-09-30")
    pope = Position.objects.get(person__slug="amy-pope")
    assert pope.is_current and pope.unit.slug == "director-general"


def test_demo_photos_are_real_images_in_storage(settings):
    """Each person has a Pillow-made JPEG saved under an unguessable name."""
    for person in Person.objects.all():
        assert person.photo.name.startswith("people/")
        assert (settings.MEDIA_ROOT / person.photo.name).read_bytes()[:2] == b"\xff\xd8"
