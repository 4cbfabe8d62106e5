"""The slug history kept by every save (core.redirects): which old slugs redirect to
which object, and that no other object may take one while it does."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import ValidationError

from core.models import SlugRedirect
from newsroom.models import NewsRelease
from organisation.models import Page, Person, Unit
from tests import factories

pytestmark = pytest.mark.django_db

# The factory, and the field its name is read from.
KINDS = {
    "release": (factories.make_published_release, "title_en"),
    "person": (factories.make_person, "name"),
    "unit": (factories.make_unit, "name_en"),
}


def rename(obj, **columns):
    for column, value in columns.items():
        setattr(obj, column, value)
    obj.save()


def old_slugs(obj):
    """{(language, old slug): object id} of every redirect of the object's type."""
    rows = SlugRedirect.objects.filter(content_type=ContentType.objects.get_for_model(obj))
    return {(row.language, row.old_slug): row.object_id for row in rows}


def make_page(**fields):
    values = dict(title_en="Partnerships", slug_en="a-en", slug_fr="a-fr", slug_es="a-es",
                  status=Page.Status.PUBLISHED)
    values.update(fields)
    return Page.objects.create(**values)


def slug_errors(obj):
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    return error.value.message_dict


@pytest.mark.parametrize("kind", KINDS)
def test_every_old_slug_points_at_the_object(kind):
    """Two renames keep two old slugs, both pointing at the object, in no language ("")."""
    obj = KINDS[kind][0](slug="first")
    rename(obj, slug="second")
    rename(obj, slug="third")
    assert old_slugs(obj) == {("", "first"): obj.pk, ("", "second"): obj.pk}


def test_page_old_slugs_are_kept_per_language():
    """A page renamed in French and Spanish keeps those old slugs under "fr" and "es"."""
    page = make_page()
    rename(page, slug_fr="b-fr", slug_es="b-es")
    assert old_slugs(page) == {("fr", "a-fr"): page.pk, ("es", "a-es"): page.pk}


def test_clearing_a_page_translation_keeps_its_old_slug():
    """A French slug removed (the page falls back to another language) still redirects."""
    page = make_page()
    rename(page, slug_fr=None)
    assert old_slugs(page) == {("fr", "a-fr"): page.pk}


@pytest.mark.parametrize("kind", KINDS)
def test_renaming_back_removes_that_redirect(kind):
    """first → second → first: only "second" redirects; the current slug never does."""
    obj = KINDS[kind][0](slug="first")
    rename(obj, slug="second")
    rename(obj, slug="first")
    assert old_slugs(obj) == {("", "second"): obj.pk}


def test_saving_without_renaming_costs_no_query_more(django_assert_num_queries):
    """Saving a loaded page whose slugs did not change is its UPDATE, the version it moved
    on to, and the purge of its cache tags (core.purge_rules: is it in the menu, then two
    writes): nothing for the old slugs."""
    page = Page.objects.get(pk=make_page().pk)
    page.title_fr = "Partenariats"
    with django_assert_num_queries(5) as queries:
        page.save()
    assert "version" in queries.captured_queries[1]["sql"]
    assert "organisation_menuitem" in queries.captured_queries[2]["sql"]
    assert "core_cachetagversion" in queries.captured_queries[3]["sql"]


def test_renaming_a_release_loaded_without_its_slug_keeps_the_old_one():
    """A release read with its slug deferred, then renamed: the stored slug is still kept."""
    release = factories.make_published_release(slug="first")
    loaded = NewsRelease.objects.only("title_en").get(pk=release.pk)
    rename(loaded, slug="second")
    assert old_slugs(release) == {("", "first"): release.pk}


def test_a_slug_read_again_from_the_database_is_the_one_kept():
    """A copy refreshed after someone else's rename keeps that rename's slug when it renames."""
    person = factories.make_person(slug="first")
    rename(Person.objects.get(pk=person.pk), slug="second")
    person.refresh_from_db()
    rename(person, slug="third")
    assert old_slugs(person) == {("", "first"): person.pk, ("", "second"): person.pk}


def test_saving_only_other_fields_keeps_no_redirect():
    """A save limited to other columns (update_fields) leaves the slug history alone."""
    unit = factories.make_unit(slug="first")
    unit.slug = "second"
    unit.order = 7
    unit.save(update_fields=["order"])
    assert old_slugs(unit) == {}


