"""Revisions of what editors change, kept by django-reversion: every write path (admin,
import, command, restore, publish action) saves inside `revision()`, so each save leaves one
revision with who, when, from where and why."""

from contextlib import contextmanager

import reversion


@contextmanager
def revision(user=None, comment="", source=""):
    """Record every registered object saved inside as one revision. Nested blocks join the
    outer one (reversion's own rule)."""
    with reversion.create_revision():
        if user is not None and getattr(user, "is_authenticated", False):
            reversion.set_user(user)
        text = comment or ""
        if source and not comment:
            text = source
        reversion.set_comment(text)
        yield
