"""The illustration area of the player: the exercise's figure, moving in step with the counter.

The picture comes from app/content/poses.toml (drawn by figure_painter), the moment to draw
from app/core/pictures/animation.py, so the widget only paints. Under the figure a thin bar
shows how far through the step you are, and a small caption lists the equipment.
"""

from __future__ import annotations

import sys
from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.core.content.exercises import ContentError
from app.core.pictures.animation import FigureMoment, describe_moment, figure_moment
from app.core.pictures.pose import Pose, needs_mirror
from app.core.session.player import PlayerView
from app.core.session.steps import StepKind
from app.ui.common import theme
from app.ui.drawing.figure_painter import FigureColors, paint_figure, render_image


@cache
def poses() -> dict[str, Pose]:
    """Every pose, read once when the first picture is drawn (not at start-up)."""
    from app.core.pictures.loader import load_poses

    try:
        return load_poses()
    except ContentError as error:  # the tests guard the shipped file; never stop a session
        print(f"Inward: pictures unavailable: {error}", file=sys.stderr)
        return {}


def pose_picture(
    slug: str, size: tuple[int, int], ratio: float, background: QColor
) -> QPixmap | None:
    """An exercise's or check's picture (its end position, a check's angle marked) at
    ``size`` logical pixels, for a form, a chart's heading or a list; None without a pose."""
    pose = poses().get(slug)
    if pose is None:
        return None
    width, height = size
    image = render_image(
        pose, round(width * ratio), round(height * ratio), theme.is_dark(), background=background
    )
    image.setDevicePixelRatio(ratio)
    return QPixmap.fromImage(image)


class IllustrationView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Illustration")
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._fraction = 0.0
        self._caption = ""
        self._moment: FigureMoment | None = None
        self._pose: Pose | None = None
        self._mirrored = False
        self._drawn_figure: tuple[object, ...] | None = None  # what the last full paint showed
        self._drawn_bar = -1  # the step bar's filled pixels then

    # -- what to show --

    @property
    def moment(self) -> FigureMoment | None:
        """The moment of the figure being drawn (None: no picture)."""
        return self._moment if self._pose is not None else None

    @property
    def mirrored(self) -> bool:
        return self._mirrored

    @property
    def fraction(self) -> float:
        """How far through the current step, 0..1, as the bar shows it."""
        return self._fraction

    @property
    def caption(self) -> str:
        return self._caption

    def show_step(self, view: PlayerView) -> None:
        """Called on every display tick (about ten times a second) with the player's view."""
        step = view.step
        if view.step_duration > 0:
            self._fraction = min(1.0, max(0.0, 1.0 - view.remaining / view.step_duration))
        else:
            self._fraction = 1.0
        if step is None or view.finished:
            self._caption = ""
        else:
            equipment = step.item.exercise.equipment
            self._caption = " · ".join(equipment) if equipment else "No equipment"
        pose = None
        moment = None
        if step is not None and not view.finished:
            pose = poses().get(step.item.exercise.slug)
            keys = pose.keyframe_names if pose is not None else ("start", "end")
            moment = figure_moment(view, keys)
        self._pose, self._moment = pose, moment
        self._mirrored = bool(
            pose is not None and moment is not None and needs_mirror(pose, moment.side.value)
        )
        description = self._caption
        if moment is not None and step is not None:
            dose = step.item.dose.kind if step.kind is StepKind.WORK else None
            words = describe_moment(moment, step.item.exercise.name, dose)
            description = f"{words}. Equipment: {self._caption}"
        if description != self.accessibleDescription():
            self.setAccessibleDescription(description)
        self._repaint_what_changed()

    def _repaint_what_changed(self) -> None:
        """Called ten times a second, but a hold's figure is still after its first second:
        then only the step bar is repainted, and only when it has grown by a pixel."""
        slug = self._pose.slug if self._pose else None
        figure = (slug, self._moment, self._mirrored, self._caption)
        lane = self._geometry()[1]
        bar_pixels = round(lane.width() * self._fraction)
        if figure != self._drawn_figure:
            self._drawn_figure, self._drawn_bar = figure, bar_pixels
            self.update()
        elif bar_pixels != self._drawn_bar:
            self._drawn_bar = bar_pixels
            self.update(lane.toAlignedRect())

    def _geometry(self) -> tuple[QRectF, QRectF, QRectF, int]:
        """Where the figure, the step bar's lane and the caption go, and the caption's size."""
        width, height = float(self.width()), float(self.height())
        caption_px = max(12, min(22, int(height * 0.045)))
        bar = max(6.0, min(12.0, height * 0.018))
        caption_box = QRectF(0, height - caption_px * 1.6, width, caption_px * 1.6)
        bar_y = caption_box.top() - bar - bar
        figure_box = QRectF(0, 0, width, max(1.0, bar_y - bar))
        inset = width * 0.08
        lane = QRectF(inset, bar_y, width - 2 * inset, bar)
        return figure_box, lane, caption_box, caption_px

    # -- painting --

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        figure_box, lane, caption_box, caption_px = self._geometry()
        bar = lane.height()

        if self._pose is not None and self._moment is not None:
            background = palette.window().color()
            colors = FigureColors.for_theme(theme.is_dark(), background)
            moment = self._moment
            paint_figure(
                painter,
                figure_box,
                self._pose,
                moment.from_key,
                moment.to_key,
                moment.t,
                self._mirrored,
                colors,
            )

        track = QColor(palette.mid().color())
        track.setAlpha(90)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(lane, bar / 2, bar / 2)
        if self._fraction > 0:
            painter.setBrush(QColor(theme.accent()))
            done = QRectF(lane.left(), lane.top(), max(bar, lane.width() * self._fraction), bar)
            painter.drawRoundedRect(done, bar / 2, bar / 2)

        painter.setPen(palette.text().color())
        painter.setFont(theme.font(caption_px))
        painter.drawText(
            caption_box,
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
            painter.fontMetrics().elidedText(
                self._caption, Qt.TextElideMode.ElideRight, self.width()
            ),
        )
        painter.end()
