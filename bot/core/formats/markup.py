"""HTML trees to prose: paragraphs become blank-line separated, line breaks stay line breaks.

Used on trafilatura's cleaned body (its own tag names: ``head``, ``list``, ``item``, ``lb`` ...)
and, through lxml, on the HTML fragments of feed entries and e-mails. It decides only where
breaks go; which parts of a page are the article is trafilatura's job.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from bot.core.formats.prose import normalise_text

_PARAGRAPH_TAGS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "blockquote", "pre", "table",
        "ul", "ol", "dl", "figure", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "address",
        "center", "details", "summary", "fieldset",
        # trafilatura's output vocabulary
        "head", "list", "quote", "code",
    }
)  # fmt: skip
_LINE_TAGS = frozenset({"li", "tr", "dt", "dd", "item", "row", "caption"})
_BREAK_TAGS = frozenset({"br", "lb"})
_CELL_TAGS = frozenset({"td", "th", "cell"})
_GAPS: dict[str, int] = dict.fromkeys(_PARAGRAPH_TAGS, 2) | dict.fromkeys(_LINE_TAGS | _BREAK_TAGS, 1)
_SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "title", "svg", "math", "iframe", "object",
     "button", "select", "option", "textarea", "input", "form", "nav", "meta", "link"}
)  # fmt: skip
_WHITESPACE = re.compile(r"\s+")

# No network, ever: no DTDs, no external entities.
_PARSER = etree.HTMLParser(recover=True, no_network=True, remove_comments=True, remove_pis=True)


def tree_text(root: Any) -> str:
    """The prose of an lxml element, normalised (possibly empty)."""
    out = _Prose()
    skipping = 0
    preformatted = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        raw_tag = element.tag
        tag = raw_tag.rsplit("}", 1)[-1].lower() if isinstance(raw_tag, str) else ""  # XHTML namespaces
        skipped = not tag or tag in _SKIPPED_TAGS
        if event == "start":
            if skipped or skipping:
                skipping += skipped
                continue
            preformatted += tag == "pre"
            out.gap(_GAPS.get(tag, 0))
            if tag in _CELL_TAGS:
                out.add(" ", preformatted=False)
            if element.text:
                out.add(element.text, preformatted=preformatted > 0)
            continue
        if skipped:
            skipping -= 1
        elif not skipping:
            preformatted -= tag == "pre"
            if tag not in _BREAK_TAGS:  # <br> breaks once, where it stands
                out.gap(_GAPS.get(tag, 0))
        if not skipping and element is not root and element.tail:
            out.add(element.tail, preformatted=preformatted > 0)
    return normalise_text(out.text())


class _Prose:
    """Text with the strongest pending break between two runs of words, never a doubled one."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pending = 0

    def gap(self, newlines: int) -> None:
        self._pending = max(self._pending, newlines)

    def add(self, text: str, *, preformatted: bool) -> None:
        if not preformatted:
            text = _WHITESPACE.sub(" ", text)
        if not text.strip():
            if not self._pending:
                self._parts.append(text)
            return
        if self._pending and self._parts:
            self._parts.append("\n" * self._pending)
        self._pending = 0
        self._parts.append(text)

    def text(self) -> str:
        return "".join(self._parts)


def fragment_text(html: str) -> str:
    """The prose of an HTML fragment or page (a feed entry's content, an e-mail's HTML part)."""
    try:
        root = etree.fromstring(f"<div>{html}</div>", _PARSER)
    except (etree.LxmlError, ValueError):
        return normalise_text(_WHITESPACE.sub(" ", re.sub(r"<[^>]*>", " ", html)))
    return "" if root is None else tree_text(root)
