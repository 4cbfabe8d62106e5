"""Paginators for the newsroom list that do not count the whole archive on every request.

Counting is most of a list page's database time at 100,000 releases: an index-only scan of
every public release (about 20 ms), and with a theme a join over its through table (50 to
200 ms). The plain and filtered lists remember their count until the content changes (or a
scheduled release goes public: core.content_cache); a search counts at most its
`search.MAX_RESULTS` shown results, and says when there are more.
"""

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from core import cache_tags, content_cache


class CachedCountPaginator(Paginator):
    """The exact count, cached under `key` (which must name the filters)."""

    has_more = False

    def __init__(self, object_list, per_page, *, key, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.key = key

    @cached_property
    def count(self):
        def count_releases():
            # Theme filters name themes by slug: a renamed theme changes the count.
            cache_tags.add(cache_tags.RELEASES, cache_tags.THEMES)
            return self.object_list.count()

        return content_cache.remember(self.key, count_releases)


class CappedPaginator(Paginator):
    """Counts at most `limit` items; `has_more` says there were more than that (the queryset
    must hold at most `limit` + 1 items: those past `limit` are never shown)."""

    def __init__(self, object_list, per_page, *, limit, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    @cached_property
    def count(self):
        # How many there are up to the limit does not depend on their order, nor on what is
        # selected with them: counted without either (a search's headlines and ranks were
        # worked out for every match only to be counted, most of a cold search's time).
        found = self.object_list.order_by().values("pk")[: self.limit + 1].count()
        self.has_more = found > self.limit
        return min(found, self.limit)


class CachedPagePaginator(Paginator):
    """A page of results cached by an earlier request (newsroom.views): the
    count and the page's items are known, the query is not run again."""

    def __init__(self, count, per_page, *, has_more, **kwargs):
        super().__init__((), per_page, **kwargs)
        self.known_count = count
        self.has_more = has_more

    @cached_property
    def count(self):
        return self.known_count

    def page(self, number, items):
        return Page(items, self.validate_number(number), self)
