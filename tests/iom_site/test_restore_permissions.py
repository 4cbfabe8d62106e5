"""Restoring a revision brings back the rows it carries (a person's positions, a menu entry's
sub-entries, a release's contacts) only as far as the person may write them: a row added
since goes only with the child model's delete permission, a row deleted since comes back only
with its add permission, and a translator brings back translated text, never dates or order.
What stays is said on the confirmation page and after the restore; nothing else changes.
Tried through the admin with the roles of `manage.py setup_roles`."""

import re
from datetime import date

import pytest
from django.urls import reverse

from core.revisions import revision, versions_of
from newsroom.models import ReleaseContact
from organisation.models import MenuItem, Position
from tests.factories import (
    attach_contact,
    make_contact,
    make_draft_release,
    make_person,
    make_position,
    make_staff_user,
    member_of,
)
from tests.html import element, elements

pytestmark = pytest.mark.django_db


def restore_url(obj, version):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_revision_restore", args=[obj.pk, version.pk]
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def person_changed_since():
    """A person whose revision held one position (French title "Directeur", no end date);
    since then an editor ended it, retitled it in French and added a second position."""
    person = make_person(name="Amy Pope")
    with revision(source="test"):
        position = make_position(person=person, title_en="Director", title_fr="Directeur")
        person.save()
    old = versions_of(person).first()
    with revision(source="test"):
        position.end_date, position.title_fr = date(2025, 1, 1), "Directrice"
        position.save()
        make_position(person=person, title_en="Adviser", start_date=date(2025, 2, 1))
        person.save()
    return person, position, old


def positions(person):
    return {
        p.title_en: (p.title_fr, p.end_date) for p in Position.objects.filter(person=person)
    }


def test_translator_restores_the_text_of_positions_not_their_dates_nor_rows(
    client, person_changed_since
):
    """A translator's restore brings back a position's French title; its end date stays and
    the position added since is not deleted."""
    person, _position, old = person_changed_since
    client.force_login(member_of("Translators"))
    response = client.post(restore_url(person, old), follow=True)
    assert response.status_code == 200
    assert positions(person) == {
        "Director": ("Directeur", date(2025, 1, 1)),
        "Adviser": (None, None),
    }
    said = messages_of(response)
    assert "“Adviser — Amy Pope” (position), added since, stays: you may not delete it." in said
    assert (
        "“Director — Amy Pope” (position): only its translated text comes back; "
        "you may not change the rest." in said
    )


def test_editor_without_delete_permission_keeps_the_position_added_since(
    client, person_changed_since
):
    """An editor (no delete_position) restores the position's end date and title; the
    position added since stays, and they are told so."""
    person, _position, old = person_changed_since
    client.force_login(member_of("Editors"))
    response = client.post(restore_url(person, old), follow=True)
    assert positions(person) == {
        "Director": ("Directeur", None),
        "Adviser": (None, None),
    }
    assert messages_of(response)[1:] == [
        "“Adviser — Amy Pope” (position), added since, stays: you may not delete it."
    ]


def test_holder_of_delete_position_restores_the_positions_whole(client, person_changed_since):
    """With delete_position too, the restore makes the positions exactly the revision's."""
    person, _position, old = person_changed_since
    client.force_login(
        make_staff_user(
            *(f"organisation.{action}_{model}" for model in ("person", "position")
              for action in ("view", "add", "change", "delete"))
        )
    )
    response = client.post(restore_url(person, old), follow=True)
    assert positions(person) == {"Director": ("Directeur", None)}
    assert len(messages_of(response)) == 1


def test_translator_does_not_bring_back_a_deleted_position(client):
    """A position deleted since stays deleted when a translator restores."""
    person = make_person(name="Ugochi Daniels")
    with revision(source="test"):
        position = make_position(person=person, title_en="Deputy Director General")
        person.save()
    old = versions_of(person).first()
    with revision(source="test"):
        position.delete()
        person.save()
    client.force_login(member_of("Translators"))
    response = client.post(restore_url(person, old), follow=True)
    assert not Position.objects.filter(person=person).exists()
    assert messages_of(response)[1:] == [
        "“Deputy Director General — Ugochi Daniels” (position), deleted since, does not come "
        "back: you may not add it."
    ]


