import pytest

from newsroom.models import NewsRelease
from tests.factories import make_draft_release, make_published_release, make_scheduled_release

pytestmark = pytest.mark.clock


@pytest.mark.django_db
def test_published_keeps_only_public_releases():
    """published() holds released items and drops drafts and scheduled ones."""
    public = make_published_release()
    make_draft_release()
    make_scheduled_release()
    assert list(NewsRelease.objects.published()) == [public]


@pytest.mark.django_db
def test_body_is_sanitised_on_create():
    """A body saved outside the admin is still reduced to the allow-list."""
    release = make_published_release(body_en='<p onclick="x()">Hi<script>alert(1)</script></p>')
    release.refresh_from_db()
    assert release.body_en == "<p>Hi</p>"
