"""Release detail, staff preview, media contacts and the home page's latest releases."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from tests.factories import (
    attach_contact,
    make_contact,
    make_draft_release,
    make_office,
    make_organisation,
    make_published_release,
    make_scheduled_release,
    make_staff_user,
    make_theme,
)
from tests.html import all_text, attribute_values, element, elements, json_ld, text_of
from tests.i18n import url_in
from tests.images import image_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

ZURICH = ZoneInfo("Europe/Zurich")


def seed_like_release(**fields):
    values = dict(
        title_en="IOM Director General visits",
        title_fr="Le Directeur général se rend",
        title_es="El Director General visita",
        dateline_en="Switzerland",
        dateline_fr="Suisse",
        dateline_es="Suiza",
        lead_en="English lead.",
        lead_fr="Chapeau français.",
        lead_es="Entradilla española.",
        body_en="<p>English body.</p>",
        body_fr="<p>Corps français.</p>",
        body_es="<p>Cuerpo español.</p>",
        original_language="fr",
        published_at=datetime(2017, 6, 20, 11, 0, tzinfo=ZURICH),
    )
    values.update(fields)
    return make_published_release(**values)


def detail_url(release, lang="en"):
    return url_in(lang, "newsroom:detail", slug=release.slug)


def jsonld(response):
    [data] = json_ld(response)
    return data


# --- Detail -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Switzerland"),
        ("fr", "Suisse"),
        ("es", "Suiza"),
    ],
)
def test_detail_dateline_in_each_language(client, lang, expected):
    """The dateline place is the language's own, followed by an en dash."""
    release = seed_like_release()
    dateline = element(client.get(detail_url(release, lang)), "p", class_="dateline")
    assert element(dateline, "span").text == expected
    assert dateline.text.startswith(f"{expected} – ") and elements(dateline, "time")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "20 June 2017"), ("fr", "20 juin 2017"), ("es", "20 de junio de 2017")],
)
def test_detail_date_formatted_for_the_language(client, lang, expected):
    """The date reads as the language writes it."""
    release = seed_like_release()
    assert elements(client.get(detail_url(release, lang)), "time", text=expected)


def test_detail_date_is_in_the_site_time_zone(client):
    """19 June 23:30 UTC is 20 June in Geneva, and the page says 20 June."""
    release = seed_like_release(published_at=datetime(2017, 6, 19, 23, 30, tzinfo=ZoneInfo("UTC")))
    html = client.get(f"/en/news/{release.slug}/").content.decode()
    assert elements(html, "time", text="20 June 2017")


def test_detail_shows_title_lead_and_body_in_the_language(client):
    """The French page carries the French title, lead and body."""
    release = seed_like_release()
    html = client.get(detail_url(release, "fr")).content.decode()
    assert element(html, "h1").attrs == {}
    assert element(html, "h1").text == "Le Directeur général se rend"
    assert "Chapeau français." in text_of(html)
    assert element(html, "div", class_="release-body").attrs == {"class": "release-body"}
    assert element(element(html, "div", class_="release-body"), "p").text == "Corps français."
    assert not elements(html, class_="fallback-note")
    assert "fallback-note" not in all_text(html)


def test_untranslated_release_shows_original_marked_with_lang(client):
    """Without a Spanish text, the page shows the French original with lang="fr" and a note."""
    release = seed_like_release(title_es="", lead_es="", body_es="")
    html = client.get(detail_url(release, "es")).content.decode()
    assert elements(html, "h1", lang="fr", text="Le Directeur général se rend")
    body = element(html, "div", class_="release-body", lang="fr")
    assert [(found.tag, found.text) for found in body.descendants()] == [("p", "Corps français.")]
    assert elements(html, class_="fallback-note")


def test_partly_translated_release_marks_only_the_missing_parts(client):
    """A translated title with an untranslated body: only the body carries the other lang."""
    release = seed_like_release(body_es="")
    html = client.get(detail_url(release, "es")).content.decode()
    assert element(html, "h1").attrs == {}
    assert element(html, "h1").text == "El Director General visita"
    assert elements(html, "div", class_="release-body", lang="fr")
    assert elements(html, class_="fallback-note")


