"""Property: whatever query string a visitor sends to the newsroom list, it never answers 5xx."""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.language_policy import LANGUAGE_CODES as LANGUAGES
from tests.factories import make_published_release, make_theme

pytestmark = pytest.mark.clock

KEYS = ["kind", "theme", "country", "year", "page", "kind[]", "theme[0]", "q"]

# Any Unicode text (NUL, surrogate-free astral characters, combining marks…), plus values near
# the valid ones so some requests reach the filtering code with a valid value.
values = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.sampled_from(["story", "statement", "t1", "CH", "ch", "2017", "0", "-1", "99999", "1e3"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
params = st.lists(
    st.tuples(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)), values), max_size=8
)


@pytest.mark.django_db
@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(params=params, lang=st.sampled_from(LANGUAGES))
def test_list_never_answers_5xx(params, lang):
    """Arbitrary, repeated and array-style parameters get a 200 (or a 404), never a 5xx."""
    query = "&".join(f"{quote(key, safe='[]')}={quote(value)}" for key, value in params)
    # A client of its own: hypothesis runs many examples inside one test function.
    response = Client().get(f"/{lang}/news/?{query}")
    assert response.status_code in (200, 404)


@pytest.fixture(autouse=True)
def _some_releases(db):
    """A few public releases with a theme and a country, so filters have something to match."""
    theme = make_theme(slug="t1")
    for kind in ("story", "statement"):
        make_published_release(kind=kind, countries=["CH"]).themes.add(theme)
