"""Step one: an article's text as paragraphs, sentences and clause spans.

Sentence splitting is a small regular expression with an abbreviation table, not a library: on the
corpus it splits exactly like pysbd and 40 times faster (see ``bench/bench_extract.py`` and the
report in the branch history). Clause spans cut a sentence where it starts talking about another
event ("..., a day after the North fired...") or only continues ("..., which flew 500 km").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from bot.core.extract import lexicon as lx
from bot.core.extract.scan import contains_any, scanner


class SpanKind(Enum):
    #: The sentence's own clause (or its first).
    MAIN = "main"
    #: After a comma or dash: continues the previous span, and can carry its own time.
    COMMA = "comma"
    #: A relative clause (", which", ", when"): always about what the previous span was about.
    REL = "rel"
    #: A new coordinated clause (", and", ";", ", but"): back to the sentence's main event.
    RESET = "reset"
    #: A clause about another event ("after the North fired...", "since March", "in response to").
    OTHER = "other"


# Not frozen, though never changed: built several times a sentence, and a frozen dataclass sets
# each field through object.__setattr__, which made up 3% of the extractor's time.
@dataclass(slots=True)
class Span:
    start: int
    end: int
    kind: SpanKind


# Not frozen either, for the same reason: about a hundred are built an article, and the six fields set
# through object.__setattr__ cost three times a plain construction (nothing hashes a sentence).
@dataclass(slots=True)
class Sentence:
    text: str
    #: 0 for the title, then 1, 2, ... for the body's paragraphs.
    paragraph: int
    #: Position in the article (title first).
    index: int
    is_title: bool
    #: In the title or the article's opening: what the article is about.
    in_lead: bool
    #: Opens a timestamped live-blog entry, which starts its own story.
    new_entry: bool = False


# --- normalising -----------------------------------------------------------------------------

#: Each typographic character and its ASCII form (or nothing).
_ASCII_FORMS: dict[str, str] = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u00ad": "",
    "\u200b": "",
    "\ufeff": "",
}


def normalise(text: str) -> str:
    """Typographic quotes and odd spaces to ASCII, so every pattern can be written once."""
    if text.isascii():
        return text  # only non-ASCII characters change
    # One fast scan per character instead of ``str.translate``, which looks every character up in a dict.
    for typographic, plain in _ASCII_FORMS.items():
        if typographic in text:
            text = text.replace(typographic, plain)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if len(text.lower()) != len(text):
            # Patterns run on the lowercased text and cut the original by the same offsets.
            text = "".join(c if len(c.lower()) == 1 else "?" for c in text)
    return text


# --- paragraphs and sentences ----------------------------------------------------------------

_PARAGRAPH = re.compile(r"\n\s*\n|\n")
#: "SEOUL, Feb. 7 —", "TOKYO —", "SEOUL -- ": a place and date before the story, not part of it.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'-]{2,30}(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*(?:—|–|--|-)\s+"
)
#: Live-blog timestamps: "8:30 p.m. —".
_STAMP = re.compile(
    r"^\s*\d{1,2}[:.]\d\d\s*(?:a\.m\.|p\.m\.|am|pm)?\s*(?:KST\s*)?(?:—|–|--|-)\s*", re.IGNORECASE
)

# fmt: off
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "rep",
    "sen", "gov", "pres", "st", "no", "nos", "vol", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.g", "i.e",
    "vs", "approx", "est", "dept", "corp", "inc", "ltd", "jr", "sr", "fig", "cf", "al",
))
# fmt: on
#: Abbreviations that can end a sentence when a sentence-starting word follows.
_ENDING_ABBREVIATIONS = frozenset(["a.m", "p.m", "u.s", "u.n", "u.k", "etc"])
# fmt: off
_STARTERS = frozenset((
    "the", "a", "an", "it", "its", "they", "their", "this", "that", "these", "those", "he",
    "she", "we", "i", "in", "on", "at", "after", "before", "but", "and", "north", "south",
    "japan", "japanese", "u.s.", "seoul", "pyongyang", "tokyo", "washington", "state", "officials",
    "yonhap", "kcna",
))
# fmt: on
# ``[.!?][.!?]*``, not ``[.!?]+``: the same matches, tried in the same order, but a pattern that opens with a
# class (not a repeat) lets the engine skip to the next stop instead of trying every position.
_BOUNDARY = re.compile(r"[.!?][.!?]*[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(paragraph: str) -> list[str]:
    """One paragraph's sentences; abbreviations ("U.S.", "Nov.", "Lt.", "a.m.") and initials end none."""
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.start()
        word_start = end
        while word_start > start and not paragraph[word_start - 1].isspace():
            word_start -= 1
        word = paragraph[word_start:end].strip("\"'([").lower()
        if paragraph[end] == "." and not _ends_sentence(word, paragraph, match.end()):
            continue
        piece = paragraph[start : match.end()].strip()
        if piece:
            out.append(piece)
        start = match.end()
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out


