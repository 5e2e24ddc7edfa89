"""Exercise pictures as data: a 2D figure given by joint angles at a few keyframes.

Pure geometry, no Qt: the loader (pose_loader.py) builds these from app/content/poses.toml,
animation.py picks the keyframes for a moment of the player, and the Qt painter
(app/ui/drawing/figure_painter.py) only draws what this module computes. Keeping the maths here lets
the tests check forward kinematics, mirroring and "the figure stays inside the frame" without
painting anything.

Units and axes: figure units, about 1.7 for a standing body; the floor is y = 0 and y points
up. Angles are absolute directions in degrees: 0 = to the right (the way a side-view figure
faces), 90 = up, 180 = to the left, -90 = down. Each angle is the direction of the segment that
starts at the joint it is named after (`near_knee` is the shin's direction).

Sides: `near` limbs are the figure's RIGHT limbs, `far` its left. In a side view the figure
faces right, so its right side is the one nearest the viewer. Poses are authored for the side
the `highlight` names (usually near, the right) and drawn mirrored (x flipped) for the other:
a mirror image of a body is the same movement done with the other side.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

VIEWS = ("side", "front", "top")
FACINGS = ("viewer", "away")
ROLES = ("near", "far")
HIGHLIGHTS = ("near", "far", "both")  # both: a two-legged exercise, never mirrored
REFERENCES = ("up", "down", "forward", "back")
LAYERS = ("behind", "front")
PARTS = ("far_arm", "far_leg", "torso", "near_leg", "near_arm")
HEAD = "head"  # may be listed in an order too; otherwise it is drawn just after the torso
DEFAULT_ORDER = PARTS

# The angles a keyframe sets, each the direction of one segment.
ANGLES = (
    "trunk",  # pelvis -> neck
    "head",  # neck -> centre of the head
    "near_hip",  # thigh: hip -> knee
    "far_hip",
    "near_knee",  # shin: knee -> ankle
    "far_knee",
    "near_ankle",  # foot: ankle -> toe
    "far_ankle",
    "near_shoulder",  # upper arm: shoulder -> elbow
    "far_shoulder",
    "near_elbow",  # forearm: elbow -> hand
    "far_elbow",
)

# Full segment lengths in figure units; a keyframe's `lengths` scales them (foreshortening).
SEGMENTS: Mapping[str, float] = {
    "trunk": 0.52,
    "head": 0.14,
    "near_hip": 0.43,
    "far_hip": 0.43,
    "near_knee": 0.43,
    "far_knee": 0.43,
    "near_ankle": 0.16,
    "far_ankle": 0.16,
    "near_shoulder": 0.29,
    "far_shoulder": 0.29,
    "near_elbow": 0.26,
    "far_elbow": 0.26,
}
SHOULDER_AT = 0.86  # the shoulders sit this far up the trunk, the neck at its end

# A standing figure: what `start` inherits when it leaves an angle out.
NEUTRAL_ANGLES: Mapping[str, float] = {
    "trunk": 90.0,
    "head": 90.0,
    "near_hip": -90.0,
    "far_hip": -90.0,
    "near_knee": -90.0,
    "far_knee": -90.0,
    "near_ankle": 0.0,
    "far_ankle": 0.0,
    "near_shoulder": -90.0,
    "far_shoulder": -90.0,
    "near_elbow": -90.0,
    "far_elbow": -90.0,
}
NEUTRAL_ROOT = (0.0, 0.9)
# Distance between the two hip joints and between the two shoulders, as drawn. In a side view
# they overlap; facing the viewer (front, top) they are a body's width apart.
SPREADS: Mapping[str, tuple[float, float]] = {
    "side": (0.0, 0.0),
    "front": (0.18, 0.32),
    "top": (0.18, 0.32),
}

# How thick things are drawn, as radii in figure units. The painter draws exactly these, and
# the frame fitting pads every joint by them, so the two cannot disagree.
LIMB_RADII: Mapping[str, tuple[float, float]] = {  # segment: (radius at its start, at its end)
    "hip": (0.072, 0.052),
    "knee": (0.05, 0.036),
    "ankle": (0.032, 0.03),
    "shoulder": (0.043, 0.036),
    "elbow": (0.035, 0.03),
}
HAND_RADIUS = 0.04
NECK_RADIUS = 0.045
HEAD_RADIUS = 0.105
# The torso's half-width at fractions of the pelvis->neck line: pelvis, waist, chest, neck.
TORSO_STATIONS = (0.0, 0.45, 0.8, 1.0)
TORSO_HALF_WIDTHS: Mapping[str, tuple[float, float, float, float]] = {
    "side": (0.12, 0.1, 0.12, 0.05),
    "front": (0.16, 0.135, 0.175, 0.05),
    "top": (0.16, 0.135, 0.175, 0.05),
}
HIGHLIGHT_RADIUS = 0.1
MEASURE_LENGTH = 0.5  # the reference line drawn from the measured joint
EASE_SAMPLES = 10  # moments checked between two keyframes when fitting the frame

PROP_KINDS = (
    "floor",
    "mat",
    "massage-ball",
    "band",
    "anchor",
    "chair",
    "swivel-chair",
    "wall",
    "block",
    "cable",
    "step",
    "kettlebell",
    "table",
    "towel-ball",
)
LINE_PROPS = ("band", "cable")  # drawn from `at` to `to`
ROUND_PROPS = ("massage-ball", "towel-ball", "kettlebell")  # centred on `at`
FRONT_PROPS = ("massage-ball", "band", "cable", "kettlebell", "towel-ball")  # over the body
# Default sizes (width, height) in figure units; a round prop's width is its diameter.
PROP_SIZES: Mapping[str, tuple[float, float]] = {
    "floor": (0.0, 0.0),
    "mat": (1.9, 0.025),
    "massage-ball": (0.1, 0.1),
    "band": (0.025, 0.0),
    "anchor": (0.08, 0.25),
    "chair": (0.45, 0.46),
    "swivel-chair": (0.45, 0.5),
    "wall": (0.08, 1.1),
    "block": (0.3, 0.12),
    "cable": (0.012, 0.0),
    "step": (0.4, 0.12),
    "kettlebell": (0.16, 0.18),
    "table": (0.9, 0.75),
    "towel-ball": (0.1, 0.1),
}
CHAIR_BACK = 0.45  # a chair's back rises this far above its seat

JOINTS = (
    "pelvis",
    "chest",
    "neck",
    "head",
    "near_hip",
    "far_hip",
    "near_knee",
    "far_knee",
    "near_ankle",
    "far_ankle",
    "near_toe",
    "far_toe",
    "near_shoulder",
    "far_shoulder",
    "near_elbow",
    "far_elbow",
    "near_hand",
    "far_hand",
)


@dataclass(frozen=True)
class Point:
    x: float
    y: float

    def __add__(self, other: Point) -> Point:
        return Point(self.x + other.x, self.y + other.y)

    def __sub__(self, other: Point) -> Point:
        return Point(self.x - other.x, self.y - other.y)

    def scaled(self, factor: float) -> Point:
        return Point(self.x * factor, self.y * factor)

    def length(self) -> float:
        return math.hypot(self.x, self.y)


def direction(degrees: float) -> Point:
    """The unit vector pointing at `degrees` (0 right, 90 up)."""
    radians = math.radians(degrees)
    return Point(math.cos(radians), math.sin(radians))


@dataclass(frozen=True)
class Bounds:
    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def union(self, other: Bounds) -> Bounds:
        return Bounds(
            min(self.left, other.left),
            min(self.bottom, other.bottom),
            max(self.right, other.right),
            max(self.top, other.top),
        )

    def padded(self, amount: float) -> Bounds:
        return Bounds(
            self.left - amount, self.bottom - amount, self.right + amount, self.top + amount
        )

    def mirrored(self) -> Bounds:
        return Bounds(-self.right, self.bottom, -self.left, self.top)

    def contains(self, other: Bounds, tolerance: float = 1e-9) -> bool:
        return (
            other.left >= self.left - tolerance
            and other.right <= self.right + tolerance
            and other.bottom >= self.bottom - tolerance
            and other.top <= self.top + tolerance
        )


def circle_bounds(centre: Point, radius: float) -> Bounds:
    return Bounds(centre.x - radius, centre.y - radius, centre.x + radius, centre.y + radius)


def union_all(boxes: Iterable[Bounds]) -> Bounds:
    result: Bounds | None = None
    for box in boxes:
        result = box if result is None else result.union(box)
    if result is None:
        raise ValueError("no bounds to join")
    return result


@dataclass(frozen=True)
class Skeleton:
    """One posture: where the pelvis is, which way every segment points, how long it looks."""

    root: Point
    angles: Mapping[str, float]  # every name in ANGLES
    lengths: Mapping[str, float] = field(default_factory=dict)  # scale per angle, default 1
    hips: float = 0.0  # distance between the hip joints as drawn
    shoulders: float = 0.0  # distance between the shoulders as drawn

    def length(self, name: str) -> float:
        return SEGMENTS[name] * self.lengths.get(name, 1.0)


@dataclass(frozen=True)
class Keyframe:
    name: str  # "start", "end", or another the animation knows ("contract", "relax", "hold")
    skeleton: Skeleton


@dataclass(frozen=True)
class Placement:
    """A fixed point, or a point that moves with a joint (`offset` from it)."""

    joint: str | None
    offset: Point

    def resolve(self, points: Mapping[str, Point]) -> Point:
        return self.offset if self.joint is None else points[self.joint] + self.offset


@dataclass(frozen=True)
class Prop:
    kind: str
    at: Placement | None  # None only for the floor, which spans the picture
    to: Placement | None = None  # the other end of a band or cable
    size: tuple[float, float] = (0.0, 0.0)
    layer: str = "behind"


@dataclass(frozen=True)
class Measure:
    """For a check: the angle read at `vertex`, from the `reference` direction to `to`."""

    vertex: str
    to: str
    reference: str  # up, down, forward (the way the figure faces), back


@dataclass(frozen=True)
class Pose:
    slug: str
    view: str
    keyframes: tuple[Keyframe, ...]
    props: tuple[Prop, ...] = ()
    highlight: str = "near"  # the working hip: near, far or both
    facing: str = "viewer"  # front and top views: is the figure's front toward the viewer?
    order: tuple[str, ...] = DEFAULT_ORDER  # body parts from the back to the front

    @property
    def drawing_order(self) -> tuple[str, ...]:
        """The order with the head placed: where listed, else straight after the torso."""
        if HEAD in self.order:
            return self.order
        index = self.order.index("torso") + 1
        return (*self.order[:index], HEAD, *self.order[index:])

    measure: Measure | None = None
    provisional: bool = False  # a plausible first drawing that still wants an expert's eye
    # The torso's half-widths at pelvis, waist, chest and neck (default: the view's), and how
    # far its ends round off along its length (default: as far as it is wide). Seen end-on
    # (lying face down, from the feet) a body is wider than it is deep.
    torso: tuple[float, float, float, float] | None = None
    torso_depth: float | None = None

    def keyframe(self, name: str) -> Keyframe:
        for keyframe in self.keyframes:
            if keyframe.name == name:
                return keyframe
        raise KeyError(f"{self.slug} has no keyframe {name!r}")

    @property
    def keyframe_names(self) -> tuple[str, ...]:
        return tuple(keyframe.name for keyframe in self.keyframes)

    @cached_property
    def frame(self) -> Bounds:
        """Everything the picture can ever cover, unmirrored: every keyframe and the moments
        between any two of them, body, props and measuring marks. Fitting this one box keeps
        the figure from changing scale while it moves."""
        boxes = []
        skeletons = [keyframe.skeleton for keyframe in self.keyframes]
        for first in skeletons:
            for second in skeletons:
                for step in range(EASE_SAMPLES + 1):
                    skeleton = blend(first, second, step / EASE_SAMPLES)
                    boxes.append(self.extent(joints(skeleton, self)))
        return union_all(boxes)

    def extent(self, points: Mapping[str, Point]) -> Bounds:
        """The box one moment of the picture covers (body, props, measure), unmirrored."""
        box = body_extent(points, self)
        for prop in self.props:
            prop_box = prop_extent(prop, points, self.view)
            if prop_box is not None:
                box = box.union(prop_box)
        if self.measure is not None:
            vertex = points[self.measure.vertex]
            end = vertex + reference_direction(self.measure.reference).scaled(MEASURE_LENGTH)
            box = box.union(Bounds(vertex.x, vertex.y, vertex.x, vertex.y)).union(
                Bounds(end.x, end.y, end.x, end.y).padded(0.02)
            )
        if any(prop.kind == "floor" for prop in self.props) and self.view != "top":
            box = box.union(Bounds(box.left, 0.0, box.right, 0.0).padded(0.01))
        return box


# ---- forward kinematics -------------------------------------------------------------------


def joints(skeleton: Skeleton | Keyframe, pose: Pose | None = None) -> dict[str, Point]:
    """Every joint's position, from the root outwards along the segments."""
    if isinstance(skeleton, Keyframe):
        skeleton = skeleton.skeleton
    view = pose.view if pose is not None else "side"
    facing = pose.facing if pose is not None else "viewer"
    angles = skeleton.angles

    def along(start: Point, name: str) -> Point:
        return start + direction(angles[name]).scaled(skeleton.length(name))

    pelvis = skeleton.root
    up = direction(angles["trunk"])
    trunk = skeleton.length("trunk")
    neck = pelvis + up.scaled(trunk)
    chest = pelvis + up.scaled(trunk * SHOULDER_AT)
    # The figure's right side: to the viewer's left when it faces the viewer.
    across = direction(angles["trunk"] + (-90.0 if view != "side" and facing == "away" else 90.0))
    points = {
        "pelvis": pelvis,
        "chest": chest,
        "neck": neck,
        "head": along(neck, "head"),
    }
    for role, sign in (("near", 1.0), ("far", -1.0)):
        hip = pelvis + across.scaled(sign * skeleton.hips / 2)
        knee = along(hip, f"{role}_hip")
        ankle = along(knee, f"{role}_knee")
        shoulder = chest + across.scaled(sign * skeleton.shoulders / 2)
        elbow = along(shoulder, f"{role}_shoulder")
        points |= {
            f"{role}_hip": hip,
            f"{role}_knee": knee,
            f"{role}_ankle": ankle,
            f"{role}_toe": along(ankle, f"{role}_ankle"),
            f"{role}_shoulder": shoulder,
            f"{role}_elbow": elbow,
            f"{role}_hand": along(elbow, f"{role}_elbow"),
        }
    return points


