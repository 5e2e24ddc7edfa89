"""The photo goniometer: a photo with knee and ankle handles and the shin's angle to vertical.

The widget only shows and forwards: handle positions live in the photo's own pixels (the
displayed LoadedPhoto.image), the angle comes from app.core.checks.goniometer, and loading a
dropped file is left to whoever listens to ``photo_dropped``.

Mouse: drag a handle. Keyboard: Tab and Shift+Tab step through the handles (and then on
to the next control, so focus is never trapped), arrow keys nudge the selected handle by
one screen pixel, ten with Shift.
"""

from __future__ import annotations

import math
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.checks.goniometer import Vertical, shin_angle, true_down
from app.ui.checks.photo import LoadedPhoto
from app.ui.common import theme


class Handle(StrEnum):
    KNEE = "knee"
    ANKLE = "ankle"
    VERTICAL_1 = "vertical1"
    VERTICAL_2 = "vertical2"


LABELS = {
    Handle.KNEE: "Knee",
    Handle.ANKLE: "Ankle",
    Handle.VERTICAL_1: "Vertical 1",
    Handle.VERTICAL_2: "Vertical 2",
}
# Yellow, magenta and cyan stay apart for the common colour-vision differences, and do not
# reuse the blue/orange that means left/right elsewhere in the app. Each is drawn with a
# dark outline and a white ring, so it shows on any photo in a light or a dark theme.
COLOURS = {
    Handle.KNEE: "#facc15",
    Handle.ANKLE: "#e879f9",
    Handle.VERTICAL_1: "#22d3ee",
    Handle.VERTICAL_2: "#22d3ee",
}
OUTLINE = QColor(0, 0, 0, 200)
HALO = QColor(255, 255, 255, 230)
HANDLE_RADIUS = 11.0  # drawn, in screen pixels
GRAB_RADIUS = 24.0  # how near a press must land to pick a handle up
MARGIN = 12  # around the photo


