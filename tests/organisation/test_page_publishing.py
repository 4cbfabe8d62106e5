"""Institutional pages follow the releases' publication rule: drafts and scheduled pages are
out of sight until their time, staff preview them in each language, and only holders of
`organisation.publish_page` decide when the public sees one."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from core.models import ActivityEntry
from organisation.models import MenuItem, Page
from tests import factories
from tests.admin_forms import change_form_data
from tests.factories import member_of
from tests.html import all_text, attribute_values, element, elements

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

CHANGELIST = reverse("admin:organisation_page_changelist")


def make_page(**fields):
    values = dict(
        title_en="Partnerships", title_fr="Partenariats", title_es="Alianzas",
        slug_en="partnerships", slug_fr="partenariats", slug_es="alianzas",
        status=Page.Status.DRAFT,
    )
    values.update(fields)
    return Page.objects.create(**values)


def page_url(page, lang):
    with override(lang):
        return page.get_absolute_url()


def preview_url(page, lang):
    with override(lang):
        return reverse("organisation:page_preview", kwargs={"pk": page.pk})


def change_url(page):
    return reverse("admin:organisation_page_change", args=[page.pk])


@pytest.fixture
def staff_client(client):
    client.force_login(factories.make_staff_user("organisation.view_page"))
    return client


@pytest.fixture
def translator_client(client):
    client.force_login(member_of("Translators"))
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(member_of("Editors"))
    return client


# --- Public -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_scheduled_page_is_a_404_before_its_time(client, lang):
    """A page published for tomorrow answers 404 today, in every language."""
    page = make_page(status=Page.Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1))
    assert client.get(page_url(page, lang)).status_code == 404


def test_scheduled_page_appears_at_its_time_without_a_save(client):
    """At its public time the page answers 200, with nothing saved in between (its 404 was
    served first, with the caches on)."""
    start = timezone.now()
    page = make_page(status=Page.Status.PUBLISHED, published_at=start + timedelta(hours=2))
    with time_machine.travel(start, tick=False) as traveller:
        assert client.get("/en/partnerships/").status_code == 404
        traveller.shift(timedelta(hours=2, seconds=1))
        response = client.get(page.get_absolute_url())
    assert response.status_code == 200
    assert response.context["page"] == page


def test_scheduled_page_enters_the_cached_menu_at_its_time(client, settings):
    """A scheduled page's menu entry appears at its time, though the menu was cached before
    (for longer than the wait)."""
    settings.CONTENT_CACHE_SECONDS = 3600
    start = timezone.now()
    page = make_page(status=Page.Status.PUBLISHED, published_at=start + timedelta(minutes=10))
    MenuItem.objects.create(label_en="Partnerships", page=page)
    with time_machine.travel(start, tick=False) as traveller:
        before = client.get("/en/structure/")
        assert elements(before, "h1")
        assert not elements(before, "a", text="Partnerships")
        traveller.shift(timedelta(minutes=10, seconds=1))
        html = client.get("/en/structure/").content.decode()
    assert element(html, "a", text="Partnerships").attrs["href"] == "/en/partnerships/"


def test_scheduled_child_enters_its_cached_parent_page_at_its_time(client, settings):
    """An anonymous visitor's cached parent page lists a scheduled child once its time comes."""
    settings.PAGE_CACHE = True
    settings.CONTENT_CACHE_SECONDS = 3600
    start = timezone.now()
    parent = factories.make_published_page(slug_en="our-work",
                                           published_at=start - timedelta(days=1))
    make_page(status=Page.Status.PUBLISHED, published_at=start + timedelta(minutes=10),
              parent=parent)
    with time_machine.travel(start, tick=False) as traveller:
        before = client.get("/en/our-work/")
        assert before.status_code == 200
        assert elements(before, "h1")
        assert "/en/partnerships/" not in attribute_values(before, "href")
        traveller.shift(timedelta(minutes=10, seconds=1))
        html = client.get("/en/our-work/").content.decode()
    assert elements(html, "a", href="/en/partnerships/")


