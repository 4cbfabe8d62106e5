"""Editors and Translators (`manage.py setup_roles`), and what the release admin lets each of
them do: translators change texts, only holders of newsroom.publish_newsrelease publish."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from newsroom.models import NewsRelease
from tests.admin_forms import loaded_state
from tests.factories import make_draft_release, make_scheduled_release, member_of
from tests.html import all_text, element, elements, links
from tests.newsroom.admin_post import release_post_data

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

CHANGELIST = reverse("admin:newsroom_newsrelease_changelist")


def change_url(release):
    return reverse("admin:newsroom_newsrelease_change", args=[release.pk])


def setup_roles():
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    return out.getvalue()


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


@pytest.fixture
def translator_client(client):
    client.force_login(member_of("Translators"))
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(member_of("Editors"))
    return client


def post_for(client, release, **fields):
    """The change form's POST for `release`, as a browser of `client`'s user sends it after
    opening the form (status and time included, as a tampered form would send them even
    where they are read-only)."""
    values = {"slug": release.slug, "title_en": release.title_en, "status": release.status}
    values.update(loaded_state(client, release))
    values.update(fields)
    return release_post_data(**values)


# --- The command --------------------------------------------------------------------------


def test_setup_roles_creates_both_groups_and_says_so():
    """A first run creates Editors and Translators and reports each."""
    output = setup_roles()
    assert set(Group.objects.values_list("name", flat=True)) == {"Editors", "Translators"}
    assert "Editors: created" in output
    assert "Translators: created" in output


def test_editors_write_and_publish_but_delete_no_release():
    """Editors may add, change and publish releases and pages and write the organisation's
    content, but not delete a release."""
    setup_roles()
    perms = codenames("Editors")
    assert {
        "newsroom.add_newsrelease", "newsroom.change_newsrelease",
        "newsroom.publish_newsrelease", "newsroom.add_theme", "newsroom.change_presscontact",
        "organisation.add_page", "organisation.publish_page", "organisation.change_person",
        "organisation.change_unit",
        "organisation.add_office", "organisation.change_menuitem",
    } <= perms
    assert "newsroom.delete_newsrelease" not in perms


def test_translators_only_change_and_view():
    """Translators hold change and view permissions only, and not the publish one."""
    setup_roles()
    perms = codenames("Translators")
    assert {"newsroom.change_newsrelease", "organisation.change_page",
            "organisation.change_unit", "newsroom.change_theme"} <= perms
    assert all(p.split(".")[1].startswith(("change_", "view_")) for p in perms)


def test_setup_roles_twice_changes_nothing():
    """A second run leaves both groups' permissions as they were and says so."""
    setup_roles()
    before = {name: codenames(name) for name in ("Editors", "Translators")}
    output = setup_roles()
    assert {name: codenames(name) for name in ("Editors", "Translators")} == before
    assert Group.objects.count() == 2
    assert output.count("unchanged") == 2


def test_setup_roles_puts_a_changed_group_back():
    """A permission given to Translators by hand is taken back, and the run reports it."""
    setup_roles()
    translators = Group.objects.get(name="Translators")
    translators.permissions.add(Permission.objects.get(codename="publish_newsrelease"))
    output = setup_roles()
    assert "newsroom.publish_newsrelease" not in codenames("Translators")
    assert "Translators: updated (+0 −1)" in output


def test_load_demo_content_with_admin_sets_up_roles(monkeypatch):
    """`load_demo_content --with-admin` creates the two groups too."""
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a-password-of-ones-own")
    call_command("load_demo_content", "--with-admin", stdout=io.StringIO())
    assert Group.objects.filter(name__in=["Editors", "Translators"]).count() == 2


# --- Translators in the release admin -----------------------------------------------------


def test_translator_changes_the_french_title(translator_client):
    """A translator saves a French title on a draft."""
    release = make_draft_release(title_fr="")
    response = translator_client.post(
        change_url(release), post_for(translator_client, release, title_fr="Titre traduit")
    )
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.title_fr == "Titre traduit"


