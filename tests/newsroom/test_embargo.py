"""Journalists' links to a release under embargo: signed, expiring, private, and never a door
to a draft or to anything once the link is broken."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from core.models import ActivityEntry
from core.revisions import save_new_version
from newsroom import embargo
from newsroom.models import JournalistLink, NewsRelease
from newsroom.services import unpublish
from tests.factories import (
    attach_contact,
    make_contact,
    make_draft_release,
    make_office,
    make_organisation,
    make_published_release,
    make_scheduled_release,
    make_theme,
)
from tests.html import all_text, attribute_values, element, elements, text_of
from tests.i18n import url_in

pytestmark = [pytest.mark.django_db, pytest.mark.clock]



def embargoed(**fields):
    """A release scheduled for tomorrow, written in the three languages."""
    values = dict(
        title_en="Embargoed news", title_fr="Nouvelle sous embargo", title_es="Noticia embargada",
        body_en="<p>Embargoed body.</p>", body_fr="<p>Corps sous embargo.</p>",
        body_es="<p>Cuerpo embargado.</p>",
    )
    values.update(fields)
    return make_scheduled_release(**values)


def embargo_url(token, lang="en"):
    return url_in(lang, "newsroom:embargo", token=token)


def link_to(release, lang="en"):
    return embargo_url(embargo.make_token(release), lang)


def token_made(ago, release):
    """A genuine token for `release`, made `ago` in the past."""
    link = embargo.make_link(release, "A. Reporter, Daily News")
    made = timezone.now() - ago
    JournalistLink.objects.filter(pk=link.pk).update(
        made_at=made, expires_at=made + embargo.LINK_LIFETIME
    )
    return link.token


TITLES = {"en": "Embargoed news", "fr": "Nouvelle sous embargo", "es": "Noticia embargada"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_link_shows_the_release_before_its_time(client, lang):
    """Before the embargo lifts, the link shows the release in the link's language."""
    release = embargoed()
    response = client.get(link_to(release, lang))
    assert response.status_code == 200
    assert element(response, "h1").text == TITLES[lang]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_link_shows_the_embargo_banner_with_time_and_zone(client, lang, settings):
    """The page carries the embargo notice with the public time and its zone."""
    settings.TIME_ZONE = "Europe/Zurich"
    release = embargoed()
    with override(lang):
        local = timezone.localtime(release.published_at)
    html = client.get(link_to(release, lang)).content.decode()
    banner = element(html, "p", class_="preview-banner embargo-banner", role="note").text
    assert local.strftime("%H:%M") in banner
    assert local.tzname() in banner  # CET or CEST
    assert "UTC" + local.strftime("%z") in banner


def test_link_page_is_kept_out_of_indexes_and_caches(client):
    """The page says noindex in a header and a meta tag, and no-store, and sends no Referer."""
    response = client.get(link_to(embargoed()))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert element(response, "meta", name="robots").attrs["content"] == "noindex, nofollow"


def test_link_page_looks_like_the_public_page(client):
    """Apart from the notice, the page is the public one: the same body, og:url the public URL."""
    release = embargoed()
    html = client.get(link_to(release, "fr")).content.decode()
    public = url_in("fr", "newsroom:detail", slug=release.slug)
    body = element(html, "div", class_="release-body")
    assert body.attrs == {"class": "release-body"}
    assert [(found.tag, found.text) for found in body.descendants()] == [
        ("p", "Corps sous embargo.")
    ]
    assert element(html, "meta", property="og:url").attrs["content"] == (
        f"http://testserver{public}"
    )


def test_link_switcher_stays_on_the_embargo_page(client):
    """The language switcher leads to the same link in the other languages."""
    token = embargo.make_token(embargoed())
    html = client.get(embargo_url(token)).content.decode()
    for lang in ("fr", "es"):
        assert element(html, "a", hreflang=lang).attrs["href"] == embargo_url(token, lang)


def test_public_url_stays_404_during_the_embargo(client):
    """The release's public address answers 404 while the embargo lasts, link or not."""
    release = embargoed()
    client.get(link_to(release))
    for lang in LANGUAGES:
        assert client.get(url_in(lang, "newsroom:detail", slug=release.slug)).status_code == 404


