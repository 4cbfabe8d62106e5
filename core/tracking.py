"""What a row holds now, for comparing with what is about to be written.

Content models carry a django-model-utils `FieldTracker` (core.write_path) on the
columns the write path compares: an object loaded from the database knows their stored
values without a query. A column left out of the query (`.only()`) and never assigned is not
being written, so it is left out here too.
"""


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
