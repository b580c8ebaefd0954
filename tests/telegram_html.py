"""A strict reading of Telegram's HTML parse mode for the pure rendering tests: only the tags Telegram
knows, every tag closed in order, every ``&`` an entity. (The Bot API stand-in checks the same through
TDLib in the handler tests; this one needs no server.)"""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

ALLOWED = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in ALLOWED, f"Telegram has no <{tag}>"
        if tag == "a":
            assert [name for name, _ in attrs] == ["href"], attrs
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> closes nothing"
        assert self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for raw in "<>&":
            assert raw not in data, f"a bare {raw} in {data!r}"
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        assert name in {"lt", "gt", "amp", "quot"}, f"&{name};"
        self.text.append(unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self.text.append(unescape(f"&#{name};"))


def plain(html: str) -> str:
    """The text a reader sees, after checking ``html`` is something Telegram accepts."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert not checker.stack, f"unclosed {checker.stack}"
    text = "".join(checker.text)
    assert len(text) <= 4096, len(text)
    return text
