"""The report's charts: hand-written inline SVG (no scripts, fonts or images from elsewhere).

Each chart is one string of SVG with every text in it escaped here (the stdlib's escape),
returned as Markup so a template inserts it as it is. Colours and labels of the metric kinds
are defined here and shared with the tables.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Mapping, Sequence
from html import escape

from markupsafe import Markup

from speeches.read.report_model import Subject, Timeline

KIND_COLORS = {
    "users": "#2563eb",
    "servers": "#7c3aed",
    "hospitals": "#059669",
    "percentage": "#d97706",
}
_OTHER_COLOR = "#64748b"
KIND_LABELS = {
    "users": "Users",
    "servers": "Servers",
    "hospitals": "Hospitals",
    "percentage": "Percentages",
}


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def date_label(d: str | None) -> str:
    """A date as the report shows it: undated when there is none."""
    return d or "undated"


def color(kind: str) -> str:
    """The colour of a kind of metric in charts and pills."""
    return KIND_COLORS.get(kind, _OTHER_COLOR)


def _text_width(text: str, size: float) -> float:
    """Rough rendered width of `text` at font size `size` (CJK glyphs are square)."""
    return sum(size if unicodedata.east_asian_width(ch) in "WF" else size * 0.58 for ch in text)


def _nice_max(n: int) -> tuple[int, int]:
    """An axis maximum >= n and its tick step (1, 2 or 5 times a power of ten)."""
    n = max(n, 1)
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000):
        if n / step <= 5:
            return int(math.ceil(n / step) * step), step
    step = 10 ** int(math.log10(n))
    return int(math.ceil(n / step) * step), step


def _legend(kinds: list[str], x: float, y: float) -> str:
    parts = []
    for kind in kinds:
        label = KIND_LABELS.get(kind, kind)
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 9:.1f}" width="10" height="10" rx="2" '
            f'fill="{color(kind)}"/><text x="{x + 14:.1f}" y="{y:.1f}" class="legend">'
            f"{_e(label)}</text>"
        )
        x += 14 + _text_width(label, 12) + 18
    return "".join(parts)


def svg_hbars(
    rows: list[tuple[str, dict[str, int]]], kinds: list[str], title: str, legend: bool = True
) -> Markup:
    """A horizontal (stacked) bar chart as inline SVG: one bar per row, a segment per kind."""
    kinds = [k for k in kinds if any(r[1].get(k) for r in rows)] or kinds
    label_w = max([_text_width(label, 13) for label, _ in rows] + [40]) + 14
    bar_w, row_h, top = 380.0, 28.0, 40.0 if legend else 12.0
    total_max = max([sum(c.values()) for _, c in rows] + [1])
    width = label_w + bar_w + 48
    height = top + row_h * len(rows) + 8
    out = [
        f'<svg class="chart" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" width="{width:.0f}" height="{height:.0f}" role="img" '
        f'aria-label="{_e(title)}"><title>{_e(title)}</title>'
    ]
    if legend:
        out.append(_legend(kinds, label_w, 18))
    for i, (label, counts) in enumerate(rows):
        y = top + i * row_h
        out.append(
            f'<text x="{label_w - 10:.1f}" y="{y + row_h / 2 + 4.5:.1f}" text-anchor="end" '
            f'class="label">{_e(label)}</text>'
        )
        x = label_w
        for kind in kinds:
            n = counts.get(kind, 0)
            if not n:
                continue
            w = bar_w * n / total_max
            out.append(
                f'<rect x="{x:.1f}" y="{y + 5:.1f}" width="{w:.1f}" height="{row_h - 10:.1f}" '
                f'fill="{color(kind)}"><title>{_e(label)}: {n} {_e(kind)}</title></rect>'
            )
            x += w
        out.append(
            f'<text x="{x + 6:.1f}" y="{y + row_h / 2 + 4.5:.1f}" class="value">'
            f"{sum(counts.values())}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))


def _bin(
    rows: Sequence[tuple[str, Mapping[str, int]]], kinds: list[str], cut: int
) -> list[tuple[str, dict[str, int]]]:
    """Counts of (date, counts) rows summed per date prefix of length `cut`."""
    bins: dict[str, dict[str, int]] = {}
    for published, counts in rows:
        b = bins.setdefault(published[:cut], dict.fromkeys(kinds, 0))
        for k in kinds:
            b[k] += counts.get(k, 0)
    return sorted(bins.items())


def _period_start(key: str) -> dt.date:
    """The first day of a timeline bin: 2018-04-12, 2018-04 or 2018."""
    parts = [int(p) for p in key.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _axis(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Ticks of a time axis covering `first`..`last`, from the start of the first period to
    the start of the one after the last: months for up to two years, years beyond."""
    if (last.year - first.year) * 12 + last.month - first.month < 24:
        ticks: list[tuple[dt.date, str]] = []
        y, m = first.year, first.month
        while True:
            label = f"{dt.date(y, m, 1):%b}" + (f" {y}" if m == 1 or not ticks else "")
            ticks.append((dt.date(y, m, 1), label))
            if (y, m) > (last.year, last.month):
                return ticks
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return [(dt.date(y, 1, 1), str(y)) for y in range(first.year, last.year + 2)]


