"""Every organisation page runs no more queries with more data. (Fewer the second time: the
header's organisation and menu, read by the first request, are not purged by adding units,
people, offices or pages outside the menu: core.purge_rules.)"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from organisation.models import MenuItem, Page
from tests import factories

pytestmark = pytest.mark.django_db


def _url(lang, name, **kwargs):
    """The view's address in `lang` (URL paths may be translated)."""
    with override(lang):
        return reverse(name, kwargs=kwargs or None)


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _menu(pages):
    """A main menu with a sub-entry per page: the header is on every page."""
    top = MenuItem.objects.create(label_en="Top", target=MenuItem.Target.STRUCTURE)
    for page in pages:
        MenuItem.objects.create(label_en=page.title_en, page=page, parent=top)


def _units(n, root):
    """`n` units under `root`, each with a current and a former holder."""
    parent = root
    for i in range(n):
        # Alternate depth and breadth so the tree has several levels.
        unit = factories.make_unit(parent=parent if i % 3 else root)
        parent = unit
        factories.make_position(unit=unit, start_date=date(2020, 1, 1))
        factories.make_position(unit=unit, start_date=date(2010, 1, 1),
                                end_date=date(2019, 12, 31))


def test_structure_queries_do_not_grow_with_units(client, django_assert_max_num_queries):
    """The org chart with 6 units and with 60 units runs the same number of queries."""
    factories.make_organisation()
    root = factories.make_unit(name_en="Director General", slug="dg")
    _units(5, root)
    small = _count(client, "/en/structure/")
    _units(54, root)
    with django_assert_max_num_queries(small):
        client.get("/en/structure/")


def test_unit_page_queries_do_not_grow_with_holders(client, django_assert_max_num_queries):
    """A unit page with 1 or 30 holders and sub-units runs the same number of queries."""
    unit = factories.make_unit(slug="dg")
    factories.make_position(unit=unit)
    small = _count(client, "/en/structure/dg/")
    for _ in range(30):
        factories.make_position(unit=unit, start_date=date(2001, 1, 1), end_date=date(2002, 1, 1))
        factories.make_unit(parent=unit)
    with django_assert_max_num_queries(small):
        client.get("/en/structure/dg/")


def test_where_we_work_queries_do_not_grow_with_offices(client, django_assert_max_num_queries):
    """Where we work with 5 offices and with 50 offices runs the same number of queries."""
    regions = [factories.make_region() for _ in range(5)]
    for i in range(5):
        factories.make_office(region=regions[i % 5], phone="+41227179111")
    small = _count(client, _url("fr", "organisation:where_we_work"))
    for i in range(45):
        factories.make_office(region=regions[i % 5], phone="+41227179111")
    with django_assert_max_num_queries(small):
        client.get(_url("fr", "organisation:where_we_work"))


def test_person_page_queries_do_not_grow_with_positions(client, django_assert_max_num_queries):
    """A person with 1 or 20 positions gets the same number of queries."""
    factories.make_organisation()
    person = factories.make_person(slug="p")
    factories.make_position(person=person)
    small = _count(client, "/en/people/p/")
    for year in range(1990, 2009):
        factories.make_position(person=person, start_date=date(year, 1, 1),
                                end_date=date(year, 12, 31))
    with django_assert_max_num_queries(small):
        client.get("/en/people/p/")


def test_page_queries_do_not_grow_with_children_or_menu(client, django_assert_max_num_queries):
    """A page with 1 child and a 1-entry menu, then with 30 of each: same query count."""
    factories.make_organisation()
    parent = Page.objects.create(title_en="Parent", slug_en="parent", status="published",
                                 shows_key_figures=True)

    def child(n):
        return Page.objects.create(title_en=f"Child {n}", slug_en=f"child-{n}",
                                   status="published", parent=parent)

    _menu([child(0)])
    small = _count(client, "/en/parent/")
    _menu([child(n) for n in range(1, 30)])
    with django_assert_max_num_queries(small):
        client.get("/en/parent/")


def test_home_queries_do_not_grow_with_menu(client, django_assert_max_num_queries):
    """The home page with a 1-entry and a 30-entry menu runs the same number of queries."""
    factories.make_organisation()
    _menu([Page.objects.create(title_en="P0", slug_en="p0", status="published")])
    small = _count(client, "/en/")
    _menu([Page.objects.create(title_en=f"P{n}", slug_en=f"p{n}", status="published")
           for n in range(1, 30)])
    with django_assert_max_num_queries(small):
        client.get("/en/")
