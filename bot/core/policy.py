"""Who is told what, and when: the pure decisions of the alert policy.

Every function takes the time it judges as an argument (``now``, ``after``,
``scheduled_at``, any timezone) and returns aware datetimes in UTC. Timezones come
from the standard library's ``zoneinfo`` (data, not I/O), so quiet hours and digests
keep to the chat's wall clock across daylight-saving changes: a wall time that does
not exist that day (02:30 when clocks jump from 02:00 to 03:00) happens at the first
moment after the gap, and one that happens twice happens the first time.

Results are in UTC on purpose: Python compares and subtracts two datetimes that share
a ``ZoneInfo`` by their wall clocks, ignoring the hour that repeats, so arithmetic on
chat-local datetimes goes wrong exactly on the nights that matter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.core import severity as sv
from bot.core.escalation import Assessment, assess
from bot.core.prefs import ChatPrefs, DigestFrequency, RegionFilter
from bot.core.records import (
    Actor,
    Kind,
    Landing,
    LaunchEvent,
    MissileClass,
    Outcome,
    Status,
)
from bot.core.tempo import LAUNCH_KINDS, MissileCount, Tempo, tempo

#: Alerts at this level or above are sent at once, quiet hours or not.
URGENT_LEVEL = sv.SEVERE_LEVEL
#: A digest missed while the bot was down is still sent if it is less late than this.
DIGEST_GRACE = dt.timedelta(hours=6)

#: Which landings each region filter lets through. A landing in the East Sea (the Sea of Japan)
#: does not count for ``japan``: nearly every launch lands there, most far from Japan's waters.
REGION_LANDINGS: dict[RegionFilter, frozenset[str]] = {
    RegionFilter.JAPAN: frozenset({Landing.JAPAN_EEZ, Landing.OVERFLEW_JAPAN}),
    RegionFilter.SOUTH_KOREA: frozenset({Landing.SOUTH_OF_NLL}),
}


def wants(prefs: ChatPrefs, event: LaunchEvent, level: int) -> bool:
    """Whether a chat with these settings should hear about this event.

    The class and region filters describe missiles: a nuclear test has neither a class nor a
    landing, and passes both (it is level 5; no one filtering by class meant to miss it). A
    satellite launch counts as class ``slv`` whatever class the report gave. Background events
    (older launches mentioned for context) are never alerted.
    """
    if event.status is not Status.NEW or level < prefs.threshold:
        return False
    if prefs.actors and not prefs.actors & set(event.actors):
        return False
    if event.kind is Kind.NUCLEAR_TEST:
        return True
    if prefs.classes:
        missile_class = MissileClass.SLV if event.kind is Kind.SATELLITE_LAUNCH else event.missile_class
        if missile_class not in prefs.classes:
            return False
    if prefs.region is RegionFilter.ANY:
        return True
    return event.landing in REGION_LANDINGS[prefs.region]


def materially_worse(
    before: LaunchEvent, before_level: int, after: LaunchEvent, after_level: int
) -> tuple[str, ...]:
    """Why an update to an alerted event deserves a new message; empty when nothing material changed.

    A new source, a refined range or fresh evidence changes nothing a subscriber acts on.
    """
    reasons: list[str] = []
    if after.kind is Kind.NUCLEAR_TEST and before.kind is not Kind.NUCLEAR_TEST:
        reasons.append("now reported as a nuclear test")
    if after_level > before_level:
        reasons.append(f"level raised: {before_level} → {after_level}")
    if _class_upgraded(before.missile_class, before_level, after.missile_class, after_level):
        reasons.append(
            f"class upgraded: {sv.CLASS_NAMES[before.missile_class]} → {sv.CLASS_NAMES[after.missile_class]}"
        )
    if after.count is not None and after.count > (before.count if before.count is not None else 1):
        was = str(before.count) if before.count is not None else "not given"
        reasons.append(f"more missiles: {was} → {after.count}")
    if sv.landing_seriousness(after.landing) > sv.landing_seriousness(before.landing):
        reasons.append(
            f"landing more serious: {sv.LANDING_NAMES[before.landing]} → {sv.LANDING_NAMES[after.landing]}"
        )
    if before.outcome is Outcome.FAILURE and after.outcome is Outcome.SUCCESS:
        reasons.append("now reported successful, not failed")
    return tuple(reasons)


def _class_upgraded(before: MissileClass, before_level: int, after: MissileClass, after_level: int) -> bool:
    if sv.class_rank(after) <= sv.class_rank(before):
        return False
    # "ballistic" → "SRBM" is the same launch described better, not a worse one.
    return before not in sv.PLACEHOLDER_CLASSES or after_level > before_level


# --- Quiet hours ------------------------------------------------------------------------------------


def in_quiet_hours(prefs: ChatPrefs, now: dt.datetime) -> bool:
    """Whether ``now`` falls in the chat's quiet hours (start included, end excluded).

    A span whose start is after its end crosses midnight (22:00–07:00). Equal start and end, or
    either unset, means no quiet hours.
    """
    start, end = prefs.quiet_start, prefs.quiet_end
    if start is None or end is None or start == end:
        return False
    local = _require_aware(now).astimezone(ZoneInfo(prefs.timezone)).time()
    if start < end:
        return start <= local < end
    return local >= start or local < end


def quiet_hours_end(prefs: ChatPrefs, now: dt.datetime) -> dt.datetime:
    """When the current quiet spell ends; ``now`` itself when it is not quiet."""
    zone = ZoneInfo(prefs.timezone)
    local = _require_aware(now).astimezone(zone)
    if not in_quiet_hours(prefs, now):
        return now.astimezone(dt.UTC)
    assert prefs.quiet_start is not None
    assert prefs.quiet_end is not None
    day = local.date()
    if prefs.quiet_start > prefs.quiet_end and local.time() >= prefs.quiet_start:
        day += dt.timedelta(days=1)
    return wall_time(day, prefs.quiet_end, zone)


def deliver_at(prefs: ChatPrefs, level: int, now: dt.datetime) -> dt.datetime:
    """When to send an alert of this level: now if urgent or not quiet, else when quiet hours end."""
    if level >= URGENT_LEVEL:
        return _require_aware(now).astimezone(dt.UTC)
    return quiet_hours_end(prefs, now)


# --- Digests ----------------------------------------------------------------------------------------


def next_digest_at(prefs: ChatPrefs, after: dt.datetime) -> dt.datetime | None:
    """The first scheduled digest strictly after ``after``; None when digests are off."""
    if prefs.digest is DigestFrequency.OFF:
        return None
    zone = ZoneInfo(prefs.timezone)
    after = _require_aware(after).astimezone(dt.UTC)
    day = after.astimezone(zone).date()
    for offset in range(9):
        candidate_day = day + dt.timedelta(days=offset)
        if not _is_digest_day(prefs, candidate_day):
            continue
        candidate = wall_time(candidate_day, prefs.digest_time, zone)
        if candidate > after:
            return candidate
    raise AssertionError("a digest day falls within any nine days")  # pragma: no cover


def previous_digest_at(prefs: ChatPrefs, before: dt.datetime) -> dt.datetime | None:
    """The last scheduled digest strictly before ``before``; None when digests are off."""
    if prefs.digest is DigestFrequency.OFF:
        return None
    zone = ZoneInfo(prefs.timezone)
    before = _require_aware(before).astimezone(dt.UTC)
    day = before.astimezone(zone).date()
    for offset in range(9):
        candidate_day = day - dt.timedelta(days=offset)
        if not _is_digest_day(prefs, candidate_day):
            continue
        candidate = wall_time(candidate_day, prefs.digest_time, zone)
        if candidate < before:
            return candidate
    raise AssertionError("a digest day falls within any nine days")  # pragma: no cover


def digest_period(prefs: ChatPrefs, scheduled_at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The span a digest sent at ``scheduled_at`` covers: from the schedule's previous slot to it.

    Across a daylight-saving change a daily period is 23 or 25 hours long, as the chat's clock says.
    """
    start = previous_digest_at(prefs, scheduled_at)
    if start is None:
        raise ValueError("digests are off for this chat")
    return start, scheduled_at.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class MissedDigest:
    #: The scheduled time whose digest to send now (its period: ``digest_period(prefs, send)``), or None.
    send: dt.datetime | None
    #: Scheduled times that passed unsent and are dropped, oldest first, for the log.
    skipped: tuple[dt.datetime, ...]
    #: The next scheduled time after ``now``; None when digests are off.
    next_at: dt.datetime | None


