"""What the organisation's revisions hold: every admin model, a person with their positions,
a menu entry with its sub-entries."""

from core.revisions import register

from .models import MenuItem, Office, Organisation, Page, Person, Position, Region, Unit


def register_models():
    register(Organisation)
    register(Unit)
    register(Person, follow=["positions"])
    register(Position)
    register(Region)
    register(Office)
    register(Page)
    register(MenuItem, follow=["children"])