def test_link_redirects_to_the_public_page_once_public(client):
    """After the embargo time the link answers 302 to the public page in its language."""
    release = embargoed()
    token = embargo.make_token(release)
    NewsRelease.objects.filter(pk=release.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(embargo_url(token, "es"))
    assert response.status_code == 302
    assert response["Location"] == url_in("es", "newsroom:detail", slug=release.slug)


def test_expired_link_still_redirects_once_public(client):
    """An old genuine link to a release now public leads to the public page."""
    release = make_published_release()
    response = client.get(embargo_url(token_made(timedelta(days=30), release)))
    assert response.status_code == 302


def assert_refused(response, status, *secrets):
    assert response.status_code == status
    assert elements(response, "h1")
    for secret in secrets:
        assert secret not in all_text(response)
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_expired_link_is_410_without_the_content(client):
    """A link made more than seven days ago answers 410 and shows nothing of the release."""
    release = embargoed(published_at=timezone.now() + timedelta(days=20))
    response = client.get(embargo_url(token_made(timedelta(days=8), release), "fr"))
    assert_refused(response, 410, "Nouvelle sous embargo", "Corps sous embargo")


def test_link_within_its_lifetime_works(client):
    """A link made six days ago still works."""
    release = embargoed(published_at=timezone.now() + timedelta(days=20))
    response = client.get(embargo_url(token_made(timedelta(days=6), release)))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token, other: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature
        lambda token, other: (  # another release's pk under this release's signature
            signing.b64_encode(str(other.pk).encode()).decode() + token[token.index(":"):]
        ),
        lambda token, other: token.split(":")[0],  # signature cut off
        lambda token, other: "not-a-token",
        lambda token, other: "é:ü:ß",
    ],
)
def test_tampered_link_is_404_without_the_content(client, tamper):
    """A token not signed by the site answers 404 and shows nothing of any release."""
    release = embargoed()
    other = make_scheduled_release(title_en="Other embargoed", body_en="<p>Other body</p>")
    response = client.get(embargo_url(tamper(embargo.make_token(release), other)))
    assert_refused(response, 404, "Embargoed news", "Embargoed body", "Other embargoed")


def test_token_signed_for_another_purpose_is_404(client):
    """A value signed with the site's key but another salt opens nothing."""
    release = embargoed()
    response = client.get(embargo_url(signing.TimestampSigner().sign_object(release.pk)))
    assert_refused(response, 404, "Embargoed news")


def test_link_to_a_release_back_in_draft_is_410(client):
    """Once the release goes back to draft, its link shows nothing: it has ended."""
    release = embargoed()
    token = embargo.make_token(release)
    NewsRelease.objects.filter(pk=release.pk).update(status=NewsRelease.Status.DRAFT)
    assert_refused(client.get(embargo_url(token)), 410, "Embargoed news", "Embargoed body")


def test_link_to_a_draft_is_404(client):
    """A token for a draft (never under embargo) shows nothing."""
    release = make_draft_release(published_at=timezone.now() + timedelta(days=1))
    assert_refused(client.get(link_to(release)), 404, release.title_en)


def test_link_to_a_deleted_release_is_404(client):
    """A genuine token whose release no longer exists answers 404."""
    release = embargoed()
    token = embargo.make_token(release)
    release.delete()
    assert client.get(embargo_url(token)).status_code == 404


def test_refusal_page_is_in_the_visitors_language(client):
    """The refusal page is served in the language of the link's address."""
    html = client.get(embargo_url("broken", "fr")).content.decode()
    assert element(html, "html").attrs["lang"] == "fr"


def test_robots_txt_disallows_embargo_links_in_every_language(client):
    """robots.txt keeps crawlers away from every language's embargo links."""
    token = embargo.make_token(embargoed())
    disallowed = [
        line.removeprefix("Disallow: ")
        for line in client.get("/robots.txt").content.decode().splitlines()
        if line.startswith("Disallow: ")
    ]
    for lang in LANGUAGES:
        assert any(embargo_url(token, lang).startswith(prefix) for prefix in disallowed)


def test_embargoed_release_is_in_no_feed_sitemap_or_search(client):
    """The feed, the sitemap and search leave a release under embargo out, link or not."""
    release = embargoed(title_en="Zanzibar agreement")
    make_published_release(title_en="Zanzibar visit", slug="zanzibar-visit")
    client.get(link_to(release))
    feed = client.get(reverse("newsroom:feed_rss")).content.decode()
    sitemap = client.get(reverse("sitemap_section", kwargs={"section": "news"})).content.decode()
    search = client.get(url_in("en", "newsroom:list"), {"q": "Zanzibar"}).content.decode()
    assert elements(search, "a", href=re.compile("/zanzibar-visit/"))
    assert "zanzibar-visit" in sitemap and "zanzibar-visit" in feed
    for text in (feed, sitemap, all_text(search)):
        assert release.slug not in text