def ease(t: float) -> float:
    """Smoothstep: starts and stops gently, so a movement turns round without a jolt."""
    t = min(1.0, max(0.0, t))
    return t * t * (3.0 - 2.0 * t)


def lerp_angle(a: float, b: float, t: float) -> float:
    """Turn from a to b the short way round (-90 and 270 are the same direction)."""
    delta = (b - a + 180.0) % 360.0 - 180.0
    return a + delta * t


def blend(a: Skeleton, b: Skeleton, t: float) -> Skeleton:
    """The posture a fraction t of the way from a to b (linear in angles; no easing)."""

    def length(name: str) -> float:
        first, second = a.lengths.get(name, 1.0), b.lengths.get(name, 1.0)
        return first + (second - first) * t

    return Skeleton(
        root=Point(a.root.x + (b.root.x - a.root.x) * t, a.root.y + (b.root.y - a.root.y) * t),
        angles={name: lerp_angle(a.angles[name], b.angles[name], t) for name in ANGLES},
        lengths={name: length(name) for name in set(a.lengths) | set(b.lengths)},
        hips=a.hips + (b.hips - a.hips) * t,
        shoulders=a.shoulders + (b.shoulders - a.shoulders) * t,
    )


def interpolate(pose: Pose, a: str, b: str, t: float, eased: bool = True) -> Skeleton:
    """The posture between keyframes `a` and `b`, eased so movements start and end softly."""
    return blend(pose.keyframe(a).skeleton, pose.keyframe(b).skeleton, ease(t) if eased else t)


