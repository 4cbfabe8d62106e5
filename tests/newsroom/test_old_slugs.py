"""A release's old slugs through the newsroom's own doors: the admin form and the importer."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from newsroom.models import NewsRelease
from tests.admin_forms import loaded_state
from tests.factories import make_published_release
from tests.newsroom.admin_post import release_post_data

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def renamed_owner():
    release = make_published_release(slug="first", title_en="Owner")
    release.slug = "second"
    release.save()
    return release


def test_add_form_refuses_an_old_slug_of_another_release(admin_client):
    """The release add form says whose old address the slug is; nothing is created."""
    renamed_owner()
    response = admin_client.post(
        reverse("admin:newsroom_newsrelease_add"), release_post_data(slug="first")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "slug": ["“first” is an old address of “Owner” and still leads there: choose another slug."]
    }
    assert NewsRelease.objects.count() == 1


def test_release_renamed_in_the_admin_keeps_its_old_address(admin_client, client):
    """A slug changed in the change form: the old address answers 301 to the new one."""
    release = make_published_release(slug="first", title_en="A release")
    # The admin reads the public time in the site's time zone.
    local = timezone.localtime(release.published_at)
    data = release_post_data(
        slug="renamed", status="published",
        published_at_0=f"{local:%Y-%m-%d}",
        published_at_1=f"{local:%H:%M:%S}",
    )
    url = reverse("admin:newsroom_newsrelease_change", args=[release.pk])
    assert admin_client.post(url, data | loaded_state(admin_client, release)).status_code == 302
    response = client.get("/fr/actualites/first/")
    assert (response.status_code, response["Location"]) == (301, "/fr/actualites/renamed/")


def import_records(tmp_path, *slugs, versions=None):
    """Import one record per slug; `versions` ({slug: version}) writes a version 2 file that
    says which version of each release it was exported from."""
    records = [
        {"slug": slug, "kind": "press-release", "status": "published",
         "published_at": "2024-01-15T10:00:00+01:00", "original_language": "en",
         "title": {"en": f"Title {slug}"}}
        | ({"version": versions[slug]} if versions else {})
        for slug in slugs
    ]
    path = tmp_path / "releases.json"
    document = {"format": "iom_site.releases", "version": 2 if versions else 1,
                "releases": records}
    path.write_text(json.dumps(document), encoding="utf-8")
    call_command(
        "import_releases", str(path), "--allow-backdated", stdout=StringIO(), stderr=StringIO()
    )


def test_import_refuses_an_old_slug_naming_the_record_and_the_current_slug(tmp_path):
    """An imported record may not take a slug that still leads to another release."""
    renamed_owner()
    with pytest.raises(CommandError) as error:
        import_records(tmp_path, "fresh", "first")
    assert (
        'release #2 (slug "first"): slug: an old slug of the release now at "second", which '
        "its old address still leads to (use that slug to update it, or another)"
    ) in str(error.value)
    assert list(NewsRelease.objects.values_list("slug", flat=True)) == ["second"]


def test_import_updates_a_renamed_release_by_its_current_slug(tmp_path):
    """Importing under the current slug updates the renamed release as usual."""
    release = renamed_owner()
    import_records(tmp_path, "second", versions={"second": release.version})
    assert NewsRelease.objects.get().title_en == "Title second"
