"""The main menu's entries (organisation.context_processors.main_menu), read as rows of values:
each entry's label and link in every language are those modeltranslation gives the objects,
fallbacks included."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from core.language_policy import LANGUAGE_CODES
from organisation.context_processors import main_menu
from organisation.models import MenuItem
from tests.factories import make_published_page

pytestmark = pytest.mark.django_db


def test_menu_entries_read_as_values_are_what_the_objects_give_in_every_language():
    translated = make_published_page(slug_fr="qui-nous-sommes", slug_es="quienes-somos")
    english_only = make_published_page()
    scheduled = make_published_page(published_at=timezone.now() + timedelta(hours=1))
    top = MenuItem.objects.create(label_en="Who we are", label_fr="Qui nous sommes",
                                  page=translated, order=1)
    MenuItem.objects.create(label_en="Our work", page=english_only, parent=top, order=1)
    MenuItem.objects.create(label_en="Structure", label_es="Estructura", parent=top, order=2,
                            target=MenuItem.Target.STRUCTURE)
    MenuItem.objects.create(label_en="Later", page=scheduled, order=2)
    MenuItem.objects.create(label_en="News", label_fr="Actualités", order=3,
                            target=MenuItem.Target.NEWS)
    for code in LANGUAGE_CODES:
        with override(code):
            objects = MenuItem.objects.select_related("page")
            shown = [
                item for item in objects
                if item.target != MenuItem.Target.PAGE or (item.page and item.page.is_public)
            ]
            expected = [
                (item.label, item.get_absolute_url(), [
                    (child.label, child.get_absolute_url())
                    for child in shown if child.parent_id == item.pk
                ])
                for item in shown if item.parent_id is None
            ]
            menu = [
                (entry.label, entry.url, [(child.label, child.url) for child in entry.entries])
                for entry in main_menu()
            ]
            assert menu == expected
            assert len(menu) == 2  # the scheduled page's entry is not shown yet
