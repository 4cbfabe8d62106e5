"""Pages read as a browser reads them, for assertions that do not hang on the markup's spelling:
elements found by tag and attributes (in any order, entities decoded), the text a reader sees,
and JSON-LD read as JSON.

A page may be given as a str, as bytes, or as a response (Django's test client, or any HTTP
client whose response has `.text`)."""

import json
import re
from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}
# An element that a new sibling of the same kind closes, as the HTML parsing rules say.
SELF_CLOSING_SIBLINGS = {"li", "option", "p", "dt", "dd", "tr", "td", "th"}
# Elements whose contents a reader never sees as text.
NOT_TEXT = {"script", "style", "template"}


class Comment(str):
    """An HTML comment's text: in the tree, but neither an element nor text a reader sees."""


class Element:
    """One element: its tag, its attributes ({name: value}, a bare attribute's value is ""),
    and its children (elements and strings, in document order)."""

    def __init__(self, tag, attrs):
        self.tag = tag
        self.attrs = {name: value or "" for name, value in attrs}
        self.children = []

    def __repr__(self):
        attrs = "".join(f' {name}="{value}"' for name, value in self.attrs.items())
        return f"<{self.tag}{attrs}>"

    def descendants(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.descendants()

    def strings(self, *, hidden=False):
        """The text nodes inside, in order; with hidden=True, also those of scripts and styles."""
        for child in self.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, str):
                yield child
            elif child.tag == "br":
                yield "\n"
            elif hidden or child.tag not in NOT_TEXT:
                yield from child.strings(hidden=hidden)

    @property
    def content(self):
        """The text inside as written: scripts' and styles' included, whitespace kept."""
        return "".join(self.strings(hidden=True))

    @property
    def text(self):
        """The text inside, whitespace collapsed as a browser shows it."""
        return " ".join("".join(self.strings()).split())

    def matches(self, tag, text, attrs):
        if tag is not None and self.tag != tag:
            return False
        if text is not None and not _matches(self.text, text):
            return False
        for name, wanted in attrs.items():
            if name not in self.attrs:
                return False
            value = self.attrs[name]
            if name == "class" and isinstance(wanted, str):
                if not set(wanted.split()) <= set(value.split()):
                    return False
            elif not _matches(value, wanted):
                return False
        return True


def _matches(value, wanted):
    """`wanted` is the exact value, True for "present", or a compiled regex that must be found."""
    if wanted is True:
        return True
    if isinstance(wanted, re.Pattern):
        return wanted.search(value) is not None
    return value == wanted


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [])
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in SELF_CLOSING_SIBLINGS and self.open[-1].tag == tag:
            self.open.pop()
        element = Element(tag, attrs)
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, attrs))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)

    def handle_comment(self, data):
        self.open[-1].children.append(Comment(data))


def _markup(page):
    if isinstance(page, str):
        return page
    if isinstance(page, bytes):
        return page.decode()
    if isinstance(getattr(page, "content", None), bytes):
        return page.content.decode(getattr(page, "charset", None) or "utf-8")
    return page.text


def parse(page):
    """The page as a tree of Elements under a "#document" root; an Element is returned as is."""
    if isinstance(page, Element):
        return page
    builder = _TreeBuilder()
    builder.feed(_markup(page))
    builder.close()
    return builder.root


def elements(page, tag=None, *, text=None, **attrs):
    """Every element of `tag` (any tag if None) with these attributes, in document order.

    A keyword names an attribute, with "_" for "-" and a trailing "_" dropped (`class_`,
    `aria_current`, `http_equiv`). Its value is the attribute's exact value, True for "present",
    or a compiled regex searched in the value; `class_` lists class names the element has among
    others. `text` is the element's whole text (whitespace collapsed), or a regex searched in it.
    """
    attrs = {name.rstrip("_").replace("_", "-"): wanted for name, wanted in attrs.items()}
    return [
        element for element in parse(page).descendants() if element.matches(tag, text, attrs)
    ]


def element(page, tag=None, *, text=None, **attrs):
    """The one element that `elements` finds; fails unless there is exactly one."""
    found = elements(page, tag, text=text, **attrs)
    assert len(found) == 1, f"{len(found)} elements <{tag} {attrs}> text={text!r}: {found}"
    return found[0]


def text_of(page):
    """The text a reader sees (scripts and styles left out), whitespace collapsed."""
    return parse(page).text


def comments(page):
    """The text of every comment in the page (or in an element), in document order."""
    root = parse(page)
    return [
        child
        for found in [root, *root.descendants()]
        for child in found.children
        if isinstance(child, Comment)
    ]


def all_text(page):
    """Everything a page says, entities decoded: its text (as written and with whitespace
    collapsed, so that words split by markup or line breaks are found), every attribute's value
    and the contents of its scripts (JSON-LD). What must not leak must be absent from all of it."""
    root = parse(page)
    values = [value for found in root.descendants() for value in found.attrs.values()]
    return "\n".join([root.content, " ".join(root.content.split()), *values])


def attribute_values(page, name):
    """Every value of the attribute `name` in the page, in document order."""
    return [found.attrs[name] for found in parse(page).descendants() if name in found.attrs]


def links(page):
    """The href of every link (<a> and <link>) of the page, in document order."""
    return [
        found.attrs["href"] for found in elements(page, href=True) if found.tag in ("a", "link")
    ]


def json_ld(page):
    """Each <script type="application/ld+json"> of the page, read as JSON."""
    return [
        json.loads(script.content)
        for script in elements(page, "script", type="application/ld+json")
    ]
