"""The History page's charts: a check's chart and sessions per week, drawn with QPainter.

A check's chart is drawn by app/ui/drawing/check_chart_painter.py, the same drawing the PDF uses, in
the palette's light or dark colours. Everything drawn comes ready-made from
app.core.history.chart_model and app.core.history.practice; these widgets only pick the look,
keep the picture and answer the pointer and the keyboard.

Each chart is drawn once into a picture (QPixmap) when its data, size or colours change;
a repaint (scrolling, a tooltip) copies the picture. Pointing at a marker or a week's bar
shows its details; with the chart focused, the arrow keys step through the readings and
say each one (the tooltip and the accessible description).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from app.core.dates import short_date, short_day_month
from app.core.formatting import plural
from app.core.history.chart_model import CheckChart, Point, Trace
from app.core.history.practice import WeekBar
from app.core.history.ranges import local_midnight
from app.ui.common import theme
from app.ui.drawing.check_chart_painter import (
    Axes,
    ChartLook,
    DrawnChart,
    DrawnSeries,
    axis_room,
    draw_check_chart,
    draw_date_axis,
    draw_value_axis,
    nice_step,
)

DAY = 86400.0
CHART_HEIGHT = 360
PICTURE_SIZE = (150, 110)  # logical pixels: the check's position beside its title
WEEKLY_HEIGHT = 230
SCREEN_UNIT = 3.4  # pixels per millimetre of the shared drawing's sizes
LABEL_PIXELS = 13
HIT_SLACK = 4.0  # pixels around a marker that still point at it


@dataclass(frozen=True)
class ChartColours:
    """The chart colours for the current scheme: the palette's, and the theme's sides."""

    background: str
    foreground: str
    faint: str  # grid lines
    left: str
    right: str
    reference: str  # the reference band
    bars: str

    @classmethod
    def current(cls, palette: QPalette) -> ChartColours:
        window = palette.color(QPalette.ColorRole.Window)
        text = palette.color(QPalette.ColorRole.WindowText)
        faint = QColor(text)
        faint.setAlpha(40)
        return cls(
            background=window.name(),
            foreground=text.name(),
            faint=faint.name(QColor.NameFormat.HexArgb),
            left=theme.side_colour("LEFT") or "#1d4ed8",
            right=theme.side_colour("RIGHT") or "#c2410c",
            reference=theme.accent(),
            bars=theme.accent(),
        )

    def look(self, *, noise: bool = True, difference_plot: bool = True) -> ChartLook:
        """The shared drawing's look on screen."""
        band = QColor(self.reference)
        band.setAlpha(45)
        return ChartLook(
            unit=SCREEN_UNIT,
            font=theme.font(LABEL_PIXELS),
            background=QColor(self.background),
            ink=QColor(self.foreground),
            text=QColor(self.foreground),
            grid=QColor(self.faint),
            band=band,
            left=QColor(self.left),
            right=QColor(self.right),
            difference=QColor(self.foreground),
            noise=noise,
            difference_plot=difference_plot,
        )


class _Canvas(QWidget):
    """A chart kept as a picture, drawn again only when its data, size or colours change;
    pointing at something in it shows that thing's words as a tooltip."""

    def __init__(self, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(height)
        self.setMouseTracking(True)
        self.colours = ChartColours.current(self.palette())
        self._picture: QPixmap | None = None
        self.hovered: QPointF | None = None  # ringed: the marker pointed at or chosen

    def invalidate(self) -> None:
        self._picture = None
        self.update()

    def picture(self) -> QPixmap:
        """The chart as drawn at the current size, drawing it if it is out of date."""
        ratio = self.devicePixelRatioF()
        size = self.size() * ratio
        if self._picture is None or self._picture.size() != size:
            picture = QPixmap(size)
            picture.setDevicePixelRatio(ratio)
            picture.fill(QColor(self.colours.background))
            painter = QPainter(picture)
            try:
                self.draw(painter, QRectF(0, 0, self.width(), self.height()))
            finally:
                painter.end()
            self._picture = picture
        return self._picture

    def draw(self, painter: QPainter, rect: QRectF) -> None:  # pragma: no cover - per chart
        raise NotImplementedError

    def tip_at(self, position: QPointF) -> tuple[QPointF | None, str]:
        """What is under the pointer: where to ring it, and its words ("" for nothing)."""
        return None, ""

    def paintEvent(self, event: QPaintEvent) -> None:
        picture = self.picture()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, picture)
        if self.hovered is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(QColor(self.colours.foreground), 2))
            painter.drawEllipse(self.hovered, 8, 8)
        painter.end()

    def show_tip(self, where: QPointF | None, text: str, at: QPoint) -> None:
        self.hovered = where
        self.setToolTip(text)
        if text:
            QToolTip.showText(at, text, self)
        else:
            QToolTip.hideText()
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        where, text = self.tip_at(event.position())
        if text != self.toolTip() or where != self.hovered:
            self.show_tip(where, text, event.globalPosition().toPoint())
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.show_tip(None, "", QPoint())
        super().leaveEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            colours = ChartColours.current(self.palette())
            if colours != self.colours:
                self.colours = colours
                self.invalidate()
        super().changeEvent(event)


