"""Draws a pose (app/core/pictures/pose.py) with QPainter: the live player, thumbnails, the report.

One style everywhere: filled, rounded body shapes in a neutral colour, the far limbs a shade
apart so a side view reads, a thin outline in the background colour where shapes overlap,
grey furniture, equipment (ball, band) in one muted colour, and the working hip glowing in the
theme's accent. All geometry (joint positions, thickness, the frame) comes from core; this
module only turns it into paths.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QRadialGradient,
)

from app.core.pictures.pose import (
    CHAIR_BACK,
    HAND_RADIUS,
    HEAD_RADIUS,
    HIGHLIGHT_RADIUS,
    LIMB_RADII,
    MEASURE_LENGTH,
    NECK_RADIUS,
    Point,
    Pose,
    Prop,
    fit,
    frame_for,
    interpolate,
    joints,
    prop_box,
    reference_direction,
    torso_outline,
)
from app.ui.common import theme

MARGIN_FRACTION = 0.06  # of the shorter side, clear on every side of the figure
OUTLINE = 0.014  # figure units: the gap line between overlapping shapes
GHOST_OPACITY = 0.22
FAR_SHADE_FACING = 0.3


def _mix(a: QColor, b: QColor, share: float) -> QColor:
    """`share` of the way from colour a to colour b."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * share,
        a.greenF() + (b.greenF() - a.greenF()) * share,
        a.blueF() + (b.blueF() - a.blueF()) * share,
    )


@dataclass(frozen=True)
class FigureColors:
    background: QColor
    body: QColor  # near limbs and the torso
    body_far: QColor  # far limbs, a shade apart
    furniture: QColor
    furniture_edge: QColor
    equipment: QColor  # ball, band, cable, kettlebell
    accent: QColor  # the working hip and the measured angle
    guide: QColor  # the measuring reference line

    @classmethod
    def for_theme(cls, dark: bool, background: QColor | None = None) -> FigureColors:
        """Colours for light or dark; `background` is what the figure is drawn on."""
        if dark:
            return cls(
                background=background or QColor("#1e1f22"),
                body=QColor("#d3d7dd"),
                body_far=QColor("#8d949e"),
                furniture=QColor("#3a3e45"),
                furniture_edge=QColor("#656c77"),
                equipment=QColor("#a89bea"),
                accent=QColor(theme.ACCENT_DARK),
                guide=QColor("#b8bec7"),
            )
        return cls(
            background=background or QColor("#ffffff"),
            body=QColor("#4a5361"),
            body_far=QColor("#9aa3af"),
            furniture=QColor("#dde1e6"),
            furniture_edge=QColor("#a8b0ba"),
            equipment=QColor("#7566c2"),
            accent=QColor(theme.ACCENT_LIGHT),
            guide=QColor("#5f6875"),
        )


# ---- shapes -----------------------------------------------------------------------------


def _arc(centre: Point, radius: float, start: float, end: float, steps: int) -> list[QPointF]:
    """Points on a circle from angle `start` to `end` (degrees), inclusive."""
    return [
        QPointF(
            centre.x + radius * math.cos(math.radians(start + (end - start) * i / steps)),
            centre.y + radius * math.sin(math.radians(start + (end - start) * i / steps)),
        )
        for i in range(steps + 1)
    ]


def capsule(a: Point, b: Point, radius_a: float, radius_b: float) -> QPainterPath:
    """A limb: the hull of two circles, thick at one end and tapering to the other."""
    path = QPainterPath()
    span = (b - a).length()
    if span <= abs(radius_a - radius_b) + 1e-6:
        big, radius = (a, radius_a) if radius_a >= radius_b else (b, radius_b)
        path.addEllipse(QPointF(big.x, big.y), radius, radius)
        return path
    theta = math.degrees(math.atan2(b.y - a.y, b.x - a.x))
    phi = math.degrees(math.asin((radius_a - radius_b) / span))
    side = 90.0 - phi
    points = _arc(a, radius_a, theta + side, theta + 360.0 - side, 18)
    points += _arc(b, radius_b, theta - side, theta + side, 14)
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    return path


