"""Tags that show the organisation's content in the site's templates."""

from django import template

from organisation.context_processors import main_menu

register = template.Library()


@register.simple_tag
def main_menu_entries():
    """`{% main_menu_entries as main_menu %}`: the main menu's public entries
    (organisation.context_processors.main_menu)."""
    return main_menu()
