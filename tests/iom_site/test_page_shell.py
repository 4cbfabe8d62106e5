"""The kept page shell (core.page_shell) gives the page base.html gives, whatever the page,
language, address and current menu entry, and follows the organisation and the menu."""

import pytest
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.utils.safestring import mark_safe
from django.utils.translation import override

from core import page_shell
from core.content_cache import request_scope
from core.language_policy import LANGUAGE_CODES as LANGUAGES
from newsroom.views import ReleaseAddress
from organisation.models import MenuItem, Organisation
from tests.factories import make_organisation, make_published_page, make_published_release
from tests.html import element, elements, links

pytestmark = pytest.mark.django_db

THROUGH_BASE = Template(
    '{% extends "base.html" %}{% block title %}{{ p.title }}{% endblock %}'
    "{% block meta %}{{ p.meta }}{% endblock %}"
    "{% block description %}{{ p.description }}{% endblock %}"
    "{% block head_extra %}{{ p.head_extra }}{% endblock %}"
    "{% block content %}{{ p.content }}{% endblock %}"
)

PARTS = {
    "title": "A &amp; title",
    "meta": '<meta property="og:type" content="article">\n',
    "description": "What the page says",
    "head_extra": '<link rel="alternate" type="application/rss+xml" href="/en/news/feed/">',
    "content": "<h1>A &amp; title</h1><!--page:menu--><!--page-part--><p>Body</p>",
}


@pytest.fixture
def site():
    make_organisation()
    page = make_published_page(title_en="About us", slug="about")
    MenuItem.objects.create(label_en="About", target=MenuItem.Target.PAGE, page=page, order=1)
    return page


def both_ways(path, address=None, filter_query="", host="testserver"):
    """(the page through the shell, the page through base.html), twice through the shell so
    that the second comes from the kept shell."""
    request = RequestFactory().get(path, HTTP_HOST=host)
    with request_scope():
        shelled = [
            page_shell.page_response(request, PARTS, address, filter_query).content.decode()
            for _ in range(2)
        ]
        context = RequestContext(
            request,
            {"p": {k: mark_safe(v) for k, v in PARTS.items()}, "alternate_object": address,
             "filter_query": filter_query},
        )
        expected = THROUGH_BASE.render(context)
    assert shelled[0] == shelled[1]
    return shelled[1], expected


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_shell_gives_what_base_gives_for_a_release(site, lang):
    release = make_published_release(slug="floods")
    with override(lang):
        shelled, expected = both_ways(release.get_absolute_url(), ReleaseAddress("floods"))
    assert shelled == expected
    assert elements(shelled, "link", rel="alternate", hreflang=lang)
    assert elements(shelled, "a", hreflang=lang)


def test_the_shell_gives_what_base_gives_for_a_filtered_list_and_a_menu_page(site):
    shelled, expected = both_ways("/en/news/", filter_query="kind=statement")
    assert shelled == expected
    assert element(shelled, "a", hreflang="fr", lang="fr").text == "Français"
    assert [link for link in links(shelled) if link.endswith("?kind=statement")]
    shelled, expected = both_ways(site.get_absolute_url())
    assert shelled == expected
    assert element(shelled, "a", aria_current="page").text == "About"


def test_the_shell_is_kept_per_address(site, settings):
    settings.ALLOWED_HOSTS = ["testserver", "example.org"]
    for host in ("testserver", "example.org"):
        shelled, expected = both_ways("/en/news/", host=host)
        assert shelled == expected
        assert f"http://{host}/en/news/" in links(shelled)


def test_the_shell_follows_the_organisation_and_the_menu(site, client):
    client.get("/en/news/")
    organisation = Organisation.load()
    organisation.acronym = "OIMX"
    organisation.save()
    item = MenuItem.objects.get(label_en="About")
    item.label_en = "Who we are"
    item.save()
    page = client.get("/en/news/").content.decode()
    assert element(page, "title").text.endswith("| OIMX")
    assert elements(page, "a", text="Who we are")