def count_queries(client, url):
    """Queries of `url` rendered with nothing kept (newsroom.fragments keeps items and
    parts: compared with the cache empty, pages cost the same whatever was asked before)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_embargo_page_query_count_does_not_grow(client):
    """A release with ten contacts, themes and related releases costs as many queries as one,
    and as many as its public page will."""
    make_organisation()

    def release_with(n, **fields):
        release = embargoed(**fields)
        for i in range(n):
            attach_contact(release, make_contact(office=make_office()), order=i)
            release.themes.add(make_theme())
            release.related.add(make_published_release())
        return release

    small, big = release_with(1), release_with(10)
    public = release_with(10, published_at=timezone.now() - timedelta(hours=1))
    client.get(link_to(small))
    one = count_queries(client, link_to(small))
    assert count_queries(client, link_to(big)) == one
    assert count_queries(client, url_in("en", "newsroom:detail", slug=public.slug)) == one


# --- The admin: links are made on request ----------------------------------------------------


def change_form(client, release):
    return client.get(reverse("admin:newsroom_newsrelease_change", args=[release.pk]))


MADE_FOR = {"made_for": "A. Reporter, Daily News"}


def links_url(release):
    return reverse("admin:newsroom_newsrelease_journalist_links", args=[release.pk])


def test_change_form_offers_to_make_links_without_showing_any(admin_client):
    """The change form of a release under embargo links to “Make journalist links” and shows
    no link itself: opening the form hands nothing to anyone."""
    release = embargoed()
    html = change_form(admin_client, release).content.decode()
    assert elements(html, "a", href=links_url(release))
    assert "/news/embargo/" not in all_text(html)


def test_asking_for_links_shows_what_making_them_means_and_makes_none(admin_client):
    """The page behind the button explains and asks to confirm: a GET makes no link."""
    response = admin_client.get(links_url(embargoed()))
    assert response.status_code == 200
    assert elements(response, type="submit")
    assert "/news/embargo/" not in all_text(response)


def test_made_links_work_in_each_language(admin_client, client):
    """Making links lists full links in en, fr and es that open the embargo page."""
    release = embargoed()
    html = admin_client.post(links_url(release), MADE_FOR).content.decode()
    for lang in LANGUAGES:
        prefix = "http://testserver" + embargo_url("TOKEN", lang).removesuffix("TOKEN/")
        url = element(html, "a", hreflang=lang).attrs["href"]
        assert url.startswith(prefix) and len(url) > len(prefix)
        response = client.get(url.removeprefix("http://testserver"))
        assert element(response, "h1").text == TITLES[lang]


def test_made_links_come_with_their_expiry(admin_client, settings):
    """The links come with the date and time they stop working, seven days from now."""
    settings.TIME_ZONE = "Europe/Zurich"
    expiry = timezone.localtime() + timedelta(days=7)
    html = admin_client.post(links_url(embargoed()), MADE_FOR).content.decode()
    assert expiry.strftime("%Y-%m-%d") in text_of(html)


NOT_UNDER_EMBARGO = pytest.mark.parametrize(
    "make",
    [
        lambda: make_draft_release(published_at=timezone.now() + timedelta(days=1)),
        lambda: make_draft_release(published_at=None),
        make_published_release,
    ],
    ids=["scheduled-draft", "draft", "public"],
)


@NOT_UNDER_EMBARGO
def test_admin_offers_no_link_for_a_release_not_under_embargo(admin_client, make):
    """Drafts and public releases get no journalist link, nor the button to make one."""
    release = make()
    html = change_form(admin_client, release).content.decode()
    assert elements(html, "input", name="title_en")
    assert links_url(release) not in attribute_values(html, "href")
    assert links_url(release) not in all_text(html)
    assert "/news/embargo/" not in all_text(html)
    assert "/actualites/embargo/" not in all_text(html)


@NOT_UNDER_EMBARGO
def test_posting_for_links_to_a_release_not_under_embargo_makes_none(admin_client, make):
    """A hand-made POST for a release not under embargo goes back to its form with an error."""
    release = make()
    response = admin_client.post(links_url(release), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:newsroom_newsrelease_change", args=[release.pk]
    )
    assert "Only for a release under embargo" in text_of(html)
    assert "/news/embargo/" not in all_text(html)


# --- Recorded and revocable links (issue 25, finding 4) --------------------------------------


def assert_no_longer_works(response):
    assert_refused(response, 410, "Embargoed news", "Embargoed body")
    assert element(response, "h1").text == "This link no longer works"


def test_revoked_link_answers_the_friendly_error(admin_client, client):
    """“Revoke all links” ends every link of the release at once: each answers 410 with the
    page saying it no longer works, and shows nothing of the release."""
    release = embargoed()
    tokens = [embargo.make_token(release, who) for who in ("A. Reporter", "B. Writer")]
    response = admin_client.post(links_url(release), {"revoke": "1"})
    assert response.status_code == 302
    for token in tokens:
        assert_no_longer_works(client.get(embargo_url(token)))


def test_link_made_after_revoking_works(admin_client, client):
    """Revoking ends the links made so far, not those made afterwards."""
    release = embargoed()
    admin_client.post(links_url(release), {"revoke": "1"})
    assert client.get(link_to(release)).status_code == 200


def test_revoking_links_of_one_release_leaves_the_others(admin_client, client):
    """Revoking is per release."""
    release, other = embargoed(), embargoed(title_en="Other")
    token = embargo.make_token(other)
    admin_client.post(links_url(release), {"revoke": "1"})
    assert client.get(embargo_url(token)).status_code == 200


def test_revoking_writes_one_activity_row(admin_client):
    """Revoking is a publishing decision: one row of the activity log, naming the release."""
    release = embargoed()
    embargo.make_token(release)
    admin_client.post(links_url(release), {"revoke": "1"})
    entries = ActivityEntry.objects.filter(action=ActivityEntry.Action.EMBARGO_REVOKE)
    assert [(entry.object_id, entry.username) for entry in entries] == [(str(release.pk), "admin")]


def back_to_draft_and_scheduled_again(release):
    unpublish(release, user=None, source="test")
    release.refresh_from_db()
    release.status = NewsRelease.Status.PUBLISHED
    release.published_at = timezone.now() + timedelta(days=2)
    save_new_version(release)


def test_scheduling_again_after_a_draft_does_not_revive_old_links(client):
    """A link made, the release put back to draft, then scheduled again: the old link stays
    dead (it was handed out for an embargo that ended)."""
    release = embargoed()
    token = embargo.make_token(release)
    back_to_draft_and_scheduled_again(release)
    assert NewsRelease.objects.get(pk=release.pk).is_scheduled
    assert_no_longer_works(client.get(embargo_url(token)))
    assert client.get(link_to(release)).status_code == 200


def test_scheduling_again_through_update_does_not_revive_old_links(client):
    """The same through `QuerySet.update()`: the write path ends the links, not a view."""
    release = embargoed()
    token = embargo.make_token(release)
    NewsRelease.objects.filter(pk=release.pk).update(status=NewsRelease.Status.DRAFT)
    NewsRelease.objects.filter(pk=release.pk).update(status=NewsRelease.Status.PUBLISHED)
    assert_no_longer_works(client.get(embargo_url(token)))


def test_public_release_scheduled_again_does_not_revive_old_links(client):
    """A release that went public and is put under embargo again: the first embargo's link
    does not open the second."""
    release = embargoed()
    token = embargo.make_token(release)
    NewsRelease.objects.filter(pk=release.pk).update(
        published_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(embargo_url(token)).status_code == 302
    NewsRelease.objects.filter(pk=release.pk).update(
        published_at=timezone.now() + timedelta(days=1)
    )
    assert_no_longer_works(client.get(embargo_url(token)))


def test_moving_the_embargo_time_keeps_the_links(client):
    """The public time of a release still under embargo moves: its links keep working."""
    release = embargoed()
    token = embargo.make_token(release)
    release.published_at = timezone.now() + timedelta(days=3)
    save_new_version(release)
    assert client.get(embargo_url(token)).status_code == 200


def test_links_are_listed_with_whom_they_were_made_for(admin_client, admin_user, settings):
    """The links page lists every link made: for whom, by whom, when, until when, and
    whether it still works."""
    settings.TIME_ZONE = "Europe/Zurich"
    release = embargoed()
    admin_client.post(links_url(release), {"made_for": "A. Reporter, Daily News"})
    made = timezone.localtime()
    embargo.make_link(release, "B. Writer, Weekly", admin_user)
    embargo.revoke_all(release, admin_user)
    admin_client.post(links_url(release), {"made_for": "C. Editor, Radio"})
    rows = [
        [cell.text for cell in row.descendants() if cell.tag == "td"]
        for row in elements(admin_client.get(links_url(release)), "tr", class_="journalist-link")
    ]
    assert [row[:2] for row in rows] == [
        ["C. Editor, Radio", "admin"], ["B. Writer, Weekly", "admin"],
        ["A. Reporter, Daily News", "admin"],
    ]
    assert made.strftime("%Y-%m-%d") in rows[0][2]
    assert (made + timedelta(days=7)).strftime("%Y-%m-%d") in rows[0][3]
    assert [row[4].split(" ")[0] for row in rows] == ["Works", "Revoked", "Revoked"]


def test_link_needs_whom_it_is_made_for(admin_client):
    """A link made for nobody named is refused with a message on the field, and none is made."""
    release = embargoed()
    response = admin_client.post(links_url(release), {"made_for": "   "})
    assert response.status_code == 200
    assert element(response, "ul", class_="errorlist").text == "This field is required."
    assert "/news/embargo/" not in all_text(response)
    assert not release.journalist_links.exists()


def test_links_of_before_they_were_recorded_open_nothing(client):
    """A link signed the earlier way (the release's pk, its own salt) opens nothing: the
    links handed out before could not be revoked."""
    release = embargoed()
    old = signing.TimestampSigner(salt="newsroom.embargo-link").sign_object(release.pk)
    assert_refused(client.get(embargo_url(old)), 404, "Embargoed news")
