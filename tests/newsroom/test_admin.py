"""The press office's admin: writing, translating, ordering contacts, publishing."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from newsroom.models import NewsRelease, PressContact
from tests.admin_forms import loaded_state
from tests.factories import (
    make_contact,
    make_draft_release,
    make_published_release,
    make_scheduled_release,
    make_theme,
)
from tests.html import element, elements, text_of
from tests.newsroom.admin_post import release_post_data

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

CHANGELIST = reverse("admin:newsroom_newsrelease_changelist")
ADD = reverse("admin:newsroom_newsrelease_add")


def change_url(release):
    return reverse("admin:newsroom_newsrelease_change", args=[release.pk])


def listed_titles(response):
    return [str(release) for release in response.context["cl"].result_list]


def test_changelist_shows_translation_state_per_language(admin_client):
    """A release written in English with title, lead and body in French only: the original,
    complete in French, missing in Spanish (core.translation_state decides)."""
    make_published_release(title_fr="Communiqué", lead_fr="Chapeau", body_fr="<p>Corps</p>")
    html = admin_client.get(CHANGELIST).content.decode()
    states = [
        (span.attrs["class"], span.attrs["title"], span.text)
        for span in elements(html, "span", class_=re.compile("^translation-"))
    ]
    assert states == [
        ("translation-original", "original", "en •"),
        ("translation-complete", "complete", "fr ✓"),
        ("translation-missing", "missing", "es –"),
    ]


def test_release_missing_lead_is_missing(admin_client):
    """A language with a title but no lead does not count as complete."""
    make_published_release(title_fr="Communiqué", lead_fr="", body_fr="<p>Corps</p>")
    html = admin_client.get(CHANGELIST).content.decode()
    assert elements(html, "span", class_="translation-missing", title="missing", text="fr –")


def test_translation_filter_lists_releases_lacking_a_language(admin_client):
    """?translation=fr:missing lists the releases whose French is missing, and only those."""
    make_published_release(title_en="English only")
    make_published_release(
        title_en="Both", title_fr="Les deux", lead_fr="Chapeau", body_fr="<p>Corps</p>"
    )
    response = admin_client.get(CHANGELIST, {"translation": "fr:missing"})
    assert listed_titles(response) == ["English only"]
    response = admin_client.get(CHANGELIST, {"translation": "fr:complete"})
    assert listed_titles(response) == ["Both"]


def test_search_finds_a_title_in_any_language(admin_client):
    """Searching a Spanish word finds the release whose Spanish title has it."""
    make_published_release(title_en="Migrants", title_es="Gobernanza migratoria")
    make_published_release(title_en="Other")
    response = admin_client.get(CHANGELIST, {"q": "gobernanza"})
    assert listed_titles(response) == ["Migrants"]


def test_filter_by_status_kind_theme_and_country_combine(admin_client):
    """Status, kind, theme and country filters narrow the list together."""
    theme = make_theme()
    wanted = make_published_release(title_en="Wanted", kind="statement", countries=["CH"])
    wanted.themes.add(theme)
    other_kind = make_published_release(title_en="Other kind", countries=["CH"])
    other_kind.themes.add(theme)
    make_draft_release(title_en="Draft", kind="statement", countries=["CH"]).themes.add(theme)
    make_published_release(title_en="Other country", kind="statement", countries=["FR"])
    response = admin_client.get(
        CHANGELIST,
        {"status__exact": "published", "kind__exact": "statement",
         "themes__id__exact": theme.pk, "countries__contains": "CH"},
    )
    assert listed_titles(response) == ["Wanted"]


def test_changelist_queries_do_not_grow_with_releases(admin_client):
    """The list costs the same number of queries for 1 release and for 30."""
    make_published_release()
    with CaptureQueriesContext(connection) as one:
        admin_client.get(CHANGELIST)
    for _ in range(29):
        make_published_release()
    with CaptureQueriesContext(connection) as many:
        admin_client.get(CHANGELIST)
    assert len(many) == len(one)


def test_public_time_is_shown_with_its_time_zone(admin_client, settings):
    """The list gives the public time in the site's zone, with the zone's abbreviation."""
    settings.TIME_ZONE = "Europe/Zurich"
    make_published_release(published_at=datetime(2017, 6, 20, 8, 0, tzinfo=UTC))
    html = admin_client.get(CHANGELIST).content.decode()
    assert "2017-06-20 10:00 CEST" in text_of(html)


def test_scheduled_release_is_marked_in_the_list(admin_client):
    """A published release whose time is still to come says it is scheduled."""
    make_scheduled_release()
    html = admin_client.get(CHANGELIST).content.decode()
    assert "(scheduled)" in text_of(html)


def test_published_at_help_names_the_time_zone(admin_client, settings):
    """The public time field tells the editor which time zone it is in."""
    settings.TIME_ZONE = "Europe/Zurich"
    html = admin_client.get(ADD).content.decode()
    assert "time zone (Europe/Zurich)" in text_of(html)


def test_release_can_be_written_in_french_only(admin_client):
    """An editor saves a release with only a French title when French is its original."""
    data = release_post_data(
        title_en="", title_fr="Communiqué", lead_fr="Chapeau", original_language="fr"
    )
    response = admin_client.post(ADD, data)
    assert response.status_code == 302
    release = NewsRelease.objects.get()
    assert (release.title_fr, release.title_en) == ("Communiqué", None)


def test_title_is_required_in_the_original_language(admin_client):
    """Spanish original without a Spanish title: the form says so and saves nothing."""
    data = release_post_data(title_en="English", original_language="es")
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    assert "A release needs a title in its original language." in text_of(response)
    assert not NewsRelease.objects.exists()


def test_contacts_are_saved_in_the_order_given(admin_client):
    """Two contacts added with orders 2 and 1 come back in that order."""
    first, second = make_contact(name="Zoe"), make_contact(name="Adam")
    data = release_post_data(contacts=[(first, 1), (second, 2)])
    admin_client.post(ADD, data)
    release = NewsRelease.objects.get()
    ordered = [rc.contact for rc in release.releasecontact_set.all()]
    assert ordered == [first, second]


def test_contact_order_can_be_changed(admin_client):
    """Swapping the order fields on the change form swaps the contacts."""
    first, second = make_contact(), make_contact()
    admin_client.post(ADD, release_post_data(contacts=[(first, 1), (second, 2)]))
    release = NewsRelease.objects.get()
    links = list(release.releasecontact_set.all())
    data = release_post_data(**{
        "releasecontact_set-TOTAL_FORMS": "2",
        "releasecontact_set-INITIAL_FORMS": "2",
        "releasecontact_set-0-id": str(links[0].pk),
        "releasecontact_set-0-release": str(release.pk),
        "releasecontact_set-0-contact": str(first.pk),
        "releasecontact_set-0-order": "2",
        "releasecontact_set-1-id": str(links[1].pk),
        "releasecontact_set-1-release": str(release.pk),
        "releasecontact_set-1-contact": str(second.pk),
        "releasecontact_set-1-order": "1",
    }, **loaded_state(admin_client, release))
    response = admin_client.post(change_url(release), data)
    assert response.status_code == 302
    assert [rc.contact for rc in release.releasecontact_set.all()] == [second, first]


def test_published_without_a_time_goes_public_now(admin_client):
    """Saving with status Published and no time makes the release public at once."""
    admin_client.post(ADD, release_post_data(status="published"))
    assert NewsRelease.objects.published().count() == 1


def test_scheduled_release_is_saved_for_later(admin_client):
    """A published release with tomorrow's time is saved but not public yet."""
    tomorrow = timezone.localtime() + timedelta(days=1)
    admin_client.post(ADD, release_post_data(
        status="published",
        published_at_0=tomorrow.strftime("%Y-%m-%d"),
        published_at_1=tomorrow.strftime("%H:%M:%S"),
    ))
    release = NewsRelease.objects.get()
    assert release.status == "published"
    assert not NewsRelease.objects.published().exists()