def _ends_sentence(word: str, paragraph: str, next_start: int) -> bool:
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "S. Korea", "Kim J. Un"
    if word in _ENDING_ABBREVIATIONS:
        nxt = paragraph[next_start : next_start + 20].split(" ", 1)[0].strip("\"'(").lower()
        return nxt in _STARTERS
    return word not in _ABBREVIATIONS


# --- clause spans ----------------------------------------------------------------------------

_NOT_OPENER = "|".join(lx.NOT_OPENER_FOLLOWERS)
# With one choice opening with ``\d+`` the engine has no first character to skip to: see ``scanner``.
_OPENER = scanner(
    r"\b(?:" + "|".join(lx.OTHER_EVENT_OPENERS) + r")\b(?!\s+(?:" + _NOT_OPENER + r"))",
    boundary_in_regex=True,
)
_OPENER_WORDS = (
    "after", "before", "since", "following", "followed", "response", "responding", "retaliation", "heels",
    "amid", "compared", "unlike",
)  # fmt: skip
# The clause cuts, each written once. A comma inside "1,000" or in "Oct. 2, 2019" is not a boundary.
# Every branch opens with its literal first character and ends in an empty group naming its kind, so
# the engine can skip ahead to the next ";" or "," instead of trying every position (a branch opening
# with a named group, or with ``\s``, would stop that).
_COMMA_CUTS = (
    r"\s+(?:and|but|while|whereas|although|though)\b(?P<reset>)"
    r"|\s+(?:which|when|where|who|whose)\b(?P<rel>)"
    r"|(?!\d{3}\b)(?!\s+\d{4}\b)(?P<comma>)"
)
_CUT_PUNCT_SOURCE = rf";(?P<semicolon>)|,(?:{_COMMA_CUTS})"
_CUT_PUNCT = re.compile(_CUT_PUNCT_SOURCE)
#: The same for text with no ";": one literal first character, which the engine finds fastest.
_CUT_COMMA = re.compile(rf",(?:{_COMMA_CUTS})")
# The same and the cuts that begin at a space or a dash, which no first character can find: this one
# tries every position, three times the cost, and only a space before "but" or a dash, or a long dash,
# can start those branches, which few sentences have (``_SPACED`` finds them). A branch here opens
# with a different character from all of ``_CUT_PUNCT``'s, so putting them last changes no match.
_CUT = re.compile(rf"{_CUT_PUNCT_SOURCE}|\s+but\s+(?P<but>)|(?:\s+(?:—|–|--|-)\s+|—|–)(?P<dash>)")
_CUT_KINDS = {
    "semicolon": SpanKind.RESET,
    "reset": SpanKind.RESET,
    "but": SpanKind.RESET,
    "rel": SpanKind.REL,
    "comma": SpanKind.COMMA,
    "dash": SpanKind.COMMA,
}
#: Whether ``\s(?:but|-)|—|–`` matches, its space tested by a look-behind after the word: each branch then
#: opens with a literal, and the engine skips to those few characters instead of trying every position.
_SPACED = re.compile(r"—|–|but(?<=\sbut)|-(?<=\s-)")
#: What ``_SPACED`` needs: a regex call costs more than these tests, and most sentences have none.
_SPACED_LITERALS = ("-", "but", "—", "–")


