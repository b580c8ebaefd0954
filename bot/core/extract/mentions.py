"""Step: who is named where, and which words report a firing (triggers), with their firer.

The firer of a trigger is the subject of the firing, not every country in the sentence: "Seoul's
military said North Korea fired" is North Korea; "the JCS said it detected missiles fired off the
North's west coast" names no firer (the caller falls back to the event under discussion).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from bot.core.extract import lexicon as lx
from bot.core.extract.literals import fewest, guarded, needles
from bot.core.extract.scan import Scanner, contains_any, scanner, word_starts
from bot.core.records import Actor

# --- actor mentions --------------------------------------------------------------------------


# Not frozen, for speed: see text.Span.
@dataclass(slots=True)
class ActorMention:
    start: int
    end: int
    actors: tuple[Actor, ...]
    #: "North Korea's", "the North's": owns what follows.
    possessive: bool
    #: "in Seoul", "over Japan", "the Sea of Japan": a place, not a subject.
    located: bool
    pronoun: bool = False


def _side_scanner(aliases: tuple[str, ...]) -> tuple[Scanner, tuple[str, ...] | None]:
    """One side's names on the lowercased sentence (a pattern per side scans faster than one for all),
    with the literals that must be present for it to be worth running."""
    parts = sorted((a for a in aliases if a not in lx.CASE_SENSITIVE_ALIASES), key=len, reverse=True)
    found = [needles(a) for a in parts]
    guard = fewest({literal for literals in found for literal in literals}) if all(found) else None
    return scanner(rf"(?<![\w.-])(?:{'|'.join(parts)})(?![\w-])(?P<poss>'s|')?"), guard


_SIDES = [(actor.value, *_side_scanner(aliases)) for actor, aliases in lx.ACTOR_ALIASES.items()]
_SIDES.insert(
    0,
    (
        "both",
        scanner(rf"(?<![\w.-]){lx.BOTH_KOREAS}(?![\w-])(?P<poss>'s|')?"),
        needles(lx.BOTH_KOREAS) or None,
    ),
)
#: The uppercase abbreviations and their sides. One group holds whichever matched (the side is looked
#: up), so every branch opens with a capital the engine can skip ahead to.
_CASED_SIDE = {
    alias.upper(): actor.value
    for actor, aliases in lx.ACTOR_ALIASES.items()
    for alias in aliases
    if alias in lx.CASE_SENSITIVE_ALIASES
}
_CASED = scanner(rf"(?<![\w.-])(?P<alias>{'|'.join(_CASED_SIDE)})(?![\w-])(?P<poss>'s|')?")
_PRONOUN = scanner(rf"(?<![\w.-])(?P<pronoun>{lx.PRONOUNS})(?![\w-])(?P<poss>'s|')?")
_CASED_WORDS = tuple(a.upper().replace("\\", "") for a in lx.CASE_SENSITIVE_ALIASES)
_SIDE: dict[str, tuple[Actor, ...]] = {actor.value: (actor,) for actor in Actor}
_SIDE["both"] = (Actor.NORTH_KOREA, Actor.SOUTH_KOREA)
#: After these even a possessive is a place ("inside Japan's EEZ"); "the source of North Korea's
#: launches" is not.
_SPATIAL_WORDS = frozenset(
    ("in", "at", "into", "over", "near", "across", "off", "within", "inside", "outside", "beyond", "toward",
     "towards", "from", "through")
)  # fmt: skip
#: A name right after these is a place ("in Seoul", "over Japan", "the Sea of Japan"), not a subject.
_PLACE_WORDS = _SPATIAL_WORDS | frozenset(
    ("to", "of", "against", "with", "on", "onto", "between", "around", "for", "about", "visit", "visited",
     "visiting")
)  # fmt: skip


def _placed(sentence: str, start: int, possessive: bool) -> bool:
    words = sentence[max(0, start - 24) : start].lower().split()
    if words and words[-1] in ("the", "its"):
        words.pop()
    return bool(words) and words[-1] in (_SPATIAL_WORDS if possessive else _PLACE_WORDS)


@functools.lru_cache(maxsize=4096)
def find_actors(sentence: str) -> tuple[ActorMention, ...]:
    """Cached per text: the pipeline asks again for the title's and the opening sentences' actors."""
    low = sentence.lower()
    hits: list[tuple[int, int, str, bool]] = []
    for side, pattern, guard in _SIDES:
        if guard is not None:
            # ``contains_any`` written out: eight sides a sentence, most of them absent, and the call
            # cost as much as the tests.
            for word in guard:
                if word in low:
                    break
            else:
                continue
        for m in pattern.finditer(low):
            hits.append((m.start(), -m.end(), side, m.group("poss") is not None))
    if contains_any(sentence, _CASED_WORDS):
        for m in _CASED.finditer(sentence):
            hits.append((m.start(), -m.end(), _CASED_SIDE[m.group("alias")], m.group("poss") is not None))
    if "it" in low or "they" in low or "the country" in low or "the regime" in low or "the nation" in low:
        for m in _PRONOUN.finditer(low):
            hits.append((m.start(), -m.end(), "pronoun", m.group("poss") is not None))
    hits.sort()
    out: list[ActorMention] = []
    last_end = -1
    for start, neg_end, side, possessive in hits:
        end = -neg_end
        if start < last_end:
            continue  # the longest name at a position wins: "North and South Korea", "South Korea's JCS"
        last_end = end
        located = _placed(sentence, start, possessive)
        if side == "pronoun":
            if possessive and low.startswith(("it", "they"), start):
                continue
            out.append(ActorMention(start, end, (), possessive, located, pronoun=True))
        else:
            out.append(ActorMention(start, end, _SIDE[side], possessive, located))
    return tuple(out)


# --- triggers --------------------------------------------------------------------------------


class Form(Enum):
    PAST = "past"  # fired, launched, tested: asserts a firing
    PRESENT = "present"  # fires, launches: a headline's tense
    BASE = "base"  # (to) fire, (to) launch
    GERUND = "gerund"  # firing three missiles
    NOUN = "noun"  # the launch, a salvo, Sunday's test


# Not frozen, for speed: see text.Span.
@dataclass(slots=True)
class Trigger:
    start: int
    end: int
    form: Form
    nuclear: bool
    #: A plan, warning, condition or capability: not an event.
    irrealis: bool
    #: Missile defence or an interception: not an event.
    defence: bool
    #: Who fired, when the sentence says; ``()`` when it does not.
    actors: tuple[Actor, ...]
    #: A firer was named explicitly (as opposed to left for the discourse to supply).
    passive: bool
    #: The words were a pronoun subject ("it fired") the discourse must resolve.
    pronoun: bool
    #: The firer was looked for but a speaker or observer stood in the way ("the JCS says jets fired").
    blocked: bool


_VERB = scanner(r"\b(?:" + "|".join(lx.LAUNCH_VERBS) + r")\b")
_NOUN = scanner(
    r"\b(?:"
    + "|".join(lx.LAUNCH_NOUNS)
    + r")\b(?!\s+(?:"
    + "|".join(lx.NOT_LAUNCH_NOUN_FOLLOWERS)
    + r")\b)(?![-])"
)
_FLIGHT = scanner(
    r"\b(?:" + "|".join(lx.WEAPON_NOUNS[:13]) + "|" + "|".join(p for p, _, _ in lx.SYSTEM_PATTERNS) + r")"
    r"(?:\s+(?:\([a-z]+\)|also|later|then|reportedly|apparently|eventually))?\s+(?P<verb>"
    + "|".join(lx.FLIGHT_VERBS)
    + r")\b"
)
_NUCLEAR = scanner(r"\b(?:" + "|".join(lx.NUCLEAR_TEST) + r")\b(?!\s+sites?)")
_WEAPON = scanner(
    r"\b(?:" + "|".join(lx.WEAPON_NOUNS) + r"|" + "|".join(p for p, _, _ in lx.SYSTEM_PATTERNS) + r")\b"
)
_OBJECT_PRONOUN = re.compile(r"^\s*(?:them|it|one|more\s+of\s+them|some|another|more|both)\b", re.IGNORECASE)
_NOT_TEST = scanner(r"\b(?:" + "|".join(lx.NOT_LAUNCH_TEST_MODIFIERS) + r")[\s-]+$")
_DEFENCE = guarded(r"\b(?:" + "|".join(lx.NOT_EVENT_CUES) + r")\b")
_IRREALIS = scanner(
    r"\b(?:"
    + "|".join(lx.IRREALIS_BEFORE)
    + r"|if|unless|whether|any)\b(?!\s+have\b)(?!\s+been\b)(?:[\s\w'-]{0,45})$"
)
_TO_BEFORE = scanner(r"\bto\s+(?:\w+ly\s+)?$")
_REALIS_TO = scanner(r"\b(?:" + "|".join(lx.REALIS_TO) + r")\s+(?:\w+\s+)?to\s+(?:\w+ly\s+)?$")
_DO_BEFORE = scanner(r"\b(?:did|does|do)(?:\s+not|n't)?\s+$")
_NOUN_CONTEXT = scanner(
    r"(?:\b(?:the|a|an|its|their|his|this|that|these|those|latest|last|first|second|third|fourth|fifth|sixth|"
    r"seventh|new|recent|any|no|each|every|another|such|missile|rocket|satellite|weapons?|ballistic|cruise|"
    r"test|\d+(?:st|nd|rd|th)|one|two|three|four|five|several|of|multiple|failed|successful|previous|"
    r"planned|underwater|[a-z]+-[a-z-]+|morning|afternoon|evening|night|day)|'s|'|\))\s*$"
)
_SUBJECT_BEFORE = scanner(
    r"(?:\b(?:korea|north|south|pyongyang|seoul|us|u\.s\.|states|japan|tokyo|china|russia|iran|it|they|allies)"
    r"(?:\s+(?:also|again|reportedly|then|now|jointly))?\s+)$"
)
_COMPOUND = re.compile(
    r"^\s*(?:(?:missile|rocket|ballistic|nuclear|weapons?|latest|recent|new|test)\s+){0,2}$", re.IGNORECASE
)
_NOT_FIRER = scanner(r"(?:\b(?:" + "|".join(lx.NOT_FIRER_BETWEEN) + r")\b|[;:]|\")")
# "were fired", "had been launched", and reduced relatives: "missiles fired", "a rocket launched".
_PASSIVE = scanner(
    r"(?:\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+|also\s+|then\s+|first\s+|reportedly\s+)*"
    r"|\b(?:" + "|".join(lx.WEAPON_NOUNS) + r"|kn-\d+|hwasong-\d+\w*|[a-z][\w-]*-\d+\w*)\s+"
    r"(?:\w+ly\s+|also\s+|then\s+|first\s+|last\s+|reportedly\s+)*)$"
)
_COPULA = scanner(r"\b(?:was|were|is|are)\b")
_LIGHT = re.compile(
    r"^\s*(?:'s\s+)?(?:(?:has|had|have|also|then|again|reportedly|personally|successfully|on\s+\w+)\s+)*(?:"
    + "|".join(lx.LIGHT_VERBS)
    + r")\s+(?:[\w'\"-]+\s+){0,5}$",
    re.IGNORECASE,
)
_POSSESSED = re.compile(r"^(?:'s|')?\s*(?:[\w\"-]+\s+){0,4}$", re.IGNORECASE)
_BY = re.compile(r"^\s*(?:\w+\s+){0,2}?by\s+$", re.IGNORECASE)
_COORD = re.compile(r"^\s*(?:,\s*|\s+and\s+|\s*&\s*|,\s*and\s+)(?:the\s+)?$", re.IGNORECASE)
_SPEAKER_AFTER = re.compile(
    r"^(?:'s\s+[\w\s.-]{0,40}?)?\s*(?:\([A-Z]+\)\s*)?(?:" + "|".join(lx.REPORT_VERBS) + r")\b", re.IGNORECASE
)


_TRIGGER_WORDS = (
    "fir", "launch", "test", "lob", "lift", "blast", "sen", "salvo", "barrage", "volley", "flight", "nuclear",
    "detonat", "bomb", "land", "fell", "fall", "came", "come", "splash", "flew", "flies", "crash", "overflew",
)  # fmt: skip
_TRIGGER_STARTS = word_starts(_TRIGGER_WORDS)
_FLIGHT_WORDS = ("land", "fell", "fall", "came", "come", "splash", "flew", "flies", "crash")


_WEAPON_STEMS = (
    "missile", "rocket", "projectile", "icbm", "irbm", "mrbm", "srbm", "slbm", "slcm", "atacms", "scud",
    "rodong",
    "nodong", "musudan", "taepodong", "interceptor", "satellite", "warhead", "weapon",
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def has_weapon(text: str) -> bool:
    low = text.lower()
    if contains_any(low, _WEAPON_STEMS):
        return True
    return "-" in low and _WEAPON.search(low) is not None


def find_triggers(
    sentence: str, actors: Sequence[ActorMention], *, title: bool, weapon_nearby: bool
) -> list[Trigger]:
    """Every word in the sentence that reports a firing, a launch or a nuclear test."""
    found: dict[int, tuple[int, Form, bool]] = {}
    low = sentence.lower()
    if not _TRIGGER_STARTS.any(low):
        return []
    sentence_has_weapon = has_weapon(sentence)
    for m in _NUCLEAR.finditer(low) if "nuclear" in low or "detonat" in low or "bomb" in low else ():
        word = m.group(0).lower()
        form = Form.PAST if word.startswith("detonated") else Form.NOUN
        found[m.start()] = (m.end(), form, True)
    for m in _VERB.finditer(low):
        if any(start <= m.start() < end for start, (end, _, _) in found.items()):
            continue
        verb_form = _verb_form(sentence, m)
        if verb_form is None:
            continue
        form = verb_form
        if form is not Form.NOUN:
            after = sentence[m.end() : m.end() + 20]
            if not (sentence_has_weapon or (weapon_nearby and _OBJECT_PRONOUN.match(after))):
                continue
        elif not _noun_ok(sentence, m.start(), m.end(), sentence_has_weapon):
            continue
        found[m.start()] = (m.end(), form, False)
    for m in _FLIGHT.finditer(low) if contains_any(low, _FLIGHT_WORDS) else ():
        start, end = m.start("verb"), m.end("verb")
        if any(s <= start < e for s, (e, _, _) in found.items()):
            continue
        word = m.group("verb").lower()
        form = Form.PRESENT if word.endswith("s") and not word.endswith("ss") else Form.PAST
        found[start] = (end, form, False)
    for m in _NOUN.finditer(low):
        if any(start <= m.start() < end for start, (end, _, _) in found.items()):
            continue
        if not _noun_ok(sentence, m.start(), m.end(), sentence_has_weapon):
            continue
        found[m.start()] = (m.end(), Form.NOUN, False)
    out: list[Trigger] = []
    for start in sorted(found):
        end, form, nuclear = found[start]
        before = sentence[max(0, start - 80) : start]
        irrealis = _irrealis(before, form)
        defence = bool(_DEFENCE.search((sentence[max(0, start - 60) : end + 60]).lower()))
        firer, passive, pronoun, blocked = _firer(sentence, start, end, form, actors)
        out.append(Trigger(start, end, form, nuclear, irrealis, defence, firer, passive, pronoun, blocked))
    del title
    return out


_SPACED = re.compile(r"^\s+(?:(?:a|an|the|its|their|more|at\s+least|about|\d+|[a-z]+)\s+)?")
_POSSESSIVE_END = re.compile(r"'s\s*$")
_TIME_POSSESSIVE_END = re.compile(r"(?:day|night|morning|evening)'s\s*$", re.IGNORECASE)
# Each branch opens with its literal first character (the word start checked by a look-behind after
# it), so the engine skips ahead to those: the same matches as ``[,;]|\b(?:and|but|...)\b``.
_CLAUSE_BREAK = re.compile(r",|;|a(?<!\wa)(?:nd|fter)\b|b(?<!\wb)ut\b|w(?<!\ww)h(?:ich|en)\b|s(?<!\ws)ince\b")


def _verb_form(sentence: str, m: re.Match[str]) -> Form | None:
    word = m.group(0).lower()
    before = sentence[max(0, m.start() - 40) : m.start()]
    if word.endswith("ed") or word.startswith(("lifted", "blasted", "sent", "lobbed")):
        return Form.PAST
    if word.endswith(("ing", "ing off")):
        following = sentence[m.end() : m.end() + 40]
        if _SPACED.match(following) and has_weapon(following):
            return Form.GERUND
        return Form.NOUN if word in ("firing", "firings") else None
    low_before = before.lower()
    if _TO_BEFORE.search(low_before) or _DO_BEFORE.search(low_before):
        return Form.BASE
    if _SUBJECT_BEFORE.search(low_before):
        return Form.PRESENT  # "North Korea fires", "South Korea and US launch missiles"
    if word.endswith("s") and not _NOUN_CONTEXT.search(low_before):
        return Form.PRESENT
    if word in ("launch", "launches", "test", "tests"):
        return Form.NOUN
    if word in ("fire", "fires", "lob", "lobs") and not _NOUN_CONTEXT.search(low_before):
        return Form.PRESENT
    return None


def _noun_ok(sentence: str, start: int, end: int, sentence_has_weapon: bool) -> bool:
    word = sentence[start:end].lower()
    before = sentence[max(0, start - 30) : start]
    if word.startswith("test"):
        if _NOT_TEST.search((before).lower()):
            return False
        return sentence_has_weapon or bool(_POSSESSIVE_END.search(before))
    if word == "flight":
        return bool(_TIME_POSSESSIVE_END.search(before))
    return True


def _irrealis(before: str, form: Form) -> bool:
    if form is Form.BASE:
        return not _REALIS_TO.search((before).lower()) and not _DO_BEFORE.search((before).lower())
    # Only the clause the trigger is in: stop at the last comma or clause opener.
    clause = _CLAUSE_BREAK.split(before)[-1]
    return bool(_IRREALIS.search((clause).lower()))


def _firer(
    sentence: str, start: int, end: int, form: Form, actors: Sequence[ActorMention]
) -> tuple[tuple[Actor, ...], bool, bool, bool]:
    """(actors, passive, pronoun subject, blocked by a speaker) for the trigger at ``start``."""
    # "launched by North Korea", "Monday morning's launch by South Korea and the US"
    after = [a for a in actors if a.start >= end and not a.pronoun]
    if after:
        first = after[0]
        if _BY.match(sentence[end : first.start]):
            return _with_coordinated(sentence, actors, after[0], forward=True), True, False, False
    before = [a for a in actors if a.end <= start and not a.located]
    passive = form is not Form.NOUN and bool(_PASSIVE.search((sentence[max(0, start - 40) : start]).lower()))
    if not before:
        return (), passive, False, False
    nearest = before[-1]
    between = sentence[nearest.end : start]
    if form is Form.NOUN:
        owner = (nearest.possessive and _POSSESSED.match(between)) or (
            not nearest.pronoun and _COMPOUND.match(between)
        )
        if owner and not _NOT_FIRER.search((between).lower()):
            if nearest.pronoun:
                return (), False, True, False
            return _with_coordinated(sentence, actors, nearest), False, False, False
        if _LIGHT.match(between) and not _NOT_FIRER.search((between).lower()):
            if nearest.pronoun:
                return (), False, True, False
            return _with_coordinated(sentence, actors, nearest), False, False, False
        return (), False, False, bool(_NOT_FIRER.search((between).lower()))
    if len(between) > 160 or _NOT_FIRER.search((between).lower()):
        return (), passive, False, True
    if form is Form.PAST and _COPULA.search((between).lower()):
        passive = True  # "it was a single missile launched at 6:53": the participle's subject is the missile
    if nearest.pronoun:
        if passive:
            return (), True, False, False
        speaker = _speaker(sentence, actors, nearest.start)
        return speaker, False, not speaker, False
    if passive and not _is_adjective(sentence, nearest):
        return (), True, False, False
    return _with_coordinated(sentence, actors, nearest), passive, False, False


def _is_adjective(sentence: str, mention: ActorMention) -> bool:
    word = sentence[mention.start : mention.end].lower()
    return word.endswith(("korean", "american", "japanese", "chinese", "russian", "iranian"))


def _speaker(sentence: str, actors: Sequence[ActorMention], before: int) -> tuple[Actor, ...]:
    """In "North Korea said it had fired", the pronoun is the speaker."""
    for mention in reversed([a for a in actors if a.end <= before and not a.pronoun and not a.located]):
        if _SPEAKER_AFTER.match(sentence[mention.end : mention.end + 80]):
            return mention.actors
    return ()


def _with_coordinated(
    sentence: str, actors: Sequence[ActorMention], mention: ActorMention, *, forward: bool = False
) -> tuple[Actor, ...]:
    """ "South Korea and the US", "S. Korea, U.S.": every side in the coordinated subject."""
    group = [mention]
    ordered = [a for a in actors if not a.pronoun]
    index = ordered.index(mention)
    if forward:
        for other in ordered[index + 1 :]:
            if not _COORD.match(sentence[group[-1].end : other.start]):
                break
            group.append(other)
    else:
        for other in reversed(ordered[:index]):
            if not _COORD.match(sentence[other.end : group[-1].start]):
                break
            group.append(other)
    seen: dict[Actor, None] = {}
    for m in group:
        for actor in m.actors:
            seen[actor] = None
    return tuple(seen)
