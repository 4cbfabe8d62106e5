import pytest

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from tests.html import element

pytestmark = pytest.mark.clock


@pytest.mark.django_db
def test_root_redirects_to_a_language(client):
    """`/` sends the visitor to a language-prefixed home page."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_renders_in_each_language(client, lang):
    """The home page answers in each language with the right `<html lang>`."""
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert element(response, "html").attrs["lang"] == lang