def missed_digests(
    prefs: ChatPrefs,
    last_sent: dt.datetime | None,
    now: dt.datetime,
    grace: dt.timedelta = DIGEST_GRACE,
) -> MissedDigest:
    """Which overdue digest to send on start: the latest one if it is less than ``grace`` late.

    Older missed digests are skipped: one summary of a stale period is plenty, several are noise.
    ``last_sent`` None means no digest was ever due, so none is missed; pass the time digests were
    switched on instead, if you have it.
    """
    now = _require_aware(now).astimezone(dt.UTC)
    next_at = next_digest_at(prefs, now)
    if last_sent is None or prefs.digest is DigestFrequency.OFF:
        return MissedDigest(send=None, skipped=(), next_at=next_at)
    due: list[dt.datetime] = []
    slot = next_digest_at(prefs, last_sent)
    while slot is not None and slot <= now:
        due.append(slot)
        slot = next_digest_at(prefs, slot)
    if due and now - due[-1] < grace:
        return MissedDigest(send=due[-1], skipped=tuple(due[:-1]), next_at=next_at)
    return MissedDigest(send=None, skipped=tuple(due), next_at=next_at)


@dataclass(frozen=True, slots=True)
class DigestSummary:
    """What happened in a digest period, as data; the chat renders it."""

    period_start: dt.datetime
    period_end: dt.datetime
    #: The period's events (``status == new``), oldest first.
    events: tuple[LaunchEvent, ...]
    #: North Korea's missiles in the period (missile and satellite launches).
    missiles: MissileCount
    nuclear_tests: int
    #: The worst event and its assessment; None when there were no events.
    top_event: LaunchEvent | None
    top: Assessment | None
    #: Events per actor (a joint salvo counts for each side), most first.
    by_actor: tuple[tuple[Actor, int], ...]
    #: Missile and satellite launches per class, most severe class first.
    by_class: tuple[tuple[MissileClass, int], ...]
    tempo: Tempo

    @property
    def no_launches(self) -> bool:
        return not self.events

    @property
    def top_level(self) -> int | None:
        return self.top.level if self.top else None

    def summary_lines(self) -> tuple[str, ...]:
        """Plain text; says "No launches" in so many words when there were none."""
        if self.no_launches:
            return ("No launches were reported in this period.", *self.tempo.summary_lines())
        lines = [f"{len(self.events)} {'event' if len(self.events) == 1 else 'events'}"]
        if self.missiles.total:
            lines.append(f"North Korea fired {self.missiles.text()}")
        if self.nuclear_tests:
            lines.append(f"Nuclear tests: {self.nuclear_tests}")
        if self.top is not None:
            lines.append(f"Worst: level {self.top.level}, {'; '.join(self.top.reasons)}")
        return (*lines, *self.tempo.summary_lines())