def test_publish_now_action_publishes_a_draft_at_once(admin_client):
    """“Publish now” makes a draft without a time public."""
    draft = make_draft_release(published_at=None)
    admin_client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]})
    assert list(NewsRelease.objects.published()) == [draft]


def test_publish_now_brings_a_scheduled_release_forward(admin_client):
    """“Publish now” on a scheduled release makes it public immediately."""
    scheduled = make_scheduled_release()
    admin_client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [scheduled.pk],
                                   "confirmed": "yes"})
    assert list(NewsRelease.objects.published()) == [scheduled]


def test_publish_now_keeps_an_old_public_date(admin_client):
    """A draft dated 2017 keeps its date when published again."""
    old = datetime(2017, 6, 20, 10, 0, tzinfo=UTC)
    draft = make_draft_release(published_at=old)
    admin_client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk],
                                   "confirmed": "yes"})
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == ("published", old)


def test_unpublish_action_makes_a_draft(admin_client):
    """“Unpublish” takes a public release off the site."""
    release = make_published_release()
    admin_client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [release.pk]})
    assert not NewsRelease.objects.published().exists()


def test_change_form_has_one_rich_text_editor_per_language(admin_client):
    """The body gets a prose editor in each of the en, fr and es tabs."""
    html = admin_client.get(ADD).content.decode()
    for code in LANGUAGES:
        body = element(html, "textarea", name=f"body_{code}")
        assert [name for name in body.attrs if name.startswith("data-django-prose-editor")]


