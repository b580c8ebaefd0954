"""Guards and shortcuts are for speed only: each step reads exactly what its rules as plainly written
read, on any text."""

from __future__ import annotations

import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.core.extract import counts, flight, timex, weapons
from bot.core.extract import lexicon as lx
from tests.text_pieces import joined

#: Every guard word as written, inside a longer word and cut short, and the words around time phrases.
GUARD_WORDS = sorted(timex._BY_KEY)
PIECES = [
    *GUARD_WORDS,
    *(w.capitalize() for w in GUARD_WORDS),
    *(w + "s" for w in GUARD_WORDS),
    *("x" + w for w in GUARD_WORDS),
    *(w[:-1] for w in GUARD_WORDS),
    *lx.WEEKDAYS,
    *(m.capitalize() + "." for m in lx.MONTHS),
    "May", "may", "last", "this", "past", "early", "late", "mid", "on", "the", "a", "in", "since", "of",
    "previous", "before", "prior", "ago", "earlier", "later", "it", "'s", "-", ",", ".", " ", "1", "5th",
    "25", "2017", "1999", "2023-07-10", "the 1990s", "\u0130", "\u212a",
]  # fmt: skip
#: Phrases every pattern should find, so the guards are tried where they matter.
PHRASES = [
    "on Sunday", "this past Monday's", "last Friday night", "early on Tuesday", "Saturday evening",
    "yesterday", "last night", "today", "this morning", "tonight", "overnight", "two days ago",
    "3 days earlier", "a day earlier", "the previous day", "the day before", "the day prior", "that same day",
    "later that afternoon", "the same night", "hours later", "minutes earlier", "shortly afterwards",
    "earlier this month", "last year", "over the weekend", "in recent weeks", "years ago", "in the spring",
    "a decade ago", "this year's", "since the start of", "mid-March", "late May", "in 2017",
    "since the 1990s", "the last time", "in March", "Nov. 2", "25 May", "March 24, 2017", "2023-07-10",
]  # fmt: skip
sentences = st.one_of(
    joined(PIECES, 25),
    st.lists(st.sampled_from(PHRASES + PIECES[:40]), max_size=8).map(" ".join),
)


def _every_pattern(text: str) -> list[re.Match[str]]:
    """The scan without guards: every pattern on the sentence, leftmost first, earlier pattern first."""
    low = text.lower()
    hits = sorted(
        (m.start(), priority, m)
        for priority, name, pattern in timex._COMPILED
        for m in pattern.finditer(text if name in timex._CASED else low)
    )
    out: list[re.Match[str]] = []
    for start, _, m in hits:
        if not out or start >= out[-1].end():
            out.append(m)
    return out


def _found(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], str | None]]:
    return [(m.span(), m.lastgroup) for m in matches]


@settings(max_examples=500, deadline=None)
@given(text=sentences)
def test_guards_never_hide_a_time_phrase(text: str) -> None:
    assert _found(timex._scan(text)) == _found(_every_pattern(text))


@settings(max_examples=300, deadline=None)
@given(text=sentences.map(str.lower))
def test_the_guard_finds_the_longest_guard_word_each_word_begins_with(text: str) -> None:
    expected = set()
    for word in re.findall(r"[a-z]+", text):
        starts = [w for w in GUARD_WORDS if word.startswith(w)]
        if starts:
            expected.add(max(starts, key=len))
    assert timex._GUARD_WORDS.longest(text) == expected


def test_a_guard_word_inside_another_word_does_not_count() -> None:
    assert timex._GUARD_WORDS.longest("birthday, thatcher") == {"that"}


def _launch_site_as_written(text: str) -> str | None:
    """The site rule as first written: a known site or a generic word, then the known-site pattern, then
    the generic one."""
    low = text.lower()
    if not any(w in low for w in flight._GENERIC_SITE_WORDS) and not any(s in low for s in flight._KNOWN_LOW):
        return None
    m = flight._SITE.search(low)
    if m:
        found = text[m.start("site") : m.end("site")]
        for known in flight._KNOWN:
            if known.lower() == found.lower():
                return known
        return found
    g = flight._SITE_GENERIC.search(text)
    return g.group("site") if g else None


