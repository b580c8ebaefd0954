"""The records every part of launchwatch speaks: an article in, launch events out.

Field names and enum values are exactly the tokens of ``shared/spec/events.md``;
the JSON printed by ``launchwatch extract --json``, the database columns and the
alerts all use them, so a value never has to be translated on the way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    MISSILE_LAUNCH = "missile_launch"
    SATELLITE_LAUNCH = "satellite_launch"
    NUCLEAR_TEST = "nuclear_test"


class Actor(StrEnum):
    NORTH_KOREA = "north_korea"
    SOUTH_KOREA = "south_korea"
    UNITED_STATES = "united_states"
    JAPAN = "japan"
    CHINA = "china"
    RUSSIA = "russia"
    OTHER = "other"


class CountQualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    APPROXIMATE = "approximate"
    UNKNOWN = "unknown"


class MissileClass(StrEnum):
    ICBM = "icbm"
    IRBM = "irbm"
    MRBM = "mrbm"
    SRBM = "srbm"
    SLBM = "slbm"
    HYPERSONIC = "hypersonic"
    CRUISE = "cruise"
    BALLISTIC = "ballistic"
    ROCKET_ARTILLERY = "rocket_artillery"
    SURFACE_TO_AIR = "surface_to_air"
    SLV = "slv"
    UNKNOWN = "unknown"


class Landing(StrEnum):
    EAST_SEA = "east_sea"
    YELLOW_SEA = "yellow_sea"
    JAPAN_EEZ = "japan_eez"
    OVERFLEW_JAPAN = "overflew_japan"
    SOUTH_OF_NLL = "south_of_nll"
    PACIFIC = "pacific"
    UNKNOWN = "unknown"


class Outcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    UNKNOWN = "unknown"


class Status(StrEnum):
    NEW = "new"
    BACKGROUND = "background"


#: Korea Standard Time. Launch dates are Korea-local dates (spec: "the local date (Korea time, UTC+9)").
KST = dt.timezone(dt.timedelta(hours=9), "KST")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as a format reader produced it."""

    title: str
    text: str
    #: Always timezone-aware. Relative dates in the text are resolved against it.
    published_at: dt.datetime
    source: str | None = None
    url: str | None = None
    #: True when the article carried no usable date and ``published_at`` is the file's modification time.
    published_inferred: bool = False
    #: A feed entry's id (or link) so a re-read feed skips entries it has seen.
    external_id: str | None = None

    def __post_init__(self) -> None:
        if self.published_at.tzinfo is None or self.published_at.utcoffset() is None:
            raise ValueError("Article.published_at must be timezone-aware")


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a field of an event was read from."""

    field: str
    sentence: str


#: The spec's fields in the spec's order (``evidence`` last); the JSON output keeps this order.
SPEC_FIELDS: tuple[str, ...] = (
    "kind",
    "actors",
    "date",
    "count",
    "count_qualifier",
    "missile_class",
    "system",
    "launch_site",
    "landing",
    "range_km",
    "apogee_km",
    "flight_time_min",
    "outcome",
    "status",
)


@dataclass(frozen=True, slots=True)
class LaunchEvent:
    """One launch (or satellite launch, or nuclear test) as one article reports it."""

    kind: Kind
    #: Sorted, as the spec requires; construct with :func:`sorted_actors`.
    actors: tuple[Actor, ...]
    date: dt.date
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
    status: Status = Status.NEW
    evidence: tuple[Evidence, ...] = ()
    #: True when the date was resolved against a publication time that was itself inferred (file mtime).
    date_inferred: bool = False

    def __post_init__(self) -> None:
        if not self.actors:
            raise ValueError("a launch event needs at least one actor")
        if tuple(sorted(self.actors)) != self.actors:
            raise ValueError("LaunchEvent.actors must be sorted")

    def to_json(self) -> dict[str, Any]:
        """The spec record, in the spec's field order, ready for ``json.dumps``."""
        out: dict[str, Any] = {}
        for name in SPEC_FIELDS:
            value = getattr(self, name)
            if name == "actors":
                value = [str(a) for a in value]
            elif name == "date":
                value = value.isoformat()
            elif isinstance(value, StrEnum):
                value = str(value)
            out[name] = value
        out["evidence"] = list(dict.fromkeys(e.sentence for e in self.evidence))
        out["evidence_by_field"] = {e.field: e.sentence for e in self.evidence}
        out["date_inferred"] = self.date_inferred
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LaunchEvent:
        """Inverse of :meth:`to_json`; also reads the corpus labels (which have no evidence)."""
        by_field: Mapping[str, str] = data.get("evidence_by_field") or {}
        return cls(
            kind=Kind(data["kind"]),
            actors=sorted_actors(Actor(a) for a in data["actors"]),
            date=dt.date.fromisoformat(data["date"]),
            count=data.get("count"),
            count_qualifier=CountQualifier(data.get("count_qualifier") or "unknown"),
            missile_class=MissileClass(data.get("missile_class") or "unknown"),
            system=data.get("system"),
            launch_site=data.get("launch_site"),
            landing=Landing(data.get("landing") or "unknown"),
            range_km=data.get("range_km"),
            apogee_km=data.get("apogee_km"),
            flight_time_min=data.get("flight_time_min"),
            outcome=Outcome(data.get("outcome") or "unknown"),
            status=Status(data.get("status") or "new"),
            evidence=tuple(Evidence(f, s) for f, s in by_field.items()),
            date_inferred=bool(data.get("date_inferred", False)),
        )


def sorted_actors(actors: Any) -> tuple[Actor, ...]:
    """Deduplicated and sorted, the one canonical order for ``LaunchEvent.actors``."""
    return tuple(sorted(set(actors)))


def field_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(LaunchEvent))


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What a format reader got out of one file: its articles and anything worth a warning."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class SourceRef:
    """An article that reported an event, as shown under an alert or an event card."""

    article_id: int
    title: str
    source: str | None
    url: str | None
    published_at: dt.datetime


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A merged event as the store holds it: the record plus what the store knows about it."""

    id: int
    record: LaunchEvent
    version: int
    first_seen_at: dt.datetime
    updated_at: dt.datetime
    level: int | None = None
    level_reasons: tuple[str, ...] = ()
    #: field -> ids of the articles supporting the current value.
    support: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    #: field -> ((other value, (article ids...)), ...)
    conflicts: Mapping[str, tuple[tuple[Any, tuple[int, ...]], ...]] = field(default_factory=dict)
    #: ({"version": n, "at": iso, "changes": [[field, old, new], ...]}, ...)
    history: tuple[Mapping[str, Any], ...] = ()
    sources: tuple[SourceRef, ...] = ()
