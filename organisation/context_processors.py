from .models import MenuItem, Organisation


def site(request):
    """The organisation and the main menu, for the header and footer of every page."""
    if request.path.startswith("/admin/"):
        return {}
    items = list(MenuItem.objects.select_related("page"))
    top = [item for item in items if item.parent_id is None]
    for item in top:
        item.entries = [child for child in items if child.parent_id == item.pk]
    return {"site_organisation": Organisation.load(), "main_menu": top}
