"""One drawing of a check chart, with QPainter, for the History page and the PDF alike.

Both draw app.core.history.chart_model's CheckChart through ``draw_check_chart``: the same series,
markers, line styles, reference band, noise bands, date and degree axes and legend. Only the
look differs (``ChartLook``): print colours on white paper and millimetres at 300 dpi for the
PDF, the palette's light or dark colours and screen pixels for History. The PDF leaves out
the noise bands and the difference plot (its table lists the values), History shows both.

Left is a circle with a solid line, right a triangle with a dashed line, left − right a
diamond: the sides differ in shape and line as well as colour, so a chart survives a
black-and-white printer and colour-blind eyes. A line joins only readings of one side,
instrument and mode (Series.joined); another instrument than the side's main one is dotted
with hollow markers, and readings that mixed instruments are open points.

What was drawn is returned (``DrawnChart``: each series with its markers' places, the bands),
so the screen can say which reading is under the pointer and tests can read what a person sees.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from app.core.checks.labels import format_degrees
from app.core.checks.readings import NOISE_DEGREES
from app.core.dates import short_day_month, short_month
from app.core.history.chart_model import CheckChart, Series, Trace
from app.core.history.ranges import local_day, local_midnight

THIN_LINE_FROM = 150  # readings in one series: a thin line, dense enough to read as one
CROWDED_FROM = 60  # readings in a chart: smaller markers from here
SYMBOLS = {Trace.LEFT: "circle", Trace.RIGHT: "triangle", Trace.DIFFERENCE: "diamond"}
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


@dataclass(frozen=True)
class ChartLook:
    """Colours, the label font and sizes; ``unit`` is device pixels per millimetre of
    drawing (a margin of 16 units is 16 mm on paper, about 60 px on screen)."""

    unit: float
    font: QFont
    background: QColor
    ink: QColor  # axis lines
    text: QColor  # labels
    grid: QColor
    band: QColor  # the reference range's fill
    left: QColor
    right: QColor
    difference: QColor
    noise: bool = False  # the ±5° band around each side's latest value
    difference_plot: bool = False  # left − right in a small plot underneath

    def colour(self, trace: Trace) -> QColor:
        return {Trace.LEFT: self.left, Trace.RIGHT: self.right}.get(trace, self.difference)


@dataclass(frozen=True)
class DrawnSeries:
    """One series as drawn: its markers' centres in device pixels, and how it looks."""

    series: Series
    positions: tuple[QPointF, ...]
    colour: str  # "#rrggbb"
    symbol: str  # circle, triangle, diamond
    filled: bool
    line: Qt.PenStyle | None  # None: the points are not joined
    line_width: float
    radius: float

    @property
    def label(self) -> str:
        return self.series.label


# --- Axes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Axes:
    """A plot's rectangle and its ranges: epoch seconds across, values up."""

    rect: QRectF
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def x_of(self, seconds: float) -> float:
        low, high = self.x_range
        return self.rect.left() + self.rect.width() * (seconds - low) / (high - low)

    def y_of(self, value: float) -> float:
        low, high = self.y_range
        return self.rect.bottom() - self.rect.height() * (value - low) / (high - low)


def nice_step(span: float, most: int = 8) -> float:
    """A degree step that gives at most ``most`` ticks over ``span``."""
    for step in (1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 45.0, 90.0):
        if span / step <= most:
            return step
    return 180.0


def value_range(chart: CheckChart) -> tuple[float, float, float]:
    """The chart's degree range, widened to whole steps so the axis reads well."""
    values = [point.value for series in chart.series for point in series.points]
    values += list(chart.y_range)
    if chart.reference is not None:
        values += [chart.reference.low, chart.reference.high]
    step = max(5.0, nice_step(max(values) - min(values) + 10))
    low = math.floor(min(values) / step) * step
    high = math.ceil(max(values) / step) * step
    return low, high, step


