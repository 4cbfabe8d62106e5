"""Journalist links to a release under embargo: one per journalist or outlet, recorded,
expiring, and revocable.

A release is under embargo while it is published with a public time still to come. The press
office hands journalists a link (made on the release's admin form, for a name and outlet) that
shows the release exactly as the public page will, with its PDF, press kit and original image,
so they can prepare their story before the time.

Each link is a row (`JournalistLink`): who it was made for, by whom, when, until when, and
whether it still works. The address carries only the row's pk, signed with the site's
SECRET_KEY, so the database decides, on every visit, whether the link still opens anything:

- it works for LINK_LIFETIME after it was made: a fixed lifetime, rather than one ending at the
  embargo time, because the embargo time can still move after the link went out;
- a publisher can revoke every link of a release at once ("Revoke all links");
- a link ends for good when the release leaves its embargo other than by going public (back to
  draft, withdrawn) or comes back to an embargo it had left (scheduled again after a draft or
  after being public): links handed out for an earlier embargo never come back to life. Moving
  the public time of a release still under embargo keeps its links.

Once the release is public, a link still signed here leads to the public page.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

LINK_LIFETIME = timedelta(days=7)
# Not the salt of the links before they were recorded (which signed the release's pk): those
# open nothing any more.
SALT = "newsroom.journalist-link"


def signer():
    return signing.Signer(salt=SALT)


def is_under_embargo(release):
    """Scheduled, in the publication rule's words (core.publishing): a withdrawn
    release is not, so its links die with it."""
    return release.is_scheduled


def make_link(release, made_for="", made_by=None):
    """A new link to `release`, working for LINK_LIFETIME from now."""
    now = timezone.now()
    return release.journalist_links.create(
        made_for=made_for, made_by=made_by, made_at=now, expires_at=now + LINK_LIFETIME
    )


def make_token(release, made_for="", made_by=None):
    """The token of a new link to `release` (see make_link)."""
    return make_link(release, made_for, made_by).token


def token_of(link):
    return signer().sign_object(link.pk)


def read_token(token):
    """The pk of the link a token names; None for anything this module did not sign
    (tampered, truncated, made with another key or salt)."""
    try:
        pk = signer().unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return pk if isinstance(pk, int) else None


def revoke_all(release, user):
    """A publisher ends every link of `release` that still works; how many."""
    return release.journalist_links.filter(ended_at=None).update(
        ended_at=timezone.now(), ended_by=user, end_reason="revoked"
    )


def was_scheduled(status, published_at, now):
    return status == "published" and published_at is not None and published_at > now


def publication_written(release, before):
    """After a write changed the release's status or public time (`before`: the stored
    values): its links end unless it stays under embargo or went public (see the module)."""
    if release.is_public:
        return
    now = timezone.now()
    stays = was_scheduled(before.get("status"), before.get("published_at"), now) and (
        release.is_scheduled
    )
    if not stays:
        release.journalist_links.filter(ended_at=None).update(
            ended_at=now, end_reason="superseded"
        )


@dataclass(frozen=True)
class EmbargoAddress:
    """The embargo page of one token; stands for the release in the language switcher and
    hreflang links, so they stay on the embargo page in the other languages."""

    token: str

    def get_absolute_url(self):
        return reverse("newsroom:embargo", kwargs={"token": self.token})
