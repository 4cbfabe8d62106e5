"""Where a release's PDFs and press kit are kept: made once per content version, then read
from the private storage (core.media_storage: a folder or bucket prefix nothing serves as it
is), so the public reaches the files only through the newsroom's views, which ask
`published()` first: a withdrawn release's files have no address (and leave storage:
newsroom.images.files_follow_status).

Each release has a folder whose name is signed with the secret key (`press/<pk>-<signature>/`),
so a file cannot be found by guessing even in the storage.
A file's name carries the content it was made from (`content_key`): a new version of the
release, a changed contact or image rights that expired make a new name. The files of older
versions are deleted once a release's write commits, and those of older content when the
new ones are stored.
"""

import hashlib
import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.crypto import salted_hmac

from core import leases
from core.media import still_used
from core.media_storage import private_storage

logger = logging.getLogger(__name__)


def folder(release):
    return folder_of(release.pk)


def folder_of(release_pk):
    signature = salted_hmac("newsroom.press_files", str(release_pk)).hexdigest()[:20]
    return f"press/{release_pk}-{signature}"


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
    caller sends them without reading them back), or the name of the stored file.

    One process makes a file at a time (a lease per file name, core.leases): the others
    asking meanwhile wait for it and read it from storage. No more than
    PRESS_RENDERS_AT_ONCE files are made at once across the site. A request that waited
    PRESS_RENDER_WAIT seconds in all gives up with `leases.Busy` (the view answers 503).
    """
    if private_storage().exists(name):
        return None, name
    deadline = time.monotonic() + settings.PRESS_RENDER_WAIT

    def exists():
        return private_storage().exists(name)

    with leases.held(
        [f"press:{name}"], settings.PRESS_RENDER_LEASE_SECONDS,
        wait=settings.PRESS_RENDER_WAIT, done=exists,
    ) as mine:
        # Made by another while this one waited (or just before it took the lease).
        if mine is None or exists():
            return None, name
        with _render_slot(deadline):
            started = time.monotonic()
            logger.info("Making the press file %s", name)
            data = make()
            saved = private_storage().save(name, ContentFile(data))
            logger.info("Made the press file %s in %.1f s", name, time.monotonic() - started)
    if saved != name:
        # The storage gave another name: the file was stored meanwhile (by a process whose
        # lease had expired), whose copy is kept.
        delete_quietly(saved)
    forget_older(name)
    return data, None


# Set while this thread holds a render slot: a press kit makes the PDFs it holds within its
# own slot (asking for a second one could wait for ever on itself).
_holding_slot = ContextVar("press_render_slot", default=False)


@contextmanager
def _render_slot(deadline):
    if _holding_slot.get():
        yield
        return
    names = [f"press-render-slot:{n}" for n in range(settings.PRESS_RENDERS_AT_ONCE)]
    wait = max(0.0, deadline - time.monotonic())
    with leases.held(names, settings.PRESS_RENDER_LEASE_SECONDS, wait=wait):
        marker = _holding_slot.set(True)
        try:
            yield
        finally:
            _holding_slot.reset(marker)


def _version_and_key(filename):
    """(version, content key) of a press file's name ("v7-0a1b2c3d4e5f-fr.pdf"), or None."""
    version, _dash, rest = filename.partition("-")
    digest = rest.split("-", 1)[0]
    if not (version.startswith("v") and version[1:].isdigit() and digest):
        return None
    return int(version[1:]), digest


def forget_older(current_name):
    """Delete the release's files made from older content than `current_name`'s: an older
    version, or the same version with other contacts or image rights. A newer version's
    files (stored by a request that saw the edit first) stay."""
    directory, _slash, filename = current_name.rpartition("/")
    current = _version_and_key(filename)
    if current is None:
        return
    version, digest = current
    for other in _files(directory):
        found = _version_and_key(other)
        if found is None or found[0] < version or (found[0] == version and found[1] != digest):
            _delete_unless_used(f"{directory}/{other}")


def forget_superseded(release_pk):
    """Once a release's write committed: delete its files made from a version older than
    the one now in the database (they can never be asked for again)."""
    from .models import NewsRelease

    current = NewsRelease.objects.filter(pk=release_pk).values_list("version", flat=True).first()
    if current is None:
        return
    directory = folder_of(release_pk)
    for name in _files(directory):
        found = _version_and_key(name)
        if found is None or found[0] < current:
            _delete_unless_used(f"{directory}/{name}")


def _files(directory):
    """The folder's file names; none when the folder is missing, or when the storage fails
    (old files are only clutter: a storage down must fail no save nor download)."""
    try:
        return private_storage().listdir(directory)[1]
    except FileNotFoundError:
        return []
    except Exception:
        logger.exception("Could not list the press files of %r to delete old ones.", directory)
        return []


def _delete_unless_used(name):
    # The write path's rule for files (core.media): none leaves storage while a row names it.
    if not still_used(name):
        delete_quietly(name)


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
