"""The extractor: an article in, launch events out, as an ordered tuple of small typed steps.

sentences → actors, triggers and dates (discourse) → counts → weapons → flight → new/background.
Each step is a function of the article and what the steps before it found; none does I/O or reads
the clock (publication time comes from the article).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.extract import counts, flight, weapons
from bot.core.extract import lexicon as lx
from bot.core.extract.discourse import DAY, Draft, Piece, read
from bot.core.extract.literals import guarded
from bot.core.extract.mentions import find_actors, has_weapon
from bot.core.extract.scan import scanner
from bot.core.extract.text import Sentence, sentences
from bot.core.extract.timex import pub_date_kst
from bot.core.records import (
    Actor,
    Article,
    CountQualifier,
    Evidence,
    Kind,
    Landing,
    LaunchEvent,
    MissileClass,
    Outcome,
    Status,
)

#: How old a launch can be and still be the article's news (KCNA reports a day later; analysis a few).
RECENT_DAYS = 6


@dataclass(slots=True)
class Reading:
    """One draft event and the fields read for it so far."""

    draft: Draft
    kind: Kind = Kind.MISSILE_LAUNCH
    count: int | None = None
    count_qualifier: CountQualifier = CountQualifier.UNKNOWN
    missile_class: MissileClass = MissileClass.UNKNOWN
    system: str | None = None
    launch_site: str | None = None
    landing: Landing = Landing.UNKNOWN
    range_km: float | None = None
    apogee_km: float | None = None
    flight_time_min: float | None = None
    outcome: Outcome = Outcome.UNKNOWN
    status: Status = Status.BACKGROUND
    evidence: dict[str, str] = field(default_factory=dict)
    civilian: bool = False


@dataclass(frozen=True, slots=True)
class Context:
    article: Article
    sentences: list[Sentence]
    pub: dt.date


Step = Callable[[Context, list[Reading]], list[Reading]]

_SATELLITE = guarded(r"\b(?:" + "|".join(lx.SATELLITE_CUES) + r")\b")
_NOT_SATELLITE = re.compile(r"\b(?:" + "|".join(lx.NOT_SATELLITE) + r")\b")
_CIVILIAN = guarded(r"\b(?:" + "|".join(lx.CIVILIAN_SPACE_CUES) + r")\b")
#: Every NOT_SATELLITE phrase says "satellite"; a text without the word has nothing to remove.
_NOT_SATELLITE_WORD = "satellite"
if not all(_NOT_SATELLITE_WORD in phrase for phrase in lx.NOT_SATELLITE):
    raise ValueError(f"every lexicon.NOT_SATELLITE phrase must contain {_NOT_SATELLITE_WORD!r}")


def _not_satellite_removed(low: str) -> str:
    return _NOT_SATELLITE.sub("", low) if _NOT_SATELLITE_WORD in low else low


_MISSILE = scanner(r"\b(?:missiles?|icbms?|irbms?|mrbms?|srbms?|slbms?)\b")
_NORTH = scanner(r"\b(?:north\s+korea|pyongyang|the\s+north\b|dprk|n\.\s?korea)")
_WHOLE_SALVO = re.compile(r"\b(?:both|all)\b", re.IGNORECASE)
_RANGE_BANDS = frozenset({MissileClass.ICBM, MissileClass.IRBM, MissileClass.MRBM, MissileClass.SRBM})


def kinds(ctx: Context, readings: list[Reading]) -> list[Reading]:
    for r in readings:
        if r.draft.nuclear:
            r.kind = Kind.NUCLEAR_TEST
            continue
        first = r.draft.pieces[0].text if r.draft.pieces else ""
        # A range band in the first clause keeps a missile a missile: only then look for a space launch.
        if _RANGE_BANDS.isdisjoint(weapons.classes(first)):
            satellite = _first_satellite_piece(r.draft.pieces)
            if satellite is not None or _names_space_launcher(r.draft.pieces):
                r.kind = Kind.SATELLITE_LAUNCH
                r.evidence["kind"] = (satellite if satellite is not None else r.draft.pieces[0]).sentence.text
        all_low = " ".join(p.text for p in r.draft.pieces).lower()
        if r.kind is Kind.SATELLITE_LAUNCH or not _MISSILE.search(all_low):
            r.civilian = bool(_CIVILIAN.search(all_low) or _CIVILIAN.search(ctx.article.title.lower()))
    return [r for r in readings if not r.civilian]


def _first_satellite_piece(pieces: list[Piece]) -> Piece | None:
    for p in pieces:
        if _SATELLITE.search(_not_satellite_removed(p.text.lower())):
            return p
    return None


def _names_space_launcher(pieces: list[Piece]) -> bool:
    for p in pieces:
        for s in weapons.systems(p.text):
            if weapons.implied_class(s.name) is MissileClass.SLV:
                return True
    return False


def count_step(ctx: Context, readings: list[Reading]) -> list[Reading]:
    for r in readings:
        if r.kind is Kind.NUCLEAR_TEST:
            continue
        strong: tuple[counts.CountReading, Piece] | None = None
        weak: tuple[counts.CountReading, Piece] | None = None
        for piece in r.draft.pieces:
            if piece.identification_only:
                continue
            # Only a clause with the trigger can give a count by article, and only the first is kept.
            wants_article = piece.trigger and weak is None
            found = counts.find_counts(piece.text) if wants_article else counts.find_numbers(piece.text)
            for reading in found:
                if reading.strength == 2 and strong is None:
                    strong = (reading, piece)
                elif reading.strength == 1 and weak is None and piece.trigger:
                    weak = (reading, piece)
            if strong:
                break
        chosen = strong or weak
        if chosen:
            r.count, r.count_qualifier = chosen[0].value, chosen[0].qualifier
            r.evidence["count"] = chosen[1].sentence.text
        elif r.kind is Kind.SATELLITE_LAUNCH:
            r.count, r.count_qualifier = 1, CountQualifier.EXACT  # one rocket per space launch
    return readings


def weapon_step(ctx: Context, readings: list[Reading]) -> list[Reading]:
    for r in readings:
        if r.kind is Kind.NUCLEAR_TEST:
            continue
        found: list[MissileClass] = []
        class_sentence: dict[MissileClass, str] = {}
        for piece in r.draft.pieces:
            if not piece.identification_only:
                for cls in weapons.classes(piece.text):
                    found.append(cls)
                    class_sentence.setdefault(cls, piece.sentence.text)
            if r.system is None:
                named = weapons.systems(piece.text)
                if piece.identification_only:
                    named = tuple(s for s in named if s.identified)
                if named:
                    r.system = named[0].name
                    r.evidence["system"] = piece.sentence.text
        if r.kind is Kind.SATELLITE_LAUNCH:
            r.missile_class = MissileClass.SLV
            continue
        best = weapons.most_severe(found)
        if best in (MissileClass.UNKNOWN, MissileClass.BALLISTIC) and r.system:
            implied = weapons.implied_class(r.system)
            if implied not in (MissileClass.UNKNOWN, MissileClass.SLV):
                best = weapons.most_severe([best, implied])
        r.missile_class = best
        if best in class_sentence:
            r.evidence["missile_class"] = class_sentence[best]
    return readings


def flight_step(ctx: Context, readings: list[Reading]) -> list[Reading]:
    for r in readings:
        if r.kind is Kind.NUCLEAR_TEST:
            site = next((p for p in r.draft.pieces if "punggye" in p.text.lower()), None)
            if site:
                r.launch_site, r.evidence["launch_site"] = "Punggye-ri", site.sentence.text
            continue
        landings: list[tuple[Landing, str]] = []
        outcomes: list[Outcome] = []
        outcome_sentence = ""
        for piece in r.draft.pieces:
            if piece.identification_only:
                continue
            text = piece.text
            if found := flight.landings(text):
                landings.extend((landing, piece.sentence.text) for landing in found)
            if r.range_km is None and (value := flight.range_km(text)) is not None:
                r.range_km, r.evidence["range_km"] = value, piece.sentence.text
            if r.apogee_km is None and (value := flight.apogee_km(text)) is not None:
                r.apogee_km, r.evidence["apogee_km"] = value, piece.sentence.text
            if r.flight_time_min is None and (value := flight.flight_minutes(text)) is not None:
                r.flight_time_min, r.evidence["flight_time_min"] = value, piece.sentence.text
            if r.launch_site is None and (site_name := flight.launch_site(text)) is not None:
                r.launch_site, r.evidence["launch_site"] = site_name, piece.sentence.text
            if (o := flight.outcome(text)) is not None:
                outcomes.append(o)
                outcome_sentence = outcome_sentence or piece.sentence.text
        if landings:
            best = flight.best_landing([landing for landing, _ in landings])
            r.landing = best
            r.evidence["landing"] = next(s for landing, s in landings if landing is best)
        if Outcome.UNKNOWN in outcomes:
            r.outcome = Outcome.UNKNOWN
        elif Outcome.FAILURE in outcomes:
            r.outcome = Outcome.FAILURE
        elif Outcome.SUCCESS in outcomes:
            r.outcome = Outcome.SUCCESS
        if r.outcome is Outcome.FAILURE and (r.count or 1) > 1 and not _WHOLE_SALVO.search(outcome_sentence):
            r.outcome = Outcome.UNKNOWN  # one failure in a salvo that otherwise flew is a mixed outcome
        if r.outcome is not Outcome.UNKNOWN:
            r.evidence["outcome"] = outcome_sentence
    return readings


def status_step(ctx: Context, readings: list[Reading]) -> list[Reading]:
    """The launches the article reports as news: recent, and what its title or opening is about."""
    recent = [
        r for r in readings if r.draft.date is not None and 0 <= (ctx.pub - r.draft.date).days <= RECENT_DAYS
    ]
    title = ctx.sentences[0].text if ctx.sentences and ctx.sentences[0].is_title else ""
    best_by_actor: dict[Actor, int] = {}
    scores: dict[int, int] = {}
    for r in recent:
        score = _title_score(title, r)
        scores[id(r)] = score
        key = r.draft.actors[0]
        best_by_actor[key] = max(best_by_actor.get(key, 0), score)
    lead = [
        r
        for r in recent
        if r.draft.in_lead or (scores[id(r)] > 0 and scores[id(r)] == best_by_actor[r.draft.actors[0]])
    ]
    if not lead:
        return readings
    main_date = max(r.draft.date for r in lead if r.draft.date is not None)
    for r in lead:
        if r.draft.date is not None and (main_date - r.draft.date).days <= 1:
            r.status = Status.NEW
    return readings


def _title_score(title: str, r: Reading) -> int:
    if not title:
        return 0
    lowered = title.lower()
    if r.system and r.system.lower() in lowered:
        return 3
    title_actors = {a for m in find_actors(title) for a in m.actors}
    if not title_actors & set(r.draft.actors):
        return 0
    title_classes = set(weapons.classes(title))
    if r.missile_class in title_classes or (
        MissileClass.BALLISTIC in title_classes and r.missile_class in _RANGE_BANDS | {MissileClass.SLBM}
    ):
        return 2
    return 1


STEPS: tuple[Step, ...] = (kinds, count_step, weapon_step, flight_step, status_step)


def extract(article: Article) -> list[LaunchEvent]:
    """The launch events an article reports: the news it breaks and the older launches it recalls."""
    sents = sentences(article.title, article.text)
    pub = pub_date_kst(article.published_at)
    ctx = Context(article, sents, pub)
    default_actor = (
        Actor.NORTH_KOREA
        if _NORTH.search((article.title + " " + article.text).lower())
        else _first_actor(sents)
    )
    drafts = [
        d
        for d in read(sents, article.published_at, pub, default_actor)
        if d.date is not None and d.date <= pub
    ]
    readings = [Reading(d) for d in drafts]
    for step in STEPS:
        readings = step(ctx, readings)
    return [_event(r, article) for r in readings]


def _first_actor(sents: list[Sentence]) -> Actor:
    for s in sents[:3]:
        for m in find_actors(s.text):
            if m.actors:
                return m.actors[0]
    return Actor.NORTH_KOREA


def _event(r: Reading, article: Article) -> LaunchEvent:
    d = r.draft
    assert d.date is not None
    evidence = {"kind": d.actor_sentence, "actors": d.actor_sentence, "date": d.date_sentence, **r.evidence}
    return LaunchEvent(
        kind=r.kind,
        actors=tuple(sorted(set(d.actors))),
        date=d.date,
        count=r.count,
        count_qualifier=r.count_qualifier,
        missile_class=r.missile_class,
        system=r.system,
        launch_site=r.launch_site,
        landing=r.landing,
        range_km=r.range_km,
        apogee_km=r.apogee_km,
        flight_time_min=r.flight_time_min,
        outcome=r.outcome,
        status=r.status,
        evidence=tuple(Evidence(name, sentence) for name, sentence in evidence.items() if sentence),
        date_inferred=article.published_inferred,
    )


def clear_caches() -> None:
    """Forget the per-text caches (benchmarks call this so repeated articles are not free)."""
    for cached in (
        counts.find_counts,
        flight.landings,
        has_weapon,
        find_actors,
        weapons.classes,
        weapons.systems,
    ):
        cached.cache_clear()


__all__ = ["DAY", "STEPS", "clear_caches", "extract"]