def test_confirmation_page_says_what_stays_and_changes_nothing(client, person_changed_since):
    """The confirmation page lists the rows the translator's restore leaves as they are."""
    person, _position, old = person_changed_since
    client.force_login(member_of("Translators"))
    response = client.get(restore_url(person, old))
    assert response.status_code == 200
    element(response, "strong", text="What you may not change stays as it is now:")
    assert [item.text for item in elements(response, "li", text=re.compile(r"\(position\)"))] == [
        "“Adviser — Amy Pope” (position), added since, stays: you may not delete it.",
        "“Director — Amy Pope” (position): only its translated text comes back; "
        "you may not change the rest.",
    ]
    assert positions(person) == {
        "Director": ("Directrice", date(2025, 1, 1)),
        "Adviser": (None, None),
    }


def test_editor_restoring_a_menu_entry_keeps_the_sub_entry_added_since(client):
    """An editor (no delete_menuitem) restoring a menu entry brings back the sub-entry
    deleted since and its order, and keeps the one added since."""
    with revision(source="test"):
        top = MenuItem.objects.create(label_en="About", target=MenuItem.Target.NEWS)
        gone = MenuItem.objects.create(
            label_en="History", parent=top, target=MenuItem.Target.NEWS, order=1
        )
        moved = MenuItem.objects.create(
            label_en="Structure", parent=top, target=MenuItem.Target.STRUCTURE, order=2
        )
        top.save()
    old = versions_of(top).first()
    with revision(source="test"):
        gone.delete()
        moved.order = 9
        moved.save()
        MenuItem.objects.create(label_en="Careers", parent=top, target=MenuItem.Target.NEWS)
        top.save()
    client.force_login(member_of("Editors"))
    response = client.post(restore_url(top, old), follow=True)
    assert sorted(top.children.values_list("label_en", "order")) == [
        ("Careers", 0), ("History", 1), ("Structure", 2)
    ]
    assert messages_of(response)[1:] == [
        "“Careers” (menu entry), added since, stays: you may not delete it."
    ]


def test_translator_restoring_a_menu_entry_keeps_the_order_of_sub_entries(client):
    """A translator's restore brings back a sub-entry's French label, not its order."""
    with revision(source="test"):
        top = MenuItem.objects.create(label_en="About", target=MenuItem.Target.NEWS)
        sub = MenuItem.objects.create(
            label_en="Structure", label_fr="Structure", parent=top,
            target=MenuItem.Target.STRUCTURE, order=2,
        )
        top.save()
    old = versions_of(top).first()
    with revision(source="test"):
        sub.order, sub.label_fr = 9, "Organigramme"
        sub.save()
        top.save()
    client.force_login(member_of("Translators"))
    client.post(restore_url(top, old))
    sub.refresh_from_db()
    assert (sub.label_fr, sub.order) == ("Structure", 9)


def test_restore_that_would_break_a_constraint_is_refused_with_nothing_changed(client):
    """Someone who may add and change a release's contacts but not delete them restores a
    revision whose contact row was replaced since by a row for the same contact: putting the
    old row back next to the kept one would name the contact twice. The restore is refused
    with the reason, and nothing changes."""
    release = make_draft_release(title_fr="Avant")
    contact = make_contact()
    with revision(source="test"):
        first = attach_contact(release, contact)
        release.save()
    old = versions_of(release).first()
    with revision(source="test"):
        first.delete()
        attach_contact(release, contact, order=3)
        release.title_fr = "Après"
        release.save()
    client.force_login(
        make_staff_user(
            *(f"newsroom.{action}_{model}" for model in ("newsrelease", "releasecontact")
              for action in ("view", "add", "change"))
        )
    )
    response = client.post(restore_url(release, old), follow=True)
    assert response.status_code == 200
    said = messages_of(response)
    assert len(said) == 1 and "already exists" in said[0], said
    release.refresh_from_db()
    assert release.title_fr == "Après"
    assert list(ReleaseContact.objects.filter(release=release).values_list("order")) == [(3,)]
