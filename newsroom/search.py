"""Full-text search over news releases, in the visitor's language.

Accents and case never matter, in any language: "senegal" finds "Sénégal".

On PostgreSQL: the language's own text-search configuration (english, french, spanish) in an
accent-free copy (migration 0009: the `unaccent` dictionary before the stemmer), so
"gouvernance" finds "gouvernances" and "sante" finds "santé"; the per-language `tsvector`
columns and GIN indexes made by migration 0002 (title weighted A, lead B, body C);
`websearch_to_tsquery`, which accepts any text (quotes, `or`, `-word`) and never raises a
syntax error; ranking with `ts_rank`; and `ts_headline` for the matched passage.

On SQLite: every word must appear in the language's title, lead or body, both folded without
case or accents by a function registered on the connection (core.text_fold); title matches
come first; the passage is cut and highlighted in Python, as folded.

Only the newest `MAX_RESULTS` matches are ranked and shown (plus one, so that a list can say
"more than 1,000"): a common word ("migration" is in the organisation's name) matches most of
the archive, and ranking and counting every match took over a second at 100,000 releases.

Search only ever narrows the queryset it is given: pass it `NewsRelease.objects.published()`
(already filtered by the list's other filters) and nothing private can come out.
"""

import html
import re
import unicodedata

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core import text_fold
from core.i18n import translated
from core.language_policy import LANGUAGE_CODES, SEARCH_CONFIGURATIONS
from core.text_fold import fold, fold_char, fold_with_positions

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 1000
# SQLite builds one LIKE per word and column: a bound keeps the statement small.
MAX_TERMS = 10
# Accent-free copies of each language's configuration (migration 0009).
CONFIGS = {
    code: f"iom_{SEARCH_CONFIGURATIONS.get(code, 'simple')}" for code in LANGUAGE_CODES
}

# ts_headline marks matches with these private-use characters; they are removed from the text
# first, so after escaping they can only stand for our own markers.
START, STOP = "\ue000", "\ue001"
_TAG_OR_MARKER = r"<[^>]*>|[\ue000\ue001]"
_MARKER = r"[\ue000\ue001]"
EXCERPT_CHARS = 240


def clean_query(raw):
    """The query as the search will use it, or ValidationError with a message for the visitor.

    NUL and other control, surrogate or private-use characters are dropped (PostgreSQL refuses
    NUL in a string), compatibility forms are folded (NFKC: full-width letters, ligatures) and
    runs of spaces collapse.
    """
    if len(raw) > MAX_QUERY_LENGTH * 4:
        raise _too_long()
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"} else ch
        for ch in text
        if unicodedata.category(ch) != "Cf"
    )
    text = " ".join(text.split())
    if len(text) > MAX_QUERY_LENGTH:
        raise _too_long()
    if not any(ch.isalnum() for ch in text):
        raise ValidationError(_("Type at least one word to search for."), code="no_words")
    return text


def _too_long():
    return ValidationError(
        _("Your search is too long: use at most %(max)d characters."),
        code="too_long",
        params={"max": MAX_QUERY_LENGTH},
    )


def search_releases(queryset, query, language):
    """Narrow `queryset` to the releases matching `query` in `language`, best match first.

    Each release gets `search_rank` and what `headline_html` and `title_html` need to show the
    match (on PostgreSQL, ts_headline output; on SQLite, the lead and body text). An invalid
    query matches nothing: forms should call `clean_query` first to tell the visitor why.
    """
    try:
        text = clean_query(query)
    except ValidationError:
        return queryset.none()
    language = language if language in CONFIGS else settings.LANGUAGE_CODE
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, text, language)
    return _search_simple(queryset, text, language)


def _search_postgresql(queryset, text, language):
    config = CONFIGS[language]
    # Not a model field (see migration 0002): read the column by name. Unqualified, so that in
    # the subquery of the newest matches it names the subquery's own row (raw SQL is not
    # relabelled with the subquery's table alias); no other table the list joins has it.
    vector = RawSQL(f'"search_{language}"', [], output_field=SearchVectorField())
    tsquery = SearchQuery(text, config=config, search_type="websearch")
    plain_text = Func(
        Concat(
            Coalesce(f"lead_{language}", Value(""), output_field=TextField()),
            Value(" "),
            Coalesce(f"body_{language}", Value(""), output_field=TextField()),
            output_field=TextField(),
        ),
        Value(_TAG_OR_MARKER),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )
    markers = {"start_sel": START, "stop_sel": STOP, "config": config}
    matches = queryset.alias(search_vector=vector).filter(search_vector=tsquery)
    return (
        _newest(queryset, matches)
        .annotate(
            search_rank=SearchRank(vector, tsquery),
            search_title=SearchHeadline(
                Func(
                    # A title is plain text: what looks like a tag in it is shown as typed.
                    Coalesce(f"title_{language}", Value(""), output_field=TextField()),
                    Value(_MARKER),
                    Value(" "),
                    Value("g"),
                    function="regexp_replace",
                    output_field=TextField(),
                ),
                tsquery,
                highlight_all=True,
                **markers,
            ),
            search_headline=SearchHeadline(
                plain_text,
                tsquery,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **markers,
            ),
        )
        .order_by("-search_rank", "-published_at", "-pk")
    )


