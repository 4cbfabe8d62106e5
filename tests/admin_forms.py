"""What a change form in the admin carries besides its fields, as a browser posts it back."""

from django.contrib.admin.utils import quote
from django.urls import reverse

from iom_site.core.admin import STATE_FIELD


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])


def loaded_state(client, obj):
    """{"_loaded_state": …} of `obj`'s change form opened now by `client`'s user: the version
    and field fingerprints the form was loaded at."""
    response = client.get(change_url(obj))
    assert response.status_code == 200, response.status_code
    return {STATE_FIELD: response.context["versioned_state"]}
