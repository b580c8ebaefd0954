"""Records to Telegram HTML. Every string that came from an article is escaped here and only here."""

from __future__ import annotations

import datetime as dt
import html as _html
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.periods import day_label
from bot.core.policy import DigestSummary
from bot.core.prefs import Chat, ChatPrefs, DigestFrequency, RegionFilter
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
from bot.core.severity import LEVELS
from bot.core.summary import First, Summary, Tally
from bot.core.tempo import Band, Tempo


def escape(text: str, quote: bool = False) -> str:
    """Text for Telegram HTML: ``<``, ``>`` and ``&`` escaped; quotes too where ``quote`` (attributes)."""
    return _html.escape(text, quote=quote)


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


#: What each alert level means, from the escalation model's own table (``docs/levels.md``).
LEVEL_WORDS: dict[int, str] = {level.number: f"{level.name}: {level.gist.rstrip('.')}" for level in LEVELS}

REGION_WORDS: dict[RegionFilter, str] = {
    RegionFilter.ANY: "wherever they land",
    RegionFilter.JAPAN: "only launches that land in Japan's EEZ or fly over Japan",
    RegionFilter.SOUTH_KOREA: "only launches that cross toward South Korea (south of the NLL)",
}

#: Field names as a reader says them, for update messages and the update history.
FIELD_NAMES: dict[str, str] = {
    "kind": "kind",
    "actors": "who fired",
    "date": "date",
    "count": "count",
    "count_qualifier": "count qualifier",
    "missile_class": "class",
    "system": "system",
    "launch_site": "launch site",
    "landing": "landing",
    "range_km": "range (km)",
    "apogee_km": "apogee (km)",
    "flight_time_min": "flight time (min)",
    "outcome": "outcome",
    "status": "status",
}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def tz_label(tz: dt.tzinfo, at: dt.datetime) -> str:
    """'KST', 'EDT', or 'UTC+05:30' where the zone has no abbreviation."""
    local = at.astimezone(tz)
    name = local.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = local.utcoffset() or dt.timedelta()
    sign = "-" if offset < dt.timedelta() else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def format_moment(moment: dt.datetime, tz: dt.tzinfo = KST) -> str:
    """'Sun 5 Jun 2022 08:12 KST' in ``tz``, with the Korean date added where it differs:
    'Sat 4 Jun 2022 19:12 EDT (Sun 5 Jun in Korea)'."""
    local = moment.astimezone(tz)
    text = f"{format_date(local.date())} {local:%H:%M} {tz_label(tz, moment)}"
    korea = moment.astimezone(KST).date()
    if korea != local.date():
        text += f" ({korea:%a} {korea.day} {korea:%b} in Korea)"
    return text


def _differs_from_korea(tz: dt.tzinfo, at: dt.datetime) -> bool:
    return at.astimezone(tz).utcoffset() != at.astimezone(KST).utcoffset()


def event_date(event: StoredEvent, tz: dt.tzinfo = KST) -> str:
    """The launch's date. Launch dates are Korean dates; a chat elsewhere is told so."""
    text = format_date(event.record.date)
    if _differs_from_korea(tz, event.first_seen_at):
        text += " (Korea date)"
    return text


def value_text(field_name: str, value: object) -> str:
    """A stored field value (a token, a number, a date) as a reader says it. Plain text."""
    if value is None or value == "None":
        return "not reported"
    text = str(value)
    try:
        if field_name == "missile_class":
            return CLASS_NAMES[MissileClass(text)][0]
        if field_name == "landing":
            return LANDING_NAMES[Landing(text)]
        if field_name == "actors":
            tokens = (
                value if isinstance(value, list | tuple) else text.strip("[]()").replace("'", "").split(",")
            )
            return actors_phrase([Actor(str(t).strip()) for t in tokens if str(t).strip()])
        if field_name == "date":
            return format_date(dt.date.fromisoformat(text))
        if field_name in {"count", "range_km", "apogee_km", "flight_time_min"}:
            number = float(text)
            return f"{number:,.0f}" if number.is_integer() else f"{number:,g}"
    except ValueError:
        pass
    return text.replace("_", " ")


def changes_html(changes: Sequence[Sequence[object]]) -> str:
    """'count: 2 → 3; class: ballistic missile → ICBM' from (field, old, new) triples."""
    parts = []
    for change in changes:
        name, old, new = [*change, None, None, None][:3]
        label = FIELD_NAMES.get(str(name), str(name).replace("_", " "))
        parts.append(
            f"{escape(label)}: {escape(value_text(str(name), old))} → <b>{escape(value_text(str(name), new))}</b>"
        )
    return "; ".join(parts)


