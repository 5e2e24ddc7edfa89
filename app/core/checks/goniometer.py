"""The photo goniometer's maths: the shin's angle to vertical from points marked on a photo.

Geometry
--------
Points are ``(x, y)`` in the photo's pixel coordinates: x grows to the right and y grows
*downward*, as in every image format. Any uniform scale of the photo (a downscaled copy
for display) leaves every result unchanged, so handles may live in either the original or
the displayed photo's pixels, as long as all points of one call use the same.

The shin is the line through the knee and the ankle. The vertical is either the photo's
own vertical axis (the camera was held upright) or, when the camera was tilted, the line
through two points the person marked on something truly upright, such as a door frame.
Both are treated as *lines*, not arrows:

- the two vertical points may be marked in either order;
- the knee may be above the ankle (sitting: the shin hangs down) or below it (lying face
  down: the shin points up at the ceiling). Either way the shin's angle to vertical is
  measured from the end of the vertical the shin points towards.

So the result is the acute angle between the two lines, from 0° (the shin is vertical) to
90° (the shin is horizontal). With ``s`` the knee-to-ankle vector and ``v`` the
vertical's direction, it is ``atan2(|s × v|, |s · v|)``, which stays accurate near 0°
and 90° where ``acos`` of a dot product would not. Because only the two lines matter,
rotating the whole photo (shin and vertical together) by any angle, mirroring it, or
scaling it does not change the angle: that is what makes the tilt correction work.

Which way the foot went (:func:`foot_direction`) is read in the same frame: "down" is the
vertical's end pointing down the photo, and "right" is a quarter turn from it towards the
photo's right edge.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

Point = tuple[float, float]
Vertical = tuple[Point, Point]
FootDirection = Literal["left", "right", "none"]

# Below this angle the shin counts as vertical and the foot went neither way: far under
# any goniometer's resolution (1°) and the 5° measurement noise of a self-check.
STRAIGHT_DEGREES = 0.05


def _point(point: Sequence[float], what: str) -> Point:
    x, y = (float(value) for value in point)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"The {what} is not a position on the photo.")
    return x, y


def _shin(knee: Sequence[float], ankle: Sequence[float]) -> Point:
    kx, ky = _point(knee, "knee point")
    ax, ay = _point(ankle, "ankle point")
    dx, dy = ax - kx, ay - ky
    if math.hypot(dx, dy) == 0.0:
        raise ValueError(
            "The knee and the ankle are marked at the same spot. "
            "Drag them apart to measure the shin."
        )
    return dx, dy


def true_down(vertical: Vertical | None = None) -> Point:
    """The unit vector pointing straight down in the scene, in photo coordinates.

    Without a reference that is the photo's own down, ``(0, 1)``. With two points marked
    on an upright line it is along that line, oriented down the photo (for a line marked
    exactly horizontally, towards the right). The order of the two points does not matter.
    """
    if vertical is None:
        return 0.0, 1.0
    first, second = vertical
    x1, y1 = _point(first, "first point of the vertical")
    x2, y2 = _point(second, "second point of the vertical")
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy)
    if length == 0.0:
        raise ValueError(
            "The two points of the true vertical are at the same spot. "
            "Mark two points far apart on a door frame or another upright line."
        )
    if dy < 0.0 or (dy == 0.0 and dx < 0.0):
        dx, dy = -dx, -dy
    return dx / length, dy / length


def shin_angle(
    knee: Sequence[float], ankle: Sequence[float], vertical: Vertical | None = None
) -> float:
    """The angle in degrees, 0 to 90, between the shin (knee to ankle) and the vertical.

    ``vertical`` is None for the photo's own vertical axis, or two points marked on a truly
    upright line (in either order) when the camera was tilted. Raises ValueError with a
    plain-words message when the knee and ankle, or the two vertical points, coincide.
    See the module docstring for the geometry.
    """
    sx, sy = _shin(knee, ankle)
    vx, vy = true_down(vertical)
    cross = sx * vy - sy * vx
    dot = sx * vx + sy * vy
    return math.degrees(math.atan2(abs(cross), abs(dot)))


def foot_direction(
    knee: Sequence[float], ankle: Sequence[float], vertical: Vertical | None = None
) -> FootDirection:
    """Which side of the vertical through the knee the ankle lies on, as seen in the photo.

    "left" or "right" in the photo's terms (the person's own left or right depends on
    where the camera stood), or "none" when the shin is vertical (within
    ``STRAIGHT_DEGREES``). Measured across the true vertical when one is marked.
    """
    sx, sy = _shin(knee, ankle)
    vx, vy = true_down(vertical)
    if shin_angle(knee, ankle, vertical) < STRAIGHT_DEGREES:
        return "none"
    # A quarter turn from "down" towards the photo's right: (0, 1) -> (1, 0).
    across = sx * vy - sy * vx
    return "right" if across > 0 else "left"
