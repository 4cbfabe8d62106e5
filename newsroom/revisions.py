"""What the newsroom's revisions hold. A release's own columns carry every language, the
themes, countries, related releases and image; its ordered contacts are rows of their own,
carried along with it."""

from core.revisions import register

from .models import NewsRelease, PressContact, ReleaseContact, Theme


def register_models():
    register(NewsRelease, follow=["releasecontact_set"])
    register(ReleaseContact)
    register(Theme)
    register(PressContact)
