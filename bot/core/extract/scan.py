"""Fast pattern scanning: word-boundary checks done after the match, not by the regex engine.

Python's ``re`` finds a pattern that starts with literal letters by a fast scan for its first
characters, but a leading ``\\b`` or look-behind switches that off: ``\\bovernight\\b`` costs ten
times ``overnight\\b`` on a sentence. Patterns here are compiled without the leading boundary, run on
the lowercased text, and a match that starts inside a word is skipped (and the scan resumes one
character later, so no match is lost).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_LEADING = re.compile(r"^(?:\\b|\(\?<!\[[^\]]*\]\))")


@dataclass(frozen=True, slots=True)
class Scanner:
    regex: re.Pattern[str]
    #: Characters that may not come just before a match (besides letters, digits and "_").
    extra: str = ""

    def finditer(self, text: str) -> list[re.Match[str]]:
        """Every match, in order, as a list: most calls find none or one, and a generator costs more
        to set up than that."""
        search = self.regex.search
        m = search(text)
        if m is None:
            return []  # most calls: one search, nothing built
        found: list[re.Match[str]] = []
        extra = self.extra
        while m is not None:
            start = m.start()
            # The word test written out, not called: a call per candidate cost more than the test.
            if start and ((prev := text[start - 1]).isalnum() or prev == "_" or prev in extra):
                m = search(text, start + 1)
                continue
            found.append(m)
            end = m.end()
            m = search(text, end if end > start else start + 1)
        return found

    def search(self, text: str) -> re.Match[str] | None:
        # ``finditer``'s loop, stopping at the first match.
        search = self.regex.search
        m = search(text)
        extra = self.extra
        while m is not None:
            start = m.start()
            if not start or not ((prev := text[start - 1]).isalnum() or prev == "_" or prev in extra):
                return m
            m = search(text, start + 1)
        return None


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True, slots=True)
class WordStarts:
    """Which of some word beginnings ("fir", "launch") a lowercased text's words begin with, a word
    being a run of a-z. Steps guard their patterns this way; one scan in the regex engine costs less
    than splitting the text into words and testing each in Python."""

    regex: re.Pattern[str]
    #: A matched beginning and every listed beginning it itself begins with ("launch": "la", "launch").
    within: dict[str, tuple[str, ...]]

    def any(self, low: str) -> bool:
        return self.regex.search(low) is not None

    def longest(self, low: str) -> frozenset[str]:
        """At each word that has one, the longest beginning it has (a small set, fit to key a cache)."""
        return frozenset(self.regex.findall(low))

    def found(self, low: str) -> set[str]:
        out: set[str] = set()
        for beginning in set(self.regex.findall(low)):
            out.update(self.within[beginning])
        return out


def word_starts(beginnings: Iterable[str], *, check_after_word: bool = False) -> WordStarts:
    """Longest first, so the beginning matched at a word is the longest it has; the shorter ones it
    holds come with it (two beginnings of one word are always one inside the other). The test that a
    beginning does not continue a word is a look-behind placed after its first letter (the engine
    keeps its skip to the first letters, and a letter inside a word fails at once) or, with
    ``check_after_word``, after the whole beginning: cheaper for beginnings with common first letters
    ("a", "t", "s"), where a look-behind tried at every one of them costs more than the rest of the scan;
    dearer for short beginnings found inside many words ("kn", "sen"). The two find the same."""
    ordered = sorted(set(beginnings), key=lambda b: (-len(b), b))
    if not all(_LETTERS.issuperset(b) and b for b in ordered):
        raise ValueError("word beginnings are letters a-z")
    within = {b: tuple(other for other in ordered if b.startswith(other)) for b in ordered}
    if check_after_word:
        return WordStarts(re.compile(_factor([f"{b}(?<![a-z]{b})" for b in ordered])), within)
    by_letter: dict[str, list[str]] = {}
    for beginning in ordered:
        by_letter.setdefault(beginning[0], []).append(beginning[1:])
    branches = [f"{letter}(?<![a-z]{letter})(?:{_factor(rests)})" for letter, rests in by_letter.items()]
    return WordStarts(re.compile("|".join(branches)), within)


@dataclass(frozen=True, slots=True)
class Caseless:
    """A case-insensitive pattern opening with ``\\b``: on ASCII text a scanner on the lowercased text
    (IGNORECASE and the leading ``\\b`` each leave the engine no first letter to skip to); any other
    text keeps the pattern as written, since lowering can change its length and what matches. For
    yes-or-no questions: a fast match is on the lowercased text."""

    fast: Scanner
    exact: re.Pattern[str]

    def found(self, text: str) -> bool:
        if text.isascii():
            return self.fast.search(text.lower()) is not None
        return self.exact.search(text) is not None


def caseless(pattern: str) -> Caseless:
    """Checks the pattern fits: one alternative (the ``\\b`` checked after the match must belong to
    all of it) and no capital letters outside escapes (the fast text has none)."""
    alternatives = _alternatives(pattern)
    if not pattern.startswith("\\b") or alternatives is None or len(alternatives) != 1:
        raise ValueError(f"a caseless pattern is one alternative opening with \\b: {pattern!r}")
    if any(c.isupper() for c in re.sub(r"\\.", "", pattern)):
        raise ValueError(f"a caseless pattern has no capitals: {pattern!r}")
    return Caseless(scanner(pattern), re.compile(pattern, re.IGNORECASE))


def contains_any(text: str, words: tuple[str, ...]) -> bool:
    """``any(word in text for word in words)`` without a generator, which cost more than the tests
    themselves in the guards that run several times a sentence."""
    for word in words:  # noqa: SIM110 - the generator any() needs is the cost this avoids
        if word in text:
            return True
    return False


def scanner(pattern: str, *, flags: int = 0, boundary_in_regex: bool = False) -> Scanner:
    """Compile ``pattern`` for lowercased text, its leading ``\\b`` and ``(?<![...])`` checked after
    the match instead (a look-behind's listed characters, besides word characters, are kept), and a
    leading alternation of words factored by their first letters.

    ``boundary_in_regex`` keeps the boundary in the regex, as one look-behind before the factored
    words: for a pattern with a choice that opens with no literal (``\\d+``), the engine has no first
    character to skip to and tries every position anyway, and the look-behind turns away those inside
    a word before the choices are tried."""
    extra = ""
    body = pattern
    while m := _LEADING.match(body):
        token = m.group(0)
        if token.startswith("(?<!["):
            extra += re.sub(r"\\[wd]", "", token[5:-2]).replace("\\", "")
        body = body[m.end() :]
    body = _factor_leading(body)
    if boundary_in_regex:
        # The test the scanner's loop makes (a letter, digit, "_" or one of ``extra`` before the match).
        before = "(?<![\\w" + "".join(re.escape(c) for c in extra) + "])"
        return Scanner(re.compile(before + body, flags))
    return Scanner(re.compile(body, flags), extra)


# --- factoring word lists --------------------------------------------------------------------
#
# A lexicon list becomes ``(?:fired|fires|launch(?:ed)?|lobbed|...)``. At every place the scan stops,
# the engine tries the alternatives one by one; grouped by their first letters
# (``(?:f(?:ired|ires)|l(?:aunch(?:ed)?|obbed))``) it tries one per letter, and the words of a group
# one by one only after their letter matched. Alternatives with different first letters can never
# match at the same place, and within a letter the order is kept, so the matches are the same.

_LITERAL_LEAD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 '")


def _factor_leading(body: str) -> str:
    """``body`` with the alternation of its opening ``(?:...)`` group factored, when it has one."""
    if not body.startswith("(?:"):
        return body
    close = _group_end(body, 0)
    alternatives = None if close is None else _alternatives(body[3:close])
    if close is None or alternatives is None:
        return body
    return "(?:" + _factor(alternatives) + body[close:]


def _syntax(pattern: str) -> list[tuple[int, str]] | None:
    """The places of a pattern's grouping characters (``(``, ``)``, ``|`` outside escapes and classes);
    None where a class opens with ``]``, too subtle to read safely here."""
    out: list[tuple[int, str]] = []
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            if pattern.startswith(("[]", "[^]"), i):
                return None
            in_class = True
        elif c in "()|":
            out.append((i, c))
        i += 1
    return None if in_class else out


def _group_end(pattern: str, start: int) -> int | None:
    """Where the group opened at ``start`` closes."""
    depth = 0
    for i, c in _syntax(pattern) or ():
        if i < start or c == "|":
            continue
        depth += 1 if c == "(" else -1
        if depth == 0:
            return i
    return None


def _alternatives(body: str) -> list[str] | None:
    """The top-level alternatives of a fragment, or None where it is not plain enough to read safely."""
    syntax = _syntax(body)
    if syntax is None:
        return None
    out, depth, start = [], 0, 0
    for i, c in syntax:
        if c == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        elif c != "|":
            depth += 1 if c == "(" else -1
            if depth < 0:
                return None
    if depth:
        return None
    out.append(body[start:])
    return out


def _lead(alternative: str) -> str | None:
    """The literal character every match of the alternative starts with, if one is plain to see."""
    if alternative[:1] in _LITERAL_LEAD and alternative[1:2] not in ("?", "*", "+", "{"):
        return alternative[0]
    return None


def _expanded(alternative: str) -> list[str]:
    """A leading group spread over the alternative so its words can be grouped by letter:
    ``(?:x|y)rest`` as ``x rest`` and ``y rest``; ``(?:x|y)?rest`` as those and then ``rest``, the order
    the greedy ``?`` tries them in. Only where no group captures (a copy would be a second group)."""
    if not alternative.startswith("(?:") or "(?P" in alternative or _CAPTURING.search(alternative):
        return [alternative]
    close = _group_end(alternative, 0)
    if close is None:
        return [alternative]
    after = alternative[close + 1 : close + 3]
    optional = after[:1] == "?" and after != "??"
    if not optional and after[:1] in ("*", "+", "{", "?"):
        return [alternative]
    inner, rest = _alternatives(alternative[3:close]), alternative[close + 1 + optional :]
    if inner is None or not rest:
        return [alternative]
    out = [x for option in inner for x in _expanded(option + rest)]
    if optional:
        out += _expanded(rest)
    return out if len(out) <= _MAX_SPREAD else [alternative]


#: Past this many copies a spread group costs more to compile and try than it saves.
_MAX_SPREAD = 64
#: An opening parenthesis that is not ``(?``: a numbered group, which expanding would duplicate.
_CAPTURING = re.compile(r"(?<!\\)\((?!\?)")


def _factor(alternatives: list[str]) -> str:
    alternatives = [x for alternative in alternatives for x in _expanded(alternative)]
    out: list[str] = []
    i = 0
    while i < len(alternatives):
        if _lead(alternatives[i]) is None:
            out.append(alternatives[i])  # it may match where the others do: its place in the order stays
            i += 1
            continue
        groups: dict[str, list[str]] = {}
        while i < len(alternatives) and (lead := _lead(alternatives[i])) is not None:
            groups.setdefault(lead, []).append(alternatives[i][1:])
            i += 1
        for lead, rests in groups.items():
            out.append(lead + rests[0] if len(rests) == 1 else f"{lead}(?:{_factor(rests)})")
    return "|".join(out)
