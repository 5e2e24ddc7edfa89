"""The illustration area. Until the exercise drawings land it shows a progress ring for the
current step (visible from across the room) with the exercise's equipment.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.player import PlayerView
from app.ui import theme


class IllustrationView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Illustration")
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._fraction = 0.0
        self._caption = ""

    def show_step(self, view: PlayerView) -> None:
        position = view.position
        self._fraction = position.phase_fraction if position is not None else 1.0
        equipment = view.step.item.exercise.equipment if view.step is not None else ()
        self._caption = "\n".join(equipment) if equipment else "No equipment"
        self.setAccessibleDescription(self._caption)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        side = min(self.width(), self.height()) - 24
        ring = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        width = max(6.0, side * 0.06)
        track = QColor(palette.mid().color())
        track.setAlpha(90)
        painter.setPen(QPen(track, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        inner = ring.adjusted(width, width, -width, -width)
        painter.drawEllipse(inner)
        painter.setPen(
            QPen(QColor(theme.accent()), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        )
        painter.drawArc(inner, 90 * 16, -int(self._fraction * 360 * 16))
        painter.setPen(palette.text().color())
        painter.setFont(theme.font(max(12, int(side * 0.07))))
        painter.drawText(
            inner, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._caption
        )
        painter.end()
