import pytest
from django.test import RequestFactory
from django.views.defaults import server_error


def test_500_page_renders_without_context_or_database():
    """The 500 page renders from an empty context, touching no database (no db marker)."""
    response = server_error(RequestFactory().get("/en/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>" in html and "<html lang=" in html


@pytest.mark.django_db
def test_404_page_keeps_the_site_layout(client):
    """An unknown URL under /en/ answers 404 with the site's header and a link home."""
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'href="/en/"' in html
