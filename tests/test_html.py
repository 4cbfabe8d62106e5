"""tests/html.py, the parsed-page helpers the other tests assert with: each can fail."""

import pytest

from tests.html import all_text, comments, element, elements, json_ld, links, text_of

PAGE = """<!DOCTYPE html>
<html lang="fr"><head><title>Titre &amp; suite</title>
<link href="/fr/" rel="alternate" hreflang="fr">
<script type="application/ld+json">
{"@type": "NewsArticle", "headline": "\\u003C/script\\u003E"}
</script>
<script>window.hidden = "Script text";</script>
</head><body>
<ul class="menu main"><li><a href="/fr/a/" aria-current="page">Un</a>
<li><a href="/fr/b/">Deux</a></ul>
<p class="note" title="Caché">Premier<br>paragraphe <b>gras</b></p>
<!--place-holder--><img src="/x.jpg" alt="Une image"><p>Secret
  plan</p>
</body></html>"""


def test_attributes_match_in_any_order_and_decoded():
    assert element(PAGE, "link", rel="alternate", hreflang="fr").attrs["href"] == "/fr/"
    assert element(PAGE, "link", hreflang="fr", href="/fr/")
    assert element(PAGE, "title").text == "Titre & suite"
    assert not elements(PAGE, "link", hreflang="en")


def test_class_names_are_matched_one_by_one():
    assert element(PAGE, "ul", class_="main")
    assert element(PAGE, "ul", class_="main menu")
    assert not elements(PAGE, "ul", class_="menu other")


def test_list_items_and_void_elements_close_as_in_a_browser():
    menu = element(PAGE, "ul", class_="menu")
    assert [item.text for item in elements(menu, "li")] == ["Un", "Deux"]
    assert element(PAGE, "a", aria_current="page").text == "Un"
    assert element(PAGE, "p", class_="note").text == "Premier paragraphe gras"


def test_text_leaves_scripts_out_and_all_text_keeps_them_and_attributes():
    assert "Script text" not in text_of(PAGE)
    assert "Premier paragraphe gras" in text_of(PAGE)
    everything = all_text(PAGE)
    assert "Script text" in everything and "Caché" in everything and "Une image" in everything
    assert "Secret plan" in everything  # split by a line break in the markup


def test_comments_links_and_json_ld():
    assert comments(PAGE) == ["place-holder"]
    assert links(PAGE) == ["/fr/", "/fr/a/", "/fr/b/"]
    assert json_ld(PAGE) == [{"@type": "NewsArticle", "headline": "</script>"}]


def test_element_fails_unless_exactly_one():
    with pytest.raises(AssertionError, match="2 elements"):
        element(PAGE, "a")
    with pytest.raises(AssertionError, match="0 elements"):
        element(PAGE, "form")
