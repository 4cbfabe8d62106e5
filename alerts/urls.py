from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import views

app_name = "alerts"


def alerts_path(route):
    """Every address under the one translated prefix, so that the request-body limits
    (settings.FORM_URL_NAMES, naming "alerts:subscribe") allow the forms posting here."""
    return format_lazy("{}{}", _("media-alerts/"), route)


urlpatterns = [
    path(alerts_path(""), views.subscribe, name="subscribe"),
    path(alerts_path("confirm/<str:token>/"), views.confirm, name="confirm"),
    path(alerts_path("manage/<str:token>/"), views.manage, name="manage"),
    path(alerts_path("unsubscribe/<str:token>/"), views.one_click, name="one_click"),
]
