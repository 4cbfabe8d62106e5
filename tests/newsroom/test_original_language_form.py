"""Issue 20, item 5: writing a release in its original language. The server's half: the slug
is made from the original title, a text over its limit is refused (never cut, and the
browser is not told to cut it), and an image chosen before a validation error is said to be
lost, with no link to a file that does not exist. The tabs and the counter are acted out in
Chromium (tests/browser/test_news_day.py)."""

import pytest
from django.urls import reverse

from newsroom.models import NewsRelease
from tests.html import element, elements, text_of
from tests.images import image_bytes, upload
from tests.newsroom.admin_post import release_post_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:newsroom_newsrelease_add")


def french(**fields):
    values = {"original_language": "fr", "title_en": "",
              "title_fr": "Journée des migrants à Genève", **fields}
    return release_post_data(**values)


def test_an_empty_slug_is_made_from_the_original_title(admin_client):
    response = admin_client.post(ADD, french(slug=""))
    assert response.status_code == 302
    assert NewsRelease.objects.get().slug == "journee-des-migrants-a-geneve"


def test_a_title_too_long_is_refused_never_cut(admin_client):
    pasted = ("Migration " * 96).strip()  # 959 characters, as pasted in the trial
    response = admin_client.post(ADD, french(title_fr=pasted))
    assert response.status_code == 200
    assert not NewsRelease.objects.exists()
    errors = response.context["adminform"].form.errors["title_fr"]
    assert "at most 300 characters (it has 959)" in " ".join(errors)
    # The text is given back whole, for the person to shorten.
    assert element(response, "input", name="title_fr").attrs["value"] == pasted


def test_the_browser_is_not_told_to_cut_a_paste(admin_client):
    response = admin_client.get(ADD)
    title = element(response, "input", name="title_fr")
    assert "maxlength" not in title.attrs
    assert title.attrs["data-max-length"] == "300"
    assert not elements(response, "input", maxlength=True, name="title_en")


def test_an_image_chosen_before_an_error_is_said_to_be_lost_and_not_shown(admin_client):
    data = french(title_fr="", image=upload(image_bytes(), "photo.jpg"), image_credit="IOM")
    response = admin_client.post(ADD, data)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["image"])
    assert "The image you chose (photo.jpg) was not kept" in errors
    assert not elements(response, "img", src="/media/photo.jpg")
    assert "choose it again before saving" in text_of(response)
