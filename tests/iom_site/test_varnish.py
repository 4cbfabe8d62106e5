"""deploy/varnish/iom_site.vcl run in front of a live server, as production would: Debian's
varnishd (a child process, its own working directory, a free port) with the xkey vmod, and
the app told to purge it (FRONT_CACHES).

Needs Debian's varnish and varnish-modules: skipped without them, except in CI (`CI=true`),
where it fails."""

import http.client
import time

import pytest
from django.contrib.auth import get_user_model

from newsroom import embargo
from newsroom.models import NewsRelease
from tests.factories import make_published_release, make_scheduled_release
from tests.front_servers import VCL, Varnish, port_of, request
from tests.html import all_text, element, elements
from tests.i18n import url_in

pytestmark = pytest.mark.varnish

PASSWORD = "correct horse battery staple"


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    """varnishd with the example VCL in front of the live server; the app purges it on its
    purge listener."""
    server = Varnish(tmp_path, port_of(live_server.url))
    try:
        settings.FRONT_CACHES = [("core.front_caches.Varnish", server.purge_url)]
        settings.CACHE_TAG_HEADER = "xkey"
        settings.PAGE_CACHE = True
        settings.CONTENT_CACHE_SECONDS = 600
        front = Front(server.port)
        front.purge_port = server.purge_port
        yield front
    finally:
        server.stop()


class Front:
    def __init__(self, port):
        self.port = port

    def get(self, path, cookie=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Host": "localhost"}
        if cookie:
            headers["Cookie"] = cookie
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode()
        connection.close()
        return response

    def is_hit(self, path, cookie=None):
        return self.get(path, cookie).getheader("X-Cache") == "HIT"

    def log_in(self, live_server, client):
        """A session cookie for a staff user who may preview releases."""
        user = get_user_model().objects.create_superuser("editor", "e@example.org", PASSWORD)
        client.force_login(user)
        return f"sessionid={client.cookies['sessionid'].value}"


def detail(release, lang="en"):
    return url_in(lang, "newsroom:detail", slug=release.slug)


@pytest.mark.django_db(transaction=True)
def test_public_page_is_a_hit_the_second_time_and_names_no_tags(varnish):
    url = detail(make_published_release())
    first = varnish.get(url)
    assert first.status == 200 and first.getheader("X-Cache") == "MISS"
    second = varnish.get(url)
    assert second.getheader("X-Cache") == "HIT"
    assert second.getheader("xkey") is None  # the tags stay between the app and Varnish
    assert second.getheader("Set-Cookie") is None


@pytest.mark.django_db(transaction=True)
def test_a_save_purges_its_page_and_list_within_a_second_and_nothing_else(varnish):
    release = make_published_release()
    unrelated = make_published_release()
    news = url_in("en", "newsroom:list")
    for url in (detail(release), detail(unrelated), news):
        varnish.get(url)
        assert varnish.is_hit(url)
    release.title_en = "Corrected through the ORM"
    release.save()
    saved = time.monotonic()
    page, listing = varnish.get(detail(release)), varnish.get(news)
    assert time.monotonic() - saved < 1
    assert element(page.text, "h1").text == "Corrected through the ORM"
    assert page.getheader("X-Cache") == "MISS"
    assert elements(listing.text, "a", text="Corrected through the ORM")
    assert listing.getheader("X-Cache") == "MISS"
    assert varnish.is_hit(detail(unrelated))


@pytest.mark.django_db(transaction=True)
def test_a_deleted_release_leaves_the_list(varnish):
    release = make_published_release(title_en="Gone soon")
    news = url_in("en", "newsroom:list")
    varnish.get(news)
    assert varnish.is_hit(news)
    NewsRelease.objects.filter(pk=release.pk).delete()
    listed = varnish.get(news).text
    assert element(listed, "form", class_="release-filters")
    assert "Gone soon" not in all_text(listed)


@pytest.mark.django_db(transaction=True)
def test_previews_embargo_links_admin_and_logged_in_pages_are_never_cached(
    varnish, live_server, client
):
    cookie = varnish.log_in(live_server, client)
    scheduled = make_scheduled_release(title_en="Under embargo")
    public = make_published_release()
    preview = url_in("en", "newsroom:preview", pk=scheduled.pk)
    link = url_in("en", "newsroom:embargo", token=embargo.make_token(scheduled))
    for url, session in [
        (preview, cookie), (link, None), ("/admin/", cookie), ("/admin/login/", None),
        (detail(public), cookie),
    ]:
        first = varnish.get(url, session)
        assert first.status in (200, 302), url
        assert varnish.get(url, session).getheader("X-Cache") == "MISS", url
    # Nothing of the embargoed release was kept for an anonymous visitor.
    anonymous = varnish.get(preview)
    assert anonymous.status == 302 and anonymous.getheader("Location").startswith("/admin/login/")
    assert "Under embargo" not in anonymous.text
    # A logged-in visit did not fill the cache for others.
    assert varnish.get(detail(public)).getheader("X-Cache") == "MISS"


@pytest.mark.django_db(transaction=True)
def test_responses_setting_a_cookie_are_never_stored(varnish, live_server, client):
    for _ in range(2):
        response = varnish.get("/admin/login/")
        assert response.getheader("Set-Cookie")  # the CSRF cookie
        assert response.getheader("X-Cache") == "MISS"


@pytest.mark.django_db(transaction=True)
def test_purges_only_on_the_purge_listener_from_the_allowed_addresses(varnish):
    """The purge listener takes PURGE from 127.0.0.1 (in the ACL) and nothing else; the public
    listener refuses PURGE whoever sends it, 127.0.0.1 included (behind nginx every visitor
    comes from there)."""
    purge = {"xkey-purge": "site"}
    assert request(varnish.purge_port, "PURGE", "/", purge).status == 200
    assert request(varnish.purge_port, "GET", "/en/").status == 405
    assert request(varnish.port, "PURGE", "/", purge).status == 403
    # Any other address is refused on the purge listener too: the ACL is the VCL's, checked
    # here by its text.
    assert 'acl purgers {\n    "127.0.0.1";\n    "::1";\n}' in VCL.read_text()
