"""`manage.py load_demo_content`: the seed's content, loaded once, whatever the number of runs."""

import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.forms.models import model_to_dict

from newsroom import demo
from newsroom.models import PressContact
from organisation.models import MenuItem, Office, Organisation, Page, Person, Position, Region, Unit

pytestmark = pytest.mark.django_db

# A copy of the seed page (shared/seeds/), kept with the tests so a fresh clone has it.
SEED = Path(__file__).resolve().parent.parent / "data" / "seed_000_1f70ac61dc45ac0b.txt"
MODELS = [Organisation, Page, Unit, Person, Position, Region, Office, MenuItem]


def _load(*args):
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def _snapshot():
    """Every row of every organisation model, all columns (photo file names and timestamps too)."""
    return {
        model.__name__: [
            {k: str(v) for k, v in model_to_dict(obj).items()}
            | {"updated_at": str(getattr(obj, "updated_at", ""))}
            for obj in model.objects.order_by("pk")
        ]
        for model in MODELS
    }


def test_second_run_changes_nothing():
    """Running the command twice leaves the same rows with the same values."""
    _load()
    first = _snapshot()
    _load()
    assert _snapshot() == first


def test_counts_after_loading():
    """The demo has the seed's 9 pages, 6 units, 3 people, 13 offices and 11 menu entries."""
    _load()
    _load()
    counts = {model.__name__: model.objects.count() for model in MODELS}
    assert counts == {
        "Organisation": 1, "Page": 9, "Unit": 6, "Person": 3, "Position": 3,
        "Region": 5, "Office": 13, "MenuItem": 11,
    }


def test_french_texts_are_the_seeds_exactly():
    """Every French page title, summary, unit name and menu label is verbatim in the seed."""
    _load()
    seed = SEED.read_text(encoding="utf-8")
    texts = [p.title_fr for p in Page.objects.all()]
    texts += [p.summary_fr for p in Page.objects.exclude(summary_fr="")]
    texts += [u.name_fr for u in Unit.objects.all()]
    texts += [m.label_fr for m in MenuItem.objects.all()]
    assert len(texts) == 28
    for text in texts:
        assert text in seed, text


def test_french_seed_strings_as_written():
    """A few seed strings, spelled exactly (no accent, capital or apostrophe changed)."""
    _load()
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
    _load()
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
    _load()
    organisation = Organisation.objects.get()
    assert (organisation.acronym_en, organisation.acronym_fr) == ("IOM", "OIM")
    assert (organisation.founded_year, organisation.member_states,
            organisation.countries_with_presence) == (1951, 175, 171)


def test_former_director_general_keeps_his_term():
    """António Vitorino's term as DG runs from 1 Oct 2018 to 30 Sep 2023; Amy Pope's is current."""
    _load()
    vitorino = Position.objects.get(person__slug="antonio-vitorino")
    assert (str(vitorino.start_date), str(vitorino.end_date)) == ("2018-10-01", "2023-09-30")
    pope = Position.objects.get(person__slug="amy-pope")
    assert pope.is_current and pope.unit.slug == "director-general"


def test_demo_photos_are_real_images_in_storage(settings):
    """Each person has a Pillow-made JPEG saved under an unguessable name."""
    _load()
    for person in Person.objects.all():
        assert person.photo.name.startswith("people/")
        assert (settings.MEDIA_ROOT / person.photo.name).read_bytes()[:2] == b"\xff\xd8"


def test_with_admin_creates_a_superuser_once(monkeypatch):
    """--with-admin creates `admin` with DEMO_ADMIN_PASSWORD and says how to log in; a second
    run creates no other."""
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-secret")
    output = _load("--with-admin")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo-secret")
    assert "admin" in output and "demo-secret" in output
    _load("--with-admin")
    assert get_user_model().objects.count() == 1


def test_without_flag_no_user_is_created():
    """Without --with-admin the command creates no account."""
    _load()
    assert not get_user_model().objects.exists()


def test_newsroom_demo_loads_without_the_organisation_s():
    """Loaded alone, the newsroom demo still works; its contacts then have no office."""
    demo.load(io.StringIO())
    assert not PressContact.objects.filter(office__isnull=False).exists()
