"""Every admin model keeps revisions, and the commands that write content leave theirs."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Revision

from core.history import HistoryAdmin
from core.revisions import is_registered, versions_of
from organisation.models import Page
from tests.html import text_of

pytestmark = pytest.mark.django_db


def test_every_admin_model_keeps_revisions():
    """Each model with an admin page is registered with reversion and has a history admin."""
    models = [
        model
        for label in ("newsroom", "organisation")
        for model in apps.get_app_config(label).get_models()
        if admin.site.is_registered(model)
    ]
    assert len(models) == 10
    for model in models:
        assert is_registered(model), model
        assert isinstance(admin.site.get_model_admin(model), HistoryAdmin), model


@pytest.mark.parametrize(
    "model",
    [
        model
        for label in ("newsroom", "organisation")
        for model in apps.get_app_config(label).get_models()
        if admin.site.is_registered(model)
    ],
    ids=lambda model: model._meta.label,
)
def test_every_add_form_asks_what_changed_and_why(admin_client, model):
    """Each admin add form has the optional "What changed and why" note."""
    opts = model._meta
    response = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert response.status_code == 200
    assert "revision_comment" in response.context["adminform"].form.fields
    assert "What changed and why" in text_of(response)


def test_load_demo_content_records_one_revision_per_run():
    """The first run of load_demo_content records one revision, from the command."""
    call_command("load_demo_content", stdout=io.StringIO())
    assert list(Revision.objects.values_list("source__source", flat=True)) == [
        "command:load_demo_content"
    ]
    page = Page.objects.get(slug_en="who-we-are")
    assert versions_of(page).count() == 1


def test_second_demo_run_records_no_revision():
    """Running load_demo_content again writes nothing, so it records no revision."""
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("load_demo_content", stdout=io.StringIO())
    assert Revision.objects.count() == 1
