"""Issue 20, item 1: no silent backdating. Making a release public with a public time more
than an hour in the past is refused until the person confirms that date, on the form; an
import needs `--allow-backdated`."""

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from newsroom.models import NewsRelease
from tests.admin_forms import loaded_state
from tests.factories import make_draft_release, make_published_release
from tests.html import element, elements, text_of
from tests.newsroom.admin_post import release_post_data

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

ADD = reverse("admin:newsroom_newsrelease_add")
WRONG_YEAR = datetime(2020, 1, 15, 9, 30, tzinfo=UTC)


def dated(moment, **fields):
    local = timezone.localtime(moment)
    fields.setdefault("status", "published")
    return release_post_data(
        published_at_0=local.strftime("%Y-%m-%d"),
        published_at_1=local.strftime("%H:%M:%S"),
        **fields,
    )


def test_publishing_with_a_wrong_year_asks_for_a_confirmation_naming_the_date(admin_client):
    response = admin_client.post(ADD, dated(WRONG_YEAR))
    assert response.status_code == 200
    assert not NewsRelease.objects.exists()
    assert "This release will appear as published on 15 January 2020" in text_of(response)
    box = element(response, "input", name="confirm_backdating", type="checkbox")
    assert box.attrs["value"] == "2020-01-15T09:30:00+00:00"
    assert "checked" not in box.attrs


def test_the_confirmed_date_is_published(admin_client):
    admin_client.post(ADD, dated(WRONG_YEAR, confirm_backdating="2020-01-15T09:30:00+00:00"))
    release = NewsRelease.objects.get()
    assert (release.status, release.published_at) == ("published", WRONG_YEAR)


def test_a_confirmation_of_another_date_confirms_nothing(admin_client):
    """Ticked for 2020, then the date changed to 2019: asked again, nothing saved."""
    other = WRONG_YEAR.replace(year=2019)
    response = admin_client.post(ADD, dated(other, confirm_backdating="2020-01-15T09:30:00+00:00"))
    assert not NewsRelease.objects.exists()
    assert "published on 15 January 2019" in text_of(response)


def test_a_time_within_the_hour_is_not_asked_about(admin_client):
    admin_client.post(ADD, dated(timezone.now() - timedelta(minutes=20)))
    assert NewsRelease.objects.published().count() == 1


def test_a_draft_with_an_old_date_is_saved_unasked(admin_client):
    admin_client.post(ADD, dated(WRONG_YEAR, status="draft"))
    assert NewsRelease.objects.get().status == "draft"


def test_editing_a_public_release_keeps_its_old_date_unasked(admin_client):
    release = make_published_release(published_at=WRONG_YEAR, slug="old")
    change = reverse("admin:newsroom_newsrelease_change", args=[release.pk])
    response = admin_client.post(change, dated(
        WRONG_YEAR, slug="old", title_en="Retitled", **loaded_state(admin_client, release)
    ))
    assert response.status_code == 302
    release.refresh_from_db()
    assert release.title_en == "Retitled"


def test_a_draft_made_public_with_a_past_date_is_asked_about(admin_client):
    release = make_draft_release(published_at=None, slug="draft")
    change = reverse("admin:newsroom_newsrelease_change", args=[release.pk])
    response = admin_client.post(
        change, dated(WRONG_YEAR, slug="draft", **loaded_state(admin_client, release))
    )
    assert response.status_code == 200
    release.refresh_from_db()
    assert release.status == "draft"
    assert elements(response, "input", name="confirm_backdating", type="checkbox")


def _record(**fields):
    record = {
        "slug": "archive", "kind": "press-release", "status": "published",
        "original_language": "en", "published_at": "2020-01-15T10:30:00+01:00",
        "title": {"en": "From the archive"}, "lead": {}, "body": {}, "dateline": {},
        "themes": [], "countries": [], "contacts": [], "related": [],
    }
    record.update(fields)
    return record


def _write(tmp_path, *records):
    path = tmp_path / "releases.json"
    path.write_text(json.dumps({"format": "iom_site.releases", "version": 2,
                                "releases": list(records)}))
    return str(path)


def test_an_import_refuses_to_publish_a_release_dated_in_the_past(tmp_path):
    path = _write(tmp_path, _record())
    with pytest.raises(CommandError, match="--allow-backdated"):
        call_command("import_releases", path, stdout=StringIO())
    assert not NewsRelease.objects.exists()


def test_an_import_publishes_an_archive_when_told_to(tmp_path):
    path = _write(tmp_path, _record())
    call_command("import_releases", path, "--allow-backdated", stdout=StringIO())
    release = NewsRelease.objects.get()
    assert release.published_at == datetime(2020, 1, 15, 9, 30, tzinfo=UTC)


def test_an_import_of_drafts_and_embargoes_needs_no_option(tmp_path):
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()
    path = _write(
        tmp_path, _record(status="draft"), _record(slug="embargo", published_at=tomorrow)
    )
    call_command("import_releases", path, stdout=StringIO())
    assert NewsRelease.objects.count() == 2


def test_a_public_release_saved_from_its_own_form_is_not_asked_about(admin_client):
    """The form shows the stored time to the second; posted back, it is the same time."""
    from tests.admin_forms import opened_form

    release = make_published_release(
        published_at=datetime(2020, 1, 15, 9, 30, 12, 345678, tzinfo=UTC)
    )
    data = opened_form(admin_client, release)
    data["lead_en"] = "A new lead"
    change = reverse("admin:newsroom_newsrelease_change", args=[release.pk])
    assert admin_client.post(change, data).status_code == 302
