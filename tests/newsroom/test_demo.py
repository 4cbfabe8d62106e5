"""The newsroom's demo content: the seed release as published, and the rules on show."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from newsroom import demo
from newsroom.models import NewsRelease

pytestmark = [
    pytest.mark.django_db, pytest.mark.usefixtures("demo_for_the_module"), pytest.mark.clock,
]

SEED = (Path(__file__).parent.parent / "data" / "seed_000_1f70ac61dc45ac0b.txt").read_text(
    encoding="utf-8"
).splitlines()
SEED_TITLE = SEED.index(
    "L’OIM et les partenaires gouvernementaux débattent des bonnes pratiques de gouvernance "
    "en matière de migrations"
)
SEED_SLUG = "iom-government-partners-good-practices-migration-governance"


@pytest.fixture
def seed_release():
    return NewsRelease.objects.get(slug=SEED_SLUG)


def test_seed_french_title_dateline_and_lead_are_the_seed_s(seed_release):
    """Title, "Suisse" and the lead (first paragraph without its dateline) match the seed."""
    assert seed_release.title_fr == SEED[SEED_TITLE]
    assert seed_release.dateline_fr == "Suisse"
    assert "Suisse - " + seed_release.lead_fr == SEED[SEED_TITLE + 1]


def test_seed_french_body_holds_every_paragraph_exactly(seed_release):
    """The body is the seed's six paragraphs, quote included, character for character."""
    paragraphs = SEED[SEED_TITLE + 2:SEED_TITLE + 8]
    assert any(p.startswith("« Il existe") and "Jill Helke" in p for p in paragraphs)
    assert seed_release.body_fr == "".join(f"<p>{p}</p>" for p in paragraphs)


def test_seed_is_dated_20_june_2017_in_geneva(seed_release):
    """The public date is 20 June 2017, Geneva time, and the release is public."""
    assert timezone.localtime(seed_release.published_at).date().isoformat() == "2017-06-20"
    assert seed_release.is_public


def test_seed_is_french_with_english_and_spanish_translations(seed_release):
    """Written in French; English and Spanish have every part, datelines translated."""
    assert seed_release.original_language == "fr"
    assert (seed_release.dateline_en, seed_release.dateline_es) == ("Switzerland", "Suiza")
    for code in ("en", "es"):
        body = getattr(seed_release, f"body_{code}")
        assert getattr(seed_release, f"title_{code}") and getattr(seed_release, f"lead_{code}")
        assert body.count("<p>") == 6 and "Jill Helke" in body


def test_seed_contacts_are_the_seed_s_in_order(seed_release):
    """Nicoletta Giordano then Maurizio Busatti, with the seed's numbers in E.164."""
    contacts = [link.contact for link in seed_release.releasecontact_set.all()]
    assert [(c.name, c.phone.as_e164, c.email) for c in contacts] == [
        ("Nicoletta Giordano", "+41227179416", "ngiordano@iom.int"),
        ("Maurizio Busatti", "+41227179581", "mbusatti@iom.int"),
    ]


def test_seed_contacts_belong_to_headquarters(seed_release):
    """With the organisation's demo loaded, both seed contacts are at the Geneva headquarters."""
    offices = {link.contact.office.slug for link in seed_release.releasecontact_set.all()}
    assert offices == {"headquarters-geneva"}


def test_seed_themes_and_country(seed_release):
    """The seed is about migration governance and international cooperation, in Switzerland."""
    with override("fr"):
        themes = sorted(theme.name for theme in seed_release.themes.all())
    assert themes == ["Coopération internationale et partenariats", "Gouvernance des migrations"]
    assert [country.code for country in seed_release.countries] == ["CH"]


def test_every_kind_is_represented():
    """Press releases, briefing notes, statements and stories are all in the demo."""
    kinds = set(NewsRelease.objects.published().values_list("kind", flat=True))
    assert kinds == set(NewsRelease.Kind.values)


def test_some_releases_exist_in_one_language_only():
    """At least one public release is only in Spanish and one only in French."""
    def languages(release):
        return [code for code in LANGUAGES if getattr(release, f"title_{code}")]

    singles = [languages(release) for release in NewsRelease.objects.published()]
    assert ["es"] in singles and ["fr"] in singles


def test_demo_has_a_draft_and_a_scheduled_release_kept_private():
    """One draft and one release scheduled for later exist and are not public."""
    private = NewsRelease.objects.exclude(pk__in=NewsRelease.objects.published())
    assert private.filter(status="draft").exists()
    assert private.filter(status="published", published_at__gt=timezone.now()).exists()


def test_related_releases_are_linked(seed_release):
    """The seed points to the Migrants Day statement as a related release."""
    assert [r.slug for r in seed_release.related.all()] == [
        "statement-international-migrants-day-2023"
    ]


def test_demo_images_have_their_renditions():
    """Releases with a demo image have their WebP sizes made already."""
    with_image = NewsRelease.objects.exclude(image="")
    assert with_image.count() >= 2
    assert all(any(r.format == "webp" for r in rel.image_renditions()) for rel in with_image)


def test_second_run_changes_nothing():
    """Loading again leaves every newsroom row, timestamps included, as it was."""
    def dump():
        out = io.StringIO()
        call_command("dumpdata", "newsroom", stdout=out)
        return out.getvalue()

    before = dump()
    call_command("load_demo_content", stdout=io.StringIO())
    assert dump() == before


def test_demo_images_have_credit_and_usage_terms():
    """Every demo release with an image has the credit line and usage terms in each
    language, so its press kit and original image are offered."""
    with_image = NewsRelease.objects.exclude(image="")
    assert with_image.exists()
    for release in with_image:
        assert release.image_credit
        assert all(getattr(release, f"image_usage_terms_{code}") for code in demo.LANGUAGES)
        assert release.image_rights_current


def test_the_demo_s_translations_come_out_complete_even_when_loaded_twice():
    """Loaded afresh, or again over itself, no demo translation is stale; the languages
    the demo leaves untranslated on purpose (to show the fallback) are missing, the others
    complete."""
    call_command("load_demo_content", stdout=io.StringIO())
    out = io.StringIO()
    call_command("translation_report", "--format", "json", stdout=out)
    waiting = json.loads(out.getvalue())["waiting"]
    assert waiting and {item["status"] for item in waiting} == {"missing"}
    seed = NewsRelease.objects.get(slug=SEED_SLUG)
    assert seed.translation_state["languages"]["en"]["status"] == "complete"
