"""What a change form in the admin carries besides its fields, as a browser posts it back."""

from html.parser import HTMLParser

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


class _FormReader(HTMLParser):
    """The fields of the admin's change form as a browser would submit them: inputs (checked
    boxes only, no buttons or files), textareas and selected options."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, []
        self._textarea = self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            # A browser drops the newline that follows <textarea>.
            self.data.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "select":
            self._select = None


def submitted(response):
    """What the change form in `response` posts when saved as it stands: {name: value or
    [values]} (the hidden loaded state included)."""
    opts = response.context["opts"]
    reader = _FormReader(f"{opts.model_name}_form")
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    return {name: values if len(values) > 1 else values[0] for name, values in data.items()}


def opened_form(client, obj):
    """Open `obj`'s change form as `client`'s user; what saving it unchanged would post."""
    response = client.get(change_url(obj))
    assert response.status_code == 200, response.status_code
    return submitted(response)
