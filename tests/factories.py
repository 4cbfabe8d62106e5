"""Small factories shared by the test suites: real rows in the real database, named by state."""

import io
import itertools
from datetime import date, timedelta

from django.core.management import call_command
from django.utils import timezone

from newsroom.models import NewsRelease, PressContact, ReleaseContact, Theme
from organisation.models import Office, Organisation, Page, Person, Position, Region, Unit

_seq = itertools.count(1)


def _n():
    return next(_seq)


def make_organisation(**fields):
    values = dict(
        name_en="International Organization for Migration",
        name_fr="Organisation internationale pour les migrations",
        name_es="Organización Internacional para las Migraciones",
        acronym_en="IOM", acronym_fr="OIM", acronym_es="OIM",
        founded_year=1951, member_states=175, countries_with_presence=171,
    )
    values.update(fields)
    return Organisation.objects.create(**values)


def make_unit(parent=None, **fields):
    n = _n()
    values = dict(name_en=f"Unit {n}", slug=f"unit-{n}", parent=parent, order=n)
    values.update(fields)
    return Unit.objects.create(**values)


def make_person(**fields):
    n = _n()
    values = dict(name=f"Person {n}", slug=f"person-{n}")
    values.update(fields)
    return Person.objects.create(**values)


def make_position(person=None, unit=None, **fields):
    values = dict(
        person=person or make_person(),
        unit=unit or make_unit(),
        title_en="Director",
        start_date=date(2020, 1, 1),
    )
    values.update(fields)
    return Position.objects.create(**values)


def make_region(**fields):
    n = _n()
    values = dict(name_en=f"Region {n}", slug=f"region-{n}", order=n)
    values.update(fields)
    return Region.objects.create(**values)


def make_office(region=None, **fields):
    n = _n()
    values = dict(
        name_en=f"Office {n}", slug=f"office-{n}", region=region or make_region(),
        country="CH", city_en="Geneva",
    )
    values.update(fields)
    return Office.objects.create(**values)


def make_published_page(**fields):
    """An institutional page the public can see, in English only unless told otherwise."""
    n = _n()
    values = dict(
        title_en=f"Page {n}", slug_en=f"page-{n}", body_en=f"<p>Body {n}</p>",
        status=Page.Status.PUBLISHED,
    )
    values.update(fields)
    return Page.objects.create(**values)


def make_theme(**fields):
    n = _n()
    values = dict(name_en=f"Theme {n}", slug=f"theme-{n}")
    values.update(fields)
    return Theme.objects.create(**values)


def make_contact(**fields):
    n = _n()
    values = dict(
        name=f"Contact {n}", slug=f"contact-{n}", role_en="Media officer",
        phone="+41227179416", email=f"contact{n}@example.org",
    )
    values.update(fields)
    return PressContact.objects.create(**values)


def make_published_release(**fields):
    """A release the public can see: published, public time in the past."""
    n = _n()
    values = dict(
        title_en=f"Release {n}", slug=f"release-{n}", lead_en=f"Lead {n}",
        body_en=f"<p>Body {n}</p>", dateline_en="Geneva",
        status=NewsRelease.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(hours=n),
    )
    values.update(fields)
    return NewsRelease.objects.create(**values)


def make_draft_release(**fields):
    fields.setdefault("status", NewsRelease.Status.DRAFT)
    return make_published_release(**fields)


def make_scheduled_release(**fields):
    """Published, but its public time is tomorrow: not public yet."""
    fields.setdefault("published_at", timezone.now() + timedelta(days=1))
    return make_published_release(**fields)


def attach_contact(release, contact, order=0):
    return ReleaseContact.objects.create(release=release, contact=contact, order=order)


def make_staff_user(*permissions, **fields):
    """A staff account holding the given permissions ("newsroom.view_newsrelease", …)."""
    from django.contrib.auth.models import Permission, User

    n = _n()
    values = dict(username=f"staff{n}", is_staff=True)
    values.update(fields)
    user = User.objects.create_user(password="correct horse battery staple", **values)
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def member_of(group_name):
    """A staff account in one of the roles `manage.py setup_roles` creates ("Editors",
    "Translators"), the roles set up first."""
    from django.contrib.auth.models import Group

    call_command("setup_roles", stdout=io.StringIO())
    user = make_staff_user()
    user.groups.add(Group.objects.get(name=group_name))
    return user