def test_change_form_loads_every_script_and_stylesheet_from_static(admin_client):
    """Tabs, editor and styles come from /static/, and nothing from another site."""
    html = admin_client.get(ADD).content.decode()
    sources = [script.attrs["src"] for script in elements(html, "script", src=True)]
    sources += [link.attrs["href"] for link in elements(html, "link", href=True)]
    assert any(src.startswith("/static/xstatic/jquery-ui/") for src in sources)
    assert any(src.startswith("/static/django_prose_editor/") for src in sources)
    assert all(src.startswith("/") and not src.startswith("//") for src in sources), sources


def test_editor_import_map_carries_the_csp_nonce(admin_client):
    """The inline import map has the nonce the Content-Security-Policy header allows."""
    response = admin_client.get(ADD)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert element(response, "script", type="importmap").attrs["nonce"] == nonce


def test_theme_autocomplete_finds_a_translated_name(admin_client):
    """The themes autocomplete answers a French search with the matching theme."""
    theme = make_theme(name_en="Migration governance", name_fr="Gouvernance des migrations")
    make_theme(name_en="Health")
    response = admin_client.get(reverse("admin:autocomplete"), {
        "app_label": "newsroom", "model_name": "newsrelease", "field_name": "themes",
        "term": "gouvernance",
    })
    assert [item["id"] for item in response.json()["results"]] == [str(theme.pk)]


def test_contact_phone_is_stored_in_e164(admin_client):
    """A phone typed with spaces is stored as +41227179416."""
    response = admin_client.post(reverse("admin:newsroom_presscontact_add"), {
        "name": "Nicoletta Giordano", "slug": "nicoletta-giordano",
        "role_en": "", "role_fr": "", "role_es": "",
        "phone": "+41 22 717 94 16", "email": "ngiordano@iom.int", "is_active": "on",
    })
    assert response.status_code == 302
    assert PressContact.objects.get().phone.as_e164 == "+41227179416"


def test_invalid_phone_is_refused_with_a_message(admin_client):
    """A phone that is no number gets a form error and nothing is saved."""
    response = admin_client.post(reverse("admin:newsroom_presscontact_add"), {
        "name": "Someone", "slug": "someone", "role_en": "", "role_fr": "", "role_es": "",
        "phone": "12345", "email": "", "is_active": "on",
    })
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["phone"]
    assert not PressContact.objects.exists()


def test_contact_list_filters_active_contacts(admin_client):
    """?is_active__exact=0 lists retired contacts only."""
    make_contact(name="Active")
    make_contact(name="Retired", is_active=False)
    response = admin_client.get(
        reverse("admin:newsroom_presscontact_changelist"), {"is_active__exact": "0"}
    )
    assert listed_titles(response) == ["Retired"]


def test_change_form_links_to_the_preview_in_each_language(admin_client):
    """A draft's change form links to its preview under /en/, /fr/ and /es/."""
    draft = make_draft_release()
    html = admin_client.get(change_url(draft)).content.decode()
    for code in LANGUAGES:
        with override(code):
            assert elements(html, "a", href=reverse("newsroom:preview", kwargs={"pk": draft.pk}))


def test_preview_link_opens_the_draft_for_staff(admin_client):
    """The French preview link of a draft answers 200 for the logged-in editor."""
    draft = make_draft_release(title_fr="Brouillon", lead_fr="Chapeau", body_fr="<p>Corps</p>")
    with override("fr"):
        url = reverse("newsroom:preview", kwargs={"pk": draft.pk})
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Brouillon" in text_of(response)
