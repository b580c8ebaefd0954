"""Thirty days of autumn 2022 as launchwatch would have read them, for the alert and digest tests.

Each ``Wire`` is one article as it arrived (``at``, UTC), its text in the plain wire style the
extractor reads, and the events a careful reader takes from it (``events``, the spec's record).
The tests ingest the articles through ``IngestService.ingest_article`` with the real extractor;
``tests/test_alerts_story.py`` first checks that it reads every article as labelled here, so the
stories' expectations stand on readings a person checked.

The launches are the real ones (Korea dates; figures as widely reported, see ``tests/histories``).
Two are left out. 29 Sep 2022 (two SRBMs, a day after the two SRBMs of 28 Sep): nothing in the
reports tells the two apart, so ``merge.same_launch`` rightly takes a report of either, dated a
day off, for the other, and the store would hold one event. And the South's failed Hyunmoo-2 of
4 Oct, to keep the allies to one event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from bot.core.records import Actor, Article, LaunchEvent, Outcome, Status
from bot.core.render import headline
from tests.histories import (
    NORTH_KOREA_2021,
    NORTH_KOREA_2022,
    RESPONSES_2021,
    RESPONSES_2022,
    ROK_US,
    C,
    L,
    launch,
)

UTC = dt.UTC
#: When the story starts: the history before it is already in the store, and the chats subscribe.
START = dt.datetime(2022, 9, 20, 0, 0, tzinfo=UTC)
#: Thirty days on.
END = START + dt.timedelta(days=30)


@dataclass(frozen=True, slots=True)
class Wire:
    at: dt.datetime
    title: str
    text: str
    source: str
    events: tuple[LaunchEvent, ...]

    def article(self) -> Article:
        slug = self.title.lower().replace(" ", "-")[:40]
        return Article(
            title=self.title,
            text=self.text,
            published_at=self.at - dt.timedelta(minutes=10),
            source=self.source,
            url=f"https://news.example/{self.at:%Y%m%d%H%M}/{slug}",
        )


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def report(*events: LaunchEvent, at: dt.datetime, source: str = "Archive") -> Wire:
    """An article that says what happened, one short paragraph per event (for launches the tests
    make up, and the back file), in sentences the extractor reads."""
    paragraphs = []
    for e in events:
        lines = [f"{headline(e)} on {e.date:%d %B %Y}, {source} reported at {at:%H:%M}."]
        if e.launch_site:
            lines.append(f"It was launched from {e.launch_site}.")
        figures = [f"about {n:,.0f} km" for n in (e.range_km,) if n is not None]
        figures += [f"at an apogee of about {n:,.0f} km" for n in (e.apogee_km,) if n is not None]
        if figures:
            lines.append(f"It flew {' '.join(figures)}.")
        paragraphs.append(" ".join(lines))
    # The text says when a launch failed, not that it worked: what it says is what a reader takes.
    read = tuple(replace(e, outcome=Outcome.UNKNOWN) if e.outcome is Outcome.SUCCESS else e for e in events)
    return Wire(at, f"{source} report, {at:%d %b %Y %H:%M}", "\n\n".join(paragraphs), source, read)


def _history_wire(event: LaunchEvent) -> Wire:
    """A back-file article for a launch before the story."""
    return report(event, at=dt.datetime.combine(event.date, dt.time(3, 0), tzinfo=UTC))


#: What the store knows before the story: 2021 and 2022 up to mid-September, read in one catch-up.
#: (The 25 May 2022 SRBMs are left out: same side, same day as that day's ICBM, so one event.)
HISTORY: tuple[Wire, ...] = tuple(
    _history_wire(replace(e, launch_site=None) if e.launch_site == "railway" else e)
    for e in sorted(
        [*NORTH_KOREA_2021, *RESPONSES_2021, *NORTH_KOREA_2022, *RESPONSES_2022],
        key=lambda e: (e.date, e.actors),
    )
    if e.date < START.date()
    and not (e.date == dt.date(2022, 5, 25) and e.missile_class is C.SRBM and Actor.NORTH_KOREA in e.actors)
)

JCS = "South Korea's Joint Chiefs of Staff said"

SEP25 = launch("2022-09-25", C.SRBM, 1, launch_site="Taechon", landing=L.EAST_SEA)
SEP25_FIGURES = replace(SEP25, range_km=600, apogee_km=60)
SEP28 = launch("2022-09-28", C.SRBM, 2, launch_site="Sunan", landing=L.EAST_SEA, range_km=350)
OCT01 = launch("2022-10-01", C.SRBM, 2, launch_site="Sunan", landing=L.EAST_SEA, range_km=350)
OCT04_FIRST = launch("2022-10-04", C.BALLISTIC, 1)
OCT04_OVER_JAPAN = launch("2022-10-04", C.BALLISTIC, 1, landing=L.OVERFLEW_JAPAN)
OCT04_IRBM = launch("2022-10-04", C.IRBM, 1, landing=L.OVERFLEW_JAPAN, range_km=4600, apogee_km=970)
OCT04_SYSTEM = replace(OCT04_IRBM, system="Hwasong-12", launch_site="Mupyong-ri")
OCT05_ALLIES = launch("2022-10-05", C.SRBM, 4, actors=ROK_US, system="ATACMS", landing=L.EAST_SEA)
OCT06 = launch("2022-10-06", C.SRBM, 2, launch_site="Pyongyang", landing=L.EAST_SEA, range_km=350)
OCT09_FIRST = launch("2022-10-09", C.BALLISTIC, 1, landing=L.EAST_SEA)
OCT09_TWO = launch("2022-10-09", C.SRBM, 2, landing=L.EAST_SEA, range_km=350)
OCT14 = launch("2022-10-14", C.SRBM, 1, launch_site="Sunan", landing=L.EAST_SEA, range_km=650)


def background(event: LaunchEvent) -> LaunchEvent:
    return replace(event, status=Status.BACKGROUND)


STORY: tuple[Wire, ...] = (
    Wire(
        utc("2022-09-24T22:30"),  # 07:30 Sunday in Seoul
        "North Korea fires ballistic missile ahead of US carrier drills",
        "North Korea fired a short-range ballistic missile into the East Sea on Sunday, "
        f"{JCS}. The missile was launched from Taechon in North Pyongan Province.",
        "Yonhap",
        (SEP25,),
    ),
    Wire(
        utc("2022-09-25T01:15"),
        "N. Korean missile flew 600 km, military says",
        "A short-range ballistic missile North Korea fired into the East Sea on Sunday flew about "
        f"600 km at an apogee of about 60 km, {JCS}. It was launched from Taechon.",
        "Reuters",
        (SEP25_FIGURES,),
    ),
    Wire(
        utc("2022-09-25T04:00"),
        "Japan protests North Korean launch",
        "Japan lodged a protest after North Korea fired a short-range ballistic missile into the "
        "East Sea on Sunday, the defence ministry in Tokyo said.",
        "Kyodo",
        (replace(SEP25, launch_site=None),),
    ),
    Wire(
        utc("2022-09-28T03:00"),  # noon in Seoul; 23:00 the night before in New York
        "North Korea fires two ballistic missiles as Harris visit nears",
        "North Korea fired two short-range ballistic missiles from the Sunan area of Pyongyang "
        f"into the East Sea on Wednesday, {JCS}. They flew about 350 km.",
        "AP",
        (SEP28,),
    ),
    Wire(
        utc("2022-09-30T22:30"),  # 07:30 Saturday in Seoul; 23:30 Friday in London
        "North Korea fires two more missiles, fourth launch in a week",
        "North Korea fired two short-range ballistic missiles into the East Sea from the Sunan area "
        f"of Pyongyang on Saturday, {JCS}, its fourth launch in a week. The missiles flew about 350 km.",
        "Yonhap",
        (OCT01,),
    ),
    # 4 October: five articles about one launch, as the picture came in over the morning.
    Wire(
        utc("2022-10-03T22:30"),
        "North Korea fires ballistic missile",
        f"North Korea fired a ballistic missile on Tuesday morning, {JCS}.",
        "Yonhap",
        (OCT04_FIRST,),
    ),
    Wire(
        utc("2022-10-03T22:45"),
        "North Korean missile flies over Japan, residents told to take cover",
        "A ballistic missile fired by North Korea on Tuesday flew over Japan, Tokyo said, "
        "triggering J-Alert warnings in Hokkaido and Aomori.",
        "NHK",
        (OCT04_OVER_JAPAN,),
    ),
    Wire(
        utc("2022-10-03T23:00"),
        "North Korea fires intermediate-range missile over Japan",
        "North Korea fired an intermediate-range ballistic missile over Japan on Tuesday, "
        f"{JCS}. It flew about 4,600 km at an apogee of about 970 km.",
        "Reuters",
        (OCT04_IRBM,),
    ),
    Wire(
        utc("2022-10-03T23:20"),
        "Missile over Japan was a Hwasong-12, analysts say",
        "The intermediate-range ballistic missile North Korea fired over Japan on Tuesday was a "
        "Hwasong-12 launched from Mupyong-ri, flying about 4,600 km at an apogee of 970 km.",
        "NK News",
        (OCT04_SYSTEM,),
    ),
    Wire(
        utc("2022-10-04T01:00"),
        "What we know about North Korea's missile over Japan",
        "North Korea fired an intermediate-range ballistic missile over Japan on Tuesday, covering "
        "about 4,600 km at an apogee of 970 km, the longest distance of any of its tests.",
        "BBC",
        (OCT04_IRBM,),
    ),
    Wire(
        utc("2022-10-04T20:00"),
        "South Korea and US fire missiles in response",
        "South Korea and the United States fired four ATACMS surface-to-surface missiles into the "
        "East Sea on Wednesday in response to North Korea's launch over Japan, the JCS said.",
        "Yonhap",
        (OCT05_ALLIES,),
    ),
    Wire(
        utc("2022-10-05T22:20"),
        "North Korea fires two ballistic missiles",
        "North Korea fired two short-range ballistic missiles into the East Sea from the Samsok area "
        f"of Pyongyang on Thursday, {JCS}. They flew about 350 km.",
        "Yonhap",
        (OCT06,),
    ),
    Wire(
        utc("2022-10-08T16:00"),  # 01:00 Sunday in Seoul
        "North Korea fires ballistic missile",
        f"North Korea fired a ballistic missile into the East Sea early on Sunday, {JCS}.",
        "Yonhap",
        (OCT09_FIRST,),
    ),
    Wire(
        utc("2022-10-08T17:30"),
        "North Korea fired two missiles, not one, military says",
        "North Korea fired two short-range ballistic missiles into the East Sea from Munchon on "
        f"Sunday, {JCS}, correcting its first report. They flew about 350 km.",
        "Yonhap",
        (OCT09_TWO,),
    ),
    Wire(
        utc("2022-10-13T16:30"),
        "North Korea fires ballistic missile after warplanes fly near border",
        "North Korea fired a short-range ballistic missile into the East Sea from the Sunan area on "
        f"Friday, {JCS}. It flew about 650 km.",
        "Yonhap",
        (OCT14,),
    ),
)
