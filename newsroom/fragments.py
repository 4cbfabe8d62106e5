"""Rendered parts of the newsroom's pages, kept in the cache under the tags of what they show
(core.content_cache), so that a page the page cache cannot serve (an editor browsing the
site, the first visit after a change, a search) is put together from parts rendered earlier:

- a release's page (what the detail template shows of it), per release, language, address
  and day (the original image's link ends with its rights);
- a release's list item, per release, language and kind of list: a list page renders only the
  items a change dropped, with one query for all of them.

A part says what it shows with `cache_tags.add()` while it is rendered; a change purges it as
it purges whole pages (core.purge_rules). Search results are items too: the matched words
differ with every search, so the item is kept with markers where the title and the matched
passage go, filled in for each search.
"""

from html import escape as html_escape
from typing import NamedTuple
from urllib.parse import quote

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, get_language_info, gettext
from modeltranslation.utils import get_language as translation_language
from modeltranslation.utils import resolution_order

from core import cache_tags, content_cache
from core.i18n import LANGUAGE_CODES, translated

from .models import NewsRelease, Theme

# Where a search result's own title and passage go in a kept item: HTML comments, which no
# escaped text of the content can hold ("<" is escaped in it).
SEARCH_TITLE = "<!--search-title-->"
SEARCH_HEADLINE = "<!--search-headline-->"

# The kinds of list an item is shown in: the heading level and what it shows.
ITEM_VARIANTS = {
    "list": {"level": 2, "show_lead": True, "show_themes": True},
    "search": {"level": 2, "show_lead": True, "show_themes": True, "search": True},
    "short": {"level": 3},  # the home page
    "lead": {"level": 3, "show_lead": True, "lead_story": True},  # the home page's first
    "related": {"level": 3},  # a release's related releases (kept with their time)
}


def themes_prefetch():
    return Prefetch("themes", queryset=Theme.objects.only("slug", "name"))


def with_urls(releases):
    """Give each release its `url` with a single reverse() for the whole list: reversing per
    item is a measurable part of a list page's time."""
    placeholder = "slug-placeholder"
    pattern = reverse("newsroom:detail", kwargs={"slug": placeholder})
    releases = list(releases)
    for release in releases:
        release.url = pattern.replace(placeholder, release.slug)
    return releases


LISTED_TEXTS = ("title", "dateline", "lead", "image_alt")


class ListedRelease:
    """A public release as its list item shows it, from one row of values: building the
    model's objects (their change trackers, modeltranslation's descriptors) for the 20 items of
    a list, and each one's themes, cost more than writing the items. Only the columns an item
    shows are read (each shown text in every language: the fallbacks)."""

    get_absolute_url = NewsRelease.get_absolute_url
    image_thumbnail = NewsRelease.image_thumbnail

    def __init__(self, values, image_field):
        self.__dict__.update(values)
        self.image = image_field.attr_class(self, image_field, values["image"])
        self.themes = []

    def get_kind_display(self):
        return dict(NewsRelease.Kind.choices).get(self.kind, self.kind)


def listed_releases(pks, with_themes):
    """The public releases among `pks` as `ListedRelease`s, each with its `url` (and its
    `themes`, in their order, when `with_themes`): one query, two with the themes."""
    columns = [
        "pk", "slug", "kind", "published_at", "original_language", "image", "renditions",
        *(f"{field}_{code}" for field in LISTED_TEXTS for code in LANGUAGE_CODES),
    ]
    rows = NewsRelease.objects.published().filter(pk__in=pks).order_by().values(*columns)
    image_field = NewsRelease._meta.get_field("image")
    releases = {row["pk"]: ListedRelease(row, image_field) for row in rows}
    with_urls(releases.values())
    if with_themes and releases:
        names = [f"theme__name_{code}" for code in LANGUAGE_CODES]
        links = (
            NewsRelease.themes.through.objects.filter(newsrelease_id__in=releases)
            .order_by("theme__order", "theme__slug")
            .values_list("newsrelease_id", "theme__slug", *names)
        )
        order = resolution_order(translation_language())
        for release_pk, slug, *translations in links:
            by_code = dict(zip(LANGUAGE_CODES, translations, strict=True))
            # The name modeltranslation gives `theme.name`: the first language in its
            # fallback order with a text.
            name = next((by_code[code] for code in order if by_code.get(code)), "")
            releases[release_pk].themes.append(ListedTheme(slug, name))
    return list(releases.values())