def foot_faces_you(knee: Point, ankle: Point, toe: Point) -> bool:
    """Whether a foot, in a front or top view, is drawn over its own leg instead of behind it.

    Facing you, a leg drawn running down from the knee with its foot turned back up past the
    ankle (more than a right angle from the shin) is a leg seen end-on: it points at you and
    the toes point up (sitting or lying with the legs toward you, seen from the feet end).
    The foot is then the nearest part and is drawn last, so it does not vanish behind the
    leg. A side view never needs this: there a foot is always beside its leg.
    """
    shin, foot = ankle - knee, toe - ankle
    if shin.length() < 1e-6 or foot.length() < 1e-6:
        return False
    return shin.x * foot.x + shin.y * foot.y < 0.0


def _smooth_closed(points: Sequence[QPointF]) -> QPainterPath:
    """A closed Catmull-Rom curve through the points: a torso without corners."""
    path = QPainterPath()
    count = len(points)
    path.moveTo(points[0])
    for i in range(count):
        p0, p1 = points[i - 1], points[i]
        p2, p3 = points[(i + 1) % count], points[(i + 2) % count]
        path.cubicTo(p1 + (p2 - p0) / 6.0, p2 - (p3 - p1) / 6.0, p2)
    path.closeSubpath()
    return path


def torso_path(points: Mapping[str, Point], pose: Pose) -> QPainterPath:
    stations = torso_outline(points, pose)
    pelvis, neck = points["pelvis"], points["neck"]
    axis = neck - pelvis
    if axis.length() < 1e-6:
        axis = Point(0.0, 1.0)
    unit = axis.scaled(1.0 / axis.length())
    normal = Point(-unit.y, unit.x)
    right = [centre + normal.scaled(width) for centre, width in stations]
    left = [centre - normal.scaled(width) for centre, width in stations]
    bottom_centre, bottom_width = stations[0]
    top_centre, top_width = stations[-1]
    depth = pose.torso_depth
    bottom_depth = bottom_width if depth is None else min(depth, bottom_width)
    top_depth = top_width if depth is None else min(depth, top_width)
    diagonal = 0.7071
    cap_bottom = [
        bottom_centre
        - normal.scaled(bottom_width * diagonal)
        - unit.scaled(bottom_depth * diagonal),
        bottom_centre - unit.scaled(bottom_depth),
        bottom_centre
        + normal.scaled(bottom_width * diagonal)
        - unit.scaled(bottom_depth * diagonal),
    ]
    cap_top = [top_centre + unit.scaled(top_depth)]
    outline = [*right, *cap_top, *reversed(left), *cap_bottom]
    return _smooth_closed([QPointF(p.x, p.y) for p in outline])


# ---- the painter ------------------------------------------------------------------------