def test_detail_links_themes_and_countries_to_the_filtered_list(client):
    """Each theme and country links to the list filtered by it."""
    release = seed_like_release(countries=["CH"])
    release.themes.add(make_theme(slug="migration-governance", name_fr="Gouvernance"))
    html = client.get(detail_url(release, "fr")).content.decode()
    list_url = url_in("fr", "newsroom:list")
    assert element(html, "a", href=f"{list_url}?theme=migration-governance").text == "Gouvernance"
    assert element(html, "a", href=f"{list_url}?country=CH").text == "Suisse"


def test_detail_lists_contacts_in_order_with_links(client):
    """Contacts appear in the release's order with tel: (E.164), mailto: and vCard links."""
    release = seed_like_release()
    second = make_contact(name="Zed Second", phone="+41 22 717 94 16", email="z@example.org")
    first = make_contact(name="Amy First")
    attach_contact(release, second, order=2)
    attach_contact(release, first, order=1)
    html = client.get(f"/en/news/{release.slug}/").content.decode()
    assert text_of(html).index("Amy First") < text_of(html).index("Zed Second")
    assert elements(html, "a", href="tel:+41227179416")
    assert elements(html, "a", href="mailto:z@example.org")
    assert elements(html, "a", href=f"/en/media-contacts/{second.slug}.vcf")


def test_detail_shows_retired_contact_named_on_it(client):
    """A contact who has since retired stays on the release that named them."""
    release = seed_like_release()
    attach_contact(release, make_contact(name="Old Hand", is_active=False))
    assert "Old Hand" in text_of(client.get(f"/en/news/{release.slug}/"))


def test_detail_image_with_alt_caption_and_credit(client):
    """The image carries its alt text, caption and credit."""
    release = seed_like_release(
        image=upload(image_bytes()),
        image_alt_en="Two people shake hands",
        image_caption_en="At the signing.",
        image_credit="IOM / A. Photographer",
    )
    html = client.get(f"/en/news/{release.slug}/").content.decode()
    assert elements(html, "img", alt="Two people shake hands")
    caption = element(html, "figcaption").text
    assert "At the signing." in caption
    assert "IOM / A. Photographer" in caption


def test_detail_image_is_responsive(client):
    """The image comes as a <picture> with WebP and fallback srcsets made at save time."""
    release = seed_like_release(image=upload(image_bytes(size=(1600, 900))), image_alt_en="A")
    html = client.get(detail_url(release)).content.decode()
    picture = element(html, "picture")
    assert element(picture, "source", type="image/webp", srcset=re.compile(r"^/media/\S+ \d+w"))
    image = element(picture, "img", src=re.compile("^/media/"))
    assert re.match(r"/media/\S+ \d+w", image.attrs["srcset"])
    assert image.attrs["width"] and image.attrs["height"]


def test_detail_open_graph_tags(client):
    """Open Graph tags describe the release as an article, with its locales."""
    release = seed_like_release(title_es="")
    html = client.get(detail_url(release, "fr")).content.decode()
    def meta(name):
        return [found.attrs["content"] for found in elements(html, "meta", property=name)]

    assert meta("og:type") == ["article"]
    assert meta("og:title") == ["Le Directeur général se rend"]
    assert meta("og:description") == ["Chapeau français."]
    url = detail_url(release, "fr")
    assert meta("og:url") == [f"http://testserver{url}"]
    assert meta("og:locale") == ["fr_FR"]
    assert meta("og:locale:alternate") == ["en_GB"]
    assert "es_ES" not in attribute_values(html, "content")
    assert (
        meta("article:published_time") == ["2017-06-20T11:00:00+02:00"]
    )


def test_detail_open_graph_image_is_absolute(client):
    """og:image is an absolute URL."""
    release = seed_like_release(image=upload(image_bytes()))
    html = client.get(f"/en/news/{release.slug}/").content.decode()
    [image] = elements(html, "meta", property="og:image")
    assert image.attrs["content"].startswith("http://testserver/media/")


