"""Work done by one process at a time across every process of the site (making a release's
PDF once, a limit on how many are made at once), with or without Redis: the database holds
one row per piece of work, and inserting that row is taking it (a unique key decides).

Each insert commits on its own (autocommit), so the other processes see it at once; a
lease expires after `seconds`, so one held by a process that died is taken again then."""

import time
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Lease


class Busy(Exception):
    """The lease stayed taken for as long as the caller would wait."""


def take(name, seconds):
    """The lease's token when this call took it, None when someone else holds it."""
    now = timezone.now()
    Lease.objects.filter(name=name, expires_at__lte=now).delete()
    token = uuid.uuid4()
    try:
        with transaction.atomic():
            Lease.objects.create(
                name=name, holder=token, expires_at=now + timedelta(seconds=seconds)
            )
    except IntegrityError:
        return None
    return token


def give_back(name, token):
    # Only the holder's own row: one that expired and was taken by another stays theirs.
    Lease.objects.filter(name=name, holder=token).delete()


def wait_for_one(names, seconds, *, wait, done=lambda: False, poll=0.1):
    """Take the first free lease of `names` (waiting up to `wait` seconds for one):
    (name, token); or (None, None) as soon as `done()` is true (the work was done by its
    holder meanwhile). Raises Busy when none was freed in time."""
    deadline = time.monotonic() + wait
    while True:
        for name in names:
            token = take(name, seconds)
            if token is not None:
                return name, token
        if done():
            return None, None
        if time.monotonic() >= deadline:
            raise Busy
        time.sleep(poll)


@contextmanager
def held(names, seconds, *, wait, done=lambda: False):
    """One of `names` held for the block (its name, or None when `done()` came true first)."""
    name, token = wait_for_one(names, seconds, wait=wait, done=done)
    try:
        yield name
    finally:
        if token is not None:
            give_back(name, token)
