"""Normalising article text and titles, and making a title from the first sentence when there is none."""

from __future__ import annotations

import re

from bot.core.formats.tables import ABBREVIATIONS, MAX_DERIVED_TITLE

_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\x0b\x0c\x85]")
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200d\u2060\ufeff\u00ad]")
# json.loads turns "\ud800" into a lone surrogate, which no UTF-8 encoder (database, Telegram) accepts.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_RUNS = re.compile(r"\n{3,}")
_ANY_WHITESPACE = re.compile(r"\s+")

# A sentence ends at . ! ? or … (with closing quotes/brackets) before white space and a capital,
# digit or opening quote.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"(\S+)$")
_LEADING_JUNK = re.compile(r"^[^\w\"'“‘]+")


def normalise_text(text: str) -> str:
    """Runs of spaces collapsed, each line stripped, paragraphs separated by exactly one blank line.

    Single line breaks are kept: in the plain-text corpus a line is a paragraph, and joining lines
    would run a headline into the sentence after it.
    """
    text = _LINE_BREAKS.sub("\n", text).replace("\u2029", "\n\n")
    text = _SURROGATE.sub("\ufffd", _INVISIBLE.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def normalise_title(title: str) -> str:
    """One line: all white space collapsed to single spaces."""
    title = _SURROGATE.sub("\ufffd", _INVISIBLE.sub("", title))
    return _ANY_WHITESPACE.sub(" ", title).strip()


def first_sentence_title(text: str) -> str:
    """A title for an article that has none: its first sentence, cut at a word boundary if long.

    ``text`` is normalised and non-empty; so is the result.
    """
    first_line = text.split("\n", 1)[0]
    sentence = first_line
    for match in _SENTENCE_END.finditer(first_line):
        word = _LAST_WORD.search(first_line[: match.start()])
        last = word.group(1).lower().lstrip("(\"'“‘") if word else ""
        # "Feb. 7", "U.S. officials", "Kim J. Un": a full stop that does not end the sentence.
        if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        sentence = first_line[: match.end()]
        break
    # The corpus has "(): South Korea's military said ..." — a dateline whose place got lost.
    title = _LEADING_JUNK.sub("", sentence).strip() or sentence.strip()
    if len(title) > MAX_DERIVED_TITLE:
        cut = title[:MAX_DERIVED_TITLE]
        title = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:-—–") + "…"
    return title