def test_detail_news_article_jsonld(client):
    """The page carries a schema.org NewsArticle in the page's language."""
    make_organisation()
    release = seed_like_release()
    data = jsonld(client.get(detail_url(release, "es")))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "El Director General visita"
    assert data["inLanguage"] == "es"
    assert data["datePublished"] == "2017-06-20T11:00:00+02:00"
    assert data["dateline"] == "Suiza"
    assert data["publisher"]["name"] == "Organización Internacional para las Migraciones"


def test_jsonld_cannot_be_closed_by_a_title(client):
    """A title holding </script> stays inside the JSON-LD and comes out intact."""
    title = '</script><script>alert("x")</script> & <!--'
    release = seed_like_release(title_en=title)
    response = client.get(f"/en/news/{release.slug}/")
    assert jsonld(response)["headline"] == title
    assert not [found for found in elements(response, "script") if "alert" in found.content
                and found.attrs.get("type") != "application/ld+json"]


def test_detail_hreflang_and_switcher_point_to_the_same_release(client):
    """hreflang alternates and the language switcher lead to this release in each language."""
    release = seed_like_release()
    html = client.get(f"/en/news/{release.slug}/").content.decode()
    for lang in LANGUAGES:
        url = detail_url(release, lang)
        assert element(html, "link", rel="alternate", hreflang=lang).attrs["href"] == (
            f"http://testserver{url}"
        )
        assert element(html, "a", hreflang=lang).attrs["href"] == url


def test_unknown_slug_is_404(client):
    """A slug that names no release answers 404."""
    assert client.get("/en/news/no-such-release/").status_code == 404


def test_odd_slug_is_404(client):
    """A slug with characters no slug has answers 404, not 500."""
    assert client.get("/en/news/%C3%A9t%C3%A9%00/").status_code == 404


def count_queries(client, url):
    # With an empty cache: every query the page can run is counted (core.content_cache).
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_detail_query_count_does_not_grow(client):
    """A release with 10 contacts, themes and related releases costs as many queries as 1."""
    make_organisation()
    small = seed_like_release(countries=["CH"])
    big = seed_like_release(countries=["CH", "FR", "ES"])
    for release, n in ((small, 1), (big, 10)):
        for i in range(n):
            attach_contact(release, make_contact(office=make_office()), order=i)
            release.themes.add(make_theme())
            release.related.add(make_published_release())
    client.get(f"/en/news/{small.slug}/")
    assert count_queries(client, f"/en/news/{big.slug}/") == count_queries(
        client, f"/en/news/{small.slug}/"
    )


# --- Preview ------------------------------------------------------------------------------


def preview_url(release, lang="en"):
    return url_in(lang, "newsroom:preview", pk=release.pk)


def test_preview_asks_anonymous_visitors_to_log_in(client):
    """An anonymous visitor is sent to the login page and never sees the draft."""
    release = make_draft_release(title_en="Secret draft")
    response = client.get(preview_url(release))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert response.content == b""


def test_preview_is_404_for_users_who_are_not_editors(client):
    """A logged-in account without staff rights gets a 404."""
    release = make_draft_release(title_en="Secret draft")
    client.force_login(make_staff_user(is_staff=False))
    assert client.get(preview_url(release)).status_code == 404


def test_preview_is_404_for_staff_without_newsroom_rights(client):
    """Staff who may not view releases get a 404."""
    release = make_draft_release()
    client.force_login(make_staff_user())
    assert client.get(preview_url(release)).status_code == 404


@pytest.mark.parametrize("make", [make_draft_release, make_scheduled_release])
def test_preview_shows_unpublished_release_to_editors(client, make):
    """An editor sees a draft or scheduled release, marked as a preview and noindex."""
    release = make(title_fr="Brouillon secret", original_language="fr")
    client.force_login(make_staff_user("newsroom.view_newsrelease"))
    response = client.get(preview_url(release, "fr"))
    html = response.content.decode()
    assert response.status_code == 200
    assert element(html, "h1").text == "Brouillon secret"
    assert elements(html, class_="preview-banner")
    assert element(html, "meta", name="robots").attrs["content"] == "noindex, nofollow"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_preview_switcher_stays_in_the_preview(client):
    """The language switcher of a preview leads to the preview in the other language."""
    release = make_draft_release()
    client.force_login(make_staff_user("newsroom.view_newsrelease"))
    html = client.get(preview_url(release)).content.decode()
    assert element(html, "a", hreflang="fr").attrs["href"] == preview_url(release, "fr")


