"""Logins and failed logins, in the activity log.

A failed login keeps the username that was tried (Django hands the signal the credentials with
the password already masked; only the username is read). django-axes sends its refusals of a
locked-out account through the same signal, after marking the request: those rows say so."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed

from . import activity

SOURCE = "login"


def _on_login(sender, request, user, **kwargs):
    activity.record(activity.Action.LOGIN, user=user, source=SOURCE)


def _on_login_failed(sender, credentials, request=None, **kwargs):
    username_field = get_user_model().USERNAME_FIELD
    tried = str(credentials.get(username_field) or credentials.get("username") or "")
    locked_out = getattr(request, "axes_locked_out", False)
    activity.record(
        activity.Action.LOGIN_FAILED,
        username=tried[:150],
        source=SOURCE,
        details="locked out (django-axes)" if locked_out else "",
    )


def connect():
    user_logged_in.connect(_on_login, dispatch_uid="activity-login")
    user_login_failed.connect(_on_login_failed, dispatch_uid="activity-login-failed")