def _log_ticks(low: float, high: float) -> list[float]:
    """Powers of ten from below `low` to above `high` (a log axis's ticks)."""
    first = math.floor(math.log10(max(low, 1e-9)))
    last = math.ceil(math.log10(max(high, 1e-9)))
    return [10.0**e for e in range(first, max(last, first + 1) + 1)]


def _short(value: float) -> str:
    for size, mark in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= size:
            return f"{value / size:g}{mark}"
    return f"{value:g}"


def svg_values(subject: Subject, anchor: str, title: str) -> Markup:
    """Stated values of one subject on a time axis (inline SVG): one series per kind on a
    logarithmic value axis, each point a link to its row (`#{anchor}-{n}`) with its wording
    and source as a tooltip. Points with no date are listed in the table only."""
    points = [(j, p) for j, p in enumerate(subject.points, 1) if p.when and p.value > 0]
    width, height, left, right, top, bottom = 720.0, 240.0, 56.0, 16.0, 34.0, 30.0
    out = [
        f'<svg class="chart" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>',
        _legend(list(subject.kinds), left, 18),
    ]
    if not points:
        out.append(
            f'<text x="{left:.0f}" y="{height / 2:.0f}" class="label">No dated value.</text></svg>'
        )
        return Markup("".join(out))
    days = [_period_start((p.when or "")[:10]).toordinal() for _, p in points]
    first, last = min(days), max(days)
    span = max(last - first, 1)
    ticks = _log_ticks(min(p.value for _, p in points), max(p.value for _, p in points))
    lo, hi = math.log10(ticks[0]), math.log10(ticks[-1])
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_of(day: int) -> float:
        return left + (plot_w / 2 if last == first else plot_w * (day - first) / span)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (math.log10(value) - lo) / max(hi - lo, 1e-9))

    for tick in ticks:
        y = y_of(tick)
        out.append(
            f'<line x1="{left:.1f}" x2="{width - right:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'class="grid"/><text x="{left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end" '
            f'class="tick">{_e(_short(tick))}</text>'
        )
    for tick_day, label in _axis(dt.date.fromordinal(first), dt.date.fromordinal(last)):
        d = tick_day.toordinal()
        if first <= d <= last or last == first:
            out.append(
                f'<text x="{x_of(d):.1f}" y="{height - 10:.1f}" text-anchor="middle" '
                f'class="tick">{_e(label)}</text>'
            )
    for kind in subject.kinds:
        series = sorted(
            ((day, j, p) for day, (j, p) in zip(days, points, strict=True) if p.kind == kind),
            key=lambda t: t[0],
        )
        if len(series) > 1:
            path = " ".join(f"{x_of(d):.1f},{y_of(p.value):.1f}" for d, _, p in series)
            out.append(
                f'<polyline points="{path}" fill="none" stroke="{color(kind)}" '
                'stroke-width="1.5" opacity="0.6"/>'
            )
        for d, j, p in series:
            tip = (
                f"{date_label(p.when)}: {p.surface} ({p.speaker or 'no speaker'}, {p.source_path})"
            )
            out.append(
                f'<a href="#{anchor}-{j}"><circle cx="{x_of(d):.1f}" cy="{y_of(p.value):.1f}" '
                f'r="5" fill="{color(kind)}"><title>{_e(tip)}</title></circle></a>'
            )
    out.append("</svg>")
    return Markup("".join(out))


