"""Fast pattern scanning: word-boundary checks done after the match, not by the regex engine.

Python's ``re`` finds a pattern that starts with literal letters by a fast scan for its first
characters, but a leading ``\\b`` or look-behind switches that off: ``\\bovernight\\b`` costs ten
times ``overnight\\b`` on a sentence. Patterns here are compiled without the leading boundary, run on
the lowercased text, and a match that starts inside a word is skipped (and the scan resumes one
character later, so no match is lost).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

_LEADING = re.compile(r"^(?:\\b|\(\?<!\[[^\]]*\]\))")


@dataclass(frozen=True, slots=True)
class Scanner:
    regex: re.Pattern[str]
    #: Characters that may not come just before a match (besides letters, digits and "_").
    extra: str = ""

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        search = self.regex.search
        pos = 0
        while True:
            m = search(text, pos)
            if m is None:
                return
            start = m.start()
            if start and _inside(text[start - 1], self.extra):
                pos = start + 1
                continue
            yield m
            pos = m.end() if m.end() > start else start + 1

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)


_WORD = re.compile(r"[a-z]+")


@functools.lru_cache(maxsize=4096)
def word_set(low: str) -> frozenset[str]:
    """The runs of letters in a lowercased text. Several steps guard their patterns by the words a
    sentence has (the discourse, the triggers, the times); they share this set instead of each
    splitting the sentence again."""
    return frozenset(_WORD.findall(low))


def _inside(prev: str, extra: str) -> bool:
    return prev.isalnum() or prev == "_" or (bool(extra) and prev in extra)


def scanner(pattern: str, *, flags: int = 0) -> Scanner:
    """Compile ``pattern`` for lowercased text, its leading ``\\b`` and ``(?<![...])`` checked after
    the match instead (a look-behind's listed characters, besides word characters, are kept)."""
    extra = ""
    body = pattern
    while m := _LEADING.match(body):
        token = m.group(0)
        if token.startswith("(?<!["):
            extra += re.sub(r"\\[wd]", "", token[5:-2]).replace("\\", "")
        body = body[m.end() :]
    return Scanner(re.compile(body, flags), extra)
