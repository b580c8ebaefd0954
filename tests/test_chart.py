"""/chart's picture: a phone-sized PNG with the bars, colours and markers a reader looks for."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from bot.core.chart import GROUPS, HEIGHT_PX, WIDTH_PX, bins_for, chart_png
from bot.core.periods import parse_period
from tests.samples import year_2022

TODAY = dt.date(2023, 1, 10)


def decode(png: bytes) -> Image.Image:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("RGB")


def pixels(image: Image.Image) -> dict[tuple[int, int, int], int]:
    """How many pixels of each colour."""
    return {rgb: n for n, rgb in image.getcolors(maxcolors=1 << 20) or []}


def colours(image: Image.Image) -> set[tuple[int, int, int]]:
    return set(pixels(image))


def hex_rgb(code: str) -> tuple[int, int, int]:
    return int(code[1:3], 16), int(code[3:5], 16), int(code[5:7], 16)


@pytest.fixture(scope="module")
def year_chart() -> Image.Image:
    return decode(chart_png(year_2022(), parse_period("2022", TODAY)))


def test_the_chart_is_phone_sized_and_drawn(year_chart: Image.Image) -> None:
    assert year_chart.size == (WIDTH_PX, HEIGHT_PX)
    found = colours(year_chart)
    assert len(found) > 50, "anti-aliased text and bars, not a blank canvas"
    white = pixels(year_chart)[(255, 255, 255)]
    assert white < 0.9 * WIDTH_PX * HEIGHT_PX


def test_bars_are_coloured_by_class_and_level_4_events_marked(year_chart: Image.Image) -> None:
    found = colours(year_chart)
    icbm, _, srbm, cruise = (hex_rgb(colour) for _, _, colour in GROUPS[:4])
    assert {icbm, srbm, cruise} <= found
    # The marker red is the ICBM red; count how much of it there is: markers add to the bars' share.
    reds = pixels(year_chart)[icbm]
    assert reds > 2000


def test_an_empty_period_still_gives_a_readable_picture() -> None:
    image = decode(chart_png(year_2022(), parse_period("2021", TODAY)))
    assert image.size == (WIDTH_PX, HEIGHT_PX)
    assert hex_rgb(GROUPS[2][2]) not in colours(image)


def test_the_same_events_give_the_same_bytes() -> None:
    period = parse_period("2022-09-20..2022-11-30", TODAY)
    assert chart_png(year_2022(), period) == chart_png(year_2022(), period)


@pytest.mark.parametrize(
    ("text", "unit", "bars"),
    [
        ("7d", "week", 2),
        ("90d", "week", 14),
        ("ytd", "week", 3),
        ("2022", "month", 12),
        ("2017..2022", "year", 6),
    ],
)
def test_weeks_for_short_periods_months_for_long_ones(text: str, unit: str, bars: int) -> None:
    found_unit, bins = bins_for(parse_period(text, TODAY))
    assert (found_unit, len(bins)) == (unit, bars)
    assert all(b.start.weekday() == 0 for b in bins) or unit != "week"
