from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from newsroom.models import NewsRelease, Theme


def offered_themes():
    """The themes one may choose: those of a public release, and those no release uses yet
    (one can ask for a theme's first release). A theme only drafts, scheduled or withdrawn
    releases use is not named: the list and the feeds do not name it either."""
    with_theme = NewsRelease.objects.filter(themes=OuterRef("pk"))
    return Theme.objects.filter(Exists(with_theme.published()) | ~Exists(with_theme))


class ChoicesForm(forms.Form):
    """What a journalist wants to receive: the same on sign-up and on the manage page."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each alert comes in the first of these the release is written in, "
                    "otherwise in its original language."),
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
