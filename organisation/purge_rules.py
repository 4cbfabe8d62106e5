"""The organisation's purge rules (applied by the write path: core.write_path.cover)."""

from core import cache_tags as tags


def _page_tags(page):
    from .models import MenuItem

    purged = {tags.page(page.pk), tags.PAGES}
    if MenuItem.objects.filter(page_id=page.pk).exists():
        purged.add(tags.MENU)
    return purged


# model name -> tags purged when one object of it changes (see core.purge_rules.declare).
RULES = {
    "organisation": lambda pk, instance, changed: {tags.ORGANISATION},
    "menuitem": lambda pk, instance, changed: {tags.MENU},
    "page": lambda pk, instance, changed: _page_tags(instance),
    "unit": lambda pk, instance, changed: {tags.UNITS},
    "person": lambda pk, instance, changed: {tags.PEOPLE},
    "position": lambda pk, instance, changed: {tags.PEOPLE, tags.UNITS},
    "office": lambda pk, instance, changed: {tags.OFFICES},
    "region": lambda pk, instance, changed: {tags.REGIONS},
}