def _newest(queryset, matches):
    """`queryset` narrowed to the newest MAX_RESULTS + 1 of `matches`. On PostgreSQL the
    planner walks the (status, published_at) index until it has them for a common word, and
    uses the GIN index for a rare one: tens of milliseconds at most, whatever the archive's
    size, instead of ranking every match."""
    newest = matches.order_by("-published_at", "-pk").values("pk")[: MAX_RESULTS + 1]
    return queryset.filter(pk__in=newest)


def search_terms(text):
    return re.findall(r"\w+", text)[:MAX_TERMS]


def folded_terms(text):
    """The query's words without case or accents, as the folded columns are compared."""
    return [term for term in (fold(word) for word in search_terms(text)) if term]


def _contains_all(terms, *columns):
    """True where every one of `terms` (folded) is in one of `columns`, folded (SQLite)."""
    return Func(
        Value(" ".join(terms)), *(F(column) for column in columns),
        function=text_fold.SQL_FUNCTION, output_field=BooleanField(),
    )


def _search_simple(queryset, text, language):
    terms = folded_terms(text)
    columns = [f"title_{language}", f"lead_{language}", f"body_{language}"]
    # Compared folded on both sides (core.text_fold): accents and case never matter. One
    # function call per row tests every word, each text folded once.
    matches = queryset.filter(_contains_all(terms, *columns))
    queryset = _newest(queryset, matches)
    in_title = _contains_all(terms, columns[0])
    return queryset.annotate(
        # Selected with the row, so a list that defers bodies can still show the passage.
        search_text=Concat(
            Coalesce(columns[1], Value(""), output_field=TextField()),
            Value(" "),
            Coalesce(columns[2], Value(""), output_field=TextField()),
            output_field=TextField(),
        ),
        search_rank=Case(
            When(in_title, then=Value(2.0)),
            default=Value(1.0),
            output_field=FloatField(),
        ),
        _search_title_first=Case(When(in_title, then=0), default=1, output_field=IntegerField()),
    ).order_by("_search_title_first", F("published_at").desc(nulls_last=True), "-pk")


def _render_markers(raw, *, from_html=True):
    """Escape ts_headline output, then turn our markers (and only them) into <mark>.
    `from_html` says the text came from HTML (lead and body), whose entities are decoded."""
    text = escape(html.unescape(raw) if from_html else raw)
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))


def _found_spans(text, query):
    """(start, end) in `text` of each query word, found without case or accents; the longest
    word first where two overlap."""
    terms = sorted(set(folded_terms(query)), key=len, reverse=True)
    if not terms:
        return []
    folded, positions = fold_with_positions(text)
    pattern = re.compile("|".join(re.escape(term) for term in terms))
    spans = []
    for match in pattern.finditer(folded):
        start = positions[match.start()]
        end = positions[match.end() - 1] + 1
        # A mark that follows the last matched letter belongs to it ("e" + U+0301).
        while end < len(text) and not fold_char(text[end]):
            end += 1
        if not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def highlight(text, query):
    """`text` escaped, with each query word marked: the SQLite side of `headline_html`."""
    parts, end = [], 0
    for start, stop in _found_spans(text, query):
        parts.append(escape(text[end:start]))
        parts.append(f"<mark>{escape(text[start:stop])}</mark>")
        end = stop
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts))


def _excerpt(text, query):
    spans = _found_spans(text, query)
    start = max((spans[0][0] if spans else 0) - EXCERPT_CHARS // 3, 0)
    excerpt = text[start : start + EXCERPT_CHARS]
    prefix = "… " if start else ""
    suffix = " …" if start + EXCERPT_CHARS < len(text) else ""
    return prefix + excerpt + suffix


def headline_html(release, query, language):
    """The matched passage of `release`'s lead and body, escaped, matches in <mark>."""
    raw = getattr(release, "search_headline", None)
    if raw is not None:
        return _render_markers(raw)
    plain = " ".join(html.unescape(strip_tags(release.search_text)).split())
    return highlight(_excerpt(plain, query), query)


def title_html(release, query, language):
    """The release's title in `language` with the matched words in <mark>, escaped."""
    raw = getattr(release, "search_title", None)
    if raw:
        return _render_markers(raw, from_html=False)
    # A release can match on its lead or body in a language its title lacks.
    return highlight(translated(release, "title", language).value, query)
