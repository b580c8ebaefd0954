"""Sentences and clause spans: the fast forms cut exactly where the rules as plainly written cut."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.extract import lexicon as lx
from bot.core.extract import text
from bot.core.extract.text import Span, SpanKind
from tests.text_pieces import joined

#: The openers as written: one regex with its leading ``\b``, digits and all.
_PLAIN_OPENER = re.compile(
    r"\b(?:" + "|".join(lx.OTHER_EVENT_OPENERS) + r")\b(?!\s+(?:" + "|".join(lx.NOT_OPENER_FOLLOWERS) + r"))"
)


def _plain_spans(sentence: str) -> tuple[Span, ...]:
    """Every cut by the full cut pattern and every opener, sorted, then the spans between them."""
    low = sentence.lower()
    cuts = [(m.start(), m.end(), text._CUT_KINDS[m.lastgroup or ""]) for m in text._CUT.finditer(low)]
    cuts += [(m.start(), m.start(), SpanKind.OTHER) for m in _PLAIN_OPENER.finditer(low)]
    cuts.sort(key=lambda c: (c[0], c[2] is not SpanKind.OTHER))
    spans: list[Span] = []
    pos, kind = 0, SpanKind.MAIN
    for start, end, next_kind in cuts:
        if start < pos:
            continue
        if start > pos:
            spans.append(Span(pos, start, kind))
        pos, kind = end, next_kind
    if pos < len(sentence):
        spans.append(Span(pos, len(sentence), kind))
    return tuple(spans) or (Span(0, len(sentence), SpanKind.MAIN),)


#: The openers' words, what may follow them, and the characters that cut a clause.
CLAUSE_PIECES = [
    "after", "before", "since", "following", "followed", "in response to", "responding to", "amid",
    "in retaliation for", "on the heels of", "compared with", "unlike", "a", "one", "two", "several", "few",
    "day", "days", "hours", "weeks", "months", "years", "3", "12", "launch", "launching", "liftoff",
    "take-off", "7 a.m.", "noon", "it was launched", "and", "but", "which", "when", "who", "while", "-",
    "--", "\u2014", "\u2013", ",", ";", "1,000", "Oct. 2, 2019", "x", "But", "AFTER", "\t", "\u00a0",
    "\u0663", "thereafter", "butter",
]  # fmt: skip
#: Openers whole, so the rarer ones are tried where they matter.
CLAUSE_PHRASES = [
    "3 days after", "12 hours before", "two weeks since", "a day after", "several months before",
    "after launch", "after 7 a.m.", "before falling", ", which flew", ", and then", " but ", " - ",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(
    sentence=st.one_of(
        joined(CLAUSE_PIECES, 20),
        st.lists(st.sampled_from(CLAUSE_PHRASES + CLAUSE_PIECES), max_size=10).map(" ".join),
    )
)
def test_clause_spans_cut_where_the_plain_rules_cut(sentence: str) -> None:
    # Each form and shortcut of clause_spans (the spaced cuts found apart, the openers' guard words and
    # look-behind, the sort only with an opener) against every rule run plainly.
    assert text.clause_spans(sentence) == _plain_spans(sentence)


def test_a_count_of_days_opens_the_clause_whether_in_words_or_digits() -> None:
    assert text.clause_spans("it flew three days after a test")[1] == Span(8, 31, SpanKind.OTHER)
    assert text.clause_spans("it flew 3 days after a test")[1] == Span(8, 27, SpanKind.OTHER)


#: Sentence stops, quotes and brackets after them, and what may open the next sentence.
BOUNDARY_PIECES = [
    ".",
    "!",
    "?",
    "...",
    '"',
    "'",
    ")",
    "]",
    "(",
    "[",
    " ",
    "  ",
    "\n",
    "\t",
    "\u00a0",
    "A",
    "a",
    "7",
    "U.S.",
    "Mr.",
]


@settings(max_examples=500, deadline=None)
@given(paragraph=st.lists(st.sampled_from(BOUNDARY_PIECES), max_size=30).map("".join))
def test_the_sentence_boundary_is_found_where_its_plain_form_finds_it(paragraph: str) -> None:
    plain = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")
    assert [m.span() for m in text._BOUNDARY.finditer(paragraph)] == [
        m.span() for m in plain.finditer(paragraph)
    ]