def latest_line(event: StoredEvent) -> str:
    """One compact line: level, date, actor, count and class, and the deep link for details."""
    record = event.record
    level = f"L{event.level}" if event.level is not None else "L?"
    who = " + ".join(ACTOR_NAMES[a].removeprefix("the ") for a in record.actors)
    background = " <i>(background)</i>" if str(record.status) == "background" else ""
    return (
        f"<b>{level}</b> {record.date:%Y-%m-%d} · {escape(who)} · {escape(short_what(record))}{background} "
        f"/event_{event.id}"
    )


def short_what(record: LaunchEvent) -> str:
    """'8 × SRBM', '≥2 × cruise', 'nuclear test'."""
    if record.kind is Kind.NUCLEAR_TEST:
        return "nuclear test"
    if record.kind is Kind.SATELLITE_LAUNCH:
        return "satellite launch" + (" (failed)" if record.outcome is Outcome.FAILURE else "")
    amount = "?" if record.count is None else str(record.count)
    if record.count_qualifier is CountQualifier.AT_LEAST:
        amount = f"≥{record.count}"
    elif record.count_qualifier is CountQualifier.APPROXIMATE:
        amount = f"~{record.count}"
    return f"{amount} × {CLASS_SHORT[record.missile_class]}"


def latest_html(events: Sequence[StoredEvent]) -> str:
    if not events:
        return "No launch events stored yet. Drop articles into the ingest folder and they will show here."
    title = "Latest launch event" if len(events) == 1 else f"Latest {len(events)} launch events"
    return f"<b>{title}</b>, newest first:\n" + "\n".join(latest_line(e) for e in events)


#: Telegram's limit on a message's text, counted after entity parsing. Splitting the raw HTML at
#: this length is always safe: markup only ever makes the raw text longer than what Telegram counts.
MESSAGE_LIMIT = 4096
#: Telegram's limit on a photo's or document's caption, counted the same way.
CAPTION_LIMIT = 1024


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


def caption(text: str, limit: int = CAPTION_LIMIT) -> str:
    """``text`` cut to its first lines that fit a caption (each line keeps its own tags closed)."""
    return split_message(text, limit)[0] if text.strip() else ""


def help_html(commands: Sequence[tuple[str, str, str]]) -> str:
    lines = ["<b>launchwatch</b> — missile launch alerts for the Korean peninsula", ""]
    for name, description, example in commands:
        lines.append(f"/{name} — {escape(description)}\n    e.g. <code>{escape(example)}</code>")
    lines.append("")
    lines.append(
        "In a group, only administrators may subscribe, unsubscribe or change settings; "
        "anyone may ask for /latest, /summary or /chart."
    )
    return "\n".join(lines)


def start_html(situation: str) -> str:
    """The three lines on what the bot does, then ``situation`` (already HTML)."""
    return "\n".join(
        [
            "<b>launchwatch</b> reads the news on missile launches around the Korean peninsula as it arrives.",
            "Every launch becomes one event: who fired, when, how many, what, where it came down.",
            "Subscribe and this chat is told about each new launch, once, with the reason it matters.",
            "",
            situation,
            "",
            "/latest for recent events · /summary for the trend · /help for everything else",
        ]
    )


def situation_html(latest: StoredEvent | None, recent: Summary | None) -> str:
    """The current situation in one line, for /start."""
    if latest is None:
        return "No launch events stored yet."
    level = f", level {latest.level}" if latest.level is not None else ""
    text = f"Latest: {escape(headline(latest.record))} — {format_date(latest.record.date)}{level} /event_{latest.id}"
    if recent is not None:
        text += f". {recent.total.events} event{'s' * (recent.total.events != 1)} in {escape(recent.period.label)}"
    return text + "."


def evidence_fields(record: LaunchEvent) -> dict[str, list[str]]:
    """Each evidence sentence (in first-seen order) with the fields read from it."""
    out: dict[str, list[str]] = {}
    for item in record.evidence:
        fields = out.setdefault(item.sentence, [])
        label = FIELD_NAMES.get(item.field, item.field.replace("_", " "))
        if label not in fields:
            fields.append(label)
    return out