class _Drawing:
    """One picture being painted, in figure units (the painter's transform does the rest)."""

    def __init__(self, painter: QPainter, pose: Pose, colors: FigureColors) -> None:
        self.painter = painter
        self.pose = pose
        self.colors = colors
        # Side view: far limbs are further away, a clear shade apart. Front and top: they are
        # only the other side, a faint shade apart (the outline already separates them).
        share = 1.0 if pose.view == "side" else FAR_SHADE_FACING
        self.far_colour = _mix(colors.body, colors.body_far, share)

    def fill(self, path: QPainterPath, colour: QColor, outline: bool = True) -> None:
        pen = QPen(self.colors.background, OUTLINE) if outline else Qt.PenStyle.NoPen
        self.painter.setPen(pen)
        self.painter.setBrush(colour)
        self.painter.drawPath(path)

    # -- the body --

    def leg(self, points: Mapping[str, Point], role: str, colour: QColor) -> None:
        hip, knee = points[f"{role}_hip"], points[f"{role}_knee"]
        ankle, toe = points[f"{role}_ankle"], points[f"{role}_toe"]
        foot = toe - ankle
        heel = ankle - foot.scaled(0.18) if foot.length() > 1e-6 else ankle
        foot_shape = capsule(heel, toe, *LIMB_RADII["ankle"])
        in_front = self.pose.view != "side" and foot_faces_you(knee, ankle, toe)
        if not in_front:
            self.fill(foot_shape, colour)
        self.fill(capsule(knee, ankle, *LIMB_RADII["knee"]), colour)
        self.fill(capsule(hip, knee, *LIMB_RADII["hip"]), colour)
        if in_front:
            self.fill(foot_shape, colour)

    def arm(self, points: Mapping[str, Point], role: str, colour: QColor) -> None:
        shoulder, elbow = points[f"{role}_shoulder"], points[f"{role}_elbow"]
        hand = points[f"{role}_hand"]
        forearm = capsule(elbow, hand, *LIMB_RADII["elbow"])
        palm = QPainterPath()
        palm.addEllipse(QPointF(hand.x, hand.y), HAND_RADIUS, HAND_RADIUS)
        self.fill(forearm.united(palm), colour)
        self.fill(capsule(shoulder, elbow, *LIMB_RADII["shoulder"]), colour)

    def torso(self, points: Mapping[str, Point], colour: QColor) -> None:
        self.fill(torso_path(points, self.pose), colour)

    def head(self, points: Mapping[str, Point], colour: QColor) -> None:
        head, neck, chest = points["head"], points["neck"], points["chest"]
        throat = capsule(chest + (neck - chest).scaled(0.5), head, NECK_RADIUS, NECK_RADIUS)
        skull = QPainterPath()
        skull.addEllipse(QPointF(head.x, head.y), HEAD_RADIUS, HEAD_RADIUS)
        self.fill(throat, colour, outline=False)
        self.fill(skull, colour)

    def body(self, points: Mapping[str, Point]) -> None:
        colors = self.colors
        for part in self.pose.drawing_order:
            if part == "torso":
                self.torso(points, colors.body)
                continue
            if part == "head":
                self.head(points, colors.body)
                continue
            role, limb = part.split("_")
            colour = colors.body if role == "near" else self.far_colour
            if limb == "leg":
                self.leg(points, role, colour)
            else:
                self.arm(points, role, colour)

    def highlight(self, points: Mapping[str, Point]) -> None:
        roles = ("near", "far") if self.pose.highlight == "both" else (self.pose.highlight,)
        for role in roles:
            self._glow(points[f"{role}_hip"])

    def _glow(self, centre: Point) -> None:
        glow = QRadialGradient(QPointF(centre.x, centre.y), HIGHLIGHT_RADIUS * 1.15)
        inner = QColor(self.colors.accent)
        inner.setAlphaF(0.55)
        outer = QColor(self.colors.accent)
        outer.setAlphaF(0.0)
        glow.setColorAt(0.0, inner)
        glow.setColorAt(0.6, inner)
        glow.setColorAt(1.0, outer)
        self.painter.setPen(Qt.PenStyle.NoPen)
        self.painter.setBrush(QBrush(glow))
        self.painter.drawEllipse(QPointF(centre.x, centre.y), HIGHLIGHT_RADIUS, HIGHLIGHT_RADIUS)
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.setPen(QPen(self.colors.accent, 0.024))
        ring = HIGHLIGHT_RADIUS * 0.62
        self.painter.drawEllipse(QPointF(centre.x, centre.y), ring, ring)

    # -- the angle a check reads --

    def measure(self, points: Mapping[str, Point]) -> None:
        measure = self.pose.measure
        if measure is None:
            return
        vertex, end = points[measure.vertex], points[measure.to]
        reference = reference_direction(measure.reference)
        tip = vertex + reference.scaled(MEASURE_LENGTH)
        guide = QPen(self.colors.guide, 0.016, Qt.PenStyle.DashLine, Qt.PenCapStyle.FlatCap)
        guide.setDashPattern([2.5, 1.8])
        self.painter.setPen(guide)
        self.painter.drawLine(QPointF(vertex.x, vertex.y), QPointF(tip.x, tip.y))
        start = math.degrees(math.atan2(reference.y, reference.x))
        stop = math.degrees(math.atan2(end.y - vertex.y, end.x - vertex.x))
        sweep = (stop - start + 180.0) % 360.0 - 180.0
        radius = MEASURE_LENGTH * 0.55
        wedge = QPainterPath()
        wedge.moveTo(QPointF(vertex.x, vertex.y))
        for point in _arc(vertex, radius, start, start + sweep, 24):
            wedge.lineTo(point)
        wedge.closeSubpath()
        shade = QColor(self.colors.accent)
        shade.setAlphaF(0.25)
        self.painter.setPen(Qt.PenStyle.NoPen)
        self.painter.setBrush(shade)
        self.painter.drawPath(wedge)
        arc = QPainterPath()
        arc_points = _arc(vertex, radius, start, start + sweep, 24)
        arc.moveTo(arc_points[0])
        for point in arc_points[1:]:
            arc.lineTo(point)
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.painter.setPen(
            QPen(self.colors.accent, 0.022, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        )
        self.painter.drawPath(arc)
        line = QPen(self.colors.accent, 0.018, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        self.painter.setPen(line)
        self.painter.drawLine(QPointF(vertex.x, vertex.y), QPointF(end.x, end.y))
        self.painter.setBrush(self.colors.accent)
        self.painter.setPen(Qt.PenStyle.NoPen)
        self.painter.drawEllipse(QPointF(vertex.x, vertex.y), 0.025, 0.025)

    # -- props --

    def props(self, points: Mapping[str, Point], layer: str, span: tuple[float, float]) -> None:
        for prop in self.pose.props:
            if prop.layer == layer:
                self.prop(prop, points, span)

    def _rect(self, x: float, y: float, w: float, h: float, radius: float = 0.015) -> None:
        path = QPainterPath()
        path.addRoundedRect(QRectF(x, y, w, h), radius, radius)
        self.painter.drawPath(path)

    def prop(self, prop: Prop, points: Mapping[str, Point], span: tuple[float, float]) -> None:
        painter, colors = self.painter, self.colors
        furniture = QPen(colors.furniture_edge, 0.012)
        painter.setPen(furniture)
        painter.setBrush(colors.furniture)
        kind = prop.kind
        if kind == "floor":
            if self.pose.view == "top":
                return
            painter.setPen(
                QPen(colors.furniture_edge, 0.02, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            )
            painter.drawLine(QPointF(span[0], -0.01), QPointF(span[1], -0.01))
            return
        box = prop_box(prop, points, self.pose.view)
        assert box is not None and prop.at is not None
        at = prop.at.resolve(points)
        width, height = prop.size
        if kind in ("band", "cable"):
            assert prop.to is not None
            end = prop.to.resolve(points)
            thickness = max(width, 0.01)
            painter.setPen(
                QPen(colors.equipment, thickness, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            )
            painter.drawLine(QPointF(at.x, at.y), QPointF(end.x, end.y))
            if kind == "cable":
                painter.setPen(QPen(colors.furniture_edge, 0.012))
                painter.setBrush(colors.furniture)
                painter.drawEllipse(QPointF(at.x, at.y), 0.04, 0.04)
            return
        if kind in ("massage-ball", "towel-ball"):
            painter.setPen(QPen(colors.background, OUTLINE))
            painter.setBrush(colors.equipment)
            painter.drawEllipse(QPointF(at.x, at.y), width / 2, height / 2)
            return
        if kind == "kettlebell":
            painter.setPen(QPen(colors.background, OUTLINE))
            painter.setBrush(colors.equipment)
            body = width / 2
            painter.drawEllipse(QPointF(at.x, at.y - height / 2 + body), body, body)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colors.equipment, 0.022))
            painter.drawEllipse(
                QPointF(at.x, at.y + height / 2 - body * 0.5), body * 0.5, body * 0.45
            )
            return
        if kind in ("mat", "block", "step", "wall"):
            if kind == "mat":
                painter.setBrush(
                    colors.furniture_edge if self.pose.view != "top" else colors.furniture
                )
            self._rect(box.left, box.bottom, box.width, box.height, 0.012)
            return
        if kind == "anchor":
            self._rect(box.left, box.bottom, box.width, box.height, 0.01)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(colors.furniture_edge, 0.016))
            top = box.top - 0.03
            painter.drawEllipse(QPointF(at.x + box.width / 2, top), 0.025, 0.025)
            return
        seat_y = at.y + height
        left, right = at.x - width / 2, at.x + width / 2
        if kind == "chair":
            if self.pose.view == "side":
                self._rect(left, seat_y, 0.04, CHAIR_BACK, 0.015)  # back, behind the sitter
                self._rect(left, at.y, 0.035, height, 0.008)
                self._rect(right - 0.035, at.y, 0.035, height, 0.008)
            else:
                self._rect(left + width * 0.1, seat_y, width * 0.8, CHAIR_BACK, 0.03)
                self._rect(left + 0.01, at.y, 0.035, height, 0.008)
                self._rect(right - 0.045, at.y, 0.035, height, 0.008)
            self._rect(left, seat_y - 0.045, width, 0.05, 0.015)
            return
        if kind == "table":
            self._rect(left + 0.03, at.y, 0.045, height, 0.008)
            self._rect(right - 0.075, at.y, 0.045, height, 0.008)
            self._rect(left, seat_y - 0.05, width, 0.05, 0.012)
            return
        if kind == "swivel-chair":
            self._rect(at.x - 0.025, at.y + 0.06, 0.05, height - 0.06, 0.01)
            self._rect(left + 0.02, at.y + 0.035, width - 0.04, 0.035, 0.015)
            for x in (left + 0.04, at.x, right - 0.04):
                painter.drawEllipse(QPointF(x, at.y + 0.02), 0.02, 0.02)
            self._rect(left, seat_y - 0.06, width, 0.06, 0.025)
            return

    # -- all of it --

    def draw(
        self,
        points: Mapping[str, Point],
        ghost: Mapping[str, Point] | None,
        span: tuple[float, float],
    ) -> None:
        self.props(points, "behind", span)
        if ghost is not None:
            self.painter.save()
            self.painter.setOpacity(GHOST_OPACITY)
            self.body(ghost)
            self.painter.restore()
        self.body(points)
        self.highlight(points)
        self.props(points, "front", span)
        self.measure(points)


def paint_figure(
    painter: QPainter,
    rect: QRectF,
    pose: Pose,
    from_key: str,
    to_key: str,
    t: float,
    mirrored: bool,
    colors: FigureColors,
    ghost: str | None = None,
) -> None:
    """Draw the figure `t` of the way from one keyframe to another, fitted into `rect`.

    The fit uses every moment the pose can reach, so the figure keeps one size while it
    moves. `ghost` names a keyframe drawn faintly behind (start behind end, on a thumbnail).
    """
    margin = min(rect.width(), rect.height()) * MARGIN_FRACTION
    frame = frame_for(pose, mirrored)
    placed = fit(frame, rect.left(), rect.top(), rect.width(), rect.height(), margin)
    points = joints(interpolate(pose, from_key, to_key, t), pose)
    ghost_points = joints(pose.keyframe(ghost).skeleton, pose) if ghost else None
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(placed.x0, placed.y0)
    painter.scale(-placed.scale if mirrored else placed.scale, -placed.scale)
    _Drawing(painter, pose, colors).draw(
        points, ghost_points, (pose.frame.left + 0.02, pose.frame.right - 0.02)
    )
    painter.restore()


def render_image(
    pose: Pose,
    width: int,
    height: int,
    dark: bool,
    key: str = "end",
    ghost: str | None = None,
    mirrored: bool = False,
    background: QColor | None = None,
) -> QImage:
    """The pose at one keyframe as a picture: thumbnails, History, the report, the sheet."""
    colors = FigureColors.for_theme(dark, background)
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(colors.background)
    painter = QPainter(image)
    paint_figure(painter, QRectF(0, 0, width, height), pose, key, key, 0.0, mirrored, colors, ghost)
    painter.end()
    return image
