"""The timeline's claims-per-week chart as inline SVG, drawn on the server (no JS, no CDN)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.template.defaultfilters import pluralize
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim
from claims.selectors import CHART_STATUS_ORDER, ChartData

MAX_GRIDLINES = 5


@dataclass(frozen=True)
class Layout:
    """The viewBox and margins. The SVG is scaled to the width of its card, and its text
    with it: 960 units shown 315px wide on a phone made the labels 4px tall. So there is a
    drawing per card width (the same bars, fewer labels when narrower), each shown by CSS
    (a container query on the card) at widths where its text is 10 to 17px tall."""

    name: str
    width: int
    max_x_labels: int
    height: int = 170
    left: int = 40
    right: int = 8
    top: int = 10
    bottom: int = 24
    min_label_gap: int = 64  # units of the viewBox between two month labels


WIDE = Layout(name="wide", width=960, max_x_labels=10)
MEDIUM = Layout(name="medium", width=640, max_x_labels=7)
NARROW = Layout(name="narrow", width=400, height=190, max_x_labels=5)
LAYOUTS = (WIDE, MEDIUM, NARROW)


def _axis(value: int) -> tuple[int, int]:
    """The y-axis top and gridline step: the step is 1, 2 or 5 times a power of ten, the
    smallest giving at most MAX_GRIDLINES lines, and the top the first line at or above
    value, so the tallest bar nearly fills the chart (11 -> 15, not 20)."""
    if value <= 1:
        return 1, 1
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            step = base * magnitude
            if value <= step * MAX_GRIDLINES:
                return math.ceil(value / step) * step, step
        magnitude *= 10


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _count_label(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def _bucket_label(start: date, unit: str) -> str:
    if unit == "month":
        return f"{start:%B %Y}"
    if unit == "year":
        return f"{start:%Y}"
    return f"Week of {start.day} {start:%b %Y}"


@dataclass(frozen=True)
class ChartTableRow:
    label: str
    total: int
    counts: list[int]  # in the order of ChartTable.statuses


@dataclass(frozen=True)
class ChartTable:
    """The drawing's numbers as a table: the bars' counts are otherwise only in titles
    shown on hover, out of reach of the keyboard and of a screen reader (the drawing is one
    image to it). Only the periods with claims: the empty ones are the gaps between."""

    statuses: Sequence[str]
    rows: list[ChartTableRow]


def chart_table(chart: ChartData) -> ChartTable:
    statuses = [s for s in CHART_STATUS_ORDER if chart.totals.get(s)]
    rows = [
        ChartTableRow(
            label=_bucket_label(bucket.start, chart.unit),
            total=bucket.total,
            counts=[bucket.counts.get(s, 0) for s in statuses],
        )
        for bucket in chart.buckets
        if bucket.total
    ]
    return ChartTable(statuses=statuses, rows=rows)


def _starts_a_label_period(start: date, previous: date, unit: str) -> bool:
    """Whether a bucket begins what the axis labels: a month (weekly), a year (monthly), a
    decade (yearly)."""
    if unit == "week":
        return start.month != previous.month
    if unit == "month":
        return start.year != previous.year
    return start.year // 10 != previous.year // 10


def _tick_label(start: date, previous: date | None) -> str:
    if previous is None or previous.year != start.year:
        return f"{start:%b %Y}"
    return f"{start:%b}"


def chart_svg(chart: ChartData, layout: Layout = WIDE) -> SafeString:
    if not chart.buckets:
        return mark_safe("")
    width, height, left, right = layout.width, layout.height, layout.left, layout.right
    pad_top = layout.top
    plot_w, plot_h = width - left - right, height - pad_top - layout.bottom
    top, tick = _axis(max(b.total for b in chart.buckets))
    slot = plot_w / len(chart.buckets)
    bar_w = slot * 0.78 if slot > 3 else slot
    parts: list[SafeString] = []

    for value in range(tick, top + 1, tick):
        y = pad_top + plot_h * (1 - value / top)
        parts.append(
            format_html(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>',
                left,
                width - right,
                _n(y),
                _n(y),
                left - 6,
                _n(y + 4),
                _count_label(value),
            )
        )
    parts.append(
        format_html(
            '<line class="baseline" x1="{}" x2="{}" y1="{}" y2="{}"/>'
            '<text class="axis" x="{}" y="{}" text-anchor="end">0</text>',
            left,
            width - right,
            pad_top + plot_h,
            pad_top + plot_h,
            left - 6,
            pad_top + plot_h + 4,
        )
    )

    labels = Claim.Status
    for i, bucket in enumerate(chart.buckets):
        x = left + i * slot + (slot - bar_w) / 2
        y = pad_top + plot_h
        rects = []
        for status in CHART_STATUS_ORDER:
            n = bucket.counts.get(status, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            rects.append((status, _n(x), _n(y), _n(bar_w), _n(h)))
        summary = ", ".join(
            f"{bucket.counts[s]:,} {labels(s).label.lower()}"
            for s in CHART_STATUS_ORDER
            if bucket.counts.get(s)
        )
        label = _bucket_label(bucket.start, chart.unit)
        title = f"{label}: {bucket.total:,} claim{pluralize(bucket.total)}"
        if summary:
            title += f" ({summary})"
        # Plain f-strings for the bars: every value is a number _n formatted or a status
        # key, nothing to escape but the title; format_html over hundreds of buckets, three
        # drawings each, was most of the chart's time on a cache miss.
        bars = "".join(
            f'<rect class="bar bar-{status}" x="{bx}" y="{by}" width="{bw}" height="{bh}"/>'
            for status, bx, by, bw, bh in rects
        )
        parts.append(
            mark_safe(  # noqa: S308 - the title is escaped, the rest are numbers and keys
                f'<g class="bucket"><title>{escape(title)}</title>'
                f'<rect class="hit" x="{_n(left + i * slot)}" y="{pad_top}" '
                f'width="{_n(slot)}" height="{plot_h}"/>{bars}</g>'
            )
        )

    # Label the first bucket of each month, year or decade, thinned out.
    starts = [
        i
        for i, b in enumerate(chart.buckets)
        if i == 0 or _starts_a_label_period(b.start, chart.buckets[i - 1].start, chart.unit)
    ]
    step = max(1, math.ceil(len(starts) / layout.max_x_labels))
    previous: date | None = None
    last_x = -math.inf
    for i in starts[::step]:
        start = chart.buckets[i].start
        if left + i * slot - last_x < layout.min_label_gap:
            continue  # a partial first month would print on top of the next label
        last_x = left + i * slot
        text = _tick_label(start, previous) if chart.unit == "week" else f"{start:%Y}"
        previous = start
        parts.append(
            format_html(
                '<text class="axis" x="{}" y="{}">{}</text>',
                _n(left + i * slot),
                height - 6,
                text,
            )
        )

    return format_html(
        '<svg class="chart" data-layout="{}" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'preserveAspectRatio="xMidYMid meet">{}</svg>',
        layout.name,
        width,
        height,
        f"Claims per {chart.unit} by status",
        mark_safe("".join(parts)),  # noqa: S308 - every part was built by format_html
    )
