"""/chart: missiles and launch events per week or month, stacked by class, as PNG bytes.

Pure: matplotlib's object API with the Agg canvas draws into memory (no pyplot, no global state,
no files). Sized for a phone: a 4:5 portrait picture Telegram shows without shrinking the text.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from bot.core.periods import Period, span_label
from bot.core.records import Kind, MissileClass, StoredEvent
from bot.core.summary import Tally, missiles_of

#: Pixels: Telegram shows photos up to 1280 px on their long side; 4:5 fills a phone's width.
WIDTH_PX, HEIGHT_PX = 1080, 1350
DPI = 150
#: Events at this level or above get a marker on the chart.
MARKED_LEVEL = 4
#: Weekly bars up to this many days, monthly up to MONTHLY_MAX_DAYS, yearly beyond.
WEEKLY_MAX_DAYS = 120
MONTHLY_MAX_DAYS = 366 * 5

#: Class groups on the chart (a dozen colours would be unreadable on a phone), most severe first.
GROUPS: tuple[tuple[str, frozenset[MissileClass], str], ...] = (
    ("ICBM / IRBM", frozenset({MissileClass.ICBM, MissileClass.IRBM}), "#b2182b"),
    (
        "SLBM / hypersonic / MRBM",
        frozenset({MissileClass.SLBM, MissileClass.HYPERSONIC, MissileClass.MRBM}),
        "#ef8a62",
    ),
    ("SRBM / ballistic", frozenset({MissileClass.SRBM, MissileClass.BALLISTIC}), "#f4c542"),
    ("Cruise", frozenset({MissileClass.CRUISE}), "#67a9cf"),
    ("Space launch", frozenset({MissileClass.SLV}), "#8e6bbf"),
    (
        "Rockets / SAM / unknown",
        frozenset({MissileClass.ROCKET_ARTILLERY, MissileClass.SURFACE_TO_AIR, MissileClass.UNKNOWN}),
        "#9e9e9e",
    ),
)
NUCLEAR_COLOR = "#222222"


@dataclass(frozen=True, slots=True)
class Bin:
    start: dt.date
    end: dt.date
    label: str


def bins_for(period: Period) -> tuple[str, list[Bin]]:
    """('week' | 'month' | 'year', the bins covering the period), chosen by its length."""
    if period.days <= WEEKLY_MAX_DAYS:
        unit = "week"
        start = period.start - dt.timedelta(days=period.start.weekday())  # weeks start on Monday
        out = []
        while start < period.end:
            end = start + dt.timedelta(days=7)
            out.append(Bin(start, end, f"{start.day} {start:%b}"))
            start = end
        return unit, out
    if period.days <= MONTHLY_MAX_DAYS:
        out = []
        start = period.start.replace(day=1)
        while start < period.end:
            end = (start + dt.timedelta(days=32)).replace(day=1)
            out.append(Bin(start, end, f"{start:%b}\n{start.year}" if start.month == 1 else f"{start:%b}"))
            start = end
        if out and "\n" not in out[0].label:
            out[0] = Bin(out[0].start, out[0].end, f"{out[0].label}\n{out[0].start.year}")
        return "month", out
    out = []
    year = period.start.year
    while dt.date(year, 1, 1) < period.end:
        out.append(Bin(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), str(year)))
        year += 1
    return "year", out


def _group_of(event: StoredEvent) -> int | None:
    if event.record.kind is Kind.NUCLEAR_TEST:
        return None
    for i, (_, classes, _) in enumerate(GROUPS):
        if event.record.missile_class in classes:
            return i
    return len(GROUPS) - 1


def _stack(axis: Axes, values: list[int], base: list[int], width: float, **style: Any) -> None:
    """One layer of stacked bars; empty bins get no bar at all (fewer patches, a faster drawing)."""
    xs = [i for i, v in enumerate(values) if v]
    axis.bar(xs, [values[i] for i in xs], width, bottom=[base[i] for i in xs], **style)


def chart_png(events: Sequence[StoredEvent], period: Period, *, title: str | None = None) -> bytes:
    """A PNG of missiles (top) and launch events (bottom) per week or month, stacked by class,
    with level-4+ events marked. An empty period still gives a readable picture that says so."""
    unit, bins = bins_for(period)
    inside = [e for e in events if period.contains(e.record.date)]
    n = len(bins)
    missiles = [[0] * n for _ in GROUPS]
    counts = [[0] * n for _ in GROUPS]
    nuclear = [0] * n
    marks: list[tuple[int, int]] = []  # (bin index, level)
    for event in inside:
        index = next(i for i, b in enumerate(bins) if b.start <= event.record.date < b.end)
        group = _group_of(event)
        if group is None:
            nuclear[index] += 1
        else:
            missiles[group][index] += missiles_of(event)[0]
            counts[group][index] += 1
        if event.level is not None and event.level >= MARKED_LEVEL:
            marks.append((index, event.level))

    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, facecolor="white")
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(
        3, 1, height_ratios=(3, 2, 0.55), hspace=0.32, left=0.11, right=0.97, top=0.855, bottom=0.04
    )
    top = fig.add_subplot(grid[0])
    bottom = fig.add_subplot(grid[1], sharex=top)
    legend_ax = fig.add_subplot(grid[2])
    legend_ax.axis("off")

    xs = list(range(n))
    width = 0.8 if n > 1 else 0.5
    handles: list[Artist] = []
    for axis, series in ((top, missiles), (bottom, counts)):
        base = [0] * n
        for (name, _, color), values in zip(GROUPS, series, strict=True):
            if any(values):
                _stack(axis, values, base, width, color=color, edgecolor="white", linewidth=0.4)
                if axis is top:
                    handles.append(Patch(facecolor=color, label=name))
                base = [a + b for a, b in zip(base, values, strict=True)]
        if axis is bottom and any(nuclear):
            _stack(axis, nuclear, base, width, color=NUCLEAR_COLOR)
            handles.append(Patch(facecolor=NUCLEAR_COLOR, label="Nuclear test"))
            base = [a + b for a, b in zip(base, nuclear, strict=True)]
        axis.set_ylim(0, max([*base, 1]) * (1.25 if axis is top else 1.12))
        axis.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        axis.grid(axis="y", color="#dddddd", linewidth=0.8)
        axis.set_axisbelow(True)
        for side in ("top", "right"):
            axis.spines[side].set_visible(False)
        axis.tick_params(labelsize=11)
        if axis is top:
            top_heights = base

    top.set_title(f"Missiles fired per {unit}", fontsize=13, loc="left", pad=6)
    bottom.set_title(f"Launch events per {unit}", fontsize=13, loc="left", pad=6)
    if marks:
        by_bin: dict[int, int] = {}
        for index, level in marks:
            by_bin[index] = max(level, by_bin.get(index, 0))
        ceiling = top.get_ylim()[1]
        for index, level in by_bin.items():
            y = top_heights[index] + ceiling * 0.03
            top.plot([index], [y], marker="v", markersize=11, color="#b2182b", linestyle="none")
            top.annotate(
                f"L{level}",
                (index, y),
                xytext=(0, 8),
                textcoords="offset points",
                ha="center",
                fontsize=10,
                fontweight="bold",
                color="#b2182b",
            )
        handles.append(
            Line2D(
                [],
                [],
                marker="v",
                markersize=10,
                color="#b2182b",
                linestyle="none",
                label=f"Level {MARKED_LEVEL}+ event",
            )
        )

    step = max(1, -(-n // 8))  # at most about eight tick labels: legible at phone size
    bottom.set_xticks(xs[::step], [b.label for b in bins][::step])
    top.tick_params(labelbottom=False)
    bottom.set_xlim(-0.6, n - 0.4)

    if not inside:
        top.text(
            0.5,
            0.5,
            "No launches in this period",
            transform=top.transAxes,
            ha="center",
            va="center",
            fontsize=15,
            color="#555555",
        )
    if handles:
        legend_ax.legend(
            handles=handles,
            labels=[h.get_label() for h in handles],
            loc="upper center",
            ncol=2,
            fontsize=11,
            frameon=False,
            handlelength=1.2,
            columnspacing=1.2,
        )

    total = Tally()
    for event in inside:
        total = total.plus(event)
    heading = title or "Launches around the Korean peninsula"
    fig.text(0.03, 0.965, heading, fontsize=16, fontweight="bold", va="top")
    floor = "at least " if total.inexact else ""
    sub = (
        f"{span_label(period.start, period.last_day)} · {total.events} event{'s' * (total.events != 1)}, "
        f"{floor}{total.missiles} missile{'s' * (total.missiles != 1)}"
    )
    fig.text(0.03, 0.925, sub, fontsize=12, color="#444444", va="top")

    buffer = io.BytesIO()
    # No "Software" stamp: the same events give the same bytes, so committed images diff cleanly.
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
