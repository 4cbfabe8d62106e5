"""What django-axes counts a failed login against (AXES_LOCKOUT_PARAMETERS, a callable).

Always the (username, address) pair: a stranger's guesses at an editor's name lock out the
stranger's tries only. Once an address has failed `LOGIN_FAILURES_PER_ADDRESS` times within the
cool-off, whatever the usernames, the address alone counts too, and is over the limit: one
client trying a common password at many names (password spraying) is locked out, while an
office behind one address survives a few typos among its people.
"""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from .client_address import client_address

PER_NAME = ["username", "ip_address"]


def _address(request_or_attempt):
    # axes asks with the request, or with a stored attempt (which has its address).
    if isinstance(request_or_attempt, AccessAttempt):
        return request_or_attempt.ip_address
    return client_address(request_or_attempt)


def failures_at(address):
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    total = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=since
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def lockout_parameters(request_or_attempt, credentials=None):
    address = _address(request_or_attempt)
    if address and failures_at(address) >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return [PER_NAME, "ip_address"]
    return [PER_NAME]