def event_card_html(event: StoredEvent, *, tz: dt.tzinfo = KST) -> str:
    """Everything known about one event: fields, sources, evidence, level and its update history."""
    record = event.record
    lines = [
        f"<b>Event {event.id}: {escape(headline(record))}</b>",
        f"Date: {format_date(record.date)} (Korea)"
        + (" — inferred from a file's time" if record.date_inferred else ""),
        f"Who fired: {escape(actors_phrase(record.actors))}",
    ]
    if event.level is not None:
        lines.append(
            f"Level: <b>{event.level}</b>"
            + (f" — {escape('; '.join(event.level_reasons))}" if event.level_reasons else "")
        )
    if record.kind is Kind.MISSILE_LAUNCH:
        count = "not reported" if record.count is None else str(record.count)
        if record.count is not None and record.count_qualifier is not CountQualifier.EXACT:
            count += f" ({str(record.count_qualifier).replace('_', ' ')})"
        lines.append(f"Count: {count}")
        lines.append(
            "Class: "
            + (
                CLASS_NAMES[record.missile_class][0]
                if record.missile_class is not MissileClass.UNKNOWN
                else "not reported"
            )
        )
    else:
        lines.append(f"Kind: {str(record.kind).replace('_', ' ')}")
    lines.extend(details_lines(record))
    lines.append(f"Outcome: {'not reported' if record.outcome is Outcome.UNKNOWN else record.outcome}")
    lines.append(f"Reported as: {'news' if str(record.status) == 'new' else 'background in later coverage'}")
    lines.append(f"First reported: {format_moment(event.first_seen_at, tz)}")
    for name, alternatives in event.conflicts.items():
        others = "; ".join(
            f"{escape(value_text(name, value))} ({len(ids)} source{'s' * (len(ids) != 1)})"
            for value, ids in alternatives
        )
        label = FIELD_NAMES.get(name, name.replace("_", " "))
        lines.append(f"<i>Sources disagree on {escape(label)}:</i> also {others}")
    if event.sources:
        outlets = {s.source or s.title for s in event.sources}
        lines.append("")
        lines.append(
            f"<b>Sources</b> ({len(event.sources)} article{'s' * (len(event.sources) != 1)}, "
            f"{len(outlets)} outlet{'s' * (len(outlets) != 1)}):"
        )
        for ref in event.sources:
            title = escape(ref.title)
            link = f'<a href="{escape(ref.url, quote=True)}">{title}</a>' if ref.url else title
            source = f" — {escape(ref.source)}" if ref.source else ""
            lines.append(f"• {link}{source}, {format_moment(ref.published_at, tz)}")
    sentences = evidence_fields(record)
    if sentences:
        lines.append("")
        lines.append("<b>Evidence</b>:")
        for sentence, fields in sentences.items():
            # One line per quote: split_message cuts between lines, and each line must close its tags.
            lines.append(f"<blockquote>{escape(sentence)} <i>({escape(', '.join(fields))})</i></blockquote>")
    if event.history:
        lines.append("")
        lines.append("<b>Updates</b>:")
        for entry in event.history:
            at = str(entry.get("at", ""))
            try:
                when = format_moment(dt.datetime.fromisoformat(at), tz)
            except ValueError:
                when = escape(at)
            lines.append(
                f"v{escape(str(entry.get('version')))} ({when}): {changes_html(entry.get('changes', []))}"
            )
    return "\n".join(lines)


def _tally_text(tally: Tally) -> str:
    events = f"{tally.events} event{'s' * (tally.events != 1)}"
    if not tally.missiles:
        return events
    floor = "at least " if tally.inexact else ""
    return f"{events}, {floor}{tally.missiles} missile{'s' * (tally.missiles != 1)}"


def first_text(first: First) -> str:
    """'First ICBM since 24 Mar 2022 (18 Nov 2022)' — plain text."""
    if first.what == "class":
        missile_class = MissileClass(first.value)
        short = CLASS_SHORT[missile_class]
        what = short if short.isupper() else CLASS_NAMES[missile_class][0]
    elif first.what == "kind":
        what = first.value.replace("_", " ")
    elif first.what == "system":
        what = f"launch of the {first.value}"
    else:
        what = {
            "overflew_japan": "missile over Japan",
            "japan_eez": "landing inside Japan's EEZ",
            "south_of_nll": "missile across the Northern Limit Line",
        }.get(first.value, first.value.replace("_", " "))
    since = "on record" if first.since is None else f"since {day_label(first.since)}"
    return f"First {what} {since} ({day_label(first.day)})"


def tempo_html(summary: Summary) -> str:
    """The period against the one before it, in words."""
    now, before = summary.total, summary.previous_total

    def change(a: int, b: int, noun: str) -> str:
        words = f"{a} {noun}{'s' * (a != 1)}"
        if a == b:
            return f"{words}, as in"
        return f"{words}, {'up' if a > b else 'down'} from {b} in"

    return (
        f"Tempo: {change(now.events, before.events, 'event')} {escape(summary.previous.label)}"
        f"; {change(now.missiles, before.missiles, 'missile').rsplit(' in', 1)[0]}."
    )


