"""A release's image in lists and on the home page: its smallest rendition, lazy-loaded, sized,
with its alt text in the page's language (marked with `lang` when it falls back), and no query
more per item."""


import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from tests.factories import make_organisation, make_published_release
from tests.html import element, elements
from tests.images import image_bytes

pytestmark = pytest.mark.django_db

def with_image(**fields):
    release = make_published_release(**fields)
    release.image.save("photo.jpg", ContentFile(image_bytes("JPEG", (1600, 900))))
    return release


def thumbnails(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return elements(response, "picture", class_="release-thumb")


@pytest.mark.parametrize("page", ["home", "newsroom:list"])
def test_list_items_show_the_smallest_rendition_lazily_with_alt_text(client, page):
    make_organisation()
    make_published_release(title_en="Top story")  # the newest: the home page's lead story
    release = with_image(image_alt_en="Two nurses at a health post",
                         image_alt_fr="Deux infirmières dans un poste de santé")
    make_published_release(title_en="No image")
    [picture] = thumbnails(client, reverse(page))
    smallest_jpeg = release.image_renditions()[0]
    assert smallest_jpeg.width == 480
    image = element(picture, "img")
    assert image.attrs["loading"] == "lazy"
    assert (image.attrs["width"], image.attrs["height"]) == ("480", "270")
    assert image.attrs["alt"] == "Two nurses at a health post"
    assert element(picture, "source", type="image/webp").attrs["srcset"].endswith(".webp")
    assert image.attrs["src"].endswith(".jpg")
    with override("fr"):
        [picture] = thumbnails(client, reverse(page))
    image = element(picture, "img")
    assert image.attrs["alt"] == "Deux infirmières dans un poste de santé"
    assert [found for found in [picture, *picture.descendants()] if "lang" in found.attrs] == []
    with override("es"):
        [picture] = thumbnails(client, reverse(page))
    image = element(picture, "img")
    assert (image.attrs["alt"], image.attrs["lang"]) == ("Two nurses at a health post", "en")


def test_an_image_adds_no_query_to_the_list(client):
    make_organisation()
    for n in range(3):
        make_published_release(title_en=f"Plain {n}")
    url = reverse("newsroom:list")
    client.get(url)  # warm the content cache, as the query-count tests do
    with CaptureQueriesContext(connection) as plain:
        client.get(url + "?page=1")
    for n in range(3):
        with_image(title_en=f"Pictured {n}")
    client.get(url + "?kind=")
    with CaptureQueriesContext(connection) as pictured:
        assert len(thumbnails(client, url + "?page=1&kind=")) == 3
    assert len(pictured) == len(plain)


def test_the_demo_shows_images_in_the_list(client, demo):
    assert len(thumbnails(client, reverse("newsroom:list"))) >= 2
    assert len(thumbnails(client, reverse("home"))) >= 1


def test_home_page_leads_with_the_newest_release_and_its_image(client):
    """The newest release is the home page's top story: its title, lead and image at a
    size for the screen (the smallest rendition first, larger ones in its srcset), fetched
    early; the next releases follow as short items."""
    make_organisation()
    lead = with_image(title_en="Newest release", lead_en="What happened today.",
                      image_alt_en="A health post at dawn")
    make_published_release(title_en="Older release")
    response = client.get(reverse("home"))
    story = element(response, "section", class_="top-story")
    assert element(story, "h3").text == "Newest release"
    assert element(story, "p", class_="release-lead").text == "What happened today."
    image = element(element(story, "picture", class_="lead-picture"), "img")
    assert image.attrs["alt"] == "A health post at dawn"
    assert image.attrs["fetchpriority"] == "high" and "loading" not in image.attrs
    widths = [entry.rsplit(" ", 1)[1] for entry in image.attrs["srcset"].split(", ")]
    assert widths == [f"{r.width}w" for r in lead.image_renditions() if r.format == "jpg"]
    assert len(widths) >= 2
    latest = element(response, "section", class_="latest-releases")
    assert [link.text for link in elements(latest, "a") if link.text != "All releases"] == [
        "Older release"
    ]