def clause_spans(sentence: str) -> tuple[Span, ...]:
    """Cut a sentence into spans; each knows whether it continues, resets or leaves the main event."""
    low = sentence.lower()
    kinds = _CUT_KINDS
    if contains_any(low, _SPACED_LITERALS) and _SPACED.search(low):
        cut: re.Pattern[str] | None = _CUT
    elif ";" in low:
        cut = _CUT_PUNCT
    else:
        # Without a spaced cut or ";", only a comma can cut (and most sentences have none).
        cut = _CUT_COMMA if "," in low else None
    cuts = [(m.start(), m.end(), kinds[m.lastgroup or ""]) for m in cut.finditer(low)] if cut else []
    if contains_any(low, _OPENER_WORDS):
        openers = [(m.start(), m.start(), SpanKind.OTHER) for m in _OPENER.finditer(low)]
        if openers:
            # The punctuation cuts come in text order already; only the openers need placing among them.
            cuts += openers
            cuts.sort(key=lambda c: (c[0], c[2] is not SpanKind.OTHER))
    if not cuts:
        return (Span(0, len(sentence), SpanKind.MAIN),)  # most sentences
    spans: list[Span] = []
    pos = 0
    kind = SpanKind.MAIN
    for start, end, next_kind in cuts:
        if start < pos:
            continue
        if start > pos:
            spans.append(Span(pos, start, kind))
        elif spans and next_kind is SpanKind.OTHER:
            # "..., a day after": the comma's span is empty; the opener decides what follows.
            pass
        pos = end
        kind = next_kind
    if pos < len(sentence):
        spans.append(Span(pos, len(sentence), kind))
    return tuple(spans) or (Span(0, len(sentence), SpanKind.MAIN),)


# --- the document ----------------------------------------------------------------------------

#: How many body sentences, at least, count as the article's opening.
LEAD_SENTENCES = 2
#: A news article is a few thousand characters; past this an input is not one, and the rest is not read
#: (this keeps any input, however large, to a bounded cost).
MAX_TEXT = 100_000
#: Longer "sentences" (lists, tables, text without punctuation) are cut at a space into pieces this long,
#: so no step ever works on an unbounded string.
MAX_SENTENCE = 600


def sentences(title: str, text: str) -> list[Sentence]:
    """The title and the body's sentences, in order, with paragraph numbers and the lead marked."""
    title = normalise(title[:MAX_SENTENCE]).strip()
    body = normalise(text[:MAX_TEXT])
    out: list[Sentence] = []
    if title:
        out.append(Sentence(title, 0, 0, True, True))
    title_key = _key(title)
    paragraph_no = 0
    body_count = 0
    for raw in _PARAGRAPH.split(body):
        stamped = bool(_STAMP.match(raw))
        raw = _STAMP.sub("", _DATELINE.sub("", raw)).strip()
        if not raw:
            continue
        if title_key and _same_key(raw, title_key):
            continue  # pages often repeat the headline as the first line of the body
        if body_count == 0 and _HEADLINE.match(raw):
            # A page's own headline or standfirst above the story: part of the title, not the opening.
            out.append(Sentence(raw, 0, len(out), True, True))
            continue
        paragraph_no += 1
        pieces = split_sentences(raw)
        if max(map(len, pieces), default=0) > MAX_SENTENCE:
            pieces = [p for s in pieces for p in _bounded(s)]
        for n, piece in enumerate(pieces):
            body_count += 1
            in_lead = paragraph_no == 1 or body_count <= LEAD_SENTENCES
            entry = stamped and n == 0
            out.append(Sentence(piece, paragraph_no, len(out), False, in_lead, entry))
    return out


#: A short line without a sentence's closing punctuation: a headline, not the story's first paragraph.
_HEADLINE = re.compile(r"^[^\n]{1,200}(?<![.!?\"'):])$")


def _bounded(sentence: str) -> list[str]:
    if len(sentence) <= MAX_SENTENCE:
        return [sentence]
    pieces: list[str] = []
    while len(sentence) > MAX_SENTENCE:
        cut = sentence.rfind(" ", MAX_SENTENCE // 2, MAX_SENTENCE)
        cut = cut if cut > 0 else MAX_SENTENCE
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:]
    if sentence.strip():
        pieces.append(sentence.strip())
    return [p for p in pieces if p]


_NON_WORD = re.compile(r"\W+")
#: How much of a paragraph's opening ``_same_key`` reads before the whole.
_KEY_PROBE = 16


def _key(text: str) -> str:
    return _NON_WORD.sub("", text).lower()


def _same_key(text: str, key: str) -> bool:
    """``_key(text) == key``, mostly settled by the text's opening: a key keeps the word characters and
    lowers each one alone, so the opening's key starts the whole key — except after a capital sigma,
    whose lower case depends on the letters after it."""
    if "\u03a3" not in text and not key.startswith(_key(text[:_KEY_PROBE])):
        return False
    return _key(text) == key
