"""Every object a public page loads from the content apps is named by the page's cache tags:
a change to it purges the page (core.purge_rules). The pages are those the sitemaps list,
the news list filtered, paged and searched, the feeds and the media contacts, in every
language, each rendered with nothing cached (what a view loads then is what it shows)."""

from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
from django.core.management import call_command
from django.db.models.signals import post_init
from django.urls import reverse
from django.utils.translation import override

from core import cache_tags, purge_rules
from core.write_path import ContentModel
from newsroom.models import NewsRelease, Theme

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def demo(settings):
    settings.PAGE_CACHE = False
    settings.CONTENT_CACHE_SECONDS = 600
    call_command("load_demo_content", verbosity=0)


def _locations(client, path):
    root = ET.fromstring(client.get(path).content)
    return [urlsplit(loc.text) for loc in root.iter(f"{{{NS['sm']}}}loc")]


def public_paths(client):
    paths = []
    for section in _locations(client, reverse("sitemap")):
        section_path = f"{section.path}?{section.query}" if section.query else section.path
        paths += [location.path for location in _locations(client, section_path)]
    theme = Theme.objects.filter(releases__isnull=False).first()
    public_slugs = NewsRelease.objects.published().values_list("slug", flat=True)[:5]
    year = NewsRelease.objects.published().dates("published_at", "year").last().year
    for language in ("en", "fr", "es"):
        with override(language):
            news = reverse("newsroom:list")
            paths += [
                f"{news}?theme={theme.slug}", f"{news}?kind=press-release", f"{news}?page=2",
                f"{news}?q=migration", f"{news}?q=SANTE", f"{news}?year={year}",
                f"{news}?theme=no-such-theme", reverse("newsroom:feed_rss"),
                reverse("newsroom:media_contacts"),
                reverse("lite:home"), reverse("lite:list"),
                *(reverse("lite:release", kwargs={"slug": slug}) for slug in public_slugs),
            ]
    return paths


def loaded_while(client, path):
    """(response, the content objects created from the database while answering `path`)."""
    loaded = []

    def record(sender, instance, **kwargs):
        if issubclass(sender, ContentModel):
            loaded.append(instance)

    post_init.connect(record)
    try:
        response = client.get(path)
    finally:
        post_init.disconnect(record)
    return response, [instance for instance in loaded if instance.pk is not None]


def test_every_object_a_public_page_loads_is_named_by_its_tags(client, demo):
    paths = public_paths(client)
    assert len(paths) > 50
    untagged = set()
    for path in paths:
        response, loaded = loaded_while(client, path)
        # An unknown filter's page of help answers 404; it shows objects all the same.
        assert response.status_code == (404 if "no-such-theme" in path else 200), path
        for instance in loaded:
            # The narrowest change to it (a text edit) must purge this page.
            purged = purge_rules.tags_for(type(instance), instance.pk, instance, changed=set())
            if cache_tags.SITE not in purged and not purged & response.cache_tags:
                untagged.add((path, instance._meta.label, instance.pk, tuple(sorted(purged))))
    assert not untagged, sorted(untagged)[:20]
