"""Uploaded files leave storage with the object that used them.

A model whose uploads (`FileField`, `ImageField`) should not outlive it inherits `OwnsFiles`.
Replacing or clearing a file, or deleting the object, deletes the old file and its renditions
(core.renditions) from the field's storage — the local folder or the object-storage
bucket alike. Only once the transaction commits: a change rolled back still points at the old
file. And never a file that a row of any model still names (an import pointing at an existing
file, two objects sharing one): it stays, with its renditions.

Every way of writing takes this step (core.write_path): a save, `QuerySet.update()`,
`bulk_update`, a delete. The stored names are known from the row as loaded, so a save that
changes no file costs no query. A raw save (loaddata, a revision's rows put back) never
deletes a file. Revisions (django-reversion) keep names, not files: restoring a revision from
before an image was replaced brings back a name whose file is gone.

django-cleanup does this step for many sites, but deletes a file whatever other rows still
name it, and only on save() and delete(): not enough here.
"""

import logging

from django.apps import apps
from django.db import models, transaction

from .renditions import delete_renditions

logger = logging.getLogger(__name__)


def _file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def file_columns(model):
    return [field.attname for field in _file_fields(model)]


class OwnsFiles(models.Model):
    """Deletes the files it no longer uses (see the module's docstring)."""

    class Meta:
        abstract = True


def _name(value):
    return str(getattr(value, "name", value) or "")


def release_files(model, before, columns, using):
    """The write path's step after a row of `model` was written or deleted: the files it named
    in `columns` (`before`: {column: stored value}) are deleted once the write commits, unless
    a row still names them."""
    for field in _file_fields(model):
        old = _name(before.get(field.attname)) if field.attname in columns else ""
        if old:
            _delete_after_commit(field.storage, old, using)


def _delete_after_commit(storage, name, using):
    transaction.on_commit(lambda: delete_if_unused(storage, name), using=using)


def still_used(name):
    """Whether a row of any model names the file `name` in one of its file columns."""
    for model in apps.get_models():
        for field in _file_fields(model):
            if model._base_manager.filter(**{field.name: name}).exists():
                return True
    return False


def delete_if_unused(storage, name):
    """Delete the file `name` and its renditions from `storage`, unless a row still names it.

    The change that released the file is committed: a storage that fails now is logged with
    the file's name (to delete by hand) and never fails the request.
    """
    if still_used(name):
        return
    try:
        delete_renditions(name)
        storage.delete(name)
    except Exception:
        logger.exception("Could not delete the unused file %r (or its renditions).", name)
