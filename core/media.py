"""Uploaded files leave storage with the object that used them.

A model whose uploads (`FileField`, `ImageField`) should not outlive it inherits `OwnsFiles`.
Replacing or clearing a file, or deleting the object, deletes the old file and its renditions
(core.renditions) from the field's storage — the local folder or the object-storage
bucket alike. Only once the transaction commits: a change rolled back still points at the old
file. And never a file that a row of any model still names (an import pointing at an existing
file, two objects sharing one): it stays, with its renditions.

The stored names are noted when an object is loaded or saved, so a save that changes no file
costs no query. A file column left out of a query (`.only()`) is not noted, and replacing it
through that instance leaves the old file in place. Revisions (django-reversion) keep names,
not files: restoring a revision from before an image was replaced brings back a name whose file
is gone.
"""

import logging

from django.apps import apps
from django.db import models, transaction

from .renditions import delete_renditions

logger = logging.getLogger(__name__)


def _file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


class OwnsFiles(models.Model):
    """Deletes the files it no longer uses (see the module's docstring)."""

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._note_files()
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        # Only what was read again is the stored name; other columns may hold unsaved edits.
        self._note_files(fields)

    def _note_files(self, only=None):
        noted = getattr(self, "_stored_files", {})
        for field in _file_fields(type(self)):
            # A deferred column is not in __dict__: its stored name is unknown until read.
            if field.attname in self.__dict__ and (only is None or field.attname in only):
                noted[field.attname] = _name(self.__dict__[field.attname])
        self._stored_files = noted


def _name(value):
    return str(getattr(value, "name", value) or "")


def files_replaced(sender, instance, raw, update_fields, using, **kwargs):
    """post_save: the files this save stopped using are deleted once it commits."""
    if raw:
        # loaddata writes rows as they were dumped; it never means to delete a file.
        return
    noted = getattr(instance, "_stored_files", {})
    for field in _file_fields(sender):
        if update_fields is not None and field.name not in update_fields:
            continue
        old = noted.get(field.attname, "")
        if old and old != _name(getattr(instance, field.attname)):
            _delete_after_commit(field.storage, old, using)
    instance._note_files(
        None if update_fields is None else {f.attname for f in _file_fields(sender)
                                            if f.name in update_fields}
    )


def files_deleted(sender, instance, using, **kwargs):
    """post_delete: the deleted object's files are deleted once the delete commits."""
    for field in _file_fields(sender):
        name = _name(getattr(instance, "_stored_files", {}).get(field.attname)) or _name(
            instance.__dict__.get(field.attname)
        )
        if name:
            _delete_after_commit(field.storage, name, using)


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
        delete_renditions(storage, name)
        storage.delete(name)
    except Exception:
        logger.exception("Could not delete the unused file %r (or its renditions).", name)
