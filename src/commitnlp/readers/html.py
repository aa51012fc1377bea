"""Web pages: the visible text, one paragraph per block element.

The standard library's HTML parser is enough here: letters on web pages are simple markup,
and it tolerates broken HTML without another dependency.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .text import decode

_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
           "table", "tr", "ul", "ol", "blockquote", "address", "header", "footer", "pre", "hr"}
_SKIP = {"script", "style", "head", "noscript", "template", "svg", "nav"}
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.IGNORECASE)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in _BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n• ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCKS or tag == "li":
            self.parts.append("\n\n" if tag in _BLOCKS else "\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(re.sub(r"\s+", " ", data))


def extract(data: bytes, name: str) -> str:
    """Return the visible text of an HTML page, with block elements as paragraphs."""
    declared = _CHARSET.search(data[:4096])
    text = None
    if declared:
        try:
            text = data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode(data, name)
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    joined = "".join(collector.parts)
    lines = [line.strip() for line in joined.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