# The ends of what datetime holds, a couple of days in: an import may bring year 1.
EARLIEST = datetime.min.replace(tzinfo=UTC).timestamp() + 2 * 86400
LATEST = datetime.max.replace(tzinfo=UTC).timestamp() - 2 * 86400


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = min(date.max.year, day.year + month // 12)  # past the calendar's end: stop there
    return date(year, month % 12 + 1, 1) if year == day.year + month // 12 else date.max


def date_ticks(start: date, end: date, most: int = 8) -> list[tuple[date, str]]:
    """Tick dates with their labels: days, weeks (Mondays) or months, at most about ``most``."""
    days = (end - start).days + 1
    if days <= 10 * most:
        step = next((s for s in (1, 2, 7, 14, 28) if days / s <= most), 28)
        day = start if step < 7 else start + timedelta((7 - start.weekday()) % 7)  # Mondays
        ticks = []
        while day <= end:
            ticks.append((day, short_day_month(day)))
            if (date.max - day).days < step:
                break
            day += timedelta(step)
        return ticks
    months = days / 30.4
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= most), 120)
    day = _add_months(start, 0 if start.day == 1 else 1)
    while (day.month - 1) % step:
        day = _add_months(day, 1)
    ticks = []
    while day <= end and day != date.max:
        ticks.append((day, f"{short_month(day)} {day.year}" if step < 12 else str(day.year)))
        day = _add_months(day, step)
    return ticks


def draw_value_axis(
    painter: QPainter, axes: Axes, step: float, look: ChartLook, title: str, suffix: str = "°"
) -> None:
    """Horizontal grid lines with their values at the left, and the axis title turned up."""
    u = look.unit
    rect = axes.rect
    painter.setFont(look.font)
    low, high = axes.y_range
    value = math.ceil(low / step - 1e-9) * step
    while value <= high + 1e-9:
        y = axes.y_of(value)
        painter.setPen(QPen(look.grid, 0.12 * u))
        painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        painter.setPen(look.text)
        label = f"{value:g}{suffix}"
        painter.drawText(
            QRectF(rect.left() - 12 * u, y - 2.5 * u, 10.5 * u, 5 * u), _ALIGN_RIGHT, label
        )
        value += step
    painter.save()
    painter.translate(rect.left() - 14.5 * u, rect.center().y())
    painter.rotate(-90)
    painter.setPen(look.text)
    height = painter.fontMetrics().height()
    painter.drawText(
        QRectF(-rect.height() / 2, -height / 2, rect.height(), height), _ALIGN_CENTRE, title
    )
    painter.restore()
    painter.setPen(QPen(look.ink, 0.25 * u))
    painter.drawLine(rect.bottomLeft(), rect.topLeft())


def draw_date_axis(
    painter: QPainter,
    axes: Sequence[Axes],
    look: ChartLook,
    tz: tzinfo | None,
    title: str = "Date",
) -> None:
    """Vertical grid lines at the tick dates through every plot, labels under the last."""
    u = look.unit
    bottom = axes[-1]
    low, high = bottom.x_range
    start = local_day(datetime.fromtimestamp(min(max(low, EARLIEST), LATEST), UTC), tz)
    end = local_day(datetime.fromtimestamp(min(max(high, EARLIEST), LATEST), UTC), tz)
    painter.setFont(look.font)
    metrics = painter.fontMetrics()
    most = max(2, min(8, int(bottom.rect.width() / (metrics.horizontalAdvance("Mmm 0000") * 1.8))))
    rect = bottom.rect
    for day, label in date_ticks(start, end, most):
        x = bottom.x_of(local_midnight(day, tz).timestamp())
        if x < rect.left() - 0.5 or x > rect.right() + 0.5:
            continue
        painter.setPen(QPen(look.grid, 0.12 * u))
        for one in axes:
            painter.drawLine(QPointF(x, one.rect.top()), QPointF(x, one.rect.bottom()))
        half = metrics.horizontalAdvance(label) / 2
        if x - half < rect.left() - 12 * u or x + half > rect.right() + 3 * u:
            continue  # would run off the chart or into the degree labels
        painter.setPen(look.text)
        painter.drawText(QPointF(x - half, rect.bottom() + 1.5 * u + metrics.ascent()), label)
    painter.setPen(QPen(look.ink, 0.25 * u))
    painter.drawLine(rect.bottomLeft(), rect.bottomRight())
    painter.setPen(look.text)
    top = rect.bottom() + 2 * u + metrics.height()
    painter.drawText(
        QRectF(rect.left(), top, rect.width(), metrics.height()),
        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop),
        title,
    )


def axis_room(painter: QPainter, look: ChartLook) -> tuple[float, float]:
    """Room left of a plot (values, turned title) and under it (dates, the axis title)."""
    painter.setFont(look.font)
    height = painter.fontMetrics().height()
    return 17 * look.unit, 2.5 * look.unit + 2 * height