class ListedTheme(NamedTuple):
    slug: str
    name: str


# The variants written by `item_html`; any other is rendered from the template.
WRITTEN_VARIANTS = frozenset({"list", "search", "short", "related"})


def render_item(release, variant, list_url, texts=None):
    """One release's list item (its tags are added for the caller to collect); `texts`: an
    `ItemTexts` shared by the items of one list."""
    cache_tags.add(cache_tags.release(release.pk))
    options = ITEM_VARIANTS[variant]
    if options.get("show_themes"):
        cache_tags.add(cache_tags.THEMES)
    if variant in WRITTEN_VARIANTS:
        return item_html(release, options, list_url, texts)
    context = {**options, "release": release, "list_url": list_url}
    if options.get("search"):
        context["search_title"] = mark_safe(SEARCH_TITLE)
        context["search_headline"] = mark_safe(SEARCH_HEADLINE)
    return render_to_string("newsroom/includes/release_item.html", context)


class ItemTexts:
    """What every item of a list in the active language shares, worked out once a list
    (translations, formats): `item_html` only puts each release's values in."""

    def __init__(self, list_url):
        self.language = get_language()
        self.list_url = escape_text(list_url)
        self.kinds = {value: escape_text(label) for value, label in NewsRelease.Kind.choices}
        self.themes_label = escape_text(gettext("Themes"))
        self.date_format = get_format("DATE_FORMAT")
        self.badges = {}

    def badge(self, language):
        """"in Spanish", in the active language: the badge of a title in another one."""
        if language not in self.badges:
            name = get_language_info(language)["name_translated"]
            self.badges[language] = gettext("in %(language)s") % {"language": escape_text(name)}
        return self.badges[language]


def _lang(value):
    """The `lang` attribute of a translated value shown in another language."""
    return f' lang="{value.lang}"' if value.is_fallback else ""