def test_translator_posting_published_status_is_ignored(translator_client):
    """A translator's form that says status=published, time now, leaves the draft a draft."""
    release = make_draft_release(published_at=None)
    now = timezone.localtime()
    translator_client.post(
        change_url(release),
        post_for(
            translator_client, release, title_fr="Titre", status="published",
            published_at_0=now.strftime("%Y-%m-%d"), published_at_1=now.strftime("%H:%M:%S"),
        ),
    )
    release.refresh_from_db()
    assert (release.status, release.published_at, release.title_fr) == ("draft", None, "Titre")


def test_translator_cannot_move_an_embargo(translator_client):
    """A translator's form cannot bring a scheduled release's public time forward."""
    release = make_scheduled_release()
    scheduled_for = release.published_at
    past = timezone.localtime() - timedelta(days=1)
    translator_client.post(
        change_url(release),
        post_for(translator_client, release, published_at_0=past.strftime("%Y-%m-%d"),
                 published_at_1=past.strftime("%H:%M:%S")),
    )
    release.refresh_from_db()
    assert release.published_at == scheduled_for
    assert not NewsRelease.objects.published().exists()


def test_translator_form_shows_status_and_time_read_only(translator_client):
    """The change form has no status or time inputs for a translator, nor journalist links."""
    html = translator_client.get(change_url(make_scheduled_release())).content.decode()
    assert not elements(html, name="status")
    assert not elements(html, name="published_at_0")
    assert "/news/embargo/" not in all_text(html)
    assert elements(html, "input", name="title_fr")


def test_translator_has_no_publish_actions(translator_client):
    """The release list offers a translator neither “Publish now” nor “Unpublish”."""
    make_draft_release()
    response = translator_client.get(CHANGELIST)
    assert response.status_code == 200
    assert element(response, "table", id="result_list")
    assert not elements(response, value="publish_now")
    assert not elements(response, value="unpublish")


def test_translator_posting_the_publish_action_publishes_nothing(translator_client):
    """A hand-made POST of “Publish now” by a translator leaves the draft a draft."""
    draft = make_draft_release(published_at=None)
    translator_client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]})
    assert not NewsRelease.objects.published().exists()


def test_translator_cannot_add_a_release(translator_client):
    """The add form is forbidden to a translator."""
    assert translator_client.get(reverse("admin:newsroom_newsrelease_add")).status_code == 403


# --- Editors in the release admin ---------------------------------------------------------


def test_editor_publishes_through_the_form(editor_client):
    """An editor's form with status=published makes the draft public."""
    release = make_draft_release(published_at=None)
    response = editor_client.post(
        change_url(release), post_for(editor_client, release, status="published")
    )
    assert response.status_code == 302
    assert list(NewsRelease.objects.published()) == [release]


def test_editor_publishes_with_the_action(editor_client):
    """An editor's “Publish now” makes the draft public."""
    draft = make_draft_release(published_at=None)
    editor_client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [draft.pk]})
    assert list(NewsRelease.objects.published()) == [draft]


def journalist_links_url(release):
    return reverse("admin:newsroom_newsrelease_journalist_links", args=[release.pk])


def test_editor_makes_journalist_links(editor_client):
    """An editor gets the journalist links of a release under embargo."""
    response = editor_client.post(
        journalist_links_url(make_scheduled_release()), {"made_for": "A. Reporter"}
    )
    assert [link for link in links(response) if "/en/news/embargo/" in link]


def test_translator_cannot_make_journalist_links(translator_client):
    """A translator's POST for journalist links is refused and makes none."""
    response = translator_client.post(
        journalist_links_url(make_scheduled_release()), {"made_for": "A. Reporter"}
    )
    assert response.status_code == 403
    assert "/news/embargo/" not in all_text(response)
