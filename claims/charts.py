"""The timeline's claims-per-week chart as inline SVG, drawn on the server (no JS, no CDN)."""

from __future__ import annotations

import math
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim
from claims.selectors import CHART_STATUS_ORDER, ChartData

WIDTH, HEIGHT = 960, 170
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 10, 24
MAX_X_LABELS = 10
MIN_LABEL_GAP = 64  # px of the viewBox between two month labels
MAX_GRIDLINES = 5


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
    return f"Week of {start.day} {start:%b %Y}"


def _tick_label(start: date, previous: date | None) -> str:
    if previous is None or previous.year != start.year:
        return f"{start:%b %Y}"
    return f"{start:%b}"


def chart_svg(chart: ChartData) -> SafeString:
    if not chart.buckets:
        return mark_safe("")
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top, tick = _axis(max(b.total for b in chart.buckets))
    slot = plot_w / len(chart.buckets)
    bar_w = slot * 0.78 if slot > 3 else slot
    parts: list[SafeString] = []

    for value in range(tick, top + 1, tick):
        y = TOP + plot_h * (1 - value / top)
        parts.append(
            format_html(
                '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="axis" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _n(y),
                _n(y),
                LEFT - 6,
                _n(y + 4),
                _count_label(value),
            )
        )
    parts.append(
        format_html(
            '<line class="baseline" x1="{}" x2="{}" y1="{}" y2="{}"/>'
            '<text class="axis" x="{}" y="{}" text-anchor="end">0</text>',
            LEFT,
            WIDTH - RIGHT,
            TOP + plot_h,
            TOP + plot_h,
            LEFT - 6,
            TOP + plot_h + 4,
        )
    )

    labels = Claim.Status
    for i, bucket in enumerate(chart.buckets):
        x = LEFT + i * slot + (slot - bar_w) / 2
        y = TOP + plot_h
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
        title = f"{_bucket_label(bucket.start, chart.unit)}: {bucket.total:,} claims"
        if summary:
            title += f" ({summary})"
        parts.append(
            format_html(
                '<g class="bucket"><title>{}</title>'
                '<rect class="hit" x="{}" y="{}" width="{}" height="{}"/>{}</g>',
                title,
                _n(LEFT + i * slot),
                TOP,
                _n(slot),
                plot_h,
                format_html_join(
                    "",
                    '<rect class="bar bar-{}" x="{}" y="{}" width="{}" height="{}"/>',
                    rects,
                ),
            )
        )

    # Label the first bucket of a month (weekly) or of a year (monthly), thinned out.
    starts = [
        i
        for i, b in enumerate(chart.buckets)
        if i == 0
        or (
            b.start.month != chart.buckets[i - 1].start.month
            if chart.unit == "week"
            else b.start.year != chart.buckets[i - 1].start.year
        )
    ]
    step = max(1, math.ceil(len(starts) / MAX_X_LABELS))
    previous: date | None = None
    last_x = -math.inf
    for i in starts[::step]:
        start = chart.buckets[i].start
        if LEFT + i * slot - last_x < MIN_LABEL_GAP:
            continue  # a partial first month would print on top of the next label
        last_x = LEFT + i * slot
        text = _tick_label(start, previous) if chart.unit == "week" else f"{start:%Y}"
        previous = start
        parts.append(
            format_html(
                '<text class="axis" x="{}" y="{}">{}</text>',
                _n(LEFT + i * slot),
                HEIGHT - 6,
                text,
            )
        )

    unit = "week" if chart.unit == "week" else "month"
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'preserveAspectRatio="xMidYMid meet">{}</svg>',
        WIDTH,
        HEIGHT,
        f"Claims per {unit} by status",
        mark_safe("".join(parts)),  # noqa: S308 - every part was built by format_html
    )
