"""How long the chat's pure rendering takes: /chart's PNG, /summary's figures, /export's CSV, the
/event card. Prints medians; never fails.

python bench/bench_chat.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from bot.core import render  # noqa: E402
from bot.core.chart import chart_png  # noqa: E402
from bot.core.export import events_csv  # noqa: E402
from bot.core.periods import parse_period  # noqa: E402
from bot.core.summary import summarize  # noqa: E402
from tests.samples import hwasong_18_card, make_event, year_2022  # noqa: E402

TODAY = dt.date(2023, 1, 10)


def median_ms(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm caches (fonts, zoneinfo)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    year = year_2022()
    # Thirty years at 2022's pace: the longest span /summary and /export accept.
    decades = [
        make_event(i, TODAY - dt.timedelta(days=i % (366 * 30)), count=1 + i % 8) for i in range(1, 931)
    ]
    year_period = parse_period("2022", TODAY)
    long_period = parse_period("1993..2022", TODAY)
    rows = [
        ("chart_png, 2022 by month (31 events)", lambda: chart_png(year, year_period), 10),
        ("chart_png, 90 days by week", lambda: chart_png(year, parse_period("90d", TODAY)), 10),
        ("chart_png, 30 years by year (930 events)", lambda: chart_png(decades, long_period), 5),
        (
            "summarize + summary_html, 30 years",
            lambda: render.summary_html(summarize(decades, long_period)),
            20,
        ),
        ("events_csv, 930 events", lambda: events_csv(decades), 20),
        (
            "event_card_html + split_message",
            lambda: render.split_message(render.event_card_html(hwasong_18_card())),
            200,
        ),
    ]
    for name, fn, runs in rows:
        print(f"{name:45s} median {median_ms(fn, runs):8.2f} ms  ({runs} runs)")


if __name__ == "__main__":
    main()