def summary_html(summary: Summary) -> str:
    """/summary: events and missiles by class and actor, the highest level, firsts, tempo."""
    lines = [f"<b>Summary: {escape(summary.period.label)}</b>"]
    if not summary.total.events:
        lines.append("No launch events stored for this period.")
        lines.append(tempo_html(summary))
        return "\n".join(lines)
    lines.append(_tally_text(summary.total).capitalize())
    extra = []
    if summary.satellite_launches:
        extra.append(
            f"{summary.satellite_launches} satellite launch{'es' * (summary.satellite_launches != 1)}"
        )
    if summary.nuclear_tests:
        extra.append(f"{summary.nuclear_tests} nuclear test{'s' * (summary.nuclear_tests != 1)}")
    if extra:
        lines.append("Including " + " and ".join(extra) + ".")
    lines.append(tempo_html(summary))
    lines.append("")
    lines.append("<b>By class</b>")
    for missile_class, tally in summary.by_class:
        short = "type not reported" if missile_class is MissileClass.UNKNOWN else CLASS_SHORT[missile_class]
        lines.append(f"• {escape(short[0].upper() + short[1:])}: {_tally_text(tally)}")
    lines.append("<b>By side</b>")
    for actor, tally in summary.by_actor:
        lines.append(f"• {escape(ACTOR_NAMES[actor].removeprefix('the '))}: {_tally_text(tally)}")
    if summary.highest is not None:
        top = summary.highest
        lines.append("")
        lines.append(
            f"<b>Highest level: {top.level}</b> — {escape(headline(top.record))}, "
            f"{format_date(top.record.date)} /event_{top.id}"
        )
    if summary.firsts:
        lines.append("")
        lines.append("<b>Notable</b>")
        lines.extend(f"• {escape(first_text(f))}" for f in summary.firsts)
    return "\n".join(lines)


def prefs_lines(prefs: ChatPrefs) -> list[str]:
    """The current value of every setting, one line each (HTML)."""
    if prefs.actors:
        sides = ", ".join(ACTOR_NAMES[a].removeprefix("the ") for a in sorted(prefs.actors))
        sides += " only"
    else:
        sides = "every side"
    if prefs.classes:
        classes = ", ".join(CLASS_SHORT[c] for c in MissileClass if c in prefs.classes) + " only"
    else:
        classes = "every class"
    if prefs.digest is DigestFrequency.OFF:
        digest = "off"
    elif prefs.digest is DigestFrequency.WEEKLY:
        digest = f"weekly, {WEEKDAYS[prefs.digest_weekday % 7]}s at {prefs.digest_time:%H:%M}"
    else:
        digest = f"daily at {prefs.digest_time:%H:%M}"
    if prefs.quiet_start is not None and prefs.quiet_end is not None:
        quiet = f"{prefs.quiet_start:%H:%M}–{prefs.quiet_end:%H:%M}"
    else:
        quiet = "off"
    return [
        f"Level: <b>{prefs.threshold} and above</b> — {escape(LEVEL_WORDS.get(prefs.threshold, ''))}",
        f"Sides: <b>{escape(sides)}</b>",
        f"Classes: <b>{escape(classes)}</b>",
        f"Region: <b>{escape(REGION_WORDS[prefs.region])}</b>",
        f"Digest: <b>{escape(digest)}</b>",
        f"Timezone: <b>{escape(prefs.timezone)}</b>",
        f"Quiet hours: <b>{quiet}</b>",
    ]


def settings_html(chat: Chat, *, note: str | None = None) -> str:
    """/settings: where alerts go and every current value; ``note`` (plain) says what just changed."""
    lines = [f"<b>Settings for {escape(chat.title) if chat.title else 'this chat'}</b>"]
    if chat.subscribed:
        lines.append("Alerts: <b>on</b> — /unsubscribe stops them")
    elif chat.inactive_reason:
        lines.append(f"Alerts: <b>off</b> ({escape(chat.inactive_reason)}) — /subscribe to resume")
    else:
        lines.append("Alerts: <b>off</b> — /subscribe to get them")
    lines.extend(prefs_lines(chat.prefs))
    if note:
        lines.append("")
        lines.append(f"✅ {escape(note)}")
    return "\n".join(lines)


def status_html(
    *,
    version: str,
    last_ingest_at: dt.datetime | None,
    articles: int,
    events: int,
    errors_24h: int,
    subscribers: int,
    inactive_chats: int,
    pending_deliveries: int,
    tz: dt.tzinfo = KST,
) -> str:
    last = format_moment(last_ingest_at, tz) if last_ingest_at else "never"
    return "\n".join(
        [
            f"<b>launchwatch {escape(version)}</b>",
            f"Last ingest: {last}",
            f"Stored: {articles} article{'s' * (articles != 1)}, {events} event{'s' * (events != 1)}",
            f"Ingest errors in the last 24 h: {errors_24h}",
            f"Subscribed chats: {subscribers} (deactivated: {inactive_chats})",
            f"Messages waiting to be sent: {pending_deliveries}",
        ]
    )


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
