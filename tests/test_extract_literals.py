"""The literal guards: what ``needles`` reads from a pattern, and that no match of the lexicon's patterns
lacks one of its needles (a wrong guard would silently drop a field)."""

from __future__ import annotations

import re

import pytest

from bot.core.extract import flight, pipeline, weapons
from bot.core.extract.literals import Guarded, guarded, needles, needles_of_all
from bot.core.extract.text import sentences
from tests.articles import SEEDS, load


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("abc", ("abc",)),
        (r"\bballistic\s+missiles?", ("ballistic",)),
        # The parser moves a shared opening out of the branches; it is put back.
        (r"icbms?|irbms?", ("icbm", "irbm")),
        (r"(?:over|across)\s+japan", ("japan",)),
        # A literal that holds another adds nothing.
        (r"launchers?|launcher\s+truck", ("launcher",)),
        (r"(?:ab)+c", ("ab",)),
    ],
)
def test_needles_are_read_from_the_pattern(pattern: str, expected: tuple[str, ...]) -> None:
    assert needles(pattern) == expected


@pytest.mark.parametrize("pattern", [r"x*", r"ab|", r"\d+", r"[a-z]+\s", r"(?i)abc", r"(?:abc)?d?"])
def test_a_pattern_that_can_match_without_a_literal_has_none(pattern: str) -> None:
    assert needles(pattern) == ()


def test_a_case_insensitive_pattern_has_none() -> None:
    assert needles("abc", re.IGNORECASE) == ()


def test_a_case_insensitive_part_is_not_read() -> None:
    assert needles(r"a(?i:bcd)") == ("a",)


def test_needles_of_all_knows_nothing_when_one_pattern_needs_no_literal() -> None:
    assert needles_of_all([guarded("abc"), guarded(r"\d+")]) == ()
    assert needles_of_all([guarded("abc"), guarded("xyz|ab")]) == ("ab", "xyz")


def _lexicon_scans() -> list[Guarded]:
    scans: list[Guarded] = [p for p, _ in weapons._CLASSES]
    scans += [p for p, _, _ in weapons._SYSTEMS]
    scans += [p for p, _ in flight._LANDINGS]
    return scans + [v for v in vars(pipeline).values() if isinstance(v, Guarded)]


def _texts() -> list[str]:
    texts = []
    for path in sorted(SEEDS.iterdir()):
        for a in load(path):
            texts += [s.text.lower() for s in sentences(a.title, a.text)]
    return texts


def test_every_match_of_the_lexicon_patterns_holds_one_of_its_needles() -> None:
    texts = _texts()
    matched = 0
    for scan in _lexicon_scans():
        for text in texts:
            for m in scan.scan.regex.finditer(text):
                matched += 1
                assert any(n in m.group(0) for n in scan.needed), (scan.scan.regex.pattern, m.group(0))
    assert matched > 10
