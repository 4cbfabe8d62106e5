"""axe-core on every public page type, in a real Chromium: 0 violations."""

import pytest

from tests.browser.conftest import assert_no_axe_violations
from tests.factories import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_home_page_has_no_axe_violations(page, lang):
    """The home page passes axe-core in each language."""
    make_organisation()
    page.goto(f"/{lang}/")
    assert_no_axe_violations(page)
