"""The scanner's rewrites of the lexicon's patterns are for speed only: they find what the patterns
as written find, at the same places, on any text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.extract import lexicon as lx
from bot.core.extract.scan import _factor_leading, caseless, scanner, word_starts
from tests.text_pieces import joined

#: Word lists as the steps join them, each one alternation: ``(?:word|word|...)`` and what follows.
LISTS: dict[str, str] = {
    "launch verbs": r"(?:" + "|".join(lx.LAUNCH_VERBS) + r")\b",
    "launch nouns": r"(?:" + "|".join(lx.LAUNCH_NOUNS) + r")\b",
    "weapons": r"(?:" + "|".join((*lx.WEAPON_NOUNS, *(p for p, _, _ in lx.SYSTEM_PATTERNS))) + r")\b",
    "south korea": r"(?:" + "|".join(lx.ACTOR_ALIASES[lx.Actor.SOUTH_KOREA]) + r")(?![\w-])(?P<poss>'s|')?",
    "irrealis": r"(?:" + "|".join(lx.IRREALIS_BEFORE) + r"|if|unless)\b(?:[\s\w'-]{0,45})$",
    "vague times": r"(?:" + "|".join(w for group, _ in lx.VAGUE_TIMES for w in group) + r")\b",
    "same day": r"(?:" + "|".join(lx.SAME_DAY_TIMES) + r")\b",
    "openers": r"(?:" + "|".join(lx.OTHER_EVENT_OPENERS) + r")\b",
    "landings": r"(?:" + "|".join(p for p, _ in lx.LANDING_TERMS) + r")",
}
#: Pieces of the lists' words and their neighbours, so generated text hits the alternatives' edges.
PIECES = [
    "fired", "fir", "confirmed", "km", "300km", "test-fired", "test fire", "launches", "lobbed", "lift off", "sent up", "salvo", "tests",
    "missile", "missiles", "icbm", "kn-23", "hwasong-18", "south korea's joint chiefs of staff",
    "joint chiefs of staff", "south korea", "seoul", "s. korea", "the south", "rok", "could", "would have",
    "plans to", "if", "last month", "a day after", "two days after", "3 days", "days", "that day",
    "later that day", "after", "following", "into the east sea", "sea of japan", "over japan", "eez", "the",
    "'s", "'", "-", " ", "  ", ",", ".", "a", "1", "2024", "\u212a", "\u017f", "e\u0301",
]  # fmt: skip
texts = st.one_of(
    joined(PIECES, 20),
    st.text(max_size=80),
)


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(text=texts)
def test_a_factored_word_list_finds_what_the_list_finds(text: str) -> None:
    for source in LISTS.values():
        assert _found(re.compile(_factor_leading(source)), text) == _found(re.compile(source), text)


def test_the_lists_are_factored_so_the_speed_rewrite_is_not_silently_skipped() -> None:
    for name, source in LISTS.items():
        factored = _factor_leading(source)
        assert factored != source, name
        re.compile(factored)


def test_an_optional_opening_group_is_spread_into_words_and_what_follows() -> None:
    source = r"(?:(?:south\s+korea'?s\s+)?joint\s+chiefs|seoul|(?:(?:a|two|\d+)\s+)?days?)\b"
    assert _factor_leading(source) == (
        r"(?:s(?:outh\s+korea'?s\s+joint\s+chiefs|eoul)|joint\s+chiefs"
        r"|a\s+days?|two\s+days?|\d+\s+days?|days?)\b"
    )


def test_groups_that_capture_are_left_alone_since_a_copy_would_be_a_second_group() -> None:
    source = r"(?:(?P<last>last\s+)?monday|(this\s+)?friday)"
    assert _factor_leading(source) == source


@settings(max_examples=300, deadline=None)
@given(text=texts.map(str.lower))
def test_a_scanner_finds_what_its_pattern_with_the_leading_boundary_finds(text: str) -> None:
    for source in LISTS.values():
        for boundary in (r"\b", r"(?<![\w.-])"):
            plain = re.compile(boundary + source)
            for in_regex in (False, True):
                fast = scanner(boundary + source, boundary_in_regex=in_regex)
                assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
                first = fast.search(text)
                assert (first and first.span()) == ((m := plain.search(text)) and m.span())


def test_a_scanner_skips_matches_that_start_inside_a_word() -> None:
    verbs = scanner(r"\b(?:" + "|".join(lx.LAUNCH_VERBS) + r")\b")
    assert [m.group(0) for m in verbs.finditer("it was misfired, then fired again")] == ["fired"]


BEGINNINGS = ["fir", "fire", "firing", "launch", "la", "day", "days", "sea", "km", "k"]


@settings(max_examples=300, deadline=None)
@given(text=texts.map(str.lower))
def test_word_starts_finds_exactly_the_beginnings_of_the_texts_letter_runs(text: str) -> None:
    words = re.findall(r"[a-z]+", text)
    expected = {b for b in BEGINNINGS if any(w.startswith(b) for w in words)}
    for check_after_word in (False, True):
        starts = word_starts(BEGINNINGS, check_after_word=check_after_word)
        assert starts.found(text) == expected
        assert starts.any(text) == bool(expected)


def test_a_beginning_inside_a_word_does_not_count_but_one_after_a_digit_does() -> None:
    starts = word_starts(["fir", "km"])
    assert starts.found("confirmed, 300km") == {"km"}
    assert not starts.any("confirmed")


SPEECH = r"\b(?:said|says|told|according)\b(?:\s+\w+){0,1}\s+(?:on\s+)?$"


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        texts,
        st.lists(st.sampled_from(["Said", "SAYS", "told", " on ", "Kelvin \u212a", "\u0130"])).map(" ".join),
    )
)
def test_a_caseless_pattern_answers_as_ignorecase_does_on_any_text(text: str) -> None:
    assert caseless(SPEECH).found(text) == bool(re.search(SPEECH, text, re.IGNORECASE))


def test_caseless_refuses_patterns_it_would_get_wrong() -> None:
    with pytest.raises(ValueError, match="one alternative"):
        caseless(r"\b(?:said)\b|[;:]")  # the \b belongs to the first alternative only
    with pytest.raises(ValueError, match="no capitals"):
        caseless(r"\b(?:designated)\s+[A-Z]")  # the fast text has no capitals


def test_the_clause_break_finds_what_its_plain_form_finds() -> None:
    from bot.core.extract.mentions import _CLAUSE_BREAK

    plain = re.compile(r"[,;]|\b(?:and|but|which|when|after|since)\b")
    for text in ("fired, and then", "band butter; whichever", "after_since when", "Andes, but", "x-and y"):
        assert _CLAUSE_BREAK.split(text) == plain.split(text)
