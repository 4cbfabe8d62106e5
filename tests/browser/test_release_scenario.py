"""Issue 3's scenario end to end in a real Chromium: an editor writes, translates, illustrates,
schedules, previews and publishes a release; a visitor finds it, reads it in another language
and saves the press contact's card."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from newsroom.models import NewsRelease
from tests.browser.conftest import log_in_to_admin, url_in, watch_for_problems
from tests.factories import (
    make_contact,
    make_office,
    make_organisation,
    make_published_release,
    make_staff_user,
    make_theme,
)
from tests.images import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITOR_PERMISSIONS = [
    f"newsroom.{action}_{model}"
    for model in ("newsrelease", "releasecontact")
    for action in ("add", "change", "view", "delete")
] + ["newsroom.view_theme", "newsroom.view_presscontact", "newsroom.publish_newsrelease"]

FRENCH = {
    "title": "Les migrants bloqués au Niger rentrent chez eux",
    "dateline": "Suisse",
    "lead": "Plus de 300 migrants ont regagné leur pays cette semaine.",
    "body": "Le programme se poursuit avec les autorités nigériennes.",
}
ENGLISH = {
    "title": "Migrants stranded in Niger return home",
    "dateline": "Switzerland",
    "lead": "More than 300 migrants returned to their countries this week.",
    "body": "The programme continues with the authorities of Niger.",
}


def fill_language(page, language, texts):
    """Type a release's texts in one language, choosing that language's tab for each field."""
    for field in ("title", "dateline", "lead"):
        page.click(f"a[href='#tab_id_{field}_{language}']")
        page.fill(f"#id_{field}_{language}", texts[field])
    page.click(f"a[href='#tab_id_body_{language}']")
    editor = page.locator(f"#tab_id_body_{language}").get_by_role("textbox")
    editor.click()
    editor.press_sequentially(texts["body"])


def choose_in_autocomplete(page, select_id, search):
    """Pick the first match in one of the admin's autocomplete (select2) widgets."""
    page.locator(f"#{select_id} + .select2").click()
    # The focused search box: in the dropdown (single choice) or inline (multiple choice).
    page.keyboard.type(search)
    page.locator(".select2-results__option--highlighted", has_text=search).click()


def test_editor_publishes_a_release_that_a_visitor_finds_and_reads(
    page, new_context, tmp_path
):
    """Write in French, translate to English, attach contact, theme and image, schedule,
    preview, publish; then filter the list, switch language and download the vCard."""
    make_organisation()
    theme = make_theme(name_en="Migration health", name_fr="Santé migratoire",
                       slug="migration-health")
    make_theme(name_en="Labour migration", slug="labour-migration")
    make_contact(name="Leonard Doyle", slug="leonard-doyle", office=make_office(),
                 phone="+41227179589", email="ldoyle@iom.int")
    make_published_release(title_en="Another theme's release")
    make_staff_user(*EDITOR_PERMISSIONS, username="editor")

    # The editor writes the release in French, then translates it into English.
    log_in_to_admin(page, "editor")
    page.goto("/admin/newsroom/newsrelease/add/")
    page.select_option("#id_original_language", "fr")
    fill_language(page, "fr", FRENCH)
    fill_language(page, "en", ENGLISH)
    page.fill("#id_slug", "migrants-stranded-in-niger")

    # Contact, theme and image.
    choose_in_autocomplete(page, "id_releasecontact_set-0-contact", "Leonard")
    choose_in_autocomplete(page, "id_themes", "Migration health")
    image = tmp_path / "niger.jpg"
    image.write_bytes(image_bytes(size=(1200, 800)))
    page.set_input_files("#id_image", str(image))
    for language, alt in (("fr", "Des migrants à Niamey"), ("en", "Migrants in Niamey")):
        page.click(f"a[href='#tab_id_image_alt_{language}']")
        page.fill(f"#id_image_alt_{language}", alt)
    page.fill("#id_image_credit", "IOM / Test Photographer")  # required with an image

    # Scheduled for tomorrow: saved as published, but not public yet.
    tomorrow = timezone.localtime() + timedelta(days=1)
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", tomorrow.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", "09:00:00")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    release = NewsRelease.objects.get(slug="migrants-stranded-in-niger")
    assert not release.is_public
    assert release.themes.get() == theme
    assert release.contacts.get().name == "Leonard Doyle"
    assert release.image_renditions()

    # The visitor has a browser profile of their own: no editor's session.
    visitor = new_context()
    public = visitor.new_page()
    visitor_problems = watch_for_problems(public)
    assert public.goto(url_in("en", release)).status == 404

    # The preview shows it, as it will look, in French.
    with page.expect_navigation():
        page.locator(".field-preview_links a[hreflang=fr]").click()
    assert "/preview/" in page.url
    expect(page.locator("h1")).to_have_text(FRENCH["title"])

    # Publish now, from the list.
    page.goto("/admin/newsroom/newsrelease/?status__exact=published")
    page.locator(f"input[name=_selected_action][value='{release.pk}']").check()
    page.select_option("select[name=action]", "publish_now")
    page.click("button[name=index]")
    # It ends a schedule early: asked first (tests/browser/test_news_day.py).
    page.click("input[value='Yes, publish now']")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    release.refresh_from_db()
    assert release.is_public

    # A visitor filters the list by theme and finds it.
    public.goto(url_in("en", "newsroom:list"))
    public.select_option("select[name=theme]", "migration-health")
    with public.expect_navigation():
        public.locator("main form button[type=submit]").first.click()
    assert "theme=migration-health" in public.url
    main = public.locator("main")
    expect(main.get_by_role("link", name=ENGLISH["title"])).to_be_visible()
    expect(main.get_by_text("Another theme's release")).to_have_count(0)
    with public.expect_navigation():
        public.get_by_role("link", name=ENGLISH["title"]).click()
    expect(public.locator("h1")).to_have_text(ENGLISH["title"])

    # Reads it in French.
    with public.expect_navigation():
        public.locator("nav.language-switcher a[hreflang=fr]").click()
    assert public.url.endswith(url_in("fr", release))
    expect(public.locator("h1")).to_have_text(FRENCH["title"])
    assert FRENCH["body"] in public.locator("main").inner_text()

    # Saves the press contact's card.
    with public.expect_download() as download_info:
        public.locator("main a[href$='.vcf']").first.click()
    card = download_info.value.path().read_text(encoding="utf-8")
    assert "FN:Leonard Doyle" in card
    assert "ldoyle@iom.int" in card
    visitor.close()
    assert not visitor_problems
