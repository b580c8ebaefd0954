"""/export's CSV: one row per event with the spec's fields and the sources, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from bot.core.export import COLUMNS, events_csv
from bot.core.records import SPEC_FIELDS
from tests.samples import hwasong_18_card, make_event, year_2022


def rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "a BOM, so spreadsheets read UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_one_row_per_event_with_every_spec_field() -> None:
    events = year_2022()
    table = rows(events_csv(events))
    assert len(table) == len(events)
    assert list(table[0]) == list(COLUMNS)
    assert set(SPEC_FIELDS) <= set(COLUMNS)
    first = table[0]
    assert first["id"] == "1"
    assert first["date"] == "2022-01-05"
    assert first["actors"] == "north_korea"
    assert first["missile_class"] == "hypersonic"
    allies = next(r for r in table if r["date"] == "2022-06-06")
    assert allies["actors"] == "south_korea | united_states"
    assert allies["count"] == "8"


def test_sources_and_evidence_are_in_the_row() -> None:
    (row,) = rows(events_csv([hwasong_18_card()]))
    assert row["source_count"] == "2"
    assert row["source_titles"].startswith("North Korea fires solid-fuel ICBM <Hwasong-18>")
    assert row["source_urls"] == "https://example.org/news?id=1&lang=en | "
    assert row["apogee_km"] == "6648.0" or row["apogee_km"] == "6648"
    assert "Hwasong-18" in row["evidence"]
    assert row["level"] == "4"
    assert row["level_reasons"] == "ICBM | solid-fuel system, the second test of its kind"


def test_an_article_cannot_plant_a_spreadsheet_formula() -> None:
    event = make_event(1, "2022-06-05", system='=HYPERLINK("http://evil")', launch_site="+1-2")
    (row,) = rows(events_csv([event]))
    assert row["system"] == '\'=HYPERLINK("http://evil")'
    assert row["launch_site"] == "'+1-2"


def test_no_events_is_a_header_only_file() -> None:
    assert rows(events_csv([])) == []