class GoniometerView(QWidget):
    """Shows a photo scaled to fit with draggable handles; emits the shin's angle."""

    angle_changed = Signal(float)
    photo_dropped = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Photo goniometer")
        self.setAccessibleDescription("No photo. Open or drop a photo of the shin.")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setMinimumSize(240, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._photo: LoadedPhoto | None = None
        self._handles: dict[Handle, QPointF] = {}
        self._vertical_mode = False
        self._selected: Handle | None = None
        self._dragging: Handle | None = None
        self._grab_offset = QPointF()
        self._angle: float | None = None
        self._problem = ""
        self._last_emitted: float | None = None
        self._pixmap: QPixmap | None = None  # the photo scaled to the current size
        self._drop_hover = False

    # ----------------------------------------------------------------- public API

    def set_photo(self, photo: LoadedPhoto) -> None:
        """Show ``photo`` with the knee and ankle handles on a vertical shin in its middle."""
        self._photo = photo
        self._pixmap = None
        width, height = photo.size
        self._handles = {
            Handle.KNEE: QPointF(width * 0.5, height * 0.35),
            Handle.ANKLE: QPointF(width * 0.5, height * 0.7),
        }
        if self._vertical_mode:
            self._place_vertical_handles()
        self._selected = Handle.KNEE
        self._dragging = None
        self._last_emitted = None
        self._changed()

    def photo(self) -> LoadedPhoto | None:
        return self._photo

    def clear(self) -> None:
        self._photo = None
        self._pixmap = None
        self._handles = {}
        self._selected = self._dragging = None
        self._angle = None
        self._problem = ""
        self._last_emitted = None
        self.setAccessibleDescription("No photo. Open or drop a photo of the shin.")
        self.update()

    def angle(self) -> float | None:
        """The shin's angle to vertical in degrees, or None without a photo or a shin."""
        return self._angle

    def handles(self) -> tuple[Handle, ...]:
        """The handles on screen, in Tab order."""
        if self._photo is None:
            return ()
        if self._vertical_mode:
            return tuple(Handle)
        return Handle.KNEE, Handle.ANKLE

    def handle_position(self, handle: Handle) -> tuple[float, float]:
        """Where ``handle`` is, in the displayed photo's pixels."""
        point = self._handles[handle]
        return point.x(), point.y()

    def set_handle_position(self, handle: Handle, point: tuple[float, float]) -> None:
        """Move ``handle`` to ``point`` in the photo's pixels (kept inside the photo)."""
        if handle not in self.handles():
            raise KeyError(f"{handle} is not shown")
        self._handles[handle] = self._clamp(QPointF(*point))
        self._changed()

    def selected_handle(self) -> Handle | None:
        return self._selected

    def select_handle(self, handle: Handle) -> None:
        if handle not in self.handles():
            raise KeyError(f"{handle} is not shown")
        self._selected = handle
        self._describe()
        self.update()

    def set_vertical_mode(self, on: bool) -> None:
        """Show (or drop) the two handles that mark a true vertical, such as a door frame."""
        if on == self._vertical_mode:
            return
        self._vertical_mode = on
        if on:
            if self._photo is not None:
                self._place_vertical_handles()
                self._selected = Handle.VERTICAL_1
        else:
            self._handles.pop(Handle.VERTICAL_1, None)
            self._handles.pop(Handle.VERTICAL_2, None)
            if self._selected in (Handle.VERTICAL_1, Handle.VERTICAL_2):
                self._selected = Handle.KNEE
        if self._photo is not None:
            self._changed()

    def vertical_reference(self) -> Vertical | None:
        """The two marked vertical points in photo pixels, or None for the photo's vertical."""
        if not self._vertical_mode or Handle.VERTICAL_1 not in self._handles:
            return None
        return self.handle_position(Handle.VERTICAL_1), self.handle_position(Handle.VERTICAL_2)

    def photo_rect(self) -> QRectF:
        """Where the photo is drawn in the widget: scaled to fit, aspect kept, centred."""
        if self._photo is None:
            return QRectF()
        width, height = self._photo.size
        room_w = max(1.0, self.width() - 2 * MARGIN)
        room_h = max(1.0, self.height() - 2 * MARGIN)
        scale = min(room_w / width, room_h / height)
        shown_w, shown_h = width * scale, height * scale
        return QRectF((self.width() - shown_w) / 2, (self.height() - shown_h) / 2, shown_w, shown_h)

    def display_scale(self) -> float:
        """Screen pixels per photo pixel at the current size."""
        if self._photo is None:
            return 1.0
        return self.photo_rect().width() / self._photo.size[0]

    def image_to_widget(self, point: tuple[float, float]) -> QPointF:
        rect, scale = self.photo_rect(), self.display_scale()
        return QPointF(rect.left() + point[0] * scale, rect.top() + point[1] * scale)

    def widget_to_image(self, point: QPointF) -> tuple[float, float]:
        rect, scale = self.photo_rect(), self.display_scale()
        return (point.x() - rect.left()) / scale, (point.y() - rect.top()) / scale

    # ----------------------------------------------------------------- state

    def _place_vertical_handles(self) -> None:
        assert self._photo is not None
        width, height = self._photo.size
        self._handles[Handle.VERTICAL_1] = QPointF(width * 0.12, height * 0.15)
        self._handles[Handle.VERTICAL_2] = QPointF(width * 0.12, height * 0.85)

    def _clamp(self, point: QPointF) -> QPointF:
        assert self._photo is not None
        width, height = self._photo.size
        return QPointF(min(max(point.x(), 0.0), width), min(max(point.y(), 0.0), height))

    def _changed(self) -> None:
        try:
            self._angle = shin_angle(
                self.handle_position(Handle.KNEE),
                self.handle_position(Handle.ANKLE),
                self.vertical_reference(),
            )
            self._problem = ""
        except ValueError as error:
            self._angle = None
            self._problem = str(error)
        self._describe()
        self.update()
        if self._angle is not None and self._angle != self._last_emitted:
            self._last_emitted = self._angle
            self.angle_changed.emit(self._angle)

    def _describe(self) -> None:
        if self._angle is None:
            words = self._problem or "No angle yet."
        else:
            reference = "the marked vertical" if self.vertical_reference() else "vertical"
            words = f"Shin at {self._angle:.0f} degrees to {reference}."
        if self._selected is not None:
            words += f" {LABELS[self._selected]} handle selected; arrow keys move it."
        self.setAccessibleDescription(words)

    def _handle_at(self, position: QPointF) -> Handle | None:
        best, best_distance = None, GRAB_RADIUS
        # The selected handle wins a tie, then the later-drawn (topmost) one.
        order = [h for h in reversed(self.handles()) if h != self._selected]
        if self._selected is not None:
            order.insert(0, self._selected)
        for handle in order:
            centre = self.image_to_widget(self.handle_position(handle))
            distance = math.hypot(centre.x() - position.x(), centre.y() - position.y())
            if distance < best_distance:
                best, best_distance = handle, distance
        return best

    # ----------------------------------------------------------------- mouse

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._photo is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        position = event.position()
        handle = self._handle_at(position)
        if handle is None:
            super().mousePressEvent(event)
            return
        self._selected = self._dragging = handle
        # Keep the grab point under the pointer: the handle does not jump to the cursor.
        self._grab_offset = self.image_to_widget(self.handle_position(handle)) - position
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self._describe()
        self.update()
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        if self._dragging is not None:
            target = self.widget_to_image(position + self._grab_offset)
            self._handles[self._dragging] = self._clamp(QPointF(*target))
            self._changed()
            event.accept()
            return
        if self._photo is not None and self._handle_at(position) is not None:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._dragging is not None and event.button() == Qt.MouseButton.LeftButton:
            self._dragging = None
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # ----------------------------------------------------------------- keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        step = steps.get(Qt.Key(event.key()))
        if step is None or self._selected is None or self._photo is None:
            super().keyPressEvent(event)
            return
        # One screen pixel, so a press always shows; ten with Shift.
        size = 10.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0
        size /= self.display_scale()
        x, y = self.handle_position(self._selected)
        self._handles[self._selected] = self._clamp(QPointF(x + step[0] * size, y + step[1] * size))
        self._changed()
        event.accept()

    def focusNextPrevChild(self, next: bool) -> bool:
        order = self.handles()
        if self.hasFocus() and self._selected in order:
            index = order.index(self._selected) + (1 if next else -1)
            if 0 <= index < len(order):
                self.select_handle(order[index])
                return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        order = self.handles()
        if order:
            if event.reason() == Qt.FocusReason.TabFocusReason:
                self._selected = order[0]
            elif event.reason() == Qt.FocusReason.BacktabFocusReason:
                self._selected = order[-1]
            elif self._selected not in order:
                self._selected = order[0]
            self._describe()
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    # ----------------------------------------------------------------- drag and drop

    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        urls = [url for url in mime.urls() if url.isLocalFile()]
        return Path(urls[0].toLocalFile()) if len(urls) == 1 else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        # Any one local file is welcome: if it is not a photo, loading it says so clearly.
        if self._dropped_file(event) is not None:
            self._drop_hover = True
            self.update()
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:
        self._drop_hover = False
        self.update()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._drop_hover = False
        self.update()
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.photo_dropped.emit(path)

    # ----------------------------------------------------------------- painting

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._pixmap = None  # rescaled on the next paint; handles stay in photo pixels
        super().resizeEvent(event)

    def _scaled_pixmap(self, rect: QRectF) -> QPixmap:
        assert self._photo is not None
        size = rect.size().toSize()
        if self._pixmap is None or self._pixmap.size() != size:
            self._pixmap = QPixmap.fromImage(
                self._photo.image.scaled(
                    size,
                    Qt.AspectRatioMode.IgnoreAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        return self._pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        if self._photo is None:
            self._paint_empty(painter)
        else:
            rect = self.photo_rect()
            painter.drawPixmap(rect.topLeft(), self._scaled_pixmap(rect))
            painter.save()
            painter.setClipRect(rect)
            self._paint_guides(painter)
            painter.restore()
            self._paint_readout(painter)  # under the handles: it never hides one
            for handle in self.handles():
                self._paint_handle(painter, handle)
        if self._drop_hover:
            pen = QPen(QColor(theme.accent()), 4, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(3, 3, -3, -3), 10, 10)
        painter.end()

    def _paint_empty(self, painter: QPainter) -> None:
        palette = self.palette()
        painter.setPen(QPen(palette.mid().color(), 2, Qt.PenStyle.DashLine))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(16, 16, -16, -16), 12, 12)
        painter.setPen(palette.text().color())
        painter.setFont(theme.font(18))
        painter.drawText(
            QRectF(self.rect()).adjusted(32, 32, -32, -32),
            Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
            "Open a photo of the shin, or drop one here",
        )

    @staticmethod
    def _outlined_line(painter: QPainter, start: QPointF, end: QPointF, colour: str) -> None:
        cap = Qt.PenCapStyle.RoundCap
        painter.setPen(QPen(OUTLINE, 6, Qt.PenStyle.SolidLine, cap))
        painter.drawLine(start, end)
        painter.setPen(QPen(QColor(colour), 3, Qt.PenStyle.SolidLine, cap))
        painter.drawLine(start, end)

    def _paint_guides(self, painter: QPainter) -> None:
        rect = self.photo_rect()
        reference = self.vertical_reference()
        knee = self.image_to_widget(self.handle_position(Handle.KNEE))
        ankle = self.image_to_widget(self.handle_position(Handle.ANKLE))
        try:
            down_x, down_y = true_down(reference)
        except ValueError:
            down_x, down_y = 0.0, 1.0
        reach = math.hypot(rect.width(), rect.height())
        # The marked vertical itself, when there is one.
        if reference is not None:
            first = self.image_to_widget(reference[0])
            second = self.image_to_widget(reference[1])
            self._outlined_line(painter, first, second, COLOURS[Handle.VERTICAL_1])
        # The vertical through the knee, dashed, across the whole photo.
        top = QPointF(knee.x() - down_x * reach, knee.y() - down_y * reach)
        bottom = QPointF(knee.x() + down_x * reach, knee.y() + down_y * reach)
        painter.setPen(QPen(OUTLINE, 5, Qt.PenStyle.SolidLine))
        painter.drawLine(top, bottom)
        painter.setPen(QPen(HALO, 2, Qt.PenStyle.DashLine))
        painter.drawLine(top, bottom)
        # The shin.
        self._outlined_line(painter, knee, ankle, COLOURS[Handle.KNEE])
        if self._angle is None:
            return
        # The arc from the vertical (on the shin's side of the knee) to the shin.
        shin_x, shin_y = ankle.x() - knee.x(), ankle.y() - knee.y()
        length = math.hypot(shin_x, shin_y)
        sign = 1.0 if shin_x * down_x + shin_y * down_y >= 0 else -1.0
        # Qt's arc angles run anticlockwise on screen from three o'clock.
        start = math.degrees(math.atan2(-sign * down_y, sign * down_x))
        end = math.degrees(math.atan2(-shin_y, shin_x))
        span = (end - start + 180.0) % 360.0 - 180.0
        radius = max(HANDLE_RADIUS + 12, min(110.0, length * 0.4))
        box = QRectF(knee.x() - radius, knee.y() - radius, 2 * radius, 2 * radius)
        path = QPainterPath(knee)
        path.arcTo(box, start, span)
        path.closeSubpath()
        fill = QColor(COLOURS[Handle.KNEE])
        fill.setAlpha(90)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawPath(path)
        arc = QPainterPath()
        arc.arcMoveTo(box, start)
        arc.arcTo(box, start, span)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(OUTLINE, 5))
        painter.drawPath(arc)
        painter.setPen(QPen(QColor(COLOURS[Handle.KNEE]), 2.5))
        painter.drawPath(arc)

    def _paint_handle(self, painter: QPainter, handle: Handle) -> None:
        centre = self.image_to_widget(self.handle_position(handle))
        radius = HANDLE_RADIUS
        if handle == self._selected:
            # Dashed white on dark, seen on any photo; bolder while the keyboard is here.
            width = 3.0 if self.hasFocus() else 1.5
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(OUTLINE, width + 3))
            painter.drawEllipse(centre, radius + 7, radius + 7)
            painter.setPen(QPen(HALO, width, Qt.PenStyle.DashLine))
            painter.drawEllipse(centre, radius + 7, radius + 7)
        painter.setPen(QPen(OUTLINE, 5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius, radius)
        painter.setPen(QPen(HALO, 2))
        painter.setBrush(QColor(COLOURS[handle]))
        painter.drawEllipse(centre, radius, radius)
        # A dot marks the exact centre to aim at the middle of the joint.
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(OUTLINE)
        painter.drawEllipse(centre, 2.5, 2.5)
        self._paint_label(painter, centre, LABELS[handle])

    def _paint_label(self, painter: QPainter, centre: QPointF, text: str) -> None:
        font = theme.font(15, bold=True)
        path = QPainterPath()
        path.addText(QPointF(0, 0), font, text)
        bounds = path.boundingRect()
        x = centre.x() + HANDLE_RADIUS + 14
        if x + bounds.width() > self.width() - 4:  # no room on the right: go left
            x = centre.x() - HANDLE_RADIUS - 14 - bounds.width()
        path.translate(x - bounds.left(), centre.y() - bounds.center().y())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(
            QPen(
                OUTLINE,
                4,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawPath(path)

    def _paint_readout(self, painter: QPainter) -> None:
        palette = self.palette()
        if self._angle is None:
            big, small = "—", self._problem
        else:
            big = f"{self._angle:.0f}°"
            small = (
                "shin to the marked vertical" if self.vertical_reference() else "shin to vertical"
            )
        big_font, small_font = theme.font(44, bold=True), theme.font(14)
        painter.setFont(big_font)
        big_rect = painter.fontMetrics().boundingRect(big)
        painter.setFont(small_font)
        small_width = min(320, painter.fontMetrics().horizontalAdvance(small))
        small_rect = painter.fontMetrics().boundingRect(
            0, 0, small_width, 200, Qt.TextFlag.TextWordWrap, small
        )
        width = max(big_rect.width(), small_rect.width()) + 28
        height = big_rect.height() + small_rect.height() + 20
        panel = QRectF(MARGIN + 8, MARGIN + 8, width, height)
        backdrop = QColor(palette.window().color())
        backdrop.setAlpha(225)
        painter.setPen(QPen(palette.mid().color(), 1))
        painter.setBrush(backdrop)
        painter.drawRoundedRect(panel, 10, 10)
        painter.setPen(palette.windowText().color())
        painter.setFont(big_font)
        painter.drawText(
            QRectF(panel.left() + 14, panel.top() + 8, width - 28, big_rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            big,
        )
        painter.setFont(small_font)
        painter.drawText(
            QRectF(
                panel.left() + 14,
                panel.top() + 10 + big_rect.height(),
                small_rect.width() + 1,
                small_rect.height(),
            ),
            Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
            small,
        )
