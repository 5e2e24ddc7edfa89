"""A year of days as a grid, a column per week and Monday at the top, coloured by minutes of
work, with month names above, weekday names at the side and a legend below.

Plain QPainter, like the other charts: it is cheap to draw and needs nothing imported. One hue in
steps of strength, so it reads the same for colour-blind eyes; every day also says its
minutes on hover, and the widget's accessible description sums the year up in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from app.core.dates import short_month, short_weekday_date
from app.core.formatting import format_minutes
from app.core.history.practice import HEAT_LEGEND, day_tip, heat_level
from app.ui.common import theme

GAP = 3
MAX_CELL = 16
MIN_CELL = 7
LEFT = 36  # weekday names
TOP = 20  # month names
LEGEND = 30
WEEKDAYS = {0: "Mon", 2: "Wed", 4: "Fri"}
RIGHT_MIDDLE = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
STRENGTHS = (0, 80, 140, 200, 255)  # alpha of the accent per level; level 0 is the empty cell


class CalendarHeatmap(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Calendar of minutes practised per day")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFont(theme.font(12))
        self.minutes: dict[date, float] = {}
        self.first = date.today()
        self.last = date.today()
        self._describe()

    # -- data ----------------------------------------------------------------------------

    def set_days(self, minutes: Mapping[date, float], first: date, last: date) -> None:
        """Show the days from ``first`` (a Monday) to ``last`` (today), minutes per day."""
        self.first = first - timedelta(days=first.weekday())
        self.last = last
        self.minutes = {day: value for day, value in minutes.items() if first <= day <= last}
        self._describe()
        self.updateGeometry()
        self.update()

    @property
    def weeks(self) -> int:
        return (self.last - self.first).days // 7 + 1

    def _describe(self) -> None:
        days = len(self.minutes)
        total = sum(self.minutes.values())
        self.setAccessibleDescription(
            f"{days} day{'' if days == 1 else 's'} with a session from "
            f"{short_weekday_date(self.first)} to {short_weekday_date(self.last)}, "
            f"{format_minutes(total * 60) if total else 'no time'} of work in all."
        )

    # -- geometry ------------------------------------------------------------------------

    def cell_size(self) -> int:
        room = (self.width() - LEFT - 4) // max(1, self.weeks) - GAP
        return max(MIN_CELL, min(MAX_CELL, room))

    def sizeHint(self) -> QSize:
        return QSize(LEFT + self.weeks * (MAX_CELL + GAP) + 4, self._height(MAX_CELL))

    def minimumSizeHint(self) -> QSize:
        return QSize(LEFT + self.weeks * (MIN_CELL + GAP) + 4, self._height(MIN_CELL))

    def _height(self, cell: int) -> int:
        return TOP + 7 * (cell + GAP) + LEGEND

    def resizeEvent(self, event) -> None:
        height = self._height(self.cell_size())
        if self.height() != height:
            self.setFixedHeight(height)
        super().resizeEvent(event)

    def cell_rect(self, day: date) -> QRect:
        cell = self.cell_size()
        offset = (day - self.first).days
        column, row = divmod(offset, 7)
        return QRect(LEFT + column * (cell + GAP), TOP + row * (cell + GAP), cell, cell)

    def day_at(self, point: QPoint) -> date | None:
        cell = self.cell_size()
        column = (point.x() - LEFT) // (cell + GAP)
        row = (point.y() - TOP) // (cell + GAP)
        if point.x() < LEFT or point.y() < TOP or not 0 <= row < 7 or column < 0:
            return None
        day = self.first + timedelta(days=column * 7 + row)
        if day > self.last or not self.cell_rect(day).contains(point):
            return None
        return day

    def tip_at(self, point: QPoint) -> str | None:
        day = self.day_at(point)
        return None if day is None else day_tip(day, self.minutes.get(day))

    # -- painting ------------------------------------------------------------------------

    def level_colours(self) -> list[QColor]:
        palette = self.palette()
        empty = QColor(palette.color(QPalette.ColorRole.WindowText))
        empty.setAlpha(28)
        colours = [empty]
        for strength in STRENGTHS[1:]:
            colour = QColor(theme.accent())
            colour.setAlpha(strength)
            colours.append(colour)
        return colours

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        colours = self.level_colours()
        cell = self.cell_size()
        painter.setPen(text)
        metrics = painter.fontMetrics()
        for row, name in WEEKDAYS.items():
            y = TOP + row * (cell + GAP)
            painter.drawText(QRect(0, y, LEFT - 6, cell), RIGHT_MIDDLE, name)
        month_seen = None
        label_end = 0
        day = self.first
        while day <= self.last:
            if day.weekday() == 0 or day == self.first:
                first_of_week = day
                month = (first_of_week + timedelta(days=6)).month
                x = self.cell_rect(first_of_week).x()
                if month != month_seen and x >= label_end:
                    name = short_month(first_of_week + timedelta(days=6))
                    painter.drawText(QPoint(x, TOP - 6), name)
                    label_end = x + metrics.horizontalAdvance(name) + 6
                month_seen = month
            painter.setPen(QColor(0, 0, 0, 0))
            painter.setBrush(colours[heat_level(self.minutes.get(day))])
            painter.drawRoundedRect(self.cell_rect(day), 2, 2)
            painter.setPen(text)
            day += timedelta(days=1)
        # The legend: a swatch and words per level, under the grid.
        x = LEFT
        y = TOP + 7 * (cell + GAP) + 8
        painter.drawText(QPoint(x, y + 11), "Minutes of work per day:")
        x += metrics.horizontalAdvance("Minutes of work per day:") + 10
        for level, words in enumerate(HEAT_LEGEND):
            painter.setPen(QColor(0, 0, 0, 0))
            painter.setBrush(colours[level])
            painter.drawRoundedRect(QRect(x, y, 12, 12), 2, 2)
            painter.setPen(text)
            painter.drawText(QPoint(x + 16, y + 11), words)
            x += 16 + metrics.horizontalAdvance(words) + 14
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tip_at(event.pos())
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)
