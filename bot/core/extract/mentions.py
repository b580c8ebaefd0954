"""Step: who is named where, and which words report a firing (triggers), with their firer.

The firer of a trigger is the subject of the firing, not every country in the sentence: "Seoul's
military said North Korea fired" is North Korea; "the JCS said it detected missiles fired off the
North's west coast" names no firer (the caller falls back to the event under discussion).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.core.extract import lexicon as lx
from bot.core.records import Actor

# --- actor mentions --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    actors: tuple[Actor, ...]
    #: "North Korea's", "the North's": owns what follows.
    possessive: bool
    #: "in Seoul", "over Japan", "the Sea of Japan": a place, not a subject.
    located: bool
    pronoun: bool = False


def _alias_regex() -> re.Pattern[str]:
    parts: list[tuple[str, str]] = []
    for actor, aliases in lx.ACTOR_ALIASES.items():
        for alias in aliases:
            pattern = f"(?-i:{alias.upper()})" if alias in lx.CASE_SENSITIVE_ALIASES else alias
            parts.append((actor.value, pattern))
    parts.sort(key=lambda p: len(p[1]), reverse=True)
    body = "|".join(f"(?P<{actor}_{i}>{pattern})" for i, (actor, pattern) in enumerate(parts))
    both = f"(?P<both>{lx.BOTH_KOREAS})"
    pron = f"(?P<pron>{lx.PRONOUNS})"
    return re.compile(rf"(?<![\w.-])(?:{both}|{body}|{pron})(?![\w-])(?P<poss>'s|')?", re.IGNORECASE)


_ALIAS = _alias_regex()
_SPATIAL = re.compile(
    r"\b(?:in|at|into|over|near|across|off|within|inside|outside|beyond|toward|towards|from|through)\s+$",
    re.IGNORECASE,
)
_LOCATING = re.compile(
    r"(?:\b(?:in|at|to|toward|towards|into|over|from|near|across|off|of|against|with|on|onto|within|inside|outside"
    r"|beyond|through|between|around|for|about|visit|visited|visiting)\s+(?:the\s+|its\s+)?)$",
    re.IGNORECASE,
)


def find_actors(sentence: str) -> list[ActorMention]:
    out: list[ActorMention] = []
    for m in _ALIAS.finditer(sentence):
        name = m.lastgroup if m.group("poss") is None else _group_name(m)
        before = sentence[max(0, m.start() - 30) : m.start()]
        possessive = m.group("poss") is not None
        # "the source of North Korea's launches" names an owner; "inside Japan's EEZ" is still a place.
        located = bool((_SPATIAL if possessive else _LOCATING).search(before))
        if m.group("both"):
            actors: tuple[Actor, ...] = (Actor.NORTH_KOREA, Actor.SOUTH_KOREA)
            out.append(ActorMention(m.start(), m.end(), actors, possessive, located))
        elif m.group("pron"):
            text = m.group("pron").lower()
            if text in ("it", "they") and possessive:
                continue
            out.append(ActorMention(m.start(), m.end(), (), possessive, located, pronoun=True))
        elif name:
            actor = Actor(name.rsplit("_", 1)[0])
            out.append(ActorMention(m.start(), m.end(), (actor,), possessive, located))
    return out


def _group_name(m: re.Match[str]) -> str | None:
    for name, value in m.groupdict().items():
        if value is not None and name not in ("poss", "both", "pron"):
            return name
    return None


# --- triggers --------------------------------------------------------------------------------


class Form(Enum):
    PAST = "past"  # fired, launched, tested: asserts a firing
    PRESENT = "present"  # fires, launches: a headline's tense
    BASE = "base"  # (to) fire, (to) launch
    GERUND = "gerund"  # firing three missiles
    NOUN = "noun"  # the launch, a salvo, Sunday's test


@dataclass(frozen=True, slots=True)
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


_VERB = re.compile(r"\b(?:" + "|".join(lx.LAUNCH_VERBS) + r")\b", re.IGNORECASE)
_NOUN = re.compile(
    r"\b(?:"
    + "|".join(lx.LAUNCH_NOUNS)
    + r")\b(?!\s+(?:"
    + "|".join(lx.NOT_LAUNCH_NOUN_FOLLOWERS)
    + r")\b)(?![-])",
    re.IGNORECASE,
)
_NUCLEAR = re.compile(r"\b(?:" + "|".join(lx.NUCLEAR_TEST) + r")\b(?!\s+sites?)", re.IGNORECASE)
_WEAPON = re.compile(
    r"\b(?:" + "|".join(lx.WEAPON_NOUNS) + r"|" + "|".join(p for p, _, _ in lx.SYSTEM_PATTERNS) + r")\b",
    re.IGNORECASE,
)
_OBJECT_PRONOUN = re.compile(r"^\s*(?:them|it|one|more\s+of\s+them|some|another|more|both)\b", re.IGNORECASE)
_NOT_TEST = re.compile(r"\b(?:" + "|".join(lx.NOT_LAUNCH_TEST_MODIFIERS) + r")[\s-]+$", re.IGNORECASE)
_DEFENCE = re.compile(r"\b(?:" + "|".join(lx.NOT_EVENT_CUES) + r")\b", re.IGNORECASE)
_IRREALIS = re.compile(
    r"\b(?:"
    + "|".join(lx.IRREALIS_BEFORE)
    + r"|if|unless|whether|any)\b(?!\s+have\b)(?!\s+been\b)(?:[\s\w'-]{0,45})$",
    re.IGNORECASE,
)
_TO_BEFORE = re.compile(r"\bto\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_REALIS_TO = re.compile(
    r"\b(?:" + "|".join(lx.REALIS_TO) + r")\s+(?:\w+\s+)?to\s+(?:\w+ly\s+)?$", re.IGNORECASE
)
_DO_BEFORE = re.compile(r"\b(?:did|does|do)(?:\s+not|n't)?\s+$", re.IGNORECASE)
_NOUN_CONTEXT = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|this|that|these|those|latest|last|first|second|third|fourth|fifth|sixth|"
    r"seventh|new|recent|any|no|each|every|another|such|missile|rocket|satellite|weapons?|ballistic|cruise|"
    r"test|\d+(?:st|nd|rd|th)|one|two|three|four|five|several|of|multiple|failed|successful|previous|"
    r"planned|underwater|[a-z]+-[a-z-]+|morning|afternoon|evening|night|day)|'s|'|\))\s*$",
    re.IGNORECASE,
)
_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:korea|north|south|pyongyang|seoul|us|u\.s\.|states|japan|tokyo|china|russia|iran|it|they|allies)"
    r"(?:\s+(?:also|again|reportedly|then|now|jointly))?\s+)$",
    re.IGNORECASE,
)
_COMPOUND = re.compile(
    r"^\s*(?:(?:missile|rocket|ballistic|nuclear|weapons?|latest|recent|new|test)\s+){0,2}$", re.IGNORECASE
)
_NOT_FIRER = re.compile(r"\b(?:" + "|".join(lx.NOT_FIRER_BETWEEN) + r")\b|[;:]|\"", re.IGNORECASE)
# "were fired", "had been launched", and reduced relatives: "missiles fired", "a rocket launched".
_PASSIVE = re.compile(
    r"(?:\b(?:was|were|been|being|is|are|be)\s+(?:\w+ly\s+|also\s+|then\s+|first\s+|reportedly\s+)*"
    r"|\b(?:" + "|".join(lx.WEAPON_NOUNS) + r"|kn-\d+|hwasong-\d+\w*|[A-Z][\w-]*-\d+\w*)\s+"
    r"(?:\w+ly\s+|also\s+|then\s+|first\s+|last\s+|reportedly\s+)*)$",
    re.IGNORECASE,
)
_COPULA = re.compile(r"\b(?:was|were|is|are)\b", re.IGNORECASE)
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


def has_weapon(text: str) -> bool:
    return _WEAPON.search(text) is not None


def find_triggers(
    sentence: str, actors: list[ActorMention], *, title: bool, weapon_nearby: bool
) -> list[Trigger]:
    """Every word in the sentence that reports a firing, a launch or a nuclear test."""
    found: dict[int, tuple[int, Form, bool]] = {}
    sentence_has_weapon = has_weapon(sentence)
    for m in _NUCLEAR.finditer(sentence):
        word = m.group(0).lower()
        form = Form.PAST if word.startswith("detonated") else Form.NOUN
        found[m.start()] = (m.end(), form, True)
    for m in _VERB.finditer(sentence):
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
    for m in _NOUN.finditer(sentence):
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
        defence = bool(_DEFENCE.search(sentence[max(0, start - 60) : end + 60]))
        firer, passive, pronoun, blocked = _firer(sentence, start, end, form, actors)
        out.append(Trigger(start, end, form, nuclear, irrealis, defence, firer, passive, pronoun, blocked))
    del title
    return out


def _verb_form(sentence: str, m: re.Match[str]) -> Form | None:
    word = m.group(0).lower()
    before = sentence[max(0, m.start() - 40) : m.start()]
    if word.endswith("ed") or word.startswith(("lifted", "blasted", "sent", "lobbed")):
        return Form.PAST
    if word.endswith(("ing", "ing off")):
        following = sentence[m.end() : m.end() + 40]
        if re.match(
            r"^\s+(?:(?:a|an|the|its|their|more|at\s+least|about|\d+|[a-z]+)\s+)?", following
        ) and has_weapon(following):
            return Form.GERUND
        return Form.NOUN if word in ("firing", "firings") else None
    if _TO_BEFORE.search(before) or _DO_BEFORE.search(before):
        return Form.BASE
    if _SUBJECT_BEFORE.search(before):
        return Form.PRESENT  # "North Korea fires", "South Korea and US launch missiles"
    if word.endswith("s") and not _NOUN_CONTEXT.search(before):
        return Form.PRESENT
    if word in ("launch", "launches", "test", "tests"):
        return Form.NOUN
    if word in ("fire", "fires", "lob", "lobs") and not _NOUN_CONTEXT.search(before):
        return Form.PRESENT
    return None


def _noun_ok(sentence: str, start: int, end: int, sentence_has_weapon: bool) -> bool:
    word = sentence[start:end].lower()
    before = sentence[max(0, start - 30) : start]
    if word.startswith("test"):
        if _NOT_TEST.search(before):
            return False
        return sentence_has_weapon or bool(re.search(r"'s\s*$", before))
    if word == "flight":
        return bool(re.search(r"(?:day|night|morning|evening)'s\s*$", before, re.IGNORECASE))
    return True


def _irrealis(before: str, form: Form) -> bool:
    if form is Form.BASE:
        return not _REALIS_TO.search(before) and not _DO_BEFORE.search(before)
    # Only the clause the trigger is in: stop at the last comma or clause opener.
    clause = re.split(r"[,;]|\b(?:and|but|which|when|after|since)\b", before)[-1]
    return bool(_IRREALIS.search(clause))


def _firer(
    sentence: str, start: int, end: int, form: Form, actors: list[ActorMention]
) -> tuple[tuple[Actor, ...], bool, bool, bool]:
    """(actors, passive, pronoun subject, blocked by a speaker) for the trigger at ``start``."""
    # "launched by North Korea", "Monday morning's launch by South Korea and the US"
    after = [a for a in actors if a.start >= end and not a.pronoun]
    if after:
        first = after[0]
        if _BY.match(sentence[end : first.start]):
            return _with_coordinated(sentence, actors, after[0], forward=True), True, False, False
    before = [a for a in actors if a.end <= start and not a.located]
    passive = form is not Form.NOUN and bool(_PASSIVE.search(sentence[max(0, start - 40) : start]))
    if not before:
        return (), passive, False, False
    nearest = before[-1]
    between = sentence[nearest.end : start]
    if form is Form.NOUN:
        owner = (nearest.possessive and _POSSESSED.match(between)) or (
            not nearest.pronoun and _COMPOUND.match(between)
        )
        if owner and not _NOT_FIRER.search(between):
            if nearest.pronoun:
                return (), False, True, False
            return _with_coordinated(sentence, actors, nearest), False, False, False
        if _LIGHT.match(between) and not _NOT_FIRER.search(between):
            if nearest.pronoun:
                return (), False, True, False
            return _with_coordinated(sentence, actors, nearest), False, False, False
        return (), False, False, bool(_NOT_FIRER.search(between))
    if len(between) > 160 or _NOT_FIRER.search(between):
        return (), passive, False, True
    if form is Form.PAST and _COPULA.search(between):
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


def _speaker(sentence: str, actors: list[ActorMention], before: int) -> tuple[Actor, ...]:
    """In "North Korea said it had fired", the pronoun is the speaker."""
    for mention in reversed([a for a in actors if a.end <= before and not a.pronoun and not a.located]):
        if _SPEAKER_AFTER.match(sentence[mention.end : mention.end + 80]):
            return mention.actors
    return ()


def _with_coordinated(
    sentence: str, actors: list[ActorMention], mention: ActorMention, *, forward: bool = False
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