SITE_PIECES = [
    *lx.KNOWN_SITES, *(s.upper() for s in lx.KNOWN_SITES), "from", "From", "near", "off", "at", "around",
    "the", "its", "waters", "east", "of", "area", "region", "county", "site", "launch", "Sunan-ri", "Kangwon",
    "province", "\n", ",", ".", "x",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    text=st.one_of(
        joined(SITE_PIECES, 12),
        # "from the Kangwon area", with any space before the generic word
        st.tuples(
            st.sampled_from(["from ", "from the ", "missiles from "]),
            st.sampled_from(["Kangwon", "Sunan", "Tongchang-ri", "Pyongyang"]),
            st.sampled_from([" ", "\t", "\n", "\u00a0"]),
            st.sampled_from(["area", "region", "county", "site", "launch site", "base"]),
        ).map("".join),
    )
)
def test_the_launch_site_is_read_as_the_rule_reads_it(text: str) -> None:
    assert flight.launch_site(text) == _launch_site_as_written(text)


COUNT_PIECES = [
    "a", "an", "another", "two", "eight", "23", "1,000", "at least", "more than", "a pair of", "one of",
    "such", "ballistic", "missile", "missiles", "rockets", "KN-23", "fired", "and", ",", ".", "-",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(COUNT_PIECES), max_size=15).map(" ".join))
def test_counts_by_number_alone_are_those_of_the_full_reading(text: str) -> None:
    assert counts.find_numbers(text) == tuple(r for r in counts.find_counts(text) if r.strength == 2)


CLASS_PIECES = [
    "intercontinental", "ballistic", "missile", "missiles", "icbm", "irbms", "medium-range", "short-range",
    "long-range", "intermediate-range", "submarine-launched", "sub-launched", "hypersonic", "glide",
    "cruise", "slcm", "surface-to-air", "anti-aircraft", "air-defense", "multiple", "rocket", "launchers",
    "artillery", "mlrs", "tactical", "Hwasong", "rodong", "scud", "from", "several", "the", "two", "-",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(text=joined(CLASS_PIECES, 12))
def test_class_terms_are_found_as_when_each_is_tried(text: str) -> None:
    low = text.lower()
    expected = tuple(cls for pattern, cls in weapons._CLASSES if pattern.scan.search(low))
    assert weapons.classes(text) == (expected if any(w in low for w in weapons._CLASS_WORDS) else ())


#: A look-behind on a word character, where the pattern as first written had ``\b``.
_LOOK_BEHIND_WORD = re.compile(r"\(\?<[!=]\\w\)")


@settings(max_examples=300, deadline=None)
@given(text=sentences)
def test_each_time_pattern_finds_what_it_finds_as_a_plain_regex(text: str) -> None:
    # Compiled for speed (a leading \b checked after the match, words grouped by first letter, a look-behind
    # standing for the \b before a word) against the pattern as written, compiled as it is.
    for (name, source), (_, compiled_name, compiled) in zip(timex._PATTERNS, timex._COMPILED, strict=True):
        assert name == compiled_name
        read = text if name in timex._CASED else text.lower()
        plain = re.compile(_LOOK_BEHIND_WORD.sub(r"\\b", source))
        assert [m.span() for m in compiled.finditer(read)] == [m.span() for m in plain.finditer(read)], name


DIGIT_PIECES = ["1", "12", "199", "20", "19", "0", "-", "s", " ", "the ", "in ", "since ", "by ", "of ", "'s", ","]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(DIGIT_PIECES), max_size=20).map("".join))
def test_a_pattern_guarded_by_a_digit_needs_four_in_a_row(text: str) -> None:
    # The scan runs them only where the text has four digits in a row.
    runs = [run for run in re.split(r"\D", text) if run]
    assume(all(len(run) < 4 for run in runs))
    for _, name, pattern in timex._COMPILED:
        if name in timex._BY_DIGIT:
            assert not pattern.finditer(text), name


NUMBER_PIECES = [
    *lx.NUMBER_WORDS, *"0123456789", "x", "alone", "often", "someone", "sixth", "\u0663", "\u00b2", "km", "a", "-",
    "at least", "missiles", "rockets", " ", ",",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(text=joined(NUMBER_PIECES, 12))
def test_the_number_guard_passes_every_text_the_count_pattern_reads(text: str) -> None:
    low = text.lower()
    assert counts._has_digit(low) == any(c.isdigit() for c in low)
    if counts._COUNT.search(low) is not None:
        assert counts._may_hold_number(low)
    words = set(re.findall("[a-z]+", low))
    assert counts._may_hold_number(low) == (counts._has_digit(low) or bool(words & counts._NUMBER_WORDS))