def digest_summary(
    events_in_period: Sequence[LaunchEvent],
    history: Sequence[LaunchEvent],
    period: tuple[dt.datetime, dt.datetime],
    now: dt.datetime,
) -> DigestSummary:
    """Summarise the period's events; ``history`` is the store's events (the period's may be among them)."""
    events = sorted((e for e in events_in_period if e.status is Status.NEW), key=lambda e: e.date)
    context = [*history, *(e for e in events if e not in history)]
    assessed = [(assess(e, context), e) for e in events]
    top = max(assessed, key=lambda pair: pair[0].score, default=None)
    actors: dict[Actor, int] = {}
    classes: dict[MissileClass, int] = {}
    for event in events:
        for actor in event.actors:
            actors[actor] = actors.get(actor, 0) + 1
        if event.kind in LAUNCH_KINDS:
            cls = MissileClass.SLV if event.kind is Kind.SATELLITE_LAUNCH else event.missile_class
            classes[cls] = classes.get(cls, 0) + 1
    return DigestSummary(
        period_start=period[0],
        period_end=period[1],
        events=tuple(events),
        missiles=MissileCount.of(
            e for e in events if e.kind in LAUNCH_KINDS and sv.WATCHED_ACTOR in e.actors
        ),
        nuclear_tests=sum(1 for e in events if e.kind is Kind.NUCLEAR_TEST),
        top_event=top[1] if top else None,
        top=top[0] if top else None,
        by_actor=tuple(sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_class=tuple(sorted(classes.items(), key=lambda kv: -sv.class_rank(kv[0]))),
        tempo=tempo(context, now),
    )


def band_rose(previous: Tempo | None, current: Tempo) -> bool:
    """Whether the tempo band went up; a first reading (no previous) is not a rise."""
    return previous is not None and current.band > previous.band


# --- Wall-clock arithmetic --------------------------------------------------------------------------


def wall_time(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """``day`` at ``time`` on the zone's wall clock, as an instant in UTC.

    ``fold=0`` takes the first of a repeated hour; for a skipped hour it applies the offset from
    before the jump, which lands the same distance past the jump (02:30 → 03:30).
    """
    naive = dt.datetime.combine(day, time.replace(tzinfo=None))
    return naive.replace(tzinfo=zone, fold=0).astimezone(dt.UTC)


def _is_digest_day(prefs: ChatPrefs, day: dt.date) -> bool:
    return prefs.digest is DigestFrequency.DAILY or day.weekday() == prefs.digest_weekday


def _require_aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("policy times must be timezone-aware")
    return moment
