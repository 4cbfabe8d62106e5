"""The shared layout in a real Chromium: a phone can use the whole menu without JavaScript,
keyboard focus is visible, nothing overflows a phone's width, and print keeps the content."""


import pytest

from newsroom.models import NewsRelease
from tests.browser.conftest import url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SEED_SLUG = "iom-government-partners-good-practices-migration-governance"


def test_phone_reaches_every_menu_entry_without_javascript(new_context, demo):
    """At 390 px with JavaScript off, every menu entry and sub-entry is shown inside the
    screen, as a target at least 24 px high (WCAG 2.5.8)."""
    page = new_context(viewport=PHONE, java_script_enabled=False).new_page()
    page.goto(url_in("fr", "home"))
    links = page.locator("nav.main-menu a")
    assert links.count() == 11  # the seed's 6 entries and 5 sub-entries
    for index in range(links.count()):
        link = links.nth(index)
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], link.inner_text()
        assert box["height"] >= 24, link.inner_text()


@pytest.mark.parametrize("name", ["home", "newsroom:list", "organisation:where_we_work",
                                  "organisation:structure", "release"])
def test_nothing_is_wider_than_a_phone(new_context, demo, name):
    """No page scrolls sideways on a 390 px phone."""
    page = new_context(viewport=PHONE).new_page()
    if name == "release":
        page.goto(url_in("fr", NewsRelease.objects.get(slug=SEED_SLUG)))
    else:
        page.goto(url_in("fr", name))
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
