"""The organisation's history in the admin: pages restored (their publication state only by
those allowed to publish pages) and previewed, people restored with their positions."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from core.revisions import revision, versions_of
from organisation.models import Page, Person
from tests.factories import make_person, make_position, make_published_page, make_staff_user
from tests.html import all_text, element, elements, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def admin_url(model, name, obj, *args):
    return reverse(f"admin:organisation_{model}_{name}", args=[obj.pk, *args])


def translator():
    call_command("setup_roles", stdout=io.StringIO())
    user = make_staff_user()
    user.groups.add(Group.objects.get(name="Translators"))
    return user


def draft_then_published(page):
    """A revision of the page as a draft, then the page published with another French title."""
    with revision(source="test"):
        page.status, page.title_fr = Page.Status.DRAFT, "Brouillon"
        page.save()
    draft = versions_of(page).first()
    with revision(source="test"):
        page.status, page.title_fr = Page.Status.PUBLISHED, "En ligne"
        page.save()
    return draft


def test_translators_page_restore_leaves_the_status_and_time(client):
    """A translator restoring a page's draft revision brings its text back; the page stays
    published at its time."""
    page = make_published_page()
    draft = draft_then_published(page)
    published_at = Page.objects.get(pk=page.pk).published_at
    client.force_login(translator())
    response = client.post(admin_url("page", "revision_restore", page, draft.pk))
    assert response.status_code == 302
    page = Page.objects.get(pk=page.pk)
    assert page.title_fr == "Brouillon"
    assert (page.status, page.published_at) == (Page.Status.PUBLISHED, published_at)


def test_page_publishers_restore_brings_back_the_status(client):
    """An editor holding organisation.publish_page who restores a draft revision unpublishes."""
    page = make_published_page()
    draft = draft_then_published(page)
    client.force_login(
        make_staff_user(
            "organisation.view_page", "organisation.add_page", "organisation.change_page",
            "organisation.publish_page",
        )
    )
    client.post(admin_url("page", "revision_restore", page, draft.pk))
    assert Page.objects.get(pk=page.pk).status == Page.Status.DRAFT


def test_page_preview_shows_the_revision_in_the_page_template(admin_client):
    """A page revision's preview renders the public page template with that revision's text."""
    page = make_published_page(summary_fr="Résumé d’origine")
    with revision(source="test"):
        page.save()
    old = versions_of(page).first()
    page.summary_fr = "Résumé réécrit"
    page.save()
    response = admin_client.get(
        admin_url("page", "revision_preview", page, old.pk), {"language": "fr"}
    )
    assert response.status_code == 200
    assert "organisation/page_detail.html" in [t.name for t in response.templates]
    assert "Résumé d’origine" in text_of(response)
    assert "Résumé réécrit" not in all_text(response)
    assert "noindex" in response["X-Robots-Tag"]


def test_person_restore_brings_back_their_positions(admin_client):
    """Restoring a person brings back the positions the revision held, and only those."""
    person = make_person()
    with revision(source="test"):
        kept = make_position(person=person, title_en="Director General")
        person.save()
    old = versions_of(person).first()
    with revision(source="test"):
        kept.delete()
        make_position(person=person, title_en="Adviser", start_date=date(2024, 1, 1))
        person.save()
    admin_client.post(admin_url("person", "revision_restore", person, old.pk))
    person = Person.objects.get(pk=person.pk)
    assert [p.title_en for p in person.positions.all()] == ["Director General"]


def test_comparing_pages_marks_the_changed_spanish_words(admin_client):
    """Comparing two page revisions marks the changed Spanish word of the title."""
    page = make_published_page(title_es="Quiénes somos")
    with revision(source="test"):
        page.save()
    with revision(source="test"):
        page.title_es = "Quiénes fuimos"
        page.save()
    new, old = versions_of(page)
    response = admin_client.get(admin_url("page", "compare", page), {"a": old.pk, "b": new.pk})
    added = [change for change in elements(response, "ins") if change.content == "added: fuimos"]
    assert element(added[0], "span", class_="visually-hidden").text == "added:"
