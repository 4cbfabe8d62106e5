from django import forms
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import ordinal
from django.db.models import Exists, OuterRef
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from newsroom.models import NewsRelease, Theme


def offered_themes():
    """The themes one may choose: those of a public release, and those no release uses yet
    (one can ask for a theme's first release). A theme only drafts, scheduled or withdrawn
    releases use is not named: the list and the feeds do not name it either."""
    with_theme = NewsRelease.objects.filter(themes=OuterRef("pk"))
    return Theme.objects.filter(Exists(with_theme.published()) | ~Exists(with_theme))


class RankedSelects(forms.Widget):
    """One select per language of the policy ("1st choice", "2nd choice"…), all named like
    the field. A browser sends a form's fields in the page's order, so the order received is
    the ranking: no script needed. The first select has no empty option (one language at
    least); the others may be left empty."""

    use_fieldset = True

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs)
        self.choices = list(choices)

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        if isinstance(values, str):
            values = [values]
        return [value for value in values or [] if value]

    def value_omitted_from_data(self, data, files, name):
        # Empty selects send "", which means "no language here", never "not in the form".
        return False

    def id_for_label(self, id_, index=None):
        # The fieldset's legend names the group (a legend has no "for"); each select has a
        # label of its own.
        return f"{id_}_{index}" if id_ and index is not None else ""

    def render(self, name, value, attrs=None, renderer=None):
        value = [str(code) for code in value or []] if not isinstance(value, str) else [value]
        attrs = self.build_attrs(self.attrs, attrs)
        base_id = attrs.pop("id", None) or f"id_{name}"
        attrs.pop("required", None)
        selects = []
        for rank in range(len(self.choices)):
            chosen = value[rank] if rank < len(value) else ""
            options = list(self.choices) if rank == 0 else [("", gettext("(none)")),
                                                            *self.choices]
            selects.append(format_html(
                '<div class="ranked-choice"><label for="{id}">{label}</label> '
                '<select name="{name}" id="{id}"{attrs}>{options}</select></div>',
                id=f"{base_id}_{rank}",
                label=_rank_label(rank + 1),
                name=name,
                attrs=format_html_join("", ' {}="{}"', attrs.items()),
                options=format_html_join(
                    "", '<option value="{}"{}>{}</option>',
                    ((code, " selected" if code == chosen else "", label)
                     for code, label in options),
                ),
            ))
        return format_html_join("\n", "{}", ((select,) for select in selects))


def _rank_label(rank):
    # ordinal() is Django's, translated by django.contrib.humanize ("1er", "2º"…); it returns
    # markup (French uses <sup>) from Django's own catalogues.
    return mark_safe(escape(gettext("%(ordinal)s choice")) % {"ordinal": ordinal(rank)})


class RankedLanguagesField(forms.MultipleChoiceField):
    """Languages in order of preference, each once."""

    widget = RankedSelects

    def validate(self, value):
        super().validate(value)
        if len(set(value)) != len(value):
            raise forms.ValidationError(
                _("Choose each language once: a language appears in two choices."),
                code="repeated",
            )


class ChoicesForm(forms.Form):
    """What a journalist wants to receive: the same on sign-up and on the manage page."""

    languages = RankedLanguagesField(
        label=_("Languages, in order of preference"),
        choices=settings.LANGUAGES,
        help_text=_("Each alert comes in your first choice if the release is published in it "
                    "(its original or a complete, up-to-date translation), otherwise in your "
                    "next choice, and so on; if none, in the release's original language."),
        error_messages={"required": _("Choose at least one language.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.none(),  # set for each form: the public changes with time
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every theme."),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of release"),
        choices=NewsRelease.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every kind."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=lambda: list(countries),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("None chosen: every country. Hold Ctrl (or Cmd) to choose several."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = offered_themes()

    def choices(self):
        """The cleaned choices as plain data (for a signed link and for the subscriber)."""
        data = self.cleaned_data
        return {
            "languages": list(data["languages"]),
            "themes": [theme.pk for theme in data["themes"]],
            "kinds": list(data["kinds"]),
            "countries": list(data["countries"]),
        }


class SubscribeForm(ChoicesForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, such as name@example.org."),
        },
    )
    # A trap for robots: hidden from people (by the style sheet and from assistive
    # technology), so only a robot fills it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = ["email", "languages", "themes", "kinds", "countries", "website"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def is_robot(self):
        return bool(self.data.get("website"))