def test_editors_still_get_404_on_the_public_url_of_a_draft(client):
    """The public detail URL follows the public rule even for staff."""
    release = make_draft_release()
    client.force_login(make_staff_user("newsroom.view_newsrelease", is_superuser=True))
    assert client.get(f"/en/news/{release.slug}/").status_code == 404


def test_preview_of_unknown_release_is_404(client):
    """Previewing a release that does not exist answers 404."""
    client.force_login(make_staff_user("newsroom.view_newsrelease"))
    assert client.get("/en/news/preview/999999/").status_code == 404


# --- Media contacts -----------------------------------------------------------------------


def test_media_contacts_grouped_by_office(client):
    """Each office heads its contacts, with its city and country."""
    geneva = make_office(name_en="Headquarters", city_en="Geneva", country="CH", order=1)
    nairobi = make_office(name_en="Regional Office Nairobi", city_en="Nairobi", country="KE",
                          order=2)
    make_contact(name="Gina Geneva", office=geneva)
    make_contact(name="Nia Nairobi", office=nairobi)
    make_contact(name="Greg Geneva", office=geneva)
    text = text_of(client.get("/en/media-contacts/"))
    assert "Geneva, Switzerland" in text
    assert "Nairobi, Kenya" in text
    hq, ro = text.index("Headquarters"), text.index("Regional Office Nairobi")
    assert hq < text.index("Gina Geneva") < text.index("Greg Geneva") < ro
    assert ro < text.index("Nia Nairobi")


def test_media_contacts_show_translated_role_and_links(client):
    """A contact shows the role in the page's language and tel:, mailto: and vCard links."""
    contact = make_contact(role_fr="Chargée de presse", email="p@example.org")
    html = client.get(url_in("fr", "newsroom:media_contacts")).content.decode()
    assert "Chargée de presse" in text_of(html)
    assert elements(html, "a", href="tel:+41227179416")
    assert elements(html, "a", href="mailto:p@example.org")
    assert elements(html, "a", href=url_in("fr", "newsroom:contact_vcard", slug=contact.slug))


def test_media_contacts_leave_out_retired_contacts(client):
    """A retired contact is not on the media contacts page."""
    make_contact(name="Rita Retired", is_active=False)
    make_contact(name="Alan Active")
    html = client.get("/en/media-contacts/").content.decode()
    assert "Alan Active" in text_of(html)
    assert "Rita Retired" not in all_text(html)


def test_media_contacts_query_count_does_not_grow(client):
    """30 contacts in several offices cost as many queries as 1."""
    make_organisation()
    make_contact(office=make_office())
    client.get("/en/media-contacts/")
    one = count_queries(client, "/en/media-contacts/")
    offices = [make_office() for _ in range(5)]
    for i in range(29):
        make_contact(office=offices[i % 5])
    assert count_queries(client, "/en/media-contacts/") == one


# --- Home ---------------------------------------------------------------------------------


def test_home_shows_the_five_latest_releases(client):
    """The home page lists the five newest public releases, newest first."""
    releases = [
        make_published_release(published_at=timezone.now() - timedelta(days=day))
        for day in range(1, 7)
    ]
    html = client.get("/en/").content.decode()
    titles = {release.title_en for release in releases}
    shown = [link.text for link in elements(html, "a") if link.text in titles]
    assert shown == [release.title_en for release in releases[:5]]
    assert releases[5].title_en not in all_text(html)


def test_home_query_count_does_not_grow(client):
    """The home page costs as many queries with 1 release as with 50."""
    make_organisation()
    make_published_release()
    client.get("/en/")
    one = count_queries(client, "/en/")
    for _ in range(49):
        make_published_release()
    assert count_queries(client, "/en/") == one
