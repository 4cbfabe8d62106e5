"""Responsive renditions of a release's image, made once when the image is saved.

core.renditions makes and names the files, in the public media storage (the original stays in
the private one). What pages need — each rendition's name, width and format — is kept on the
release itself (`NewsRelease.renditions`): reading the JSON costs nothing more than the
release row, and no file is opened to show a page.

A withdrawn release keeps no renditions: their addresses were public, and its image must not
answer there any more. They are made again from the original if it is reinstated.
"""

from typing import NamedTuple

from django.core.files.storage import default_storage
from django.db import transaction

from core.renditions import delete_renditions, make_renditions

from . import press_files


class Rendition(NamedTuple):
    url: str
    width: int
    format: str


def update_renditions(release):
    """Make the renditions of a release whose image changed since they were last made."""
    image_name = release.image.name if release.image and not release.is_withdrawn else ""
    if release.renditions.get("source", "") == image_name:
        return
    release.renditions = {
        "source": image_name,
        "items": make_renditions(release.image) if image_name else [],
    }
    # A queryset update: saving again would re-enter the post_save signal that called us.
    type(release).objects.filter(pk=release.pk).update(renditions=release.renditions)


def files_follow_status(release, before):
    """After a write changed the release's status (`before`: the stored values): withdrawn,
    its renditions and stored press files leave storage once the write commits; reinstated,
    its renditions are made again."""
    was_withdrawn = before.get("status") == type(release).Status.WITHDRAWN
    if release.is_withdrawn and not was_withdrawn:
        # The list may be cleared already (the post_save receiver ran first): the names
        # follow from the image's (core.renditions).
        names = [item["name"] for item in release.renditions.get("items", [])]
        image_name = release.image.name if release.image else ""
        update_renditions(release)

        def forget():
            for name in names:
                default_storage.delete(name)
            if image_name:
                delete_renditions(image_name)
            press_files.forget_all(release)

        transaction.on_commit(forget)
    elif was_withdrawn and not release.is_withdrawn:
        update_renditions(release)


class Picture(NamedTuple):
    """What a `<picture>` needs: srcsets per format, the fallback `src` and its size."""

    webp_srcset: str
    fallback_srcset: str
    fallback_url: str
    width: int
    height: int


def _current_items(release):
    if not release.image or release.renditions.get("source") != release.image.name:
        return []
    return release.renditions.get("items", [])


def renditions_of(release):
    storage = default_storage
    return [
        Rendition(storage.url(item["name"]), item["width"], item["format"])
        for item in _current_items(release)
    ]


class Thumbnail(NamedTuple):
    webp_url: str
    url: str
    width: int
    height: int


def thumbnail_of(release):
    """The smallest rendition, for list items and the home page: a WebP source and its JPEG
    (or PNG) fallback of the same size, or None without an image."""
    items = _current_items(release)
    webp = [item for item in items if item["format"] == "webp"]
    fallback = [item for item in items if item["format"] != "webp"]
    if not fallback:
        return None
    storage = default_storage
    smallest = fallback[0]
    return Thumbnail(
        storage.url(webp[0]["name"]) if webp else "", storage.url(smallest["name"]),
        smallest["width"], smallest["height"],
    )


def picture_of(release):
    items = _current_items(release)
    if not items:
        return None
    storage = default_storage

    def srcset(entries):
        return ", ".join(f"{storage.url(item['name'])} {item['width']}w" for item in entries)

    webp = [item for item in items if item["format"] == "webp"]
    fallback = [item for item in items if item["format"] != "webp"]
    # The middle size is a fair default for browsers that ignore srcset.
    default = fallback[len(fallback) // 2]
    return Picture(
        srcset(webp), srcset(fallback), storage.url(default["name"]),
        default["width"], default["height"],
    )