# --- Markers, lines, the legend -------------------------------------------------------------


def _add_marker(path: QPainterPath, x: float, y: float, symbol: str, radius: float) -> None:
    if symbol == "circle":
        path.addEllipse(QPointF(x, y), radius, radius)
        return
    if symbol == "triangle":
        r = radius * 1.25
        corners = [(x, y - r), (x + r * 0.95, y + r * 0.7), (x - r * 0.95, y + r * 0.7)]
    else:
        r = radius * 1.2
        corners = [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]
    path.addPolygon(QPolygonF([QPointF(cx, cy) for cx, cy in corners]))
    path.closeSubpath()


def _draw_markers(
    painter: QPainter,
    centres: Sequence[QPointF],
    symbol: str,
    filled: bool,
    colour: QColor,
    radius: float,
    background: QColor,
) -> None:
    """Circles, upward triangles or diamonds, filled or hollow (the background inside).
    Markers that land on the same pixel are drawn once. On a picture for the screen one
    marker is drawn and copied to every place (years of readings: a few ms, not tens); on
    paper each is drawn as a shape, so it prints sharp."""
    pen = QPen(colour, max(1.0, radius / 3.3))
    brush = QBrush(colour if filled else background)
    places: dict[tuple[int, int], QPointF] = {}
    for centre in centres:
        places.setdefault((round(centre.x()), round(centre.y())), centre)
    if len(places) > 1 and isinstance(painter.device(), QPixmap):
        ratio = painter.device().devicePixelRatioF()
        half = math.ceil(radius * 1.25 + pen.widthF() + 1)
        stamp = QPixmap(round(2 * half * ratio), round(2 * half * ratio))
        stamp.setDevicePixelRatio(ratio)
        stamp.fill(Qt.GlobalColor.transparent)
        drawing = QPainter(stamp)
        drawing.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        _draw_markers(drawing, [QPointF(half, half)], symbol, filled, colour, radius, background)
        drawing.end()
        for x, y in places:
            painter.drawPixmap(x - half, y - half, stamp)
        return
    painter.setPen(pen)
    painter.setBrush(brush)
    for centre in places.values():
        path = QPainterPath()
        _add_marker(path, centre.x(), centre.y(), symbol, radius)
        painter.drawPath(path)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def line_style(series: Series) -> Qt.PenStyle | None:
    """Solid left, dashed right and difference; another instrument dotted; None: unjoined."""
    if not series.joined:
        return None
    if not series.main and series.trace is not Trace.DIFFERENCE:
        return Qt.PenStyle.DotLine
    if series.trace is Trace.LEFT:
        return Qt.PenStyle.SolidLine
    return Qt.PenStyle.DashLine