def svg_timeline(timeline: Timeline, title: str) -> Markup:
    """Stacked columns of metrics per kind at their published dates on a time axis (inline
    SVG); dates too close to draw apart are binned by month, then by year. Undated documents
    get a column of their own after a dashed line."""
    kinds = list(timeline.kinds)
    dated_rows = [(r.published, r.counts) for r in timeline.rows if r.published]
    undated = [("", r.counts) for r in timeline.rows if not r.published]
    col_w, dated_w = 34.0, 860.0
    cols: list[tuple[str, dict[str, int]]] = []
    for cut in (10, 7, 4):  # day, month, year
        cols = _bin(dated_rows, kinds, cut)
        days = [_period_start(k) for k, _ in cols]
        span = (days[-1] - days[0]).days if len(days) > 1 else 0
        gaps = [(b - a).days / span * dated_w for a, b in zip(days, days[1:], strict=False)]
        if not gaps or min(gaps) >= col_w + 6:
            break
    extra = [("undated", _bin(undated, kinds, 0)[0][1])] if undated else []
    everything = cols + [("undated", c) for _, c in extra]
    kinds = [k for k in kinds if any(c.get(k) for _, c in everything)] or kinds
    # headroom above the tallest column for its label
    peak, step = _nice_max(math.ceil(max([sum(c.values()) for _, c in everything] + [1]) * 1.1))
    left, top, plot_h, bottom = 44.0, 40.0, 220.0, 52.0
    pad = col_w
    undated_w = (col_w * 3) if extra else 0.0
    plot_w = (pad * 2 + dated_w if cols else 0.0) + undated_w
    width = left + plot_w + 12
    height = top + plot_h + bottom
    base = top + plot_h
    out = [
        f'<svg class="chart" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>',
        _legend(kinds, left, 18),
    ]
    for tick in range(0, peak + 1, step):
        y = base - plot_h * tick / peak
        out.append(
            f'<line x1="{left:.1f}" x2="{left + plot_w:.1f}" y1="{y:.1f}" y2="{y:.1f}" '
            f'class="{"axis" if tick == 0 else "grid"}"/>'
            f'<text x="{left - 8:.1f}" y="{y + 4:.1f}" text-anchor="end" class="tick">{tick}</text>'
        )
    positions: list[tuple[float, str, dict[str, int]]] = []
    if cols:
        ticks = _axis(_period_start(cols[0][0]), _period_start(cols[-1][0]))
        first, last = ticks[0][0], ticks[-1][0]
        span = max((last - first).days, 1)

        def at(day: dt.date) -> float:
            return left + pad + (day - first).days / span * dated_w

        for day, label in ticks:
            x = at(day)
            out.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{base:.1f}" y2="{base + 5:.1f}" '
                f'class="axis"/><text x="{x:.1f}" y="{base + 17:.1f}" '
                f'text-anchor="middle" class="tick">{_e(label)}</text>'
            )
        # A bin stands at the middle of its period (a day, a month or a year).
        ends = {10: 1, 7: 31, 4: 365}
        positions += [
            (at(_period_start(k)) + ends[len(k)] / span * dated_w / 2, k, c) for k, c in cols
        ]
    if extra:
        sep = left + plot_w - undated_w
        if cols:
            out.append(
                f'<line x1="{sep:.1f}" x2="{sep:.1f}" y1="{top:.1f}" y2="{base:.1f}" class="sep"/>'
            )
        positions.append((sep + undated_w / 2, "undated", extra[0][1]))
    for x, label, counts in positions:
        y = base
        for kind in kinds:
            n = counts.get(kind, 0)
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            out.append(
                f'<rect x="{x - col_w / 2:.1f}" y="{y:.1f}" width="{col_w:.1f}" height="{h:.1f}" '
                f'fill="{color(kind)}"><title>{_e(label)}: {n} {_e(kind)}</title></rect>'
            )
        out.append(
            f'<text x="{x:.1f}" y="{y - 6:.1f}" text-anchor="middle" class="value">'
            f"{sum(counts.values())}</text>"
            f'<text x="{x:.1f}" y="{base + 36:.1f}" text-anchor="middle" class="date">'
            f"{_e(label)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))
