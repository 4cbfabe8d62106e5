"""The home page stays light: everything a browser fetches for it (HTML, styles, icon,
images) weighs under 50 KB on a phone and on a wide screen."""

import pytest

from tests.browser.conftest import url_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 50 * 1024
# Lighthouse's phone (its mobile run) and a common laptop screen.
SCREENS = {
    "phone": {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75},
    "wide": {"viewport": {"width": 1350, "height": 940}, "device_scale_factor": 1},
}


@pytest.mark.parametrize("screen", SCREENS)
def test_home_page_weighs_under_50_kb_with_its_images(new_context, demo, screen):
    """The bytes of every response the home page needs, scrolled to its end so that lazy
    images load too, stay under the budget."""
    page = new_context(**SCREENS[screen]).new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url_in("fr", "home"), wait_until="networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    sizes = {response.url: len(response.body()) for response in responses}
    assert any(url.endswith((".webp", ".jpg")) for url in sizes), sizes  # images counted
    assert sum(sizes.values()) < BUDGET, sizes