@pytest.mark.parametrize("kind", KINDS)
def test_another_object_cannot_take_an_old_slug(kind):
    """Validation refuses, on the slug field, a slug that still leads to another object."""
    make, name_field = KINDS[kind]
    rename(make(slug="first", **{name_field: "Owner"}), slug="second")
    newcomer = make()
    newcomer.slug = "first"
    errors = slug_errors(newcomer)
    assert errors["slug"] == [
        "“first” is an old address of “Owner” and still leads there: choose another slug."
    ]


def test_a_new_object_cannot_take_an_old_slug_either():
    """A release not saved yet is refused an old slug of another release."""
    rename(factories.make_published_release(slug="first", title_en="Owner"), slug="second")
    newcomer = NewsRelease(slug="first", title_en="New", kind="press-release")
    assert "slug" in slug_errors(newcomer)


@pytest.mark.parametrize("kind", KINDS)
def test_an_object_may_take_its_own_old_slug_back(kind):
    """Renaming back to one's own old slug passes validation."""
    obj = KINDS[kind][0](slug="first")
    rename(obj, slug="second")
    obj.slug = "first"
    obj.full_clean()


def test_another_page_cannot_take_an_old_slug_in_that_language():
    """A page cannot take, as its French slug, another page's old French slug."""
    rename(make_page(title_en="Owner"), slug_fr="b-fr")
    newcomer = make_page(slug_en="n-en", slug_fr="n-fr", slug_es="n-es")
    newcomer.slug_fr = "a-fr"
    assert "“a-fr” is an old address of “Owner”" in slug_errors(newcomer)["slug_fr"][0]


def test_another_page_cannot_take_an_old_slug_of_another_language():
    """Pages answer a slug in any language, so an old French slug is refused as an English one."""
    rename(make_page(), slug_fr="b-fr")
    newcomer = make_page(slug_en="n-en", slug_fr="n-fr", slug_es="n-es")
    newcomer.slug_en = "a-fr"
    assert list(slug_errors(newcomer)) == ["slug_en"]


def test_a_slug_kept_unchanged_is_not_refused():
    """A page that already had a slug when another page left it can still be saved as it is."""
    make_page(slug_fr="shared")
    other = make_page(slug_en="o-en", slug_fr="shared", slug_es="o-es")
    first = Page.objects.exclude(pk=other.pk).get()
    rename(first, slug_fr="moved")
    other = Page.objects.get(pk=other.pk)
    other.title_en = "Edited"
    other.full_clean()


def test_deleting_an_object_frees_its_old_slugs():
    """A deleted person's old slugs are forgotten: another person may take them."""
    person = factories.make_person(slug="first")
    rename(person, slug="second")
    person.delete()
    assert not SlugRedirect.objects.exists()
    newcomer = factories.make_person()
    newcomer.slug = "first"
    newcomer.full_clean()


def test_a_write_that_skips_validation_takes_the_slug_over():
    """Created from the shell without validation, the new release owns the slug: no redirect
    is left that would contradict it."""
    rename(factories.make_published_release(slug="first"), slug="second")
    newcomer = factories.make_published_release(slug="first")
    assert old_slugs(newcomer) == {}


def test_renaming_away_from_an_old_slug_taken_by_a_bulk_update_moves_it():
    """A slug taken by QuerySet.update() (the write path follows it as it follows a save) no
    longer leads to its former owner, and renamed away from becomes this object's old slug,
    without an integrity error."""
    owner = factories.make_unit(slug="first")
    rename(owner, slug="second")
    newcomer = factories.make_unit()
    Unit.objects.filter(pk=newcomer.pk).update(slug="first")
    assert old_slugs(owner) == {("", newcomer.slug): newcomer.pk}
    rename(Unit.objects.get(pk=newcomer.pk), slug="third")
    assert old_slugs(owner) == {("", "first"): newcomer.pk, ("", newcomer.slug): newcomer.pk}


def test_taking_a_current_slug_is_still_refused_as_a_duplicate():
    """The model's own uniqueness check still runs beside the old-slug one."""
    factories.make_person(slug="taken")
    newcomer = factories.make_person()
    newcomer.slug = "taken"
    assert slug_errors(newcomer)["slug"] == ["Person with this Slug already exists."]


def test_restoring_an_earlier_state_by_a_raw_save_keeps_the_slug_it_leaves():
    """A release restored from its serialized earlier state (as django-reversion restores a
    revision, with a raw save) keeps the slug it had just before as a redirect."""
    release = factories.make_published_release(slug="first")
    earlier = serializers.serialize("json", [release])
    rename(release, slug="second")
    for restored in serializers.deserialize("json", earlier):
        restored.save()
    assert NewsRelease.objects.get(pk=release.pk).slug == "first"
    assert old_slugs(release) == {("", "second"): release.pk}

