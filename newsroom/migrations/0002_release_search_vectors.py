"""Full-text search vectors for news releases, on PostgreSQL only.

One `tsvector` column per language (`search_en`, `search_fr`, `search_es`), each built with that
language's text-search configuration and weighted title A > lead B > body C, with a GIN index.
A trigger fills them on every INSERT and on every UPDATE of a translated text column, so no way
of writing (save, `.update()`, `bulk_create`, `loaddata`, raw SQL) leaves them stale.

Why not the alternatives (both tried on Django 5.2 and PostgreSQL 15):
- a `GeneratedField(SearchVector(...))` in the model fails to migrate on SQLite, and PostgreSQL
  then refuses any later `AlterField` on `title_fr`… ("cannot alter type of a column used by a
  generated column");
- an expression index alone makes `ts_rank` rebuild the vector of every matching row from the
  body text at query time, which is slow for common words.

The columns are not model fields: Django never selects them, and `newsroom.search` reads them
with the same names. The body is indexed as stored (sanitised HTML): PostgreSQL's parser
recognises tags and entities as their own token types, which these configurations skip.
On SQLite this migration does nothing; `newsroom.search` falls back to a simpler search.
"""

from django.db import migrations

LANGUAGES = {"en": "english", "fr": "french", "es": "spanish"}
TEXT_COLUMNS = ("title", "lead", "body")


def _vector(code, config):
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(NEW.{column}_{code}, '')), "
        f"'{weight}')"
        for column, weight in zip(TEXT_COLUMNS, "ABC")
    )


FUNCTION = (
    "CREATE FUNCTION newsroom_release_search_vectors() RETURNS trigger AS $$\nBEGIN\n"
    + "".join(
        f"  NEW.search_{code} := {_vector(code, config)};\n" for code, config in LANGUAGES.items()
    )
    + "  RETURN NEW;\nEND\n$$ LANGUAGE plpgsql"
)

WATCHED = ", ".join(f"{column}_{code}" for code in LANGUAGES for column in TEXT_COLUMNS)

FORWARD = [
    *(
        f"ALTER TABLE newsroom_newsrelease ADD COLUMN search_{code} tsvector"
        for code in LANGUAGES
    ),
    FUNCTION,
    "CREATE TRIGGER newsroom_release_search_vectors "
    f"BEFORE INSERT OR UPDATE OF {WATCHED} ON newsroom_newsrelease "
    "FOR EACH ROW EXECUTE FUNCTION newsroom_release_search_vectors()",
    # Fill the vectors of rows that exist already: the trigger does the work.
    "UPDATE newsroom_newsrelease SET title_en = title_en",
    *(
        f"CREATE INDEX newsroom_release_search_{code} "
        f"ON newsroom_newsrelease USING gin (search_{code})"
        for code in LANGUAGES
    ),
]

BACKWARD = [
    "DROP TRIGGER newsroom_release_search_vectors ON newsroom_newsrelease",
    "DROP FUNCTION newsroom_release_search_vectors()",
    *(f"ALTER TABLE newsroom_newsrelease DROP COLUMN search_{code}" for code in LANGUAGES),
]


def _run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
    ]