def mirror(points: Mapping[str, Point]) -> dict[str, Point]:
    """The picture for the other side: x flipped about the figure's own x = 0.

    The names stay: `near` is still the limb nearest the viewer (or, facing the viewer, the
    one on the same side of the picture as before the flip), but it is now the figure's other
    anatomical side. See `anatomical_side`.
    """
    return {name: Point(-point.x, point.y) for name, point in points.items()}


def anatomical_side(role: str, mirrored: bool) -> str:
    """Which of the figure's legs (left or right) a role is, drawn plain or mirrored."""
    right = role == "near"
    return "right" if right != mirrored else "left"


def drawn_side(pose: Pose) -> str:
    """The side the unmirrored drawing works: its highlighted hip's, or "both"."""
    if pose.highlight == "both":
        return "both"
    return anatomical_side(pose.highlight, mirrored=False)


def needs_mirror(pose: Pose, side: str) -> bool:
    """Whether to flip the drawing to show `side` ("left", "right"; "both" never flips)."""
    drawn = drawn_side(pose)
    return side in ("left", "right") and drawn != "both" and side != drawn


def reference_direction(reference: str) -> Point:
    return {
        "up": Point(0.0, 1.0),
        "down": Point(0.0, -1.0),
        "forward": Point(1.0, 0.0),
        "back": Point(-1.0, 0.0),
    }[reference]