def test_breadcrumb_leaves_out_a_parent_not_yet_public(client):
    """A public page under a scheduled parent shows no breadcrumb link to the parent's 404."""
    parent = make_page(status=Page.Status.PUBLISHED,
                       published_at=timezone.now() + timedelta(days=1))
    child = factories.make_published_page(parent=parent)
    html = client.get(child.get_absolute_url()).content.decode()
    assert element(html, "h1").text == child.title_en
    assert not elements(html, class_="breadcrumb")
    assert "/en/partnerships/" not in attribute_values(html, "href")
    assert "/en/partnerships/" not in all_text(html)


def test_sitemap_leaves_out_draft_and_scheduled_pages(client):
    """Only public pages are in the pages' sitemap."""
    make_page()
    make_page(slug_en="later", slug_fr="plus-tard", slug_es="luego",
              status=Page.Status.PUBLISHED, published_at=timezone.now() + timedelta(days=1))
    public = factories.make_published_page(slug_en="public-page")
    xml = client.get("/sitemap-pages.xml").content.decode()
    assert public.get_absolute_url() in xml
    assert "/en/partnerships/" not in xml
    assert "/en/later/" not in xml


def test_robots_txt_keeps_crawlers_out_of_page_previews(client):
    """robots.txt disallows the page previews in every language."""
    text = client.get("/robots.txt").content.decode()
    for lang in LANGUAGES:
        assert f"Disallow: /{lang}/preview/page/\n" in text


# --- Staff preview ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_staff_preview_a_draft_in_each_language_out_of_search_and_caches(staff_client, lang):
    """A draft's preview answers 200 in each language, in that language, `noindex` and
    `private, no-store`."""
    page = make_page()
    response = staff_client.get(preview_url(page, lang))
    assert response.status_code == 200
    assert response.context["title"].value == getattr(page, f"title_{lang}")
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert element(response, "meta", name="robots").attrs["content"] == "noindex, nofollow"


def test_preview_says_the_page_is_not_public(staff_client):
    """The preview of a draft carries a notice saying so."""
    response = staff_client.get(preview_url(make_page(), "en"))
    assert "This page is a draft." in element(response, "p", class_="preview-banner").text


def test_preview_switcher_and_hreflang_stay_on_the_preview(staff_client):
    """The language switcher and hreflang links of a preview lead to the preview in the other
    languages, not to the page's public 404s."""
    page = make_page()
    html = staff_client.get(preview_url(page, "fr")).content.decode()
    for lang in LANGUAGES:
        assert element(html, "link", rel="alternate", hreflang=lang).attrs["href"] == (
            f"http://testserver{preview_url(page, lang)}"
        )
        assert element(html, "a", hreflang=lang).attrs["href"] == preview_url(page, lang)
    assert "/fr/partenariats/" not in all_text(html)


