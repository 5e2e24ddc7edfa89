"""The History page's charts, drawn with pyqtgraph.

pyqtgraph (with numpy) costs a few hundred milliseconds to import, so it is imported inside
these classes when the first chart is built, never when this module is imported: the app's
start-up imports neither. Everything drawn comes ready-made from app.core.history.view;
these widgets only turn it into plot items.

Left is blue circles and right orange triangles (app.ui.common.theme), so the sides differ in
shape as well as colour; the reference range is a shaded band, the ±5° noise band around
each side's latest value a lighter one, and the left − right difference a dashed line in a
small plot underneath.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app.core.checks.model import NOISE_DEGREES
from app.core.dates import short_date, short_day_month
from app.core.formatting import plural
from app.core.history.view import CheckChart, Series, Trace, WeekBar, local_midnight
from app.ui.common import theme

if TYPE_CHECKING:
    import pyqtgraph

DAY = 86400.0
SYMBOLS = {Trace.LEFT: "o", Trace.RIGHT: "t1", Trace.DIFFERENCE: "d"}  # circle, triangle up
MARKER_SIZE = 9
THIN_LINE_FROM = 150  # readings in one series
CROWDED_FROM = 120  # readings in one series
CHART_HEIGHT = 330
PICTURE_SIZE = (150, 110)  # logical pixels: the check's position beside its title
WEEKLY_HEIGHT = 220


def _pg() -> Any:
    """pyqtgraph, imported on first use (see the module's docstring)."""
    import pyqtgraph

    return pyqtgraph


@dataclass(frozen=True)
class ChartColours:
    """The chart colours for the current scheme: the palette's, and the theme's sides."""

    background: str
    foreground: str
    faint: str  # grid lines, the zero line
    left: str
    right: str
    difference: str
    reference: str  # the reference band
    bars: str

    @classmethod
    def current(cls, palette: QPalette) -> ChartColours:
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        faint = QColor(text)
        faint.setAlpha(70)
        return cls(
            background=window.name(),
            foreground=text.name(),
            faint=faint.name(QColor.NameFormat.HexArgb),
            left=theme.side_colour("LEFT") or "#1d4ed8",
            right=theme.side_colour("RIGHT") or "#c2410c",
            difference=text.name(),
            reference=theme.accent(),
            bars=theme.accent(),
        )

    def side(self, trace: Trace) -> str:
        return {Trace.LEFT: self.left, Trace.RIGHT: self.right}.get(trace, self.difference)


def _alpha(colour: str, alpha: int) -> QColor:
    result = QColor(colour)
    result.setAlpha(alpha)
    return result


class Plot:
    """A light plot: a ViewBox with a left axis and a date axis under it, in a layout.

    pyqtgraph's PlotItem also builds option menus and a form (~10 ms each) that a still
    chart never shows. The view is still: no mouse zoom (the wheel scrolls the page), no
    menu; points still answer the mouse with their hover text.
    """

    def __init__(self, layout: Any, row: int, label: str, *, dates: bool = True) -> None:
        pg = _pg()
        self.view = pg.ViewBox(enableMenu=False, enableMouse=False, defaultPadding=0)
        self.view.disableAutoRange()  # ranges are set from the data: no work per item added
        self.left = pg.AxisItem("left")
        self.left.setLabel(label)
        self.left.setWidth(56)
        self.left.linkToView(self.view)
        self.axes = [self.left]
        layout.addItem(self.left, row, 0)
        layout.addItem(self.view, row, 1)
        # No grid lines: they cost a third of a repaint, and the bands already give the eye
        # its levels. A plot stacked over another leaves the dates to the one below.
        self.bottom: Any = None
        if dates:
            self.bottom = pg.DateAxisItem("bottom")
            self.bottom.linkToView(self.view)
            self.axes.append(self.bottom)
            layout.addItem(self.bottom, row + 1, 1)
        self._foreground: str | None = None

    def addItem(self, item: Any) -> None:
        self.view.addItem(item)

    def style(self, colours: ChartColours) -> None:
        if colours.foreground == self._foreground:
            return  # restyling re-lays the axis labels out: only when the scheme changed
        self._foreground = colours.foreground
        for axis in self.axes:
            axis.setPen(colours.foreground)
            axis.setTextPen(colours.foreground)

    def set_range(self, x: tuple[float, float] | None, y: tuple[float, float]) -> None:
        self.view.setRange(xRange=x, yRange=y, padding=0)  # one update for both


def _epoch(moments: Sequence[datetime]) -> Any:
    """Seconds since the epoch, as pyqtgraph's DateAxisItem reads them."""
    import numpy

    return numpy.fromiter((m.timestamp() for m in moments), dtype=float, count=len(moments))


class _ThemedGraphics(QWidget):
    """A frame for a pyqtgraph view that redraws itself when the light/dark scheme changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours = ChartColours.current(self.palette())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            colours = ChartColours.current(self.palette())
            if colours != self.colours:
                self.colours = colours
                self.forget()
                self.redraw()
        super().changeEvent(event)

    def redraw(self) -> None:  # pragma: no cover - each chart draws itself
        raise NotImplementedError

    def forget(self) -> None:
        """Drop what was drawn, so the next redraw draws everything again (new colours)."""


SeriesKey = tuple[Trace, Any, Any]  # trace, method, mode


class CheckChartWidget(_ThemedGraphics):
    """One check: its title and latest values, left and right over time, the difference.

    Plot items are made once per series (trace, instrument, mode) and given new data when
    the range changes, which is several times faster than making them again.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg = _pg()
        self.chart: CheckChart | None = None
        self.x_range = (0.0, 1.0)
        self.title = QLabel()
        self.title.setFont(theme.font(20, bold=True))
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setFont(theme.font(14))
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.graphics.setFixedHeight(CHART_HEIGHT)
        layout = self.graphics.ci.layout
        self.plot = Plot(layout, 0, "degrees", dates=False)  # the dates are underneath
        self.difference_plot = Plot(layout, 1, "L − R")
        self.difference_plot.view.setXLink(self.plot.view)
        layout.setRowStretchFactor(0, 3)
        layout.setRowStretchFactor(1, 1)
        layout.setVerticalSpacing(6)
        layout.setHorizontalSpacing(0)

        def band(plot: Any, z: float) -> Any:
            item = pg.LinearRegionItem(orientation="horizontal", movable=False)
            item.setZValue(z)
            plot.addItem(item)
            return item

        self.reference_band = band(self.plot, -20)
        self.reference_line = pg.InfiniteLine(angle=0, movable=False)
        self.reference_line.setZValue(-20)
        self.plot.addItem(self.reference_line)
        self.reference_label = pg.TextItem(anchor=(0, 1))
        self.plot.addItem(self.reference_label)
        self.noise_bands = {trace: band(self.plot, -10) for trace in (Trace.LEFT, Trace.RIGHT)}
        self.noise_zone = band(self.difference_plot, -10)
        self.noise_zone.setRegion((-NOISE_DEGREES, NOISE_DEGREES))
        self.zero_line = pg.InfiniteLine(pos=0, angle=0, movable=False)
        self.difference_plot.addItem(self.zero_line)
        self._items: dict[SeriesKey, tuple[Any, Any]] = {}  # (line, markers) per series
        self._drawn: dict[SeriesKey, Series] = {}  # what each holds now (a range shown again)
        self._band_colours: ChartColours | None = None
        self._shown: list[SeriesKey] = []

        self.picture = QLabel()  # the position, with the angle read marked
        self.picture.setAccessibleName("Position")
        self._picture_for: tuple[str, str] | None = None  # (slug, background) drawn

        words = QVBoxLayout()
        words.addWidget(self.title)
        words.addWidget(self.caption)
        words.addStretch(1)
        heading = QHBoxLayout()
        heading.addWidget(self.picture)
        heading.addLayout(words, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 8)
        layout.addLayout(heading)
        layout.addWidget(self.graphics)

    # What is drawn, for tests and screen readers.

    @property
    def lines(self) -> list[Any]:
        """The PlotCurveItem of each joined series shown (left, right, then the difference)."""
        lines = (self._items[key][0] for key in self._shown)
        return [line for line in lines if line.isVisible()]

    @property
    def markers(self) -> list[Any]:
        """The hoverable ScatterPlotItem of each series shown, in the same order."""
        return [self._items[key][1] for key in self._shown]

    @property
    def bands(self) -> list[Any]:
        """The shaded bands shown: the reference range (when a range), then the noise bands."""
        items = [self.reference_band, *self.noise_bands.values(), self.noise_zone]
        return [item for item in items if item.isVisible()]

    def _show_picture(self, slug: str, background: str) -> None:
        """Drawn once per check and colour scheme, not on every range change."""
        if self._picture_for == (slug, background):
            return
        from app.ui.drawing.illustration import pose_picture

        self._picture_for = (slug, background)
        ratio = self.devicePixelRatioF()
        pixmap = pose_picture(slug, PICTURE_SIZE, ratio, QColor(background))
        self.picture.setVisible(pixmap is not None)
        if pixmap is not None:
            self.picture.setPixmap(pixmap)

    def show_chart(self, chart: CheckChart, x_range: tuple[float, float]) -> None:
        self.chart = chart
        self.x_range = x_range
        self.redraw()

    def redraw(self) -> None:
        chart = self.chart
        if chart is None:
            return
        pg = _pg()
        colours = self.colours
        self.graphics.setBackground(colours.background)
        for plot in (self.plot, self.difference_plot):
            plot.style(colours)
        self.title.setText(chart.title)
        # A side with readings that mixed instruments is said beside the chart, as in the PDF.
        self.caption.setText("\n".join((chart.summary, *chart.mixed_notes)))
        self._show_picture(chart.slug, colours.background)
        self.setAccessibleName(f"Chart: {chart.title}")
        self.graphics.setAccessibleName(f"Chart of {chart.title}")
        self.graphics.setAccessibleDescription(chart.summary)

        reference = chart.reference
        single = reference is not None and reference.low == reference.high
        self.reference_band.setVisible(reference is not None and not single)
        self.reference_line.setVisible(single)
        self.reference_label.setVisible(reference is not None)
        if reference is not None:
            self.reference_band.setRegion((reference.low, reference.high))
            self.reference_line.setPos(reference.low)
            self.reference_label.setText(chart.reference_text, color=colours.reference)
            self.reference_label.setPos(self.x_range[0], reference.high)
        for trace, band in self.noise_bands.items():
            noise = next((n for n in chart.noise if n.trace is trace), None)
            band.setVisible(noise is not None)
            if noise is not None:
                band.setRegion((noise.low, noise.high))
        if self._band_colours != colours:
            self._band_colours = colours
            _colour_band(self.reference_band, colours.reference, 40, 110)
            self.reference_line.setPen(pg.mkPen(colours.reference, width=2, style=_dash()))
            for trace, band in self.noise_bands.items():
                _colour_band(band, colours.side(trace), 22, 150, dotted=True)
            _colour_band(self.noise_zone, colours.foreground, 18, 0)
            self.zero_line.setPen(pg.mkPen(colours.faint))

        shown = []
        for series in chart.series:
            shown.append(self._draw_series(self.plot, series, chart, MARKER_SIZE))
        for series in chart.difference:
            shown.append(self._draw_series(self.difference_plot, series, chart, 7))
        for key, (line, markers) in self._items.items():
            if key not in shown:
                line.setVisible(False)
                markers.setVisible(False)
        self._shown = shown

        self.plot.set_range(self.x_range, chart.y_range)
        self.difference_plot.set_range(None, chart.difference_range)

    def forget(self) -> None:
        self._drawn.clear()

    def _draw_series(self, plot: Plot, series: Series, chart: CheckChart, size: int) -> SeriesKey:
        pg = _pg()
        key = (series.trace, series.method, series.mode)
        if self._drawn.get(key) is series:  # the same range again: its items still hold it
            line, markers = self._items[key]
            line.setVisible(series.joined)
            markers.setVisible(True)
            return key
        items = self._items.get(key)
        if items is None:
            line = pg.PlotCurveItem(antialias=True)  # lighter than a PlotDataItem
            markers = pg.ScatterPlotItem(hoverable=True, antialias=True)
            markers.setZValue(10)
            plot.addItem(line)
            plot.addItem(markers)
            items = self._items[key] = (line, markers)
        line, markers = items
        colour = self.colours.side(series.trace)
        x = _epoch([point.at for point in series.points])
        y = [point.value for point in series.points]
        # Qt strokes antialiased lines wider than one pixel slowly: years of readings get a
        # thin line (dense enough to read as one), a few readings a bolder one.
        pen = pg.mkPen(colour, width=2 if len(series.points) <= THIN_LINE_FROM else 1)
        if series.trace is Trace.DIFFERENCE:
            pen.setStyle(_dash())
        elif not series.main:
            pen.setStyle(_dot())  # another instrument: its own line, dotted
        line.setData(x=x, y=y, pen=pen, name=series.label)
        line.setVisible(series.joined)
        if len(series.points) > CROWDED_FROM:  # years of readings: smaller markers
            size = max(4, size - 4)
        filled = series.main or series.trace is Trace.DIFFERENCE
        trace = series.trace
        markers.setData(
            x=x,
            y=y,
            data=list(series.points),
            symbol=SYMBOLS[trace],
            size=size,
            pen=pg.mkPen(colour, width=1.5 if size > 6 else 1),
            brush=pg.mkBrush(colour if filled else self.colours.background),
            hoverSize=max(size + 4, 10),
            tip=lambda x, y, data: chart.tip(trace, data),
            name=series.label,
        )
        markers.setVisible(True)
        self._drawn[key] = series
        return key


def _colour_band(band: Any, colour: str, fill: int, edge: int, dotted: bool = False) -> None:
    pg = _pg()
    band.setBrush(_alpha(colour, fill))
    band.setHoverBrush(_alpha(colour, fill))
    pen = pg.mkPen(_alpha(colour, edge), width=1)
    if dotted:
        pen.setStyle(_dot())
    for line in band.lines:
        line.setPen(pen)
        line.setHoverPen(pen)


def _week_tip(x: float, y: float, data: WeekBar) -> str:
    return f"Week of {short_date(data.monday)}: {plural(data.sessions, 'session')}"


def _dash() -> Any:
    from PySide6.QtCore import Qt

    return Qt.PenStyle.DashLine


def _dot() -> Any:
    from PySide6.QtCore import Qt

    return Qt.PenStyle.DotLine


class WeeklyChartWidget(_ThemedGraphics):
    """Sessions per week as bars, with the week and its count on hover."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg = _pg()
        self.bars: tuple[WeekBar, ...] = ()
        self.x_range = (0.0, 1.0)
        self.tz: tzinfo | None = None
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setFixedHeight(WEEKLY_HEIGHT)
        self.graphics.setAccessibleName("Chart of sessions per week")
        self.graphics.ci.layout.setHorizontalSpacing(0)
        self.plot = Plot(self.graphics.ci.layout, 0, "sessions")
        self.bar_item: pyqtgraph.BarGraphItem = pg.BarGraphItem(x=[], height=[], width=1)
        self.hover_item: pyqtgraph.ScatterPlotItem = pg.ScatterPlotItem(
            hoverable=True, tip=_week_tip
        )
        self.plot.addItem(self.bar_item)
        self.plot.addItem(self.hover_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.graphics)

    def show_bars(
        self, bars: Sequence[WeekBar], x_range: tuple[float, float], tz: tzinfo | None = None
    ) -> None:
        self.bars = tuple(bars)
        self.x_range = x_range
        self.tz = tz
        self.redraw()

    def redraw(self) -> None:
        pg = _pg()
        colours = self.colours
        self.graphics.setBackground(colours.background)
        self.plot.style(colours)
        starts = [local_midnight(bar.monday, self.tz) for bar in self.bars]
        centres = _epoch(starts) + 3.5 * DAY
        heights = [bar.sessions for bar in self.bars]
        many = len(self.bars) > 60  # years of weeks: bars touch, no outline
        self.bar_item.setOpts(
            x=centres,
            height=heights,
            width=7 * DAY * (1.0 if many else 0.8),
            brush=colours.bars,
            pen=pg.mkPen(None) if many else pg.mkPen(colours.background),
        )
        # Invisible points on the bars' tops: hovering one says its week and count.
        self.hover_item.setData(
            x=centres,
            y=heights,
            data=list(self.bars),
            size=10,
            pen=pg.mkPen(None),
            brush=pg.mkBrush(_alpha(colours.bars, 0)),
            hoverBrush=pg.mkBrush(colours.foreground),
        )
        self.plot.set_range(self.x_range, (0, max([7, *heights]) + 0.5))
        description = ", ".join(
            f"{short_day_month(bar.monday)}: {bar.sessions}" for bar in self.bars[-8:]
        )
        self.graphics.setAccessibleDescription(f"Sessions per week, latest weeks: {description}")
