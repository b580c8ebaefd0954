"""Records to Telegram HTML. Every string that came from an article is escaped here and only here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from zoneinfo import ZoneInfo

from bot.core.policy import DigestSummary
from bot.core.records import (
    KST,
    Actor,
    CountQualifier,
    Kind,
    Landing,
    LaunchEvent,
    MissileClass,
    Outcome,
    SourceRef,
    StoredEvent,
)
from bot.core.tempo import Band, Tempo

ACTOR_NAMES: dict[Actor, str] = {
    Actor.NORTH_KOREA: "North Korea",
    Actor.SOUTH_KOREA: "South Korea",
    Actor.UNITED_STATES: "the United States",
    Actor.JAPAN: "Japan",
    Actor.CHINA: "China",
    Actor.RUSSIA: "Russia",
    Actor.OTHER: "Another state",
}

#: (singular, plural) for each class, as a reader would say it.
CLASS_NAMES: dict[MissileClass, tuple[str, str]] = {
    MissileClass.ICBM: ("intercontinental ballistic missile", "intercontinental ballistic missiles"),
    MissileClass.IRBM: ("intermediate-range ballistic missile", "intermediate-range ballistic missiles"),
    MissileClass.MRBM: ("medium-range ballistic missile", "medium-range ballistic missiles"),
    MissileClass.SRBM: ("short-range ballistic missile", "short-range ballistic missiles"),
    MissileClass.SLBM: ("submarine-launched ballistic missile", "submarine-launched ballistic missiles"),
    MissileClass.HYPERSONIC: ("hypersonic missile", "hypersonic missiles"),
    MissileClass.CRUISE: ("cruise missile", "cruise missiles"),
    MissileClass.BALLISTIC: ("ballistic missile", "ballistic missiles"),
    MissileClass.ROCKET_ARTILLERY: ("artillery rocket", "artillery rockets"),
    MissileClass.SURFACE_TO_AIR: ("surface-to-air missile", "surface-to-air missiles"),
    MissileClass.SLV: ("space launch vehicle", "space launch vehicles"),
    MissileClass.UNKNOWN: ("missile", "missiles"),
}

CLASS_SHORT: dict[MissileClass, str] = {
    MissileClass.ICBM: "ICBM",
    MissileClass.IRBM: "IRBM",
    MissileClass.MRBM: "MRBM",
    MissileClass.SRBM: "SRBM",
    MissileClass.SLBM: "SLBM",
    MissileClass.HYPERSONIC: "hypersonic",
    MissileClass.CRUISE: "cruise",
    MissileClass.BALLISTIC: "ballistic",
    MissileClass.ROCKET_ARTILLERY: "rocket artillery",
    MissileClass.SURFACE_TO_AIR: "SAM",
    MissileClass.SLV: "space launch",
    MissileClass.UNKNOWN: "missile",
}

LANDING_PHRASES: dict[Landing, str] = {
    Landing.EAST_SEA: "into the East Sea (Sea of Japan)",
    Landing.YELLOW_SEA: "into the Yellow Sea",
    Landing.JAPAN_EEZ: "into Japan's exclusive economic zone",
    Landing.OVERFLEW_JAPAN: "over Japan",
    Landing.SOUTH_OF_NLL: "across the Northern Limit Line, toward South Korean waters",
    Landing.PACIFIC: "into the Pacific",
    Landing.UNKNOWN: "",
}

LANDING_NAMES: dict[Landing, str] = {
    Landing.EAST_SEA: "East Sea / Sea of Japan",
    Landing.YELLOW_SEA: "Yellow Sea",
    Landing.JAPAN_EEZ: "inside Japan's EEZ",
    Landing.OVERFLEW_JAPAN: "flew over Japan",
    Landing.SOUTH_OF_NLL: "south of the Northern Limit Line",
    Landing.PACIFIC: "Pacific",
    Landing.UNKNOWN: "not reported",
}

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def actors_phrase(actors: Sequence[Actor]) -> str:
    names = [ACTOR_NAMES[a] for a in actors]
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return text[0].upper() + text[1:]


def count_phrase(record: LaunchEvent) -> tuple[str, bool]:
    """How many, in words a reader expects, and whether the noun that follows is plural."""
    n = record.count
    if n is None:
        return "an unknown number of", True
    number = str(n)
    if record.count_qualifier is CountQualifier.AT_LEAST:
        number = f"at least {n}"
    elif record.count_qualifier is CountQualifier.APPROXIMATE:
        number = f"about {n}"
    elif n == 1:
        return "a", False
    return number, n != 1


def headline(record: LaunchEvent) -> str:
    """What happened in one plain-text line (no date): 'North Korea fired 8 short-range ballistic missiles …'."""
    who = actors_phrase(record.actors)
    if record.kind is Kind.NUCLEAR_TEST:
        return f"{who} conducted a nuclear test"
    if record.kind is Kind.SATELLITE_LAUNCH:
        vehicle = f" on a {record.system} rocket" if record.system else ""
        failed = " — the launch failed" if record.outcome is Outcome.FAILURE else ""
        return f"{who} launched a satellite{vehicle}{failed}"
    amount, plural = count_phrase(record)
    noun = CLASS_NAMES[record.missile_class][1 if plural else 0]
    if amount == "a" and noun[0] in "aeiou":
        amount = "an"
    system = f" ({record.system})" if record.system else ""
    where = LANDING_PHRASES[record.landing]
    text = f"{who} fired {amount} {noun}{system}"
    if where:
        text += f" {where}"
    if record.outcome is Outcome.FAILURE:
        text += " — the launch appears to have failed"
    return text


def format_date(day: dt.date) -> str:
    """'Sun 5 Jun 2022'."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def sources_html(sources: Sequence[SourceRef], *, limit: int = 5) -> str:
    parts = []
    for ref in sources[:limit]:
        label = escape(ref.source or ref.title)
        parts.append(f'<a href="{escape(ref.url, quote=True)}">{label}</a>' if ref.url else label)
    more = len(sources) - limit
    if more > 0:
        parts.append(f"and {more} more")
    return ", ".join(parts)


