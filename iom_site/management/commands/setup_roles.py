from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

from core import role_changes

WRITE = ["add", "change", "view"]
TRANSLATE = ["change", "view"]

# Group name → {"app_label.model": [actions]}. An action is a permission codename's prefix
# ("change" → change_newsrelease, "publish" → publish_newsrelease, publish_page).
ROLES = {
    "Editors": {
        # No delete: a release once written stays on record; it goes back to draft instead.
        "newsroom.newsrelease": [*WRITE, "publish"],
        # The ordered contacts of a release: removing one from a release deletes its row.
        "newsroom.releasecontact": [*WRITE, "delete"],
        "newsroom.theme": WRITE,
        "newsroom.presscontact": WRITE,
        "organisation.page": [*WRITE, "publish"],
        "organisation.person": WRITE,
        "organisation.position": WRITE,
        "organisation.unit": WRITE,
        "organisation.office": WRITE,
        "organisation.region": WRITE,
        "organisation.menuitem": WRITE,
        # Who published, unpublished or deleted what: read only (the log admin lets nobody
        # but superusers change it).
        "core.activityentry": ["view"],
        # Who logged in, or failed to, when and from where (django-axes' logs): read only.
        "axes.accesslog": ["view"],
        "axes.accessfailurelog": ["view"],
    },
    # Translators change what exists, in the other languages' tabs: they add, delete and
    # publish nothing. Without a model's add permission the admin leaves everything but
    # translated text read-only (core.admin_roles): slugs, contact details, images,
    # relations, status and public time.
    "Translators": {
        "newsroom.newsrelease": TRANSLATE,
        "newsroom.releasecontact": ["view"],
        "newsroom.theme": TRANSLATE,
        "newsroom.presscontact": TRANSLATE,
        "organisation.page": TRANSLATE,
        "organisation.person": TRANSLATE,
        "organisation.position": TRANSLATE,
        "organisation.unit": TRANSLATE,
        "organisation.office": TRANSLATE,
        "organisation.region": ["view"],
        "organisation.menuitem": TRANSLATE,
    },
}


def wanted_permissions(models):
    """The Permission rows for one role; a missing one is an error, not a silent gap."""
    wanted = set()
    for label, actions in models.items():
        app_label, model = label.split(".")
        codenames = [f"{action}_{model}" for action in actions]
        found = set(
            Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            ).select_related("content_type")
        )
        missing = sorted(set(codenames) - {permission.codename for permission in found})
        if missing:
            raise CommandError(
                f"Permissions {', '.join(missing)} of {app_label} do not exist: run "
                "`manage.py migrate` first."
            )
        wanted |= found
    return wanted


def label(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


class Command(BaseCommand):
    help = (
        "Create or update the groups Editors (write and publish releases and institutional "
        "pages, write the organisation's people, units, offices and menu, read the activity "
        "log) and Translators (change the translated text of those in any language; add, "
        "delete and publish nothing). A group's permissions are set to exactly its role's; "
        "running it again changes nothing."
    )

    def handle(self, *args, **options):
        # One row in the activity log for the run, with each group's outcome, rather than
        # one per permission added or removed.
        with role_changes.batch(source="command:setup_roles") as run:
            for name, models in ROLES.items():
                run.note(self.set_up(name, wanted_permissions(models)))

    def set_up(self, name, wanted):
        group, created = Group.objects.get_or_create(name=name)
        current = set(group.permissions.select_related("content_type"))
        added, removed = wanted - current, current - wanted
        group.permissions.add(*added)
        group.permissions.remove(*removed)
        if created:
            state = "created"
        elif added or removed:
            state = f"updated (+{len(added)} −{len(removed)})"
        else:
            state = "unchanged"
        summary = f"{name}: {state}, {len(wanted)} permissions."
        self.stdout.write(summary)
        if created:
            return summary
        changes = [f"+{label(p)}" for p in added] + [f"−{label(p)}" for p in removed]
        return " ".join([summary, *sorted(changes)])
