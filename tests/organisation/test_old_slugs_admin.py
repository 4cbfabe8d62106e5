"""In the admin, an old slug of another page, person or unit is refused on the slug field, and
a rename made there leaves the old address leading to the new one."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from organisation.models import Page, Person, Unit
from tests import factories
from tests.admin_forms import loaded_state

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

MESSAGE = "“first” is an old address of “Owner” and still leads there: choose another slug."


def page_form(**fields):
    data = {
        "status": "draft", "published_at_0": "", "published_at_1": "",
        "parent": "", "original_language": "en", "order": "0",
    }
    for code in LANGUAGES:
        for name in ("withdrawal_reason", "title", "slug", "summary", "body"):
            data[f"{name}_{code}"] = ""
    data.update(title_en="New page", slug_en="new-page")
    data.update(fields)
    return data


def unit_form(**fields):
    data = {"name_en": "New unit", "name_fr": "", "name_es": "", "slug": "new-unit",
            "kind": "office", "parent": "", "order": "0",
            "summary_en": "", "summary_fr": "", "summary_es": ""}
    data.update(fields)
    return data


def person_form(**fields):
    data = {
        "name": "New person", "slug": "new-person",
        "photo_alt_en": "", "photo_alt_fr": "", "photo_alt_es": "",
        "biography_en": "", "biography_fr": "", "biography_es": "",
        "positions-TOTAL_FORMS": "0", "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "0", "positions-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def renamed_owner(model):
    """An object of `model` called "Owner" whose slug "first" was renamed to "second"."""
    if model is Page:
        owner = Page.objects.create(title_en="Owner", slug_en="x", slug_fr="first")
        owner.slug_fr = "second"
    elif model is Unit:
        owner = factories.make_unit(name_en="Owner", slug="first")
        owner.slug = "second"
    else:
        owner = factories.make_person(name="Owner", slug="first")
        owner.slug = "second"
    owner.save()
    return owner


CASES = {
    "page": (Page, "admin:organisation_page_add", page_form, "slug_fr"),
    "unit": (Unit, "admin:organisation_unit_add", unit_form, "slug"),
    "person": (Person, "admin:organisation_person_add", person_form, "slug"),
}


@pytest.mark.parametrize("case", CASES)
def test_add_form_refuses_an_old_slug_of_another_object(admin_client, case):
    """The add form comes back with the reason on the slug field; nothing is created."""
    model, url_name, form, field = CASES[case]
    renamed_owner(model)
    response = admin_client.post(reverse(url_name), form(**{field: "first"}))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {field: [MESSAGE]}
    assert model.objects.count() == 1


@pytest.mark.parametrize("case", CASES)
def test_add_form_accepts_a_free_slug_beside_an_old_one(admin_client, case):
    """The same form with a slug nobody had is saved."""
    model, url_name, form, field = CASES[case]
    renamed_owner(model)
    response = admin_client.post(reverse(url_name), form(**{field: "fresh"}))
    assert response.status_code == 302
    assert model.objects.count() == 2


def test_page_renamed_in_the_admin_keeps_its_old_french_address(admin_client, client):
    """A page's French slug changed in its change form: the old French address answers 301."""
    page = Page.objects.create(title_en="Partnerships", slug_en="partnerships",
                               slug_fr="partenariats", status=Page.Status.PUBLISHED)
    # The admin reads the public time in the site's time zone.
    local = timezone.localtime(page.published_at)
    data = page_form(title_en="Partnerships", slug_en="partnerships", slug_fr="nos-partenaires",
                     status="published", published_at_0=f"{local:%Y-%m-%d}",
                     published_at_1=f"{local:%H:%M:%S}")
    response = admin_client.post(
        reverse("admin:organisation_page_change", args=[page.pk]),
        data | loaded_state(admin_client, page),
    )
    assert response.status_code == 302
    redirected = client.get("/fr/partenariats/")
    assert (redirected.status_code, redirected["Location"]) == (301, "/fr/nos-partenaires/")
