"""What the public newsroom pages show, read from their HTML as a visitor reads them."""

import html
import re


def listed_titles(response):
    """The titles a list shows, in order (as read: without the search's highlights)."""
    return [
        html.unescape(re.sub(r"<[^>]+>", "", title))
        for title in re.findall(
            r'class="release-item-title"><a [^>]*>(.*?)</a>', response.content.decode(), re.S
        )
    ]
