"""An editor translates a unit's name in the admin's language tabs and sees it on the site."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in_to_admin, url_in
from tests.factories import make_organisation, make_staff_user, make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_NAMES = {
    "en": "Office of Migration Data",
    "fr": "Bureau des données migratoires",
    "es": "Oficina de Datos Migratorios",
}


def test_editor_renames_a_unit_in_three_language_tabs(page):
    """Names typed in the en, fr and es tabs are saved and shown on each language's structure
    page."""
    make_organisation()
    unit = make_unit(name_en="Old name", name_fr="Ancien nom", name_es="Nombre antiguo")
    make_staff_user(
        "organisation.view_unit", "organisation.change_unit", username="editor"
    )
    log_in_to_admin(page, "editor")
    page.goto(f"/admin/organisation/unit/{unit.pk}/change/")
    # modeltranslation's tabs run on jQuery UI served by the site itself, never a CDN.
    jquery_ui = page.locator("script[src*='jquery-ui']").get_attribute("src")
    assert jquery_ui.startswith("/static/xstatic/jquery-ui/")

    for language, name in NEW_NAMES.items():
        page.click(f"a[href='#tab_id_name_{language}']")
        field = page.locator(f"#id_name_{language}")
        # Only the chosen tab's field is shown: the tabs really switch.
        assert field.is_visible()
        for other in set(NEW_NAMES) - {language}:
            assert not page.locator(f"#id_name_{other}").is_visible()
        field.fill(name)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_have_count(1)

    for language, name in NEW_NAMES.items():
        page.goto(url_in(language, "organisation:structure"))
        assert page.locator(".org-chart .unit-name").all_inner_texts() == [name]
