"""Template tags for the newsroom: the feeds of a filtered list, the list's filters and a
release's schema.org data."""


from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import cache_tags, content_cache
from core.i18n import translated
from organisation.context_processors import publishing_policies

register = template.Library()

FEED_FILTERS = {"theme": "slug", "country": "code", "kind": "kind"}
FEED_FORMATS = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


@register.simple_tag
def select_options(field):
    """The `<option>`s of one of the list's filters, the visitor's choice selected. Built in
    Python (as a template loop, the 250 countries alone took about a third of the page's
    rendering time) and kept per language until the public releases or themes
    change (the choices are what they have): only the choice is marked per request."""

    def build():
        cache_tags.add(cache_tags.RELEASES, cache_tags.THEMES)
        return format_html_join(
            "", '<option value="{}">{}</option>', field.field.choices
        )

    options = content_cache.remember(f"filter-options:{get_language()}:{field.name}", build)
    current = field.data
    if not isinstance(current, str) or not current:
        return mark_safe(options)
    # Values are escaped as they were when the options were built: the same text is found.
    choice = f'<option value="{escape(current)}">'
    return mark_safe(options.replace(choice, choice.replace(">", " selected>"), 1))


@register.simple_tag
def release_filters(form, filter_query):
    """The list's filter form with the visitor's choices, kept per language and choice
    until the public releases or themes change (the choices are what they have); a form
    with filters not understood is rendered for its visitor (it says which)."""

    def render():
        cache_tags.add(cache_tags.RELEASES, cache_tags.THEMES)
        return render_to_string(
            "newsroom/includes/release_filters.html",
            {"form": form, "filter_query": filter_query},
        )

    if form.errors:
        return mark_safe(render())
    name = content_cache.name_for("filter-form", filter_query, form.shown_query())
    return mark_safe(content_cache.remember(name, render))


@register.simple_tag(takes_context=True)
def list_description(context, form, page):
    """The list page's description for search results: whose releases and, in words, what
    the list is filtered by (the labels the form shows), and which page."""
    organisation = context.get("site_organisation")
    whose = translated(organisation, "name").value if organisation else ""
    filters = form.active_filters
    words = []
    for name, value in filters.items():
        field = form.fields[name]
        label = dict(getattr(field, "choices", ())).get(value, value)
        if name == "q":
            label = f"“{value}”"
        words.append(_("%(filter)s: %(value)s") % {"filter": field.label, "value": label})
    values = {"organisation": whose, "filters": "; ".join(words)}
    if words:
        text = _("News releases of %(organisation)s. %(filters)s.") if whose else _(
            "News releases. %(filters)s.")
    else:
        text = _("The latest news releases of %(organisation)s, newest first.") if whose else _(
            "The latest news releases, newest first.")
    text %= values
    if page is not None and page.number > 1:
        text += " " + _("Page %(number)s.") % {"number": page.number}
    return text


@register.simple_tag
def filtered_feeds(form):
    """RSS and Atom feeds for the theme, country or kind the list's `form` filters by."""
    filters = form.active_filters
    feeds = []
    for name, argument in FEED_FILTERS.items():
        if name not in filters:
            continue
        label = dict(form.fields[name].choices).get(filters[name], filters[name])
        for fmt, content_type in FEED_FORMATS.items():
            feeds.append(
                {
                    "type": content_type,
                    "title": _("News releases (%(format)s): %(filter)s")
                    % {"format": "RSS" if fmt == "rss" else "Atom", "filter": label},
                    "url": reverse(f"newsroom:{name}_feed_{fmt}", kwargs={argument: filters[name]}),
                }
            )
    return feeds


@register.simple_tag(takes_context=True)
def news_article(context, release):
    """schema.org NewsArticle data for `release`, to render with `|json_ld`. The publisher is
    the organisation the page already loaded for its header (no query of its own)."""
    request = context["request"]
    title = translated(release, "title")
    url = request.build_absolute_uri(release.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title.value,
        "inLanguage": title.lang,
        "url": url,
        "mainEntityOfPage": url,
        "description": translated(release, "lead").value,
        "dateline": translated(release, "dateline").value,
        "articleSection": release.get_kind_display(),
        "about": [theme.name for theme in release.themes.all()],
        "contentLocation": [{"@type": "Place", "name": c.name} for c in release.countries],
    }
    if release.published_at:
        published = timezone.localtime(release.published_at)
        data["datePublished"] = published.isoformat()
        # A correction is the change a reader is told about; without one, the last save.
        modified = release.corrected_at or max(release.updated_at, published)
        data["dateModified"] = timezone.localtime(modified).isoformat()
    if release.shared_image_url():
        data["image"] = [request.build_absolute_uri(release.shared_image_url())]
    # Each correction note, dated, as schema.org reads a correction.
    corrections = context.get("corrections") or ()
    if corrections:
        data["correction"] = [_correction_comment(correction) for correction in corrections]
    organisation = context.get("site_organisation")
    if organisation:
        data["publisher"] = {
            "@type": "Organization",
            "name": organisation.name,
            "url": request.build_absolute_uri(reverse("home")),
            **publishing_policies(request),
        }
    return data


def _correction_comment(correction):
    note = translated(correction, "note")
    return {
        "@type": "CorrectionComment",
        "text": note.value,
        "inLanguage": note.lang,
        "datePublished": timezone.localtime(correction.created_at).isoformat(),
    }


@register.simple_tag(takes_context=True)
def withdrawal_notice(context, release):
    """schema.org data for a withdrawn release's address: that it is withdrawn, when and why
    (a `CorrectionComment`), for machines as the page says it to readers. Not its title: a
    release may be withdrawn for what its title says, and the page does not show it either."""
    request = context["request"]
    reason = translated(release, "withdrawal_reason")
    withdrawn = timezone.localtime(release.withdrawn_at) if release.withdrawn_at else None
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "url": request.build_absolute_uri(release.get_absolute_url()),
        "creativeWorkStatus": "Withdrawn",
    }
    if withdrawn:
        data["dateModified"] = withdrawn.isoformat()
    data["correction"] = {
        "@type": "CorrectionComment",
        "text": reason.value,
        "inLanguage": reason.lang,
        **({"datePublished": withdrawn.isoformat()} if withdrawn else {}),
    }
    return data


@register.simple_tag
def share_links(url, title):
    """Plain links that share a release (`url`, its absolute address, and `title`) by e-mail
    and on the usual networks: nothing of theirs is loaded until a reader follows one.
    Every value is percent-encoded whole, so that "&", "#" or "?" in a title stay text."""

    def encoded(value):
        return quote(value, safe="")

    url, title = encoded(url), encoded(title)
    return [
        {"name": _("E-mail"), "href": f"mailto:?subject={title}&body={url}"},
        {"name": "LinkedIn", "href": f"https://www.linkedin.com/sharing/share-offsite/?url={url}"},
        {"name": "X", "href": f"https://x.com/intent/post?text={title}&url={url}"},
        {"name": "WhatsApp", "href": f"https://wa.me/?text={title}%20{url}"},
        {"name": "Facebook", "href": f"https://www.facebook.com/sharer/sharer.php?u={url}"},
    ]
