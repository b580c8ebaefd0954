"""Step: which event each clause is about.

A launch is identified by who fired and on which day. The article is read in order; a clause with a
firing (a trigger) finds or opens the event for its firer and day, and becomes the *focus*; clauses
that only add detail ("The missiles flew 450 km") go to the focus. Clauses about another event
("..., a day after the North fired...") or too vaguely dated ("last month") never feed the focus.

Dates have a strength: a day the text gives for the launch (3) beats the day something was said
(2), which beats the publication day assumed for an undated report (1). A weaker draft is upgraded
when a stronger date for the same firer turns up within two days ("North Korea said on Monday it had
fired..." then "Sunday's flight...").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.extract import lexicon as lx
from bot.core.extract.mentions import ActorMention, Form, Trigger, find_actors, find_triggers, has_weapon
from bot.core.extract.scan import caseless, contains_any, word_starts
from bot.core.extract.text import Sentence, Span, SpanKind, clause_spans
from bot.core.extract.timex import TimeExpr, TimeKind, find_times
from bot.core.records import Actor

DAY, REPORT, ASSUMED, VAGUE = 3, 2, 1, 0


# Not frozen, for speed: see text.Span.
@dataclass(slots=True)
class Piece:
    """One clause assigned to a draft event."""

    sentence: Sentence
    text: str
    #: The clause holds the trigger that found the event (counts from "a missile" are read only here).
    trigger: bool
    #: Only a system identification ("...that the U.S. military designates KN-25") may be read from it.
    identification_only: bool = False


@dataclass(slots=True, eq=False)
class Draft:
    actors: tuple[Actor, ...]
    date: dt.date | None
    strength: int
    nuclear: bool
    order: int
    pieces: list[Piece] = field(default_factory=list)
    in_lead: bool = False
    touched: int = 0
    #: Sentences whose trigger decided the firer and the date (for evidence).
    actor_sentence: str = ""
    date_sentence: str = ""

    @property
    def vague(self) -> bool:
        return self.strength == VAGUE


# Not frozen, for speed: see text.Span.
@dataclass(slots=True)
class Eff:
    """A span's effective time: ``mode`` is dated, none, vague, future or other (another, undated event)."""

    mode: str
    date: dt.date | None = None
    strength: int = 0


