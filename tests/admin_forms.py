"""What an admin form posts, read from the form the admin rendered, as a browser sends it."""

from html.parser import HTMLParser

from django.contrib.admin.utils import quote
from django.urls import reverse

from core.admin import STATE_FIELD


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.data = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
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
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.data.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None


def form_data(html, form_id):
    """{name: value, or a list of values for a multiple choice} of the form `form_id`."""
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {}
    for name, value in reader.data:
        if name in data:
            previous = data[name]
            data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
        else:
            data[name] = value
    return data


def change_form_data(client, url, model_name):
    """The change form at `url` as `client` sees it, ready to post back unchanged."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return form_data(response.content.decode(), f"{model_name}_form")


# --- The state a change form was loaded at (the stale-save check) ----------------------------


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])


def submitted(response):
    """What the change form in `response` posts when saved as it stands (its hidden loaded
    state included)."""
    return form_data(response.content.decode(), f"{response.context['opts'].model_name}_form")


def opened_form(client, obj):
    """Open `obj`'s change form as `client`'s user; what saving it unchanged would post."""
    response = client.get(change_url(obj))
    assert response.status_code == 200, response.status_code
    return submitted(response)


def loaded_state(client, obj):
    """{"_loaded_state": …} of `obj`'s change form opened now by `client`'s user: the version
    and field fingerprints the form was loaded at, for posts built by hand."""
    return {STATE_FIELD: opened_form(client, obj)[STATE_FIELD]}