def test_anonymous_preview_goes_to_the_login(client):
    """Without a session the preview asks to log in and shows nothing."""
    response = client.get(preview_url(make_page(), "en"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_the_view_permission_get_a_404(client):
    """A staff account that may not view pages gets no preview."""
    client.force_login(factories.make_staff_user())
    assert client.get(preview_url(make_page(), "en")).status_code == 404


def test_change_form_links_to_the_preview_in_each_language(translator_client):
    """A page's change form links to its preview in en, fr and es."""
    page = make_page()
    html = translator_client.get(change_url(page)).content.decode()
    for lang in LANGUAGES:
        assert elements(html, "a", href=preview_url(page, lang), hreflang=lang)


# --- Who publishes --------------------------------------------------------------------------


def test_translator_posting_published_status_changes_nothing(translator_client, admin_client):
    """A translator's form that says status=published, time now, leaves the draft a draft and
    saves the French title."""
    page = make_page(title_fr="")
    data = change_form_data(admin_client, change_url(page), "page")
    now = timezone.localtime()
    data.update(status="published", published_at_0=now.strftime("%Y-%m-%d"),
                published_at_1=now.strftime("%H:%M:%S"), title_fr="Partenariats")
    assert translator_client.post(change_url(page), data).status_code == 302
    page.refresh_from_db()
    assert (page.status, page.published_at, page.title_fr) == ("draft", None, "Partenariats")


def test_translator_form_shows_status_and_time_read_only(translator_client):
    """The page form has no status or time inputs for a translator."""
    data = change_form_data(translator_client, change_url(make_page()), "page")
    assert "status" not in data
    assert "published_at_0" not in data
    assert "title_fr" in data


def test_translator_has_no_publish_actions(translator_client):
    """The page list offers a translator neither “Publish now” nor “Unpublish”."""
    make_page()
    html = translator_client.get(CHANGELIST).content.decode()
    assert element(html, "table", id="result_list")
    assert not elements(html, "option", value="publish_now")
    assert not elements(html, "option", value="unpublish")
    assert not elements(html, value="publish_now") and not elements(html, value="unpublish")


@pytest.mark.parametrize(("status", "action"), [("draft", "publish_now"),
                                                ("published", "unpublish")])
def test_translator_posting_a_publish_action_changes_nothing(translator_client, status, action):
    """A hand-made POST of either action by a translator leaves the page as it was."""
    page = make_page(status=status)
    translator_client.post(CHANGELIST, {"action": action, "_selected_action": [page.pk]})
    page.refresh_from_db()
    assert page.status == status
    assert not ActivityEntry.objects.filter(action__in=["publish", "unpublish"]).exists()


def test_editor_publishes_through_the_form(editor_client):
    """An editor's form with status=published makes the draft public."""
    page = make_page()
    data = change_form_data(editor_client, change_url(page), "page")
    data["status"] = "published"
    assert editor_client.post(change_url(page), data).status_code == 302
    assert list(Page.objects.published()) == [page]


def test_editor_schedules_through_the_form(editor_client):
    """An editor's form with a public time tomorrow schedules the page: 404 until then."""
    page = make_page()
    data = change_form_data(editor_client, change_url(page), "page")
    tomorrow = timezone.localtime() + timedelta(days=1)
    data.update(status="published", published_at_0=tomorrow.strftime("%Y-%m-%d"),
                published_at_1=tomorrow.strftime("%H:%M:%S"))
    editor_client.post(change_url(page), data)
    assert list(Page.objects.scheduled()) == [page]
    assert editor_client.get("/en/partnerships/").status_code == 404


def test_editor_publishes_with_the_action_and_it_is_logged(editor_client):
    """An editor's “Publish now” makes the draft public, bumps its version and writes one
    activity row naming the editor."""
    page = make_page()
    editor_client.post(
        CHANGELIST, {"action": "publish_now", "_selected_action": [page.pk], "confirmed": "yes"}
    )
    page.refresh_from_db()
    assert page.is_public
    assert page.version == 2
    entry = ActivityEntry.objects.get(action__in=["publish", "unpublish"])
    assert (entry.action, entry.object_id) == ("publish", str(page.pk))
    assert entry.user.groups.filter(name="Editors").exists()


def test_editor_unpublishes_with_the_action_and_it_is_logged(editor_client):
    """An editor's “Unpublish” makes the page a draft again, out of the menu, and logged."""
    page = make_page(status=Page.Status.PUBLISHED)
    MenuItem.objects.create(label_en="Partnerships", page=page)
    editor_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [page.pk]})
    page.refresh_from_db()
    assert page.status == Page.Status.DRAFT
    assert ActivityEntry.objects.get(action__in=["publish", "unpublish"]).action == "unpublish"
    structure = editor_client.get("/en/structure/")
    assert elements(structure, "h1")
    assert not elements(structure, "a", text="Partnerships")


def test_publish_now_brings_a_scheduled_page_forward(editor_client):
    """“Publish now” on a page already scheduled makes it public at once, as it does a
    release (core.publishing): its later public time becomes now."""
    later = timezone.now() + timedelta(days=2)
    page = make_page(status=Page.Status.PUBLISHED, published_at=later)
    editor_client.post(
        CHANGELIST, {"action": "publish_now", "_selected_action": [page.pk], "confirmed": "yes"}
    )
    page.refresh_from_db()
    assert page.is_public
    assert page.published_at < later
    assert editor_client.get("/en/partnerships/").status_code == 200
