"""What a row holds now, for comparing with what is about to be written.

Content models carry a django-model-utils `FieldTracker` (core.write_path) on the
columns the write path compares: an object loaded from the database knows their stored
values without a query. A column left out of the query (`.only()`) and never assigned is not
being written, so it is left out here too.
"""

import datetime
import decimal
import functools
import uuid

from django.db import models
from model_utils import FieldTracker
from model_utils.tracker import FieldInstanceTracker, lightweight_deepcopy

# Values nothing can change in place: what was loaded is kept as it is, without a copy.
UNCHANGEABLE = (
    str, int, float, bool, type(None), datetime.datetime, datetime.date, datetime.time,
    decimal.Decimal, uuid.UUID,
)


@functools.cache
def _file_columns(model):
    return frozenset(
        field.attname for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    )


class LoadedValuesTracker(FieldInstanceTracker):
    """Remembers a loaded row's watched values as the row brought them.

    The library's way reads each value through the model's attributes and deep-copies it,
    working out the deferred columns again for every one (a file's deep copy alone took a
    quarter of building a release): most of the cost of building an object from a row, paid
    by every object a page loads though few are ever written. A value that cannot change in
    place is taken as loaded, a file by its name; any other value goes the library's way."""

    def set_saved_fields(self, fields=None):
        if fields is not None or not self.instance.pk:
            super().set_saved_fields(fields)
            return
        loaded = self.instance.__dict__
        files = _file_columns(type(self.instance))
        saved = {}
        for field in self.fields:
            attname = self.field_map[field]
            if attname not in loaded:
                continue  # deferred: recorded if it is ever read
            value = loaded[attname]
            if attname in files:
                # Its name: what the write path compares and deletes files by.
                value = getattr(value, "name", value)
            elif not isinstance(value, UNCHANGEABLE):
                value = lightweight_deepcopy(self.get_field_value(field))
            saved[field] = value
        self.saved_data = saved


class ContentTracker(FieldTracker):
    tracker_class = LoadedValuesTracker


def stored_values(instance, columns):
    """{column: value the row holds now} for `columns`; None for a row not written yet.

    An object built by hand for an existing row (a revision's or a fixture's object, which
    never came from the database) reads them, in one query."""
    if not instance._state.adding:
        tracker = instance.tracker
        return {
            column: tracker.previous(column) for column in columns
            if column in tracker.saved_data or column in instance.__dict__
        }
    if instance.pk is None:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).values(*columns).first()
