"""The newsroom list's filters: one form reads the query string, one method filters.

Every value is checked in Python against known choices before it reaches the database, so no
visitor input (NUL bytes, odd Unicode, huge numbers, repeated or array-style parameters) can
make a query fail. A kind, theme, country or year that no public release has is an unknown
filter (`unknown_filters`): the list answers 404 with a page that names it, never with every
release. A search text that cannot be searched is named in `form.errors`, which the page
shows; the other filters still apply.
"""

import re
from dataclasses import dataclass

from django import forms
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .facets import public_facets
from .models import NewsRelease
from .search import MAX_QUERY_LENGTH, clean_query, search_releases

# The filters whose values are choices: an unknown one is answered with 404.
CHOICE_FILTERS = ("kind", "theme", "country", "year")

# Characters an HTML page cannot carry (controls other than tab and newlines; noncharacters
# such as U+FFFE): left out when a visitor's search text is shown back in the search box.
_NONCHARACTERS = "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF)
                         for plane in range(17))
_UNSHOWABLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef" + _NONCHARACTERS + "]"
)


# Longest part of an unknown value shown back to the visitor.
SHOWN_VALUE_CHARS = 60


@dataclass(frozen=True)
class UnknownFilter:
    name: str
    label: str
    value: str  # as the visitor sent it, shortened, without what HTML cannot carry


class ReleaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    search_max_length = MAX_QUERY_LENGTH
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, data, *, facets, **kwargs):
        """`facets`: what the public releases have (newsroom.facets), the only choices offered."""
        super().__init__(data, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (value, label) for value, label in NewsRelease.Kind.choices if value in facets.kinds
        ]
        self.fields["theme"].choices = [("", _("All themes")), *facets.themes]
        self.fields["country"].choices = [("", _("All countries")), *facets.countries]
        years = [str(year) for year in facets.years]
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]

    @classmethod
    def for_request(cls, request):
        """The form bound to the request's query string, with the choices the site has now."""
        return cls(request.GET, facets=public_facets())

    def shown_query(self):
        """The search text as typed, minus what HTML cannot carry: the box's value."""
        return _UNSHOWABLE.sub("", str(self["q"].value() or ""))

    def clean_q(self):
        """The search text as the search uses it; too long or wordless gets a message."""
        text = self.cleaned_data["q"]
        return clean_query(text) if text else ""

    def unknown_filters(self):
        """The kind, theme, country or year filters whose value no public release has."""
        self.is_valid()
        unknown = []
        for name in CHOICE_FILTERS:
            if name in self.errors:
                value = _UNSHOWABLE.sub("", str(self[name].value() or ""))
                if len(value) > SHOWN_VALUE_CHARS:
                    value = value[:SHOWN_VALUE_CHARS] + "…"
                unknown.append(UnknownFilter(name, str(self.fields[name].label), value))
        return unknown

    @property
    def active_filters(self):
        """The valid, non-empty filters, in the form's order: what the list is showing."""
        self.is_valid()
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if self.cleaned_data.get(name) not in (None, "")
        }

    def querystring(self):
        """The active filters as a query string, for page links that keep them."""
        return urlencode(self.active_filters)

    def filter(self, queryset):
        """`queryset` narrowed by every valid filter; invalid ones are left out."""
        filters = self.active_filters
        if "kind" in filters:
            queryset = queryset.filter(kind=filters["kind"])
        if "theme" in filters:
            queryset = queryset.filter(themes__slug=filters["theme"])
        if "country" in filters:
            # Stored as comma-separated two-letter codes: a code can only match a whole code.
            queryset = queryset.filter(countries__contains=filters["country"])
        if "year" in filters:
            queryset = queryset.filter(published_at__year=int(filters["year"]))
        if "q" in filters:
            # Last: the search orders by relevance what the other filters kept.
            queryset = search_releases(queryset, filters["q"], get_language())
        return queryset
