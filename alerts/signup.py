"""Signing up: the limits on the form, and what following a confirmation link does.

Whatever the address's state (unknown, waiting, subscribed), the form answers the same page and
sends at most one confirmation an hour to its mailbox: nothing tells a visitor whether an
address is subscribed. Sign-ups count per client network (an IPv4 address, an IPv6 /64: one
home or office), confirmations per mailbox however it is spelt, and at most
`ALERTS_CONFIRMATIONS_PER_HOUR` confirmations leave in an hour in all, so the form cannot be
used to flood anyone's inbox. The limits are rows in the database (`Throttle`), so they hold
across processes and whether the cache (Redis) is up or not.
"""

import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.client_address import client_address
from newsroom.models import Theme

from .models import Subscriber, Throttle, UsedConfirmation
from .sending import send_confirmation
from .tokens import BadLink, confirmation_token

HOUR = timedelta(hours=1)

logger = logging.getLogger(__name__)


def _key(kind, value):
    # Hashed: the marks hold no address, neither e-mail nor IP.
    return f"{kind}:{salted_hmac('alerts.throttle', value).hexdigest()}"


def _marks_since(key, since):
    return Throttle.objects.filter(key=key, created_at__gte=since).count()


def client_network(request):
    """The client's address, or for IPv6 its /64: one network hands out as many as it likes."""
    address = client_address(request)
    if not address:
        return "unknown"
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def mailbox(email):
    """One key for the spellings that reach one mailbox at the big providers: any case, dots
    in the name, a +tag. Only for counting; the subscription keeps the address as typed."""
    name, _at, domain = email.rpartition("@")
    return f"{name.split('+', 1)[0].replace('.', '').lower()}@{domain.lower()}"


def client_over_limit(request):
    """Count this sign-up against the client address; True when it has made more than
    `ALERTS_SIGNUPS_PER_HOUR` within the last hour (this one refused)."""
    now = timezone.now()
    Throttle.objects.filter(created_at__lt=now - HOUR).delete()
    key = _key("client", client_network(request))
    if _marks_since(key, now - HOUR) >= settings.ALERTS_SIGNUPS_PER_HOUR:
        return True
    Throttle.objects.create(key=key, created_at=now)
    return False


def request_confirmation(email, choices, language):
    """Send the confirmation link for `email` unless one went to its mailbox within the hour,
    or the hour's confirmations are all spent."""
    now = timezone.now()
    key = _key("email", mailbox(email))
    with transaction.atomic():
        if _marks_since(key, now - HOUR):
            return False
        sent = Throttle.objects.filter(key__startswith="email:", created_at__gte=now - HOUR)
        if sent.count() >= settings.ALERTS_CONFIRMATIONS_PER_HOUR:
            logger.warning("Media alerts: the hour's %d confirmation e-mails are spent; "
                           "sign-ups get none until then.", settings.ALERTS_CONFIRMATIONS_PER_HOUR)
            return False
        Throttle.objects.create(key=key, created_at=now)
        send_confirmation.enqueue(email, confirmation_token(email, choices), language)
    return True


@transaction.atomic
def confirm(email, choices, issued_at):
    """Subscribe `email` with `choices` (or replace its choices). BadLink("used") when this
    link was followed before (even if the subscription was deleted since), or when the
    subscription was confirmed after this link was made."""
    now = timezone.now()
    UsedConfirmation.objects.filter(
        used_at__lt=now - timedelta(days=settings.ALERTS_CONFIRM_DAYS)
    ).delete()
    digest = salted_hmac("alerts.used", f"{email} {issued_at.timestamp()}").hexdigest()
    _used, created = UsedConfirmation.objects.get_or_create(
        digest=digest, defaults={"used_at": now}
    )
    if not created:
        raise BadLink("used")
    subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
    if subscriber is not None and subscriber.confirmed_at >= issued_at:
        raise BadLink("used")
    if subscriber is None:
        subscriber = Subscriber(email=email)
    subscriber.confirmed_at = now
    apply_choices(subscriber, choices)
    return subscriber


def apply_choices(subscriber, choices):
    subscriber.languages = list(choices.get("languages") or [settings.LANGUAGE_CODE])
    subscriber.kinds = list(choices.get("kinds") or [])
    subscriber.countries = list(choices.get("countries") or [])
    subscriber.save()
    # Themes deleted since the link was made are simply left out.
    subscriber.themes.set(Theme.objects.filter(pk__in=choices.get("themes") or []))
