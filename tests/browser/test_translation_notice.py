"""The notice on a public page whose translation lags behind its original, in a real Chromium:
shown in each of the three languages, naming the original in its own language (with `lang`),
linking to it, and passing axe-core."""

import pytest

from tests.browser.conftest import assert_no_axe_violations, url_in
from tests.factories import make_published_page, make_published_release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Named as in their own language, mid-sentence (Django's name_local).
NAMES = {"en": "English", "fr": "français", "es": "español"}
TEXTS = {
    "en": ("Shelter after the cyclone", "Families sheltered.", "<p>Shelter for families.</p>"),
    "fr": ("Abris après le cyclone", "Des familles abritées.", "<p>Des abris.</p>"),
    "es": ("Refugios tras el ciclón", "Familias refugiadas.", "<p>Refugios.</p>"),
}


def stale_release(original, slug):
    """Written in `original`, translated into the two others, then the original corrected."""
    fields = {
        f"{name}_{code}": text
        for code, texts in TEXTS.items()
        for name, text in zip(("title", "lead", "body"), texts, strict=True)
    }
    release = make_published_release(slug=slug, original_language=original, **fields)
    setattr(release, f"lead_{original}", getattr(release, f"lead_{original}") + " (corrected)")
    release.save()
    return release


@pytest.mark.parametrize("language, original", [("en", "fr"), ("fr", "es"), ("es", "en")])
def test_stale_release_tells_readers_and_names_the_original(page, language, original):
    release = stale_release(original, f"stale-{original}")
    page.goto(url_in(language, release))
    notice = page.locator(".translation-notice")
    assert notice.count() == 1
    link = notice.locator(f'a[lang="{original}"]')
    assert link.inner_text() == NAMES[original]
    assert link.get_attribute("hreflang") == original
    assert_no_axe_violations(page)
    link.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == original
    assert page.locator(".translation-notice").count() == 0  # the original itself


def test_stale_page_has_the_notice_and_passes_axe(page):
    institutional = make_published_page(
        original_language="fr", title_fr="Qui sommes-nous", slug_fr="qui-sommes-nous",
        body_fr="<p>Fondée en 1951.</p>", title_en="Who we are", body_en="<p>Founded in 1951.</p>",
    )
    institutional.body_fr = "<p>Fondée en 1951, à Bruxelles.</p>"
    institutional.save()
    page.goto(url_in("en", institutional))
    assert page.locator('.translation-notice a[lang="fr"]').inner_text() == "français"
    assert_no_axe_violations(page)


def test_translator_reviews_a_stale_release_and_marks_it_up_to_date(page):
    """A translator (Translators' permissions) sees what changed in the original, marked word
    by word, and marks the Spanish as up to date; the notice leaves the Spanish page."""
    from core.translation_state import COMPLETE, STALE, status_of
    from newsroom.models import NewsRelease
    from tests.browser.conftest import log_in_to_admin
    from tests.factories import make_staff_user

    release = stale_release("fr", "stale-review")
    make_staff_user("newsroom.view_newsrelease", "newsroom.change_newsrelease",
                    username="translator")
    log_in_to_admin(page, "translator")
    page.goto(f"/admin/newsroom/newsrelease/{release.pk}/change/")
    review = page.locator('.translation-review[data-language="es"]')
    assert review.locator("ins").first.inner_text().strip().endswith("(corrected)")
    assert_no_axe_violations(page, ".translation-review")
    review.locator("button[name=_translation_checked]").click()
    page.wait_for_url("**/admin/newsroom/newsrelease/")
    release = NewsRelease.objects.get(pk=release.pk)
    assert status_of(release, "es") == COMPLETE and status_of(release, "en") == STALE
    page.goto(url_in("es", release))
    assert page.locator(".translation-notice").count() == 0
