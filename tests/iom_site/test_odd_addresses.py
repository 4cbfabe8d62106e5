"""No address a visitor (or a staff member's browser) can send makes the site answer 5xx."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

ODD = ["%00", "%E2%80%AE", "%F0%9F%92%A5", "a" * 3000, "%C3%28", "..%2F..%2Fetc", "-1", "0",
       "9" * 30]

# Each template takes one odd piece where a slug, code, number or language goes.
TEMPLATES = [
    "/{x}/", "/fr/{x}/", "/fr/actualites/{x}/", "/es/noticias/{x}/", "/fr/personnes/{x}/",
    "/fr/structure/{x}/", "/fr/contacts-presse/{x}.vcf", "/fr/actualites/preview/{x}/",
    "/fr/actualites/feed/theme/{x}/rss/", "/fr/actualites/feed/country/{x}/atom/",
    "/fr/actualites/feed/kind/{x}/rss/", "/fr/actualites/?theme={x}&country={x}&year={x}",
    "/fr/actualites/?page={x}&q={x}&kind={x}", "/sitemap-{x}.xml", "/sitemap-news.xml?p={x}",
    "/i18n/setlang/?next={x}", "/admin/newsroom/newsrelease/{x}/change/",
]


@pytest.fixture
def site_data():
    factories.make_organisation()
    release = factories.make_published_release()
    release.themes.add(factories.make_theme())
    factories.attach_contact(release, factories.make_contact())


@pytest.mark.parametrize("template", TEMPLATES)
def test_odd_addresses_never_answer_5xx(client, admin_client, site_data, template):
    """Each odd piece in each kind of address: a visitor and a superuser get 2xx, 3xx or 4xx."""
    for odd in ODD:
        path = template.format(x=odd)
        for who in (client, admin_client):
            status = who.get(path).status_code
            assert status < 500, (path, status)
