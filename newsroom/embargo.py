"""Journalist links to a release under embargo: signed, expiring, and no key of their own.

A release is under embargo while it is published with a public time still to come. The press
office hands journalists a link (made on the release's admin form) that shows the release
exactly as the public page will, so they can prepare their story before the time.

The link carries only the release's pk, signed with the site's SECRET_KEY and the time it was
made (`django.core.signing.TimestampSigner`). It works for LINK_LIFETIME after it was made: a
fixed lifetime, rather than one ending at the embargo time, because the embargo time can still
move after the link went out, and a link forwarded too far stops working within a week
whatever happens to the release. Whether the release is still under embargo is checked on
every visit, so a release put back to draft stops answering at once; once the release is
public, the link leads to the public page.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.urls import reverse

LINK_LIFETIME = timedelta(days=7)
SALT = "newsroom.embargo-link"


def signer():
    return signing.TimestampSigner(salt=SALT)


def is_under_embargo(release):
    """Scheduled, in the publication rule's words (core.publishing): a withdrawn
    release is not, so its links die with it."""
    return release.is_scheduled


def make_token(release):
    return signer().sign_object(release.pk)


@dataclass(frozen=True)
class LinkReading:
    pk: int
    expired: bool


def read_token(token):
    """The release a token names and whether its lifetime is over; None for anything this
    module did not sign (tampered, truncated, made with another key or salt)."""
    try:
        return LinkReading(signer().unsign_object(token, max_age=LINK_LIFETIME), False)
    except signing.SignatureExpired:
        # Genuine but old: the pk can still be trusted, to send the reader to the public page
        # once the release is out.
        return LinkReading(signer().unsign_object(token), True)
    except signing.BadSignature:
        return None


@dataclass(frozen=True)
class JournalistLink:
    """The embargo page of one token; stands for the release in the language switcher and
    hreflang links, so they stay on the embargo page in the other languages."""

    token: str

    def get_absolute_url(self):
        return reverse("newsroom:embargo", kwargs={"token": self.token})