class CheckCanvas(_Canvas):
    """One check's chart, drawn by the shared painter; the arrow keys step through readings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(CHART_HEIGHT, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.chart: CheckChart | None = None
        self.x_range = (0.0, 1.0)
        self._drawn = DrawnChart((), (), None)
        self._chosen = -1  # the reading the arrow keys are on

    def show_chart(self, chart: CheckChart, x_range: tuple[float, float]) -> None:
        self.chart = chart
        self.x_range = x_range
        self._chosen = -1
        self.hovered = None
        self.invalidate()

    @property
    def drawn(self) -> DrawnChart:
        self.picture()
        return self._drawn

    def draw(self, painter: QPainter, rect: QRectF) -> None:
        if self.chart is None:
            self._drawn = DrawnChart((), (), None)
            return
        look = self.colours.look()
        self._drawn = draw_check_chart(painter, rect, self.chart, self.x_range, look)

    def _readings(self) -> list[tuple[DrawnSeries, Point, QPointF]]:
        """Every marker of the degree plot, oldest first (left before right on a day)."""
        found = [
            (one, point, position)
            for one in self.drawn.series
            if one.series.trace is not Trace.DIFFERENCE
            for point, position in zip(one.series.points, one.positions, strict=True)
        ]
        found.sort(key=lambda item: (item[1].at, item[0].series.trace is Trace.RIGHT))
        return found

    def tip_at(self, position: QPointF) -> tuple[QPointF | None, str]:
        if self.chart is None:
            return None, ""
        best: tuple[float, DrawnSeries, Point, QPointF] | None = None
        for one in self.drawn.series:
            reach = (one.radius + HIT_SLACK) ** 2
            for point, centre in zip(one.series.points, one.positions, strict=True):
                distance = (centre.x() - position.x()) ** 2 + (centre.y() - position.y()) ** 2
                if distance <= reach and (best is None or distance < best[0]):
                    best = (distance, one, point, centre)
        if best is None:
            return None, ""
        _, one, point, centre = best
        return centre, self.chart.tip(one.series.trace, point)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Left: -1,
            Qt.Key.Key_End: 10**9,
            Qt.Key.Key_Home: -(10**9),
        }
        step = steps.get(Qt.Key(event.key()))
        readings = self._readings() if step is not None and self.chart is not None else []
        if not readings or self.chart is None or step is None:
            super().keyPressEvent(event)
            return
        start = len(readings) if self._chosen < 0 and step < 0 else self._chosen
        self._chosen = max(0, min(len(readings) - 1, start + step))
        one, point, centre = readings[self._chosen]
        text = self.chart.tip(one.series.trace, point)
        self.setAccessibleDescription(text)
        self.show_tip(centre, text, self.mapToGlobal(centre.toPoint()))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self._chosen >= 0:
            self._chosen = -1
            self.show_tip(None, "", QPoint())
        super().focusOutEvent(event)


class CheckChartWidget(QWidget):
    """One check: its title, latest values and position, and its chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: CheckChart | None = None
        self.title = QLabel()
        self.title.setFont(theme.font(20, bold=True))
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setFont(theme.font(14))
        self.canvas = CheckCanvas()

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
        layout.addWidget(self.canvas)

    # What is drawn, for tests and screen readers.

    @property
    def colours(self) -> ChartColours:
        return self.canvas.colours

    @property
    def drawn(self) -> DrawnChart:
        """The chart as last drawn (drawing it first if it is out of date)."""
        return self.canvas.drawn

    @property
    def markers(self) -> list[DrawnSeries]:
        """Every series shown, with its markers: left, right, then the difference."""
        return list(self.drawn.series)

    @property
    def lines(self) -> list[DrawnSeries]:
        """The series whose readings are joined by a line, in the same order."""
        return [one for one in self.drawn.series if one.line is not None]

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
        self.title.setText(chart.title)
        # A side with readings that mixed instruments is said beside the chart, as in the PDF.
        self.caption.setText("\n".join((chart.summary, *chart.mixed_notes)))
        self._show_picture(chart.slug, self.colours.background)
        self.setAccessibleName(f"Chart: {chart.title}")
        self.canvas.setAccessibleName(f"Chart of {chart.title}")
        self.canvas.setAccessibleDescription(
            f"{chart.summary} Use the left and right arrow keys to hear each reading."
        )
        self.canvas.show_chart(chart, x_range)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and self.chart is not None:
            self._show_picture(self.chart.slug, ChartColours.current(self.palette()).background)
        super().changeEvent(event)


