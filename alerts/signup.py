"""Signing up: the limits on the form, and what following a confirmation link does.

Whatever the address's state (unknown, waiting, subscribed), the form answers the same page and
sends at most one confirmation an hour to it: nothing tells a visitor whether an address is
subscribed. The limits are rows in the database (`Throttle`), so they hold across processes
and whether the cache (Redis) is up or not.
"""

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


def _key(kind, value):
    # Hashed: the marks hold no address, neither e-mail nor IP.
    return f"{kind}:{salted_hmac('alerts.throttle', value).hexdigest()}"


def _marks_since(key, since):
    return Throttle.objects.filter(key=key, created_at__gte=since).count()


def client_over_limit(request):
    """Count this sign-up against the client address; True when it has made more than
    `ALERTS_SIGNUPS_PER_HOUR` within the last hour (this one refused)."""
    now = timezone.now()
    Throttle.objects.filter(created_at__lt=now - HOUR).delete()
    key = _key("client", client_address(request) or "unknown")
    if _marks_since(key, now - HOUR) >= settings.ALERTS_SIGNUPS_PER_HOUR:
        return True
    Throttle.objects.create(key=key, created_at=now)
    return False


def request_confirmation(email, choices, language):
    """Send the confirmation link for `email` unless one went to it within the hour."""
    now = timezone.now()
    key = _key("email", email)
    with transaction.atomic():
        if _marks_since(key, now - HOUR):
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