def _line_pen(colour: QColor, style: Qt.PenStyle, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setStyle(style)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


def marker_radius(chart: CheckChart, look: ChartLook) -> float:
    """Full-size markers for a few readings, smaller ones when years of them crowd the chart."""
    full = 1.15 * look.unit
    count = sum(len(series.points) for series in chart.series)
    if count <= CROWDED_FROM:
        return full
    return max(0.55 * look.unit, full * math.sqrt(CROWDED_FROM / count))


def line_width(series: Series, look: ChartLook) -> float:
    """Qt strokes wide antialiased lines slowly, and years of readings read better thin."""
    return (0.25 if len(series.points) > THIN_LINE_FROM else 0.45) * look.unit


Sample = Callable[[QPainter, float, float], None]  # draws a legend sample at its left, middle


def _legend_entries(chart: CheckChart, look: ChartLook) -> list[tuple[str, Sample]]:
    u = look.unit
    width = 8 * u
    entries: list[tuple[str, Sample]] = []
    for one in chart.series:

        def sample(painter: QPainter, x: float, y: float, one: Series = one) -> None:
            colour = look.colour(one.trace)
            style = line_style(one)
            if style is not None:
                painter.setPen(_line_pen(colour, style, 0.45 * u))
                painter.drawLine(QPointF(x, y), QPointF(x + width, y))
            centre = QPointF(x + width / 2, y)
            symbol = SYMBOLS[one.trace]
            _draw_markers(painter, [centre], symbol, one.main, colour, 1.15 * u, look.background)

        entries.append((one.label, sample))
    reference = chart.reference
    if reference is not None:
        single = reference.low == reference.high

        def band(painter: QPainter, x: float, y: float) -> None:
            if single:
                painter.setPen(QPen(look.text, 0.35 * u, Qt.PenStyle.DashDotLine))
                painter.drawLine(QPointF(x, y), QPointF(x + width, y))
            else:
                painter.fillRect(QRectF(x, y - 1.5 * u, width, 3 * u), look.band)

        low, high = format_degrees(reference.low), format_degrees(reference.high)
        text = f"Reference {low}" if single else f"Reference range {low[:-1]}–{high}"
        entries.append((text, band))
    if look.noise and chart.noise:

        def noise(painter: QPainter, x: float, y: float) -> None:
            painter.fillRect(QRectF(x, y - 1.5 * u, width, 3 * u), _faded(look.text, 28))

        entries.append((f"±{NOISE_DEGREES:g}° of the latest: no real change", noise))
    return entries


def _legend_rows(
    painter: QPainter, chart: CheckChart, look: ChartLook, width: float
) -> list[list[tuple[float, str, Sample]]]:
    """The legend's entries with their x offsets, wrapped into rows that fit the width."""
    u = look.unit
    painter.setFont(look.font)
    metrics = painter.fontMetrics()
    rows: list[list[tuple[float, str, Sample]]] = [[]]
    x = 0.0
    for label, sample in _legend_entries(chart, look):
        entry = 9.5 * u + metrics.horizontalAdvance(label)
        if rows[-1] and x + entry > width:
            rows.append([])
            x = 0.0
        rows[-1].append((x, label, sample))
        x += entry + 6 * u
    return rows


def _legend_row_height(painter: QPainter, look: ChartLook) -> float:
    painter.setFont(look.font)
    return max(5 * look.unit, painter.fontMetrics().height() * 1.25)


def legend_height(painter: QPainter, chart: CheckChart, look: ChartLook, width: float) -> float:
    """The legend's rows, for a caller that lays the chart out before drawing it."""
    left, _ = axis_room(painter, look)
    rows = len(_legend_rows(painter, chart, look, width - left))
    return rows * _legend_row_height(painter, look)


def _draw_legend(
    painter: QPainter,
    rows: list[list[tuple[float, str, Sample]]],
    look: ChartLook,
    left: float,
    top: float,
) -> None:
    row_height = _legend_row_height(painter, look)
    for number, row in enumerate(rows):
        y = top + (number + 0.5) * row_height
        for offset, label, sample in row:
            sample(painter, left + offset, y)
            painter.setFont(look.font)
            painter.setPen(look.text)
            metrics = painter.fontMetrics()
            baseline = y + (metrics.ascent() - metrics.descent()) / 2
            painter.drawText(QPointF(left + offset + 9.5 * look.unit, baseline), label)


# --- The chart ------------------------------------------------------------------------------


def _faded(colour: QColor, alpha: int) -> QColor:
    result = QColor(colour)
    result.setAlpha(alpha)
    return result


def _horizontal_band(painter: QPainter, axes: Axes, low: float, high: float, fill: QColor) -> None:
    top, bottom = axes.y_of(min(high, axes.y_range[1])), axes.y_of(max(low, axes.y_range[0]))
    if bottom > top:
        painter.fillRect(QRectF(axes.rect.left(), top, axes.rect.width(), bottom - top), fill)


def _noise_band(
    painter: QPainter, axes: Axes, low: float, high: float, colour: QColor, u: float
) -> None:
    _horizontal_band(painter, axes, low, high, _faded(colour, 30))
    pen = QPen(_faded(colour, 150), 0.15 * u, Qt.PenStyle.DotLine)
    painter.setPen(pen)
    for value in (low, high):
        if axes.y_range[0] <= value <= axes.y_range[1]:
            y = axes.y_of(value)
            painter.drawLine(QPointF(axes.rect.left(), y), QPointF(axes.rect.right(), y))


def _draw_series(
    painter: QPainter, axes: Axes, series: Sequence[Series], look: ChartLook, radius: float
) -> list[DrawnSeries]:
    """Lines first, then every marker over them."""
    painter.save()
    painter.setClipRect(axes.rect.adjusted(-radius * 2, -radius * 2, radius * 2, radius * 2))
    drawn = []
    for one in series:
        x_of, y_of = axes.x_of, axes.y_of
        positions = tuple(QPointF(x_of(p.at.timestamp()), y_of(p.value)) for p in one.points)
        style = line_style(one)
        width = line_width(one, look)
        if style is not None:
            painter.setPen(_line_pen(look.colour(one.trace), style, width))
            painter.drawPolyline(QPolygonF(positions))
        filled = one.main or one.trace is Trace.DIFFERENCE
        colour = look.colour(one.trace)
        drawn.append(
            DrawnSeries(
                one, positions, colour.name(), SYMBOLS[one.trace], filled, style, width, radius
            )
        )
    for shown in drawn:
        colour = QColor(shown.colour)
        _draw_markers(
            painter, shown.positions, shown.symbol, shown.filled, colour, radius, look.background
        )
    painter.restore()
    return drawn


def chart_rects(
    painter: QPainter, chart: CheckChart, rect: QRectF, look: ChartLook
) -> tuple[float, QRectF, QRectF | None]:
    """Where the legend starts, the degree plot and (when shown) the difference plot."""
    u = look.unit
    left, under = axis_room(painter, look)
    legend = legend_height(painter, chart, look, rect.width())
    top = rect.top() + 2 * u + legend + 3 * u
    plots = QRectF(
        rect.left() + left, top, rect.width() - left - 3 * u, rect.bottom() - under - top
    )
    if not look.difference_plot:
        return rect.top() + 2 * u, plots, None
    gap = 4 * u
    main_height = (plots.height() - gap) * 0.72
    main = QRectF(plots.left(), plots.top(), plots.width(), main_height)
    difference = QRectF(
        plots.left(), main.bottom() + gap, plots.width(), plots.bottom() - main.bottom() - gap
    )
    return rect.top() + 2 * u, main, difference


@dataclass(frozen=True)
class DrawnChart:
    """What one drawing holds: the series (main plot first, then the difference plot's), the
    shaded bands as (what, low, high) and the reference line's value when it is one value."""

    series: tuple[DrawnSeries, ...]
    bands: tuple[tuple[str, float, float], ...]
    reference_line: float | None


def draw_check_chart(
    painter: QPainter,
    rect: QRectF,
    chart: CheckChart,
    x_range: tuple[float, float],
    look: ChartLook,
) -> DrawnChart:
    """Draw one check's chart into ``rect`` and say what was drawn."""
    u = look.unit
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    legend_top, main_rect, difference_rect = chart_rects(painter, chart, rect, look)
    left, _ = axis_room(painter, look)
    rows = _legend_rows(painter, chart, look, rect.width() - left)
    _draw_legend(painter, rows, look, main_rect.left(), legend_top)

    low, high, step = value_range(chart)
    main = Axes(main_rect, x_range, (low, high))
    bands: list[tuple[str, float, float]] = []
    reference = chart.reference
    line = None
    if reference is not None and reference.low == reference.high:
        line = reference.low
        painter.setPen(QPen(look.text, 0.35 * u, Qt.PenStyle.DashDotLine))
        y = main.y_of(reference.low)
        painter.drawLine(QPointF(main_rect.left(), y), QPointF(main_rect.right(), y))
    elif reference is not None:
        _horizontal_band(painter, main, reference.low, reference.high, look.band)
        bands.append(("reference", reference.low, reference.high))
    if look.noise:
        for band in chart.noise:
            _noise_band(painter, main, band.low, band.high, look.colour(band.trace), u)
            bands.append((f"{band.trace.value} noise", band.low, band.high))
    draw_value_axis(painter, main, step, look, "Degrees")
    plots = [main]
    if difference_rect is not None:
        reach = chart.difference_range[1]
        difference = Axes(difference_rect, x_range, (-reach, reach))
        _horizontal_band(painter, difference, -NOISE_DEGREES, NOISE_DEGREES, _faded(look.text, 22))
        bands.append(("difference noise", -NOISE_DEGREES, NOISE_DEGREES))
        draw_value_axis(painter, difference, nice_step(2 * reach, 4), look, "L − R")
        painter.setPen(QPen(look.ink, 0.2 * u))
        y = difference.y_of(0)
        painter.drawLine(QPointF(difference_rect.left(), y), QPointF(difference_rect.right(), y))
        plots.append(difference)
    draw_date_axis(painter, plots, look, chart.tz)

    radius = marker_radius(chart, look)
    drawn = _draw_series(painter, main, chart.series, look, radius)
    if difference_rect is not None:
        drawn += _draw_series(painter, plots[1], chart.difference, look, radius * 0.85)
    painter.restore()
    return DrawnChart(tuple(drawn), tuple(bands), line)