_NONE = Eff("none")
_GAP_BREAK = re.compile(
    r"\b(?:as|and|but|that|which|who|came|comes|come|was|were|is|are|had|has|have|said|says|followed)\b|[;:]",
    re.IGNORECASE,
)
_MODIFIERS_ONLY = re.compile(
    r"^(?:'s)?\s*(?:(?!(?:over|for|after|about|against|from|in|on|at|by|with|to|of|and|but|as)\b)[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_DEMONSTRATIVE = re.compile(r"\b(?:that|this|these|those)\s+$", re.IGNORECASE)
_OTHER = Eff("other")
_ANAPHORA = re.compile(r"^\W*(?:" + "|".join(lx.ANAPHORA) + r")\b|\bpart\s+of\b", re.IGNORECASE)
_SPEECH = caseless(r"\b(?:said|says|say|told|according|reported|reports|announced|stated|added)\b")
_MODAL = re.compile(r"\b(?:could|would|might|will|may|can)\b(?!\s+have)", re.IGNORECASE)
_MODAL_WORDS = ("could", "would", "might", "will", "may", "can")


def _modal(clause: str) -> bool:
    """``_MODAL.search``, skipped when an ASCII clause has none of its words (most have none, and a
    leading \\b with IGNORECASE makes the engine try every position). Only in non-ASCII text can a
    case-insensitive match hide from ``lower()`` (the Kelvin sign, a dotless i)."""
    if clause.isascii():
        low = clause.lower()
        if not contains_any(low, _MODAL_WORDS):
            return False
    return _MODAL.search(clause) is not None


@dataclass(slots=True)
class _State:
    published: dt.datetime
    pub: dt.date
    default_actor: Actor
    drafts: list[Draft] = field(default_factory=list)
    focus: Draft | None = None
    last_date: dt.date | None = None
    paragraph: int = -1
    paragraph_subject: tuple[Actor, ...] = ()
    weapon_recent: bool = False
    clock: int = 0
    #: Undated mentions naming a firer ("in response to North Korea's latest launch"), resolved at the end.
    deferred: list[tuple[tuple[Actor, ...], bool]] = field(default_factory=list)


def read(
    sentences: list[Sentence], published: dt.datetime, pub: dt.date, default_actor: Actor
) -> list[Draft]:
    """The draft events of an article, with the clauses that support each."""
    state = _State(published, pub, default_actor)
    for sentence in sentences:
        _read_sentence(state, sentence)
    for actors, in_lead in state.deferred:
        if not in_lead:
            continue
        candidates = [
            d for d in state.drafts if not d.vague and not d.nuclear and set(actors) <= set(d.actors)
        ]
        if candidates:
            max(candidates, key=lambda d: (d.date or dt.date.min, d.touched)).in_lead = True
    return _merge_weak([d for d in state.drafts if not d.vague])


def _read_sentence(state: _State, sentence: Sentence) -> None:
    text = sentence.text
    state.clock += 1
    if sentence.paragraph != state.paragraph:
        state.paragraph = sentence.paragraph
        state.paragraph_subject = ()
    if sentence.new_entry and state.focus is not None and state.default_actor not in state.focus.actors:
        # A live blog's entries each start a story; an unattributed firing there is the main side's again.
        mains = [d for d in state.drafts if state.default_actor in d.actors and not d.vague]
        state.focus = max(mains, key=lambda d: d.touched) if mains else None
    if not _RELEVANT.any(text.lower()):
        # Nothing fired, flew or landed here: only who the sentence is about can matter later.
        state.weapon_recent = False
        _note_subject(state, text, find_actors(text[:60]), has_triggers=False)
        return
    actors = find_actors(text)
    triggers = find_triggers(text, actors, title=sentence.is_title, weapon_nearby=state.weapon_recent)
    state.weapon_recent = has_weapon(text)
    times = find_times(text, state.published, anchor=state.last_date)
    spans = clause_spans(text)
    span_triggers = [[t for t in triggers if s.start <= t.start < s.end] for s in spans]
    effs = _effective_times(state, text, spans, times, span_triggers)
    near_day = {t.start for t in triggers if _day_beside(text, t, times)}
    drafts_of_span: list[list[Draft]] = [[] for _ in spans]
    focus = state.focus
    if focus is not None and not focus.vague:
        for i, span in enumerate(spans):
            clause = text[span.start : span.end]
            if effs[i].mode in ("vague", "none") and span_triggers[i] and _identifies(clause):
                # "...a system first tested last year that the U.S. military designates KN-25"
                focus.pieces.append(Piece(sentence, clause, trigger=False, identification_only=True))

    # Clauses with a firing first: they decide which events the sentence is about.
    for i, span in enumerate(spans):
        usable = [t for t in span_triggers[i] if not t.irrealis and not t.defence]
        if not usable:
            continue
        eff = effs[i]
        if eff.mode == "future":
            continue
        primary = _primary(usable)
        chain_other = eff.mode == "other" or (span.kind is SpanKind.OTHER)
        for trigger in usable:
            if trigger is not primary:
                # A second firing in the clause ("...against the source of North Korea's launches") only
                # points at an event; the clause's date and details belong to the first.
                if trigger.actors:
                    state.deferred.extend((group, sentence.in_lead) for group in _separate(trigger.actors))
                continue
            found = _locate(state, sentence, trigger, eff, chain_other, trigger.start in near_day)
            drafts_of_span[i] = found
            for draft in found:
                if sentence.in_lead:
                    draft.in_lead = True
        for draft in drafts_of_span[i]:
            draft.pieces.append(Piece(sentence, text[span.start : span.end], trigger=True))
            draft.touched = state.clock
        if drafts_of_span[i] and not chain_other and _shifts_focus(drafts_of_span[i][0], primary, i, effs):
            new_focus = drafts_of_span[i][0]
            _absorb_vague(state, new_focus, text[: primary.start])
            state.focus = new_focus
    # Then the clauses that only add detail.
    for i, span in enumerate(spans):
        if drafts_of_span[i]:
            continue
        clause = text[span.start : span.end]
        target = _nearest(drafts_of_span, effs, i)
        beside_trigger = target is not None
        if target is None:
            target = _detail_target(state, effs[i], clause, actors, span)
        if target is not None and not _modal(clause):
            target.pieces.append(Piece(sentence, clause, trigger=beside_trigger))
    _note_subject(state, text, actors, has_triggers=bool(triggers))
    if state.focus is not None and not state.focus.vague and state.focus.date is not None:
        state.last_date = state.focus.date


def _shifts_focus(draft: Draft, trigger: Trigger, index: int, effs: list[Eff]) -> bool:
    """An undatable launch takes the focus only when the sentence opens with its time ("Earlier this month,
    North Korea fired...") or asserts it; an aside ("..., the North's fourth test of March, ...") does not."""
    if not draft.vague:
        return True
    return effs[0].mode == "vague" or trigger.form is not Form.NOUN


def _day_beside(text: str, trigger: Trigger, times: list[TimeExpr]) -> bool:
    """Whether a day belongs to the launch noun's own phrase ("Sunday's launch", "the launch of eight
    missiles on Sunday", "the nuclear test of Jan. 6") rather than to the clause around it."""
    if _DEMONSTRATIVE.search(text[max(0, trigger.start - 8) : trigger.start]):
        return False  # "that launch": one already told
    for t in times:
        if t.kind is not TimeKind.DAY:
            continue
        if t.start >= trigger.end:
            gap = text[trigger.end : t.start]
            if len(gap) <= 70 and not _GAP_BREAK.search(gap):
                return True
        elif _MODIFIERS_ONLY.match(text[t.end : trigger.start]):
            return True  # "Sunday's launch", "the Feb. 7 launch", "Thursday's rocket launch"
    return False


#: A sentence without any of these words neither reports a firing nor adds a detail to one.
_RELEVANT_WORDS = (
    "fir", "launch", "test", "lob", "lift", "blast", "sen", "salvo", "barrage", "volley", "flight", "nuclear",
    "detonat", "bomb", "land", "fell", "fall", "came", "come", "splash", "flew", "flies", "crash", "missile",
    "rocket", "projectile", "icbm", "irbm", "mrbm", "srbm", "slbm", "slcm", "atacms", "km", "kilomet", "mile",
    "minute", "sea", "pacific", "coast", "water", "eez", "zone", "japan", "hokkaido", "okinawa", "aomori",
    "nll", "limit", "border", "fail", "explod", "blew", "broke", "disintegrat", "abnormal", "success",
    "target", "orbit", "satellite", "area", "province", "county", "site", "designat", "known", "hwasong",
    "kn", "pukguksong", "chollima", "hwasal", "pulhwasal", "hyunmoo", "unha", "musudan", "rodong", "nodong",
    "scud", "weapon", "altitude", "apogee", "tomahawk", "iskander", "sarmat", "haeil", "taepodong",
)  # fmt: skip
_RELEVANT = word_starts(_RELEVANT_WORDS)


def _note_subject(state: _State, text: str, actors: Sequence[ActorMention], *, has_triggers: bool) -> None:
    """ "South Korea has hit back.": the side a paragraph is about, for a firing whose subject is unnamed."""
    if has_triggers or not actors:
        return
    first = actors[0]
    if first.start < 12 and not first.located and not first.pronoun and not _SPEECH.found(text[:80]):
        state.paragraph_subject = first.actors


def _primary(triggers: list[Trigger]) -> Trigger:
    named = [t for t in triggers if t.actors]
    return (named or triggers)[0]


def _effective_times(
    state: _State,
    text: str,
    spans: tuple[Span, ...],
    times: list[TimeExpr],
    span_triggers: list[list[Trigger]],
) -> list[Eff]:
    own: list[Eff | None] = []
    for span in spans:
        inside = [t for t in times if span.start <= t.start < span.end]
        own.append(_best_time(state, inside))
    chains = _chains(text, spans, span_triggers)
    main_time: Eff | None = None
    first = own[0] if own else None
    if first is not None and first.mode in ("vague", "future"):
        main_time = first  # "Last month X happened, and Y happened": the opening time covers the sentence
    for strength in (DAY, REPORT):
        if main_time is not None:
            break
        for i in range(len(spans)):
            e = own[i]
            if chains[i] == "main" and e is not None and e.mode == "dated" and e.strength == strength:
                main_time = e
                break
    # A clause about another event takes the first time named anywhere in its run of spans.
    group_time: list[Eff | None] = [None] * len(spans)
    current: Eff | None = None
    for i, span in enumerate(spans):
        if span.kind is SpanKind.OTHER and chains[i] == "other":
            current = next(
                (
                    own[j]
                    for j in range(i, len(spans))
                    if chains[j] == "other"
                    and own[j] is not None
                    and (j == i or spans[j].kind is not SpanKind.OTHER)
                ),
                None,
            )
        if chains[i] == "other":
            group_time[i] = current
    out: list[Eff] = []
    prev: Eff | None = None
    prev_chain = "main"
    for i, span in enumerate(spans):
        e = own[i]
        if e is None:
            if chains[i] == "other":
                e = group_time[i] or _OTHER
            elif span.kind in (SpanKind.REL, SpanKind.COMMA) and prev is not None and prev_chain == "main":
                e = prev
            else:
                e = main_time or _NONE
        out.append(e)
        prev = e
        prev_chain = chains[i]
    return out


_PROMOTED_OPENER = re.compile(r"^\s*(?:after|following)\b", re.IGNORECASE)


def _chains(text: str, spans: tuple[Span, ...], span_triggers: list[list[Trigger]]) -> list[str]:
    chains: list[str] = []
    prev_chain = "main"
    for i, span in enumerate(spans):
        if span.kind is SpanKind.OTHER:
            chain = "other"
        elif span.kind in (SpanKind.MAIN, SpanKind.RESET):
            chain = "main"
        elif span.kind is SpanKind.REL:
            chain = prev_chain
        elif prev_chain == "other" and any(
            t.form is not Form.NOUN and (t.actors or t.pronoun) for t in span_triggers[i]
        ):
            chain = "main"
        else:
            chain = prev_chain
        chains.append(chain)
        prev_chain = chain
    usable = [any(not t.irrealis and not t.defence for t in ts) for ts in span_triggers]
    if not any(u for u, c in zip(usable, chains, strict=True) if c == "main"):
        # "Residents took cover on Tuesday after a missile fired by North Korea passed over Japan": with no
        # firing in the main clause, the "after" clause is the sentence's news.
        for i, span in enumerate(spans):
            if (
                span.kind is SpanKind.OTHER
                and usable[i]
                and _PROMOTED_OPENER.match(text[span.start : span.end])
            ):
                j = i
                while (
                    j < len(spans)
                    and chains[j] == "other"
                    and (j == i or spans[j].kind is not SpanKind.OTHER)
                ):
                    chains[j] = "main"
                    j += 1
                break
    return chains


def _best_time(state: _State, inside: list[TimeExpr]) -> Eff | None:
    if not inside:
        return None
    order = (TimeKind.DAY, TimeKind.REPORT, TimeKind.SAME_DAY, TimeKind.FUTURE, TimeKind.VAGUE)
    best = min(inside, key=lambda t: order.index(t.kind))
    if best.kind is TimeKind.DAY:
        return Eff("dated", best.date, DAY)
    if best.kind is TimeKind.REPORT:
        return Eff("dated", best.date, REPORT)
    if best.kind is TimeKind.SAME_DAY:
        if state.last_date is not None:
            return Eff("dated", state.last_date, DAY)
        return Eff("dated", state.pub, ASSUMED)
    if best.kind is TimeKind.FUTURE:
        return Eff("future")
    return Eff("vague")


def _creates(trigger: Trigger, eff: Eff, sentence: Sentence, near_day: bool) -> bool:
    """Whether this trigger may open an event, rather than only point at one."""
    if trigger.form is Form.NOUN:
        # "Sunday's launch", "the Feb. 7 launch", "the nuclear test of Jan. 6": a day right beside the noun.
        return (eff.mode == "dated" and eff.strength == DAY and near_day) or eff.mode == "vague"
    if trigger.nuclear:
        return (
            eff.mode == "dated" and eff.strength == DAY
        )  # "it had detonated a hydrogen bomb": dated or nothing
    if trigger.form is Form.PRESENT:
        return sentence.is_title or eff.mode == "dated"
    return True


def _locate(
    state: _State, sentence: Sentence, trigger: Trigger, eff: Eff, chain_other: bool, near_day: bool
) -> list[Draft]:
    named = trigger.actors
    if not named:
        if trigger.blocked and not trigger.passive and state.paragraph_subject:
            # "South Korea has hit back. The JCS says fighter jets fired three missiles...": the side the
            # paragraph is about fired, not the speaker.
            named = named_for_fallback = state.paragraph_subject
        elif state.focus is not None and not state.focus.nuclear:
            named_for_fallback = state.focus.actors
        else:
            named_for_fallback = (state.default_actor,)
    else:
        named_for_fallback = named
    groups = _separate(named_for_fallback)
    out: list[Draft] = []
    for group in groups:
        draft = _locate_one(
            state,
            sentence,
            trigger,
            eff,
            group,
            explicit=bool(named),
            chain_other=chain_other,
            near_day=near_day,
        )
        if draft is not None:
            out.append(draft)
            if not draft.actor_sentence and named:
                draft.actor_sentence = sentence.text
    return out


def _separate(actors: tuple[Actor, ...]) -> list[tuple[Actor, ...]]:
    """North Korea never fires jointly with a side named beside it ("North and South Korea both tested")."""
    if len(actors) > 1 and any(a in lx.SEPARATE_SIDES for a in actors):
        return [(a,) for a in actors]
    return [tuple(sorted(set(actors)))]


def _compatible(draft: Draft, actors: tuple[Actor, ...], nuclear: bool) -> bool:
    return draft.nuclear == nuclear and set(actors) <= set(draft.actors)


def _locate_one(
    state: _State,
    sentence: Sentence,
    trigger: Trigger,
    eff: Eff,
    actors: tuple[Actor, ...],
    *,
    explicit: bool,
    chain_other: bool,
    near_day: bool,
) -> Draft | None:
    creates = _creates(trigger, eff, sentence, near_day)
    nuclear = trigger.nuclear
    drafts = [d for d in state.drafts if _compatible(d, actors, nuclear)]
    if eff.mode == "vague":
        focus = state.focus
        if focus is not None and focus.vague and _compatible(focus, actors, nuclear) and not chain_other:
            return focus
        return _new(state, actors, None, VAGUE, nuclear, sentence)
    if eff.mode == "dated" and eff.date is not None:
        date = eff.date
        if date > state.pub:
            return None
        same = [d for d in drafts if not d.vague and d.date == date]
        if same:
            chosen = max(same, key=lambda d: d.touched)
            if eff.strength > chosen.strength:
                chosen.strength = eff.strength
                chosen.date_sentence = sentence.text
            return chosen
        if eff.strength >= REPORT:
            weaker = [
                d
                for d in drafts
                if not d.vague
                and d.date is not None
                and d.strength < eff.strength
                and 0 <= (d.date - date).days <= 2
            ]
            if weaker:
                chosen = max(weaker, key=lambda d: d.touched)
                chosen.date, chosen.strength, chosen.date_sentence = date, eff.strength, sentence.text
                return chosen
        if eff.strength == REPORT:
            stronger = [
                d
                for d in drafts
                if not d.vague and d.date is not None and d.strength == DAY and 0 <= (date - d.date).days <= 2
            ]
            if stronger:
                return max(stronger, key=lambda d: (d.date, d.touched))
        if not creates:
            return None
        return _new(state, actors, date, eff.strength, nuclear, sentence)
    if eff.mode in ("none", "other"):
        focus = state.focus
        if not explicit:
            if eff.mode == "other":
                return None
            if focus is not None and focus.nuclear == nuclear:
                return focus
            if creates and not nuclear:
                return _new(state, actors, state.pub, ASSUMED, nuclear, sentence)
            return None
        if eff.mode == "other":
            # "in response to North Korea's latest launch": points at an event, adds nothing to it.
            state.deferred.append((actors, sentence.in_lead))
            return None
        if focus is not None and _compatible(focus, actors, nuclear):
            return focus
        recent = [d for d in drafts if not d.vague]
        if recent:
            return max(recent, key=lambda d: d.touched)
        if creates and not nuclear:
            return _new(state, actors, state.pub, ASSUMED, nuclear, sentence)
        state.deferred.append((actors, sentence.in_lead))
        return None
    return None


def _new(
    state: _State,
    actors: tuple[Actor, ...],
    date: dt.date | None,
    strength: int,
    nuclear: bool,
    sentence: Sentence,
) -> Draft:
    draft = Draft(
        actors=tuple(sorted(set(actors))),
        date=date,
        strength=strength,
        nuclear=nuclear,
        order=len(state.drafts),
        touched=state.clock,
        date_sentence=sentence.text,
        actor_sentence=sentence.text,
    )
    state.drafts.append(draft)
    return draft


def _absorb_vague(state: _State, draft: Draft, before_trigger: str) -> None:
    """ "Both launches were part of a Nov. 2 barrage": the undatable launches just told join the dated one."""
    focus = state.focus
    if focus is None or focus is draft or not focus.vague or draft.vague:
        return
    if focus.nuclear != draft.nuclear or not set(draft.actors) & set(focus.actors):
        return
    if not _ANAPHORA.search(before_trigger):
        return
    draft.pieces[:0] = focus.pieces
    state.drafts.remove(focus)


def _nearest(drafts_of_span: list[list[Draft]], effs: list[Eff], i: int) -> Draft | None:
    """A detail clause belongs to the firing clause beside it in the same sentence when their times agree."""
    order = list(range(i - 1, -1, -1)) + list(range(i + 1, len(effs)))
    for j in order:
        if drafts_of_span[j] and _same_time(effs[i], effs[j]):
            return drafts_of_span[j][0]
    return None


def _same_time(a: Eff, b: Eff) -> bool:
    if a.mode == "none" and b.mode == "dated":
        return True
    return a.mode == b.mode and (a.mode != "dated" or a.date == b.date)


def _detail_target(
    state: _State, eff: Eff, clause: str, actors: Sequence[ActorMention], span: Span
) -> Draft | None:
    focus = state.focus
    if focus is None or eff.mode in ("other", "future"):
        return None
    if eff.mode == "vague":
        return focus if focus.vague else None
    if focus.vague:
        return focus if eff.mode == "none" else None
    others = [a for a in actors if span.start <= a.start < span.end and not a.located and not a.pronoun]
    if others and not any(set(a.actors) & set(focus.actors) for a in others) and not _SPEECH.found(clause):
        return None  # "a South Korean F-15K dropped two JDAM bombs": someone else's doing
    if eff.mode == "none":
        return focus
    if eff.date == focus.date:
        return focus
    for draft in state.drafts:
        if draft.date == eff.date and not draft.vague and set(draft.actors) == set(focus.actors):
            return draft
    return None


_IDENTIFIES = re.compile(
    r"\b(?:designat\w*|known\s+as|dubbed|identified\s+as)\s+(?:it\s+)?(?:the\s+)?[A-Z][\w-]*-\d",
    re.IGNORECASE,
)


def _identifies(clause: str) -> bool:
    return bool(_IDENTIFIES.search(clause))


def _merge_weak(drafts: list[Draft]) -> list[Draft]:
    """Fold an assumed-date draft into a dated one of the same firer two days before at most."""
    out: list[Draft] = []
    for draft in sorted(drafts, key=lambda d: -d.strength):
        target = None
        for kept in out:
            if kept.nuclear != draft.nuclear or set(kept.actors) != set(draft.actors):
                continue
            if kept.date == draft.date or (
                draft.strength < DAY
                and kept.date is not None
                and draft.date is not None
                and 0 <= (draft.date - kept.date).days <= 2
            ):
                target = kept
                break
        if target is None:
            out.append(draft)
            continue
        target.pieces.extend(draft.pieces)
        target.in_lead = target.in_lead or draft.in_lead
    out.sort(key=lambda d: d.order)
    for draft in out:
        draft.pieces.sort(key=lambda p: p.sentence.index)
    return out
