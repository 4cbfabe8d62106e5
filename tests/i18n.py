"""URLs as each language spells them: paths are translated (/fr/actualites/, /es/noticias/)."""

from django.urls import reverse
from django.utils.translation import override


def url_in(language, name, **kwargs):
    """The path of a named URL in `language`."""
    with override(language):
        return reverse(name, kwargs=kwargs or None)
