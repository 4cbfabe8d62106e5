"""Where a release's PDFs and press kit are kept: made once per content version, then read
from the private storage (core.media_storage: a folder or bucket prefix nothing serves as it
is), so the public reaches the files only through the newsroom's views, which ask
`published()` first: a withdrawn release's files have no address (and leave storage:
newsroom.images.files_follow_status).

Each release has a folder whose name is signed with the secret key (`press/<pk>-<signature>/`),
so a file cannot be found by guessing even in the storage.
A file's name carries the content it was made from (`content_key`): a new version of the
release, a changed contact or image rights that expired make a new name, and the files of
older content are deleted when the new ones are stored.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.utils.crypto import salted_hmac

from core.media_storage import private_storage

logger = logging.getLogger(__name__)


def folder(release):
    signature = salted_hmac("newsroom.press_files", str(release.pk)).hexdigest()[:20]
    return f"press/{release.pk}-{signature}"


def content_key(release, contacts):
    """What the files are made from, in a few characters: the release's version, the version
    of each contact named (in order), and whether the image may be handed out."""
    parts = [str(release.version), "image" if release.image_rights_current else "no-image"]
    parts += [f"{contact.pk}.{contact.version}" for contact in contacts]
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]
    return f"v{release.version}-{digest}"


def stored(name, make):
    """The stored file `name`, made by `make()` (bytes) the first time it is asked for.

    Returns (bytes or None, name or None): the bytes just made when this call made them (the
    caller sends them without reading them back), or the name of the stored file. Two first
    requests at once may both make it; the second one to store it keeps the first's file and
    deletes its own copy, so no request ever waits for another.
    """
    if private_storage().exists(name):
        return None, name
    data = make()
    saved = private_storage().save(name, ContentFile(data))
    if saved != name:
        # The storage gave another name: the file was stored meanwhile by another request.
        private_storage().delete(saved)
    forget_older(name)
    return data, None


def forget_older(current_name):
    """Delete the release's files made from other content than `current_name`'s."""
    directory, _slash, filename = current_name.rpartition("/")
    prefix = filename.split("-", 2)[:2]
    try:
        _dirs, files = private_storage().listdir(directory)
    except FileNotFoundError:
        return
    for other in files:
        if other.split("-", 2)[:2] != prefix:
            delete_quietly(f"{directory}/{other}")


def forget_all(release):
    """Delete every press file of a release (it is being deleted)."""
    directory = folder(release)
    try:
        _dirs, files = private_storage().listdir(directory)
    except FileNotFoundError:
        return
    for name in files:
        delete_quietly(f"{directory}/{name}")


def delete_quietly(name):
    # Old files are only clutter: a storage that fails now must not fail the request.
    try:
        private_storage().delete(name)
    except Exception:
        logger.exception("Could not delete the old press file %r.", name)