def _week_tip(bar: WeekBar) -> str:
    return f"Week of {short_date(bar.monday)}: {plural(bar.sessions, 'session')}"


class WeeklyChartWidget(_Canvas):
    """Sessions per week as bars, with the week and its count on hover."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(WEEKLY_HEIGHT, parent)
        self.bars: tuple[WeekBar, ...] = ()
        self.x_range = (0.0, 1.0)
        self.tz: tzinfo | None = None
        self._bars_drawn: list[tuple[WeekBar, QRectF]] = []
        self.setAccessibleName("Chart of sessions per week")

    def show_bars(
        self, bars: Sequence[WeekBar], x_range: tuple[float, float], tz: tzinfo | None = None
    ) -> None:
        self.bars = tuple(bars)
        self.x_range = x_range
        self.tz = tz
        description = ", ".join(
            f"{short_day_month(bar.monday)}: {bar.sessions}" for bar in self.bars[-8:]
        )
        self.setAccessibleDescription(f"Sessions per week, latest weeks: {description}")
        self.invalidate()

    def draw(self, painter: QPainter, rect: QRectF) -> None:
        look = self.colours.look()
        u = look.unit
        left, under = axis_room(painter, look)
        plot = QRectF(rect.left() + left, rect.top() + 3 * u, rect.width() - left - 3 * u, 0)
        plot.setBottom(rect.bottom() - under)
        heights = [bar.sessions for bar in self.bars]
        top = max([7, *heights]) + 0.5
        axes = Axes(plot, self.x_range, (0.0, top))
        draw_value_axis(painter, axes, nice_step(top, 4), look, "Sessions", suffix="")
        draw_date_axis(painter, [axes], look, self.tz)
        many = len(self.bars) > 60  # years of weeks: bars touch, no outline
        colour = QColor(self.colours.bars)
        self._bars_drawn = []
        for bar in self.bars:
            start = local_midnight(bar.monday, self.tz).timestamp()
            middle = start + 3.5 * DAY
            half = 3.5 * DAY * (1.0 if many else 0.8)
            x0, x1 = axes.x_of(middle - half), axes.x_of(middle + half)
            shape = QRectF(
                x0, axes.y_of(bar.sessions), x1 - x0, plot.bottom() - axes.y_of(bar.sessions)
            )
            painter.fillRect(shape, colour)
            self._bars_drawn.append((bar, shape))

    @property
    def drawn_bars(self) -> list[tuple[WeekBar, QRectF]]:
        """Each week's bar as drawn (drawing the chart first if it is out of date)."""
        self.picture()
        return self._bars_drawn

    def tip_at(self, position: QPointF) -> tuple[QPointF | None, str]:
        for bar, shape in self.drawn_bars:
            if shape.left() <= position.x() <= shape.right() and position.y() <= shape.bottom():
                return QPointF(shape.center().x(), shape.top()), _week_tip(bar)
        return None, ""
