"""`manage.py load_demo_content`: the seed's content, loaded once, whatever the number of runs."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict

from newsroom import demo
from newsroom.models import PressContact
from organisation.models import MenuItem, Office, Organisation, Page, Person, Position, Region, Unit

pytestmark = pytest.mark.django_db

MODELS = [Organisation, Page, Unit, Person, Position, Region, Office, MenuItem]


def _load(*args):
    out = io.StringIO()
    call_command("load_demo_content", *args, stdout=out)
    return out.getvalue()


def _snapshot():
    """Every row of every organisation model, all columns (photo file names and timestamps too)."""
    return {
        model.__name__: [
            {k: str(v) for k, v in model_to_dict(obj).items()}
            | {"updated_at": str(getattr(obj, "updated_at", ""))}
            for obj in model.objects.order_by("pk")
        ]
        for model in MODELS
    }


def test_second_run_changes_nothing():
    """Running the command twice leaves the same rows with the same values."""
    _load()
    first = _snapshot()
    _load()
    assert _snapshot() == first


def test_counts_after_loading():
    """The demo has the seed's 9 pages (and the newsroom's 3 standards pages), 6 units,
    3 people, 13 offices and 11 menu entries."""
    _load()
    _load()
    counts = {model.__name__: model.objects.count() for model in MODELS}
    assert counts == {
        "Organisation": 1, "Page": 12, "Unit": 6, "Person": 3, "Position": 3,
        "Region": 5, "Office": 13, "MenuItem": 11,
    }


def test_with_admin_creates_a_superuser_once(monkeypatch):
    """--with-admin creates `admin` with DEMO_ADMIN_PASSWORD and says how to log in; a second
    run creates no other."""
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-secret")
    output = _load("--with-admin")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo-secret")
    assert "admin" in output and "demo-secret" in output
    _load("--with-admin")
    assert get_user_model().objects.count() == 1


def test_with_admin_refuses_admin_admin_outside_the_local_demo_database(monkeypatch):
    """On any database but the local demo's (here the test database), --with-admin wants a
    password of one's own: no `admin`/`admin` on a server."""
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="DEMO_ADMIN_PASSWORD"):
        _load("--with-admin")
    assert not get_user_model().objects.exists()


def test_with_admin_uses_admin_admin_with_debug_on(monkeypatch, settings):
    monkeypatch.delenv("DEMO_ADMIN_PASSWORD", raising=False)
    settings.DEBUG = True
    _load("--with-admin")
    assert get_user_model().objects.get(username="admin").check_password("admin")


def test_without_flag_no_user_is_created():
    """Without --with-admin the command creates no account."""
    _load()
    assert not get_user_model().objects.exists()


def test_newsroom_demo_loads_without_the_organisation_s():
    """Loaded alone, the newsroom demo still works; its contacts then have no office."""
    demo.load(io.StringIO())
    assert not PressContact.objects.filter(office__isnull=False).exists()
