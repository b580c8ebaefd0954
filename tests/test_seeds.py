"""The three real seed articles come out exactly as the corpus labels read them, field by field.

The expected records are copied from ``shared/corpus/labels.json`` so this test needs only the repo.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.core.extract import extract
from bot.core.records import SPEC_FIELDS, LaunchEvent
from tests.articles import SEEDS, load


def _label(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": "missile_launch",
        "actors": ["north_korea"],
        "count": None,
        "count_qualifier": "unknown",
        "missile_class": "unknown",
        "system": None,
        "launch_site": None,
        "landing": "unknown",
        "range_km": None,
        "apogee_km": None,
        "flight_time_min": None,
        "outcome": "unknown",
        "status": "new",
    }
    base.update(fields)
    return base


LABELS: dict[str, list[dict[str, Any]]] = {
    "seed000.txt": [
        _label(date="2022-06-05", count=8, count_qualifier="exact", missile_class="srbm"),
        _label(
            actors=["south_korea", "united_states"],
            date="2022-06-06",
            count=8,
            count_qualifier="exact",
            landing="east_sea",
        ),
        _label(date="2022-05-25", missile_class="ballistic", status="background"),
    ],
    "seed002.txt": [
        _label(
            date="2022-11-17", count=1, count_qualifier="exact", missile_class="ballistic", landing="east_sea"
        ),
        _label(
            date="2022-11-02",
            count=23,
            count_qualifier="exact",
            missile_class="icbm",
            landing="south_of_nll",
            status="background",
        ),
    ],
    "seed004.txt": [
        _label(
            date="2023-12-17",
            count=1,
            count_qualifier="at_least",
            missile_class="ballistic",
            landing="east_sea",
        ),
    ],
}


def _events(name: str) -> list[LaunchEvent]:
    (article,) = load(SEEDS / name)
    return extract(article)


def _key(record: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    return record["date"], tuple(record["actors"])


@pytest.mark.parametrize("name", sorted(LABELS))
def test_a_seed_article_yields_exactly_the_labelled_events(name: str) -> None:
    got = {_key(e.to_json()): e.to_json() for e in _events(name)}
    want = {_key(label): label for label in LABELS[name]}
    assert sorted(got) == sorted(want)
    for key, label in want.items():
        for field in SPEC_FIELDS:
            if field == "date":
                continue
            assert got[key][field] == label.get(field, got[key][field]), f"{name} {key} {field}"


def test_the_response_salvo_is_its_own_event_with_its_own_actors() -> None:
    # seed000: Seoul and Washington answer Pyongyang's Sunday salvo on Monday morning.
    events = {tuple(a.value for a in e.actors): e for e in _events("seed000.txt") if e.status.value == "new"}
    north = events[("north_korea",)]
    allies = events[("south_korea", "united_states")]
    assert (north.date.isoformat(), north.count, north.missile_class.value) == ("2022-06-05", 8, "srbm")
    assert (allies.date.isoformat(), allies.count, allies.landing.value) == ("2022-06-06", 8, "east_sea")


def test_every_field_read_points_at_the_sentence_it_came_from() -> None:
    (event,) = _events("seed004.txt")
    evidence = {e.field: e.sentence for e in event.evidence}
    assert "at least one ballistic missile" in evidence["count"]
    assert "eastern waters" in evidence["landing"]
    assert event.date_inferred is False