def measured_angle(pose: Pose, points: Mapping[str, Point]) -> float:
    """Degrees between the measure's reference direction and the measured segment."""
    if pose.measure is None:
        raise ValueError(f"{pose.slug} measures nothing")
    vertex = points[pose.measure.vertex]
    segment = points[pose.measure.to] - vertex
    reference = reference_direction(pose.measure.reference)
    cosine = (segment.x * reference.x + segment.y * reference.y) / max(segment.length(), 1e-9)
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))


# ---- extents and fitting ----------------------------------------------------------------


def bounds(points: Mapping[str, Point] | Iterable[Point]) -> Bounds:
    """The smallest box holding the points (joint centres only, no thickness)."""
    values = list(points.values()) if isinstance(points, Mapping) else list(points)
    if not values:
        raise ValueError("no points")
    xs = [point.x for point in values]
    ys = [point.y for point in values]
    return Bounds(min(xs), min(ys), max(xs), max(ys))


def torso_widths(pose: Pose) -> tuple[float, float, float, float]:
    return pose.torso if pose.torso is not None else TORSO_HALF_WIDTHS[pose.view]


def torso_outline(points: Mapping[str, Point], pose: Pose) -> list[tuple[Point, float]]:
    """The torso as circles along the pelvis->neck line: (centre, half-width) per station."""
    pelvis, neck = points["pelvis"], points["neck"]
    widths = torso_widths(pose)
    return [
        (pelvis + (neck - pelvis).scaled(station), width)
        for station, width in zip(TORSO_STATIONS, widths, strict=True)
    ]