def details_lines(record: LaunchEvent) -> list[str]:
    lines = []
    if record.system:
        lines.append(f"System: {escape(record.system)}")
    if record.launch_site:
        lines.append(f"Launched from: {escape(record.launch_site)}")
    if record.landing is not Landing.UNKNOWN:
        lines.append(f"Landing: {LANDING_NAMES[record.landing]}")
    flight = []
    if record.range_km is not None:
        flight.append(f"range {record.range_km:,.0f} km")
    if record.apogee_km is not None:
        flight.append(f"apogee {record.apogee_km:,.0f} km")
    if record.flight_time_min is not None:
        flight.append(f"flight time {record.flight_time_min:g} min")
    if flight:
        lines.append("Flight: " + ", ".join(flight))
    return lines


def latest_line(event: StoredEvent) -> str:
    """One compact line: level, date, actor, count and class, and the deep link for details."""
    record = event.record
    level = f"L{event.level}" if event.level is not None else "L?"
    if record.kind is Kind.NUCLEAR_TEST:
        what = "nuclear test"
    elif record.kind is Kind.SATELLITE_LAUNCH:
        what = "satellite launch"
    else:
        amount = "?" if record.count is None else str(record.count)
        if record.count_qualifier is CountQualifier.AT_LEAST:
            amount = f"≥{record.count}"
        elif record.count_qualifier is CountQualifier.APPROXIMATE:
            amount = f"~{record.count}"
        what = f"{amount} × {CLASS_SHORT[record.missile_class]}"
    who = " + ".join(ACTOR_NAMES[a].removeprefix("the ") for a in record.actors)
    background = " <i>(background)</i>" if str(record.status) == "background" else ""
    return f"<b>{level}</b> {record.date:%Y-%m-%d} · {escape(who)} · {escape(what)}{background} /event_{event.id}"


def latest_html(events: Sequence[StoredEvent]) -> str:
    if not events:
        return "No launch events stored yet. Drop articles into the ingest folder and they will show here."
    title = "Latest launch event" if len(events) == 1 else f"Latest {len(events)} launch events"
    return f"<b>{title}</b>, newest first:\n" + "\n".join(latest_line(e) for e in events)


