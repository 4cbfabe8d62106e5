"""The signed links of media alerts (django.core.signing): nothing in them can be changed
without the site's secret key.

- Confirmation: carries the address and the choices made on the form, so nothing is stored
  before the link is followed; expires after `ALERTS_CONFIRM_DAYS`. It names the moment it was
  made: a link older than the subscription's last confirmation has been used already.
- Manage (change choices, delete, one-click unsubscribe): names the subscriber and its link
  key, which dies with the subscription; never expires, since it sits in every e-mail sent.
"""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

CONFIRM_SALT = "alerts.confirm"
MANAGE_SALT = "alerts.manage"


class BadLink(Exception):
    """The link cannot be used; `reason` is "invalid" (tampered or cut) or "expired"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def confirmation_token(email, choices):
    payload = {"e": email, "c": choices, "t": timezone.now().timestamp()}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def read_confirmation(token):
    """(email, choices, issued_at) from a confirmation token, or BadLink."""
    max_age = timedelta(days=settings.ALERTS_CONFIRM_DAYS)
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise BadLink("expired") from error
    except signing.BadSignature as error:
        raise BadLink("invalid") from error
    try:
        issued = datetime.fromtimestamp(float(payload["t"]), tz=UTC)
        return str(payload["e"]), dict(payload["c"]), issued
    except (KeyError, TypeError, ValueError) as error:
        raise BadLink("invalid") from error


def manage_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.link_key}, salt=MANAGE_SALT)


def read_manage(token):
    """(subscriber id, link key) from a manage token, or BadLink."""
    try:
        payload = signing.loads(token, salt=MANAGE_SALT)
        return int(payload["s"]), str(payload["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise BadLink("invalid") from error