def item_html(release, options, list_url, texts=None):
    """What `newsroom/includes/release_item.html` renders for `options`, character for
    character (tests/newsroom/test_fragments.py compares them), written in Python: as a
    template the 20 items were half of a list's CPU time when nothing is kept (the first visit
    after a change): about 400 variable look-ups, four `translated` tags and two date filters
    an item. Values are escaped as the template escapes them (`escape_text` is Django's
    `escape` without its lazy-string wrapper)."""
    texts = texts or ItemTexts(list_url)
    language = texts.language
    title = translated(release, "title", language)
    html = ['\n<article class="release-item">']
    thumbnail = release.image_thumbnail()
    if thumbnail:
        image_alt = translated(release, "image_alt", language)
        html.append('\n  <picture class="release-thumb">')
        if thumbnail.webp_url:
            html.append(f'<source srcset="{escape_text(thumbnail.webp_url)}" type="image/webp">')
        html.append(
            f'<img src="{escape_text(thumbnail.url)}" width="{thumbnail.width}" '
            f'height="{thumbnail.height}" alt="{escape_text(image_alt.value)}"{_lang(image_alt)}'
            ' loading="lazy" decoding="async"></picture>'
        )
    level = options.get("level") or 2
    search = options.get("search")
    url = getattr(release, "url", "") or release.get_absolute_url()
    shown_title = SEARCH_TITLE if search else escape_text(title.value)
    html.append(
        f'\n  <h{level} class="release-item-title"><a href="{escape_text(url)}"{_lang(title)}>'
        f"{shown_title}</a>"
    )
    if title.is_fallback:
        html.append(f'\n    <span class="lang-badge">{texts.badge(title.lang)}</span>')
    kind = texts.kinds.get(release.kind)
    if kind is None:  # a kind no longer offered: its stored value, as the template shows it
        kind = escape_text(release.get_kind_display())
    html.append(
        f'</h{level}>\n  <p class="release-meta"><span class="release-kind">{kind}</span> ·\n    '
    )
    dateline = translated(release, "dateline", language)
    if dateline.value:
        html.append(f"<span{_lang(dateline)}>{escape_text(dateline.value)}</span> – ")
    published_at = release.published_at
    if published_at is not None:
        published_at = timezone.localtime(published_at)
        html.append(
            f'<time datetime="{published_at.isoformat()}">'
            f"{escape_text(dateformat.format(published_at, texts.date_format))}</time></p>\n  "
        )
    else:
        html.append('<time datetime=""></time></p>\n  ')
    if search:
        html.append(f'<p class="search-headline">{SEARCH_HEADLINE}</p>\n  ')
    elif options.get("show_lead"):
        lead = translated(release, "lead", language)
        if lead.value:
            html.append(f'<p class="release-lead"{_lang(lead)}>{escape_text(lead.value)}</p>')
    html.append("\n  ")
    themes = listed_themes(release) if options.get("show_themes") else ()
    if themes:
        html.append(f'<ul class="tags" aria-label="{texts.themes_label}">')
        for theme in themes:
            html.append(
                f'\n    <li><a href="{texts.list_url}?theme={escape_text(quote(theme.slug))}">'
                f"{escape_text(theme.name)}</a></li>"
            )
        html.append("\n  </ul>")
    html.append("\n</article>\n")
    return SafeString("".join(html))


def escape_text(text):
    return html_escape(str(text))


def listed_themes(release):
    """A release's themes, as `themes_prefetch` loaded them: read without the related
    manager a `release.themes.all()` builds on each call."""
    if isinstance(release, ListedRelease):
        return release.themes
    themes = getattr(release, "_prefetched_objects_cache", {}).get("themes")
    return list(release.themes.all()) if themes is None else themes


def _kept_items(pks, variant, keep):
    """{pk: kept value} of the releases `pks` in `variant` (a dict {pk: variant} for items of
    several kinds on one page): `keep(release, html)` for a public release, None for one that
    is not (a related release back in draft or not yet due: kept so, and tagged, until it
    changes or its time comes). Those not kept are rendered with one query for all of them."""
    language = get_language()
    variants = variant if isinstance(variant, dict) else dict.fromkeys(pks, variant)
    names = {pk: f"release-item:{variants[pk]}:{language}:{pk}" for pk in pks}

    def render_missing(missing):
        wanted = {pk for pk, name in names.items() if name in missing}
        wanted_variants = {variants[pk] for pk in wanted}
        show_themes = any(ITEM_VARIANTS[kind].get("show_themes") for kind in wanted_variants)
        if wanted_variants <= WRITTEN_VARIANTS:
            releases = listed_releases(wanted, show_themes)
        else:
            # The home page's top story shows its picture: objects and the template.
            releases = NewsRelease.objects.published().filter(pk__in=wanted).for_listing()
            if show_themes:
                releases = releases.prefetch_related(themes_prefetch())
            releases = with_urls(releases)
        list_url = reverse("newsroom:list")
        texts = ItemTexts(list_url)
        rendered = {}
        for release in releases:
            with cache_tags.collecting_for(names[release.pk]):
                html = render_item(release, variants[release.pk], list_url, texts)
            rendered[names[release.pk]] = keep(release, html)
        for pk in wanted:
            if names[pk] not in rendered:
                with cache_tags.collecting_for(names[pk]):
                    cache_tags.add(cache_tags.release(pk))
                rendered[names[pk]] = None
        return rendered

    kept = content_cache.remember_many(names.values(), render_missing)
    return {pk: kept[name] for pk, name in names.items() if kept.get(name) is not None}