def body_extent(points: Mapping[str, Point], pose: Pose) -> Bounds:
    """The box the drawn body covers, limb thickness included."""
    boxes = [circle_bounds(centre, radius) for centre, radius in torso_outline(points, pose)]
    boxes.append(circle_bounds(points["head"], HEAD_RADIUS))
    for role in ROLES:
        for joint, end in (
            ("hip", "knee"),
            ("knee", "ankle"),
            ("ankle", "toe"),
            ("shoulder", "elbow"),
            ("elbow", "hand"),
        ):
            start_radius, end_radius = LIMB_RADII[joint]
            boxes.append(circle_bounds(points[f"{role}_{joint}"], start_radius))
            boxes.append(circle_bounds(points[f"{role}_{end}"], end_radius))
        boxes.append(circle_bounds(points[f"{role}_hand"], HAND_RADIUS))
    return union_all(boxes)


def prop_box(prop: Prop, points: Mapping[str, Point], view: str) -> Bounds | None:
    """Where a prop is drawn (its own box; lines: the box of the line). Floor: None."""
    if prop.at is None:
        return None
    at = prop.at.resolve(points)
    width, height = prop.size
    if prop.kind in LINE_PROPS:
        end = prop.to.resolve(points) if prop.to is not None else at
        return bounds((at, end)).padded(max(width, 0.01))
    if prop.kind in ROUND_PROPS:
        return Bounds(at.x - width / 2, at.y - height / 2, at.x + width / 2, at.y + height / 2)
    box = Bounds(at.x - width / 2, at.y, at.x + width / 2, at.y + height)
    if prop.kind == "chair":
        box = box.union(Bounds(box.left, at.y, box.right, at.y + height + CHAIR_BACK))
    return box


def prop_extent(prop: Prop, points: Mapping[str, Point], view: str) -> Bounds | None:
    box = prop_box(prop, points, view)
    return None if box is None else box.padded(0.01)


@dataclass(frozen=True)
class Fit:
    """Figure units to pixels: x_px = x0 + x * scale, y_px = y0 - y * scale."""

    scale: float
    x0: float
    y0: float

    def map(self, point: Point) -> tuple[float, float]:
        return (self.x0 + point.x * self.scale, self.y0 - point.y * self.scale)


def fit(frame: Bounds, left: float, top: float, width: float, height: float, margin: float) -> Fit:
    """Scale and centre `frame` inside the pixel box, `margin` pixels clear on every side."""
    usable_w = max(1.0, width - 2 * margin)
    usable_h = max(1.0, height - 2 * margin)
    scale = min(usable_w / max(frame.width, 1e-6), usable_h / max(frame.height, 1e-6))
    x0 = left + width / 2 - (frame.left + frame.width / 2) * scale
    y0 = top + height / 2 + (frame.bottom + frame.height / 2) * scale
    return Fit(scale, x0, y0)


def frame_for(pose: Pose, mirrored: bool) -> Bounds:
    return pose.frame.mirrored() if mirrored else pose.frame


def moment(pose: Pose, a: str, b: str, t: float, mirrored: bool = False) -> dict[str, Point]:
    """Joint positions at a moment between two keyframes, mirrored for the other side."""
    points = joints(interpolate(pose, a, b, t), pose)
    return mirror(points) if mirrored else points
