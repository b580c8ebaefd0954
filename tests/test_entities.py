"""Telegram's formatting through TDLib's own parser, and the fixing Telegram does after it."""

from __future__ import annotations

import threading

import pytest

from bot.testing.entities import (
    Entity,
    EntityParseError,
    UnsupportedParseMode,
    find_entities,
    format_text,
    parse_html,
    utf16_len,
)


def spans(text: str, parse_mode: str | None = "HTML") -> list[tuple[str, str]]:
    formatted = format_text(text, parse_mode)
    assert formatted is not None
    return [(e.type, formatted.slice(e)) for e in formatted.entities]


def test_html_becomes_bot_api_entities() -> None:
    html = (
        "<b>b</b> <i>i</i> <u>u</u> <s>s</s> <tg-spoiler>sp</tg-spoiler> <code>c</code> "
        '<pre><code class="language-python">p</code></pre> <a href="https://example.org/x">l</a> '
        '<blockquote expandable>q</blockquote> <tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    formatted = parse_html(html)
    by_type = {e.type: e for e in formatted.entities}
    assert list(by_type) == [
        "bold", "italic", "underline", "strikethrough", "spoiler", "code", "pre", "text_link",
        "expandable_blockquote", "custom_emoji",
    ]  # fmt: skip
    assert by_type["pre"].language == "python"
    assert by_type["text_link"].url == "https://example.org/x"
    assert by_type["custom_emoji"].custom_emoji_id == "5368324170671202286"
    assert by_type["text_link"].to_api() == {
        "offset": 15,
        "length": 1,
        "type": "text_link",
        "url": "https://example.org/x",
    }


def test_offsets_count_utf16_units() -> None:
    formatted = parse_html("🚀🚀 <b>launch</b>")
    [bold] = formatted.entities
    assert (bold.offset, bold.length) == (5, 6)
    assert formatted.slice(bold) == "launch"
    assert utf16_len("🚀") == 2


def test_tdlib_reasons_come_through() -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_html("<b>x</i>")
    assert caught.value.reason == 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'
    with pytest.raises(UnsupportedParseMode):
        format_text("x", "BBCode")


def test_markdown_v2_uses_the_same_parser() -> None:
    assert spans("*bold* _it_", "MarkdownV2") == [("bold", "bold"), ("italic", "it")]
    with pytest.raises(EntityParseError, match="reserved"):
        format_text("1.5", "MarkdownV2")


def test_text_is_trimmed_and_cleaned_as_telegram_stores_it() -> None:
    formatted = format_text("\n\n  <b> launch</b>\tat\r\n dawn  \n", "HTML")
    assert formatted is not None
    assert formatted.text == "launch at\n dawn"
    assert [(e.type, formatted.slice(e)) for e in formatted.entities] == [("bold", "launch")]


def test_whitespace_only_text_is_empty_unless_allowed() -> None:
    assert format_text(" <b> </b>\n", "HTML") is None
    empty = format_text(" \n", None, allow_empty=True)
    assert empty is not None
    assert empty.text == ""


def test_telegram_finds_unmarked_entities_except_inside_code() -> None:
    assert spans("See https://x.org, /latest and @kcna #DPRK <code>https://y.org</code>") == [
        ("url", "https://x.org"),
        ("bot_command", "/latest"),
        ("mention", "@kcna"),
        ("hashtag", "#DPRK"),
        ("code", "https://y.org"),
    ]
    assert [(e.type, e.offset, e.length) for e in find_entities("/start@launchwatch_bot now")] == [
        ("bot_command", 0, 22)
    ]


def test_explicit_entities_are_checked_against_the_text() -> None:
    formatted = format_text("hello world", entities=[Entity("bold", 6, 5)])
    assert formatted is not None
    assert formatted.slice(formatted.entities[0]) == "world"
    with pytest.raises(EntityParseError):
        format_text("hello", entities=[Entity("bold", 3, 9)])


def test_parser_is_safe_across_threads() -> None:
    results: list[str] = []

    def work() -> None:
        for _ in range(200):
            results.append(parse_html("<b>x</b> y").text)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["x y"] * 800