def release_items(pks, variant="list"):
    """The list items of the public releases among `pks`, in order, as HTML."""
    kept = _kept_items(pks, variant, lambda release, html: html)
    return [kept[pk] for pk in pks if pk in kept]


def home_items(pks):
    """The home page's newest releases `pks`: the first as the lead story (its image large,
    its lead), the others short; one query for all those not kept. (lead HTML, [HTML])."""
    if not pks:
        return "", []
    variants = {pk: "short" for pk in pks} | {pks[0]: "lead"}
    kept = _kept_items(pks, variants, lambda release, html: html)
    return kept.get(pks[0], ""), [kept[pk] for pk in pks[1:] if pk in kept]


def item_tags(pks):
    """The tags of the items of `pks`: read with the versions of a kept value that shows them
    (`content_cache.remember(also=...)`), so that the items cost no query of their own."""
    return [cache_tags.release(pk) for pk in pks]


def related_section(pks):
    """The "Related releases" section of a release's page: the public ones among `pks`,
    newest first. Kept apart from the page (`with_related`), so that a change to a related
    release re-renders its item and this section, not the pages that show it."""
    if not pks:
        return ""
    kept = _kept_items(
        pks, "related", lambda release, html: (release.published_at.timestamp(), release.pk, html)
    )
    if not kept:
        return ""
    items = [html for *_newest, html in sorted(kept.values(), reverse=True)]
    # Put together here, not by a template: the template took a sixth of a kept page's time
    # when the section was made for each request.
    return format_html(
        '<section class="related-releases" aria-labelledby="related-heading">\n'
        '  <h2 id="related-heading">{}</h2>\n  {}\n</section>\n',
        gettext("Related releases"),
        mark_safe("".join(items)),
    )


class SearchResult(NamedTuple):
    """A release found by a search: its title and matched passage, words marked, as HTML."""

    pk: int
    title: str
    passage: str


def search_items(results):
    """Search results (`SearchResult`s) as list items: each kept item gets this search's
    title and passage put in."""
    items = release_items([result.pk for result in results], "search")
    return [
        mark_safe(item.replace(SEARCH_TITLE, result.title).replace(SEARCH_HEADLINE, result.passage))
        for result, item in zip(results, items, strict=True)
    ]


def release_page_name(request, slug):
    """What a release's page depends on besides the content: language, address, day."""
    return content_cache.name_for(
        "release-page", content_cache.site_address(request), slug, timezone.localdate()
    )


# Where a release's related releases go in its kept page (`related_section`), the last
# comment of its content: the release's body comes before it.
RELATED = "<!--related-releases-->"


def release_parts(request, release, context):
    """A release page's parts as HTML: `title`, `description`, `meta` (the head's tags) and
    `content` (the main element's), from the detail templates with `context`, with `RELATED`
    where its related releases go; `related`: the pks of its related releases."""
    title = translated(release, "title").value
    lead = translated(release, "lead").value
    return {
        "slug": release.slug,
        "title": escape(title),
        "description": escape(Truncator(lead).chars(300)),
        "meta": SafeString(
            render_to_string("newsroom/includes/release_meta.html", context, request)
        ),
        "content": SafeString(
            render_to_string("newsroom/includes/release_content.html", context, request)
        ),
        "related": [related.pk for related in release.related_releases],
    }


def with_related(parts):
    """The release page's `parts` with its related releases put in. The section is kept
    too, per language and related releases, until one of them changes: one cache read."""
    related = parts["related"]
    section = ""
    if related:
        name = f"related-section:{get_language()}:{','.join(map(str, related))}"
        section = content_cache.remember(name, lambda: related_section(related))
    before, _mark, after = parts["content"].rpartition(RELATED)
    return {**parts, "content": SafeString(before + section + after)}
