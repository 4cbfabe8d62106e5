"""The shared layout in a real Chromium: on a phone the menu is folded, the heading in the
first screen and the menu opens without JavaScript; wide screens show it open; keyboard focus
is visible, nothing overflows a phone's width, and print keeps the content only."""


import pytest

from newsroom.models import NewsRelease
from tests.browser.conftest import url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 900}
SEED_SLUG = "iom-government-partners-good-practices-migration-governance"


def _page(name):
    """The address of `name`: a URL name, or "release" for the seed release."""
    if name == "release":
        return url_in("fr", NewsRelease.objects.get(slug=SEED_SLUG))
    return url_in("fr", name)


@pytest.mark.parametrize("name", ["home", "release", "organisation:structure"])
def test_phone_shows_the_heading_in_the_first_screen_with_the_menu_folded(new_context, demo,
                                                                          name):
    """At 390 × 844 the menu is folded behind its summary and the page's heading is wholly
    within the first screen."""
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(_page(name))
    assert page.locator("nav.main-menu summary").is_visible()
    assert not page.locator("nav.main-menu a").first.is_visible()
    box = page.locator("h1").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def test_phone_reaches_every_menu_entry_without_javascript(new_context, demo):
    """At 390 px with JavaScript off, the summary opens the menu: every entry and sub-entry
    is then shown inside the screen, as a target at least 24 px high (WCAG 2.5.8)."""
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(url_in("fr", "home"))
    summary = page.locator("nav.main-menu summary")
    assert summary.bounding_box()["height"] >= 24
    summary.click()
    links = page.locator("nav.main-menu a")
    assert links.count() == 11  # the seed's 6 entries and 5 sub-entries
    for index in range(links.count()):
        link = links.nth(index)
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], link.inner_text()
        assert box["height"] >= 24, link.inner_text()


def test_wide_screen_shows_the_menu_open_without_its_summary(new_context, demo):
    """From 48rem up the menu is open by the stylesheet alone (no script, no click): every
    entry shows and the summary is hidden."""
    page = new_context(viewport=WIDE, java_script_enabled=False).new_page()
    page.goto(url_in("fr", "home"))
    assert not page.locator("nav.main-menu summary").is_visible()
    links = page.locator("nav.main-menu a")
    assert links.count() == 11
    for index in range(links.count()):
        assert links.nth(index).is_visible(), links.nth(index).inner_text()


@pytest.mark.parametrize("name", ["home", "newsroom:list", "organisation:where_we_work",
                                  "organisation:structure", "release"])
def test_nothing_is_wider_than_a_phone(new_context, demo, name):
    """No page scrolls sideways on a 390 px phone."""
    page = new_context(viewport=PHONE).new_page()
    page.goto(_page(name))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_keyboard_focus_is_visible(page, demo):
    """The first Tab shows the skip link, the next gives the focused link a 3 px outline."""
    page.goto(url_in("fr", "home"))
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.bounding_box()["x"] >= 0  # moved on screen
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2


def test_printed_release_keeps_the_text_and_contacts_without_the_menus(page, demo):
    """Printing the seed release prints its title, body and contacts, not the menus or
    the language switcher."""
    page.goto(url_in("fr", NewsRelease.objects.get(slug=SEED_SLUG)))
    page.emulate_media(media="print")
    assert not page.locator("nav.main-menu").is_visible()
    assert not page.locator("nav.language-switcher").is_visible()
    assert page.locator("h1").is_visible()
    assert page.get_by_text("Jill Helke", exact=False).first.is_visible()
    assert page.locator(".release-contacts a[href^='tel:']").first.is_visible()


def test_printed_release_has_no_footer_or_share_links_and_writes_out_addresses(page, demo):
    """In print the footer and share links go, the release says its own address, and a link
    of its text shows where it leads."""
    release = NewsRelease.objects.get(slug=SEED_SLUG)
    release.body_fr += '<p><a href="https://example.org/report">Le rapport</a></p>'
    release.save()
    page.goto(url_in("fr", release))
    assert page.locator(".share-links").is_visible()
    assert not page.locator(".print-only").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".share-links").is_visible()
    assert page.locator(".print-only").is_visible()
    assert page.url in page.locator(".print-only").inner_text()
    after = page.locator(".release-body a[href='https://example.org/report']").evaluate(
        "link => getComputedStyle(link, '::after').content"
    )
    assert "https://example.org/report" in after
