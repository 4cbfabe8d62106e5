"""Search without accents on PostgreSQL: "senegal" finds "Sénégal", "sante" finds "santé".

Each language's text-search configuration gets an accent-free copy, `iom_<configuration>`
(`iom_english`, `iom_french`, `iom_spanish`, and `iom_simple` for a language without stemming):
words with letters outside ASCII go through the `unaccent` dictionary before the language's
stemmer. Case never mattered (the stemmers lower-case). The vectors of migration 0002 are built
again with them by the same trigger, and the search (newsroom.search) parses queries and
marks passages with the same configurations: `ts_headline` finds "Sénégal" in the text as
written for a query typed "senegal".

`unaccent` is a PostgreSQL extension shipped with the server; it is "trusted" since
PostgreSQL 13, so the database's owner may create it without being a superuser. Where the
migrating role may not, an administrator runs `CREATE EXTENSION unaccent` in the database
first; this migration then finds it and goes on. On SQLite this migration does nothing: the
search folds text there with a function of its own (core.text_fold).
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

# Frozen here, as in 0002: the columns this migration fills are those 0002 made.
LANGUAGES = {"en": "english", "fr": "french", "es": "spanish"}
TEXT_COLUMNS = ("title", "lead", "body")
# Token types holding letters outside ASCII (the parser's "word", and parts of hyphenated words).
ACCENTED_TOKENS = "hword, hword_part, word"


def _configurations():
    statements = []
    for config in (*LANGUAGES.values(), "simple"):
        stemmer = "simple" if config == "simple" else f"{config}_stem"
        statements += [
            f"CREATE TEXT SEARCH CONFIGURATION iom_{config} (COPY = pg_catalog.{config})",
            f"ALTER TEXT SEARCH CONFIGURATION iom_{config} "
            f"ALTER MAPPING FOR {ACCENTED_TOKENS} WITH unaccent, {stemmer}",
        ]
    return statements


def _function(prefix):
    def vector(code, config):
        return " || ".join(
            f"setweight(to_tsvector('{prefix}{config}'::regconfig, "
            f"coalesce(NEW.{column}_{code}, '')), '{weight}')"
            for column, weight in zip(TEXT_COLUMNS, "ABC")
        )

    return (
        "CREATE OR REPLACE FUNCTION newsroom_release_search_vectors() RETURNS trigger AS $$\n"
        "BEGIN\n"
        + "".join(f"  NEW.search_{code} := {vector(code, config)};\n"
                  for code, config in LANGUAGES.items())
        + "  RETURN NEW;\nEND\n$$ LANGUAGE plpgsql"
    )


# The trigger builds every row's vectors again.
REFILL = "UPDATE newsroom_newsrelease SET title_en = title_en"

FORWARD = [*_configurations(), _function("iom_"), REFILL]
BACKWARD = [
    _function(""),
    REFILL,
    *(f"DROP TEXT SEARCH CONFIGURATION iom_{config}"
      for config in (*LANGUAGES.values(), "simple")),
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
        ("newsroom", "0008_translation_state"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD)),
    ]