#: Telegram's limit on a message's text, counted after entity parsing. Splitting the raw HTML at
#: this length is always safe: markup only ever makes the raw text longer than what Telegram counts.
MESSAGE_LIMIT = 4096


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split on line boundaries into messages under ``limit``; every line keeps its own tags closed."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # a single overlong line: cut it where a space allows
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return chunks


def help_html(commands: Sequence[tuple[str, str, str]]) -> str:
    lines = ["<b>launchwatch</b> — missile launch alerts for the Korean peninsula", ""]
    for name, description, example in commands:
        lines.append(f"/{name} — {escape(description)}\n    e.g. <code>{escape(example)}</code>")
    return "\n".join(lines)


def start_html(situation: str) -> str:
    return "\n".join(
        [
            "<b>launchwatch</b> reads the news on missile launches around the Korean peninsula as it arrives.",
            "Every launch becomes one event: who fired, when, how many, what, where it came down.",
            "Subscribe and this chat is told about each new launch, once, with the reason it matters.",
            "",
            situation,
            "",
            "/subscribe to get alerts · /latest for recent events · /help for everything else",
        ]
    )


def event_card_html(event: StoredEvent) -> str:
    """Everything known about one event: fields, sources, evidence, level and its update history."""
    record = event.record
    lines = [
        f"<b>Event {event.id}: {escape(headline(record))}</b>",
        f"Date: {format_date(record.date)} (Korea)",
    ]
    if event.level is not None:
        lines.append(
            f"Level: <b>{event.level}</b>"
            + (f" — {escape('; '.join(event.level_reasons))}" if event.level_reasons else "")
        )
    count = "not reported" if record.count is None else str(record.count)
    if record.count is not None and record.count_qualifier is not CountQualifier.EXACT:
        count += f" ({str(record.count_qualifier).replace('_', ' ')})"
    lines.append(f"Count: {count}")
    lines.append(
        f"Class: {CLASS_NAMES[record.missile_class][0] if record.missile_class is not MissileClass.UNKNOWN else 'not reported'}"
    )
    lines.extend(details_lines(record))
    lines.append(f"Outcome: {record.outcome}")
    lines.append(f"Reported as: {'news' if str(record.status) == 'new' else 'background in later coverage'}")
    for name, alternatives in event.conflicts.items():
        others = "; ".join(
            f"{escape(str(value))} ({len(ids)} source{'s' * (len(ids) != 1)})" for value, ids in alternatives
        )
        lines.append(f"<i>Sources disagree on {escape(name.replace('_', ' '))}:</i> also {others}")
    if event.sources:
        outlets = {s.source or s.title for s in event.sources}
        lines.append("")
        lines.append(
            f"<b>Sources</b> ({len(event.sources)} article{'s' * (len(event.sources) != 1)}, {len(outlets)} outlet{'s' * (len(outlets) != 1)}):"
        )
        for ref in event.sources:
            title = escape(ref.title)
            link = f'<a href="{escape(ref.url, quote=True)}">{title}</a>' if ref.url else title
            lines.append(f"• {link}" + (f" — {escape(ref.source)}" if ref.source else ""))
    if record.evidence:
        lines.append("")
        lines.append("<b>Evidence</b>:")
        for sentence in dict.fromkeys(e.sentence for e in record.evidence):
            lines.append(f"<blockquote>{escape(sentence)}</blockquote>")
    if event.history:
        lines.append("")
        lines.append("<b>Updates</b>:")
        for entry in event.history:
            changed = ", ".join(
                f"{escape(str(f))}: {escape(str(old))} → {escape(str(new))}"
                for f, old, new in entry.get("changes", [])
            )
            lines.append(
                f"v{entry.get('version')} ({escape(str(entry.get('at', ''))[:16].replace('T', ' '))} UTC): {changed}"
            )
    return "\n".join(lines)


def as_kst(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(KST)


# ---- alert messages (alerts, updates, escalations, digests)
#
# What the alert service sends a subscribed chat. Each takes the chat's timezone where it shows a
# time of day; launch dates stay Korean calendar dates (the spec's), marked as such for chats
# whose clock is elsewhere, because a launch on "Sun 5 Jun" in Korea may be Saturday in New York.

DEFAULT_TZ = "Asia/Seoul"
#: Events listed one per line in a digest; the rest are counted.
DIGEST_EVENT_LINES = 15


def local_stamp(moment: dt.datetime, tz: str) -> str:
    """'Sun 5 Jun 08:14 KST': a moment on the chat's clock."""
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M} {local.tzname()}"


def korea_date_html(day: dt.date, tz: str) -> str:
    """The launch's date, saying "Korea" when the chat's clock is not on Korean time that day."""
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=KST)
    same_clock = noon.astimezone(ZoneInfo(tz)).utcoffset() == noon.utcoffset()
    return format_date(day) + ("" if same_clock else " (Korea)")


def alert_html(event: StoredEvent, *, tz: str = DEFAULT_TZ, tempo_line: str | None = None) -> str:
    """The message a subscribed chat receives for a new event: what, the details, why this level,
    where it stands in the tempo, the sources."""
    record = event.record
    lines = []
    level = f"Level {event.level} · " if event.level is not None else ""
    lines.append(f"🚨 <b>{level}{escape(headline(record))}</b> — {korea_date_html(record.date, tz)}")
    details = details_lines(record)
    if details:
        lines.append("")
        lines.extend(details)
    if event.level_reasons or tempo_line:
        lines.append("")
    if event.level_reasons:
        lines.append(f"<i>Why level {event.level}:</i> " + escape("; ".join(event.level_reasons)))
    if tempo_line:
        lines.append("<i>Tempo:</i> " + escape(tempo_line))
    if record.date_inferred:
        lines.append("<i>Date inferred from the file's time; the article carried no date.</i>")
    if event.sources:
        lines.append("")
        lines.append("Sources: " + sources_html(event.sources))
    lines.append(f"First reported {local_stamp(event.first_seen_at, tz)} · details: /event_{event.id}")
    return "\n".join(lines)


def update_html(event: StoredEvent, reasons: Sequence[str]) -> str:
    """A short follow-up to an alert (sent as a reply to it): what changed, and where it stands now."""
    record = event.record
    level = f"Level {event.level} · " if event.level is not None else ""
    lines = [f"⬆️ <b>Update · {level}{escape(headline(record))}</b> — {format_date(record.date)}"]
    lines.extend(f"• {escape(reason)}" for reason in reasons)
    lines.append(f"Details: /event_{event.id}")
    return "\n".join(lines)


def escalation_html(tempo: Tempo, *, previous: Band | None = None) -> str:
    """The situation got tenser: the new band, the rule that put it there, and the figures."""
    was = f" (was {previous})" if previous is not None else ""
    lines = [f"📈 <b>Launch tempo is now {escape(str(tempo.band))}</b>{was}"]
    if tempo.band_reasons:
        lines.append("<i>Why:</i> " + escape("; ".join(tempo.band_reasons)))
    lines.append("")
    # The first summary line restates the band and its reasons, said above already.
    lines.extend(escape(line) for line in tempo.summary_lines()[1:])
    return "\n".join(lines)


def digest_html(summary: DigestSummary, *, tz: str) -> str:
    """A digest: the period on the chat's clock, its events one a line, the totals and the tempo.

    A period with no launches says so in so many words.
    """
    span = summary.period_end - summary.period_start
    title = "Weekly digest" if span >= dt.timedelta(days=6) else "Daily digest"
    lines = [
        f"🗞 <b>{title}</b> · {local_stamp(summary.period_start, tz)} – {local_stamp(summary.period_end, tz)}"
    ]
    if summary.no_launches:
        lines.append("<b>No launches</b> were reported in this period.")
    else:
        for record in summary.events[:DIGEST_EVENT_LINES]:
            lines.append(f"• {format_date(record.date)} — {escape(headline(record))}")
        more = len(summary.events) - DIGEST_EVENT_LINES
        if more > 0:
            lines.append(f"• and {more} more")
    lines.append("")
    # The summary's own "no launches" line is said above already, in bold.
    body = summary.summary_lines()[1:] if summary.no_launches else summary.summary_lines()
    lines.extend(escape(line) for line in body)
    return "\n".join(lines)
