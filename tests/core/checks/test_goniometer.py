"""The goniometer maths: the shin's angle to the photo's vertical or to a marked one."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from app.core.checks.goniometer import foot_direction, shin_angle, true_down

coordinate = st.floats(min_value=-5000, max_value=5000, allow_nan=False, allow_infinity=False)
point = st.tuples(coordinate, coordinate)
turn = st.floats(min_value=-360, max_value=360, allow_nan=False)


def rotate(p: tuple[float, float], degrees: float, centre: tuple[float, float]):
    a = math.radians(degrees)
    x, y = p[0] - centre[0], p[1] - centre[1]
    return (
        centre[0] + x * math.cos(a) - y * math.sin(a),
        centre[1] + x * math.sin(a) + y * math.cos(a),
    )


def apart(a: tuple[float, float], b: tuple[float, float], at_least: float = 1.0) -> bool:
    return math.hypot(a[0] - b[0], a[1] - b[1]) >= at_least


@pytest.mark.parametrize(
    ("ankle", "expected"),
    [
        ((100, 300), 0.0),  # hanging straight down
        ((100, -100), 0.0),  # pointing straight up (lying face down)
        ((300, 100), 90.0),  # horizontal
        ((200, 200), 45.0),
        ((0, 200), 45.0),  # the other way: the angle has no sign
        ((100 + 100 * math.tan(math.radians(17)), 200), 17.0),
        ((100 - 100 * math.tan(math.radians(30)), 0), 30.0),  # up and to the left
    ],
)
def test_angles_to_the_photos_vertical(ankle, expected) -> None:
    assert shin_angle((100, 100), ankle) == pytest.approx(expected, abs=1e-9)


def test_a_marked_vertical_replaces_the_photos_vertical() -> None:
    # The door frame leans 10° (the camera was tilted); a shin parallel to it is at 0°.
    frame = ((0, 0), (math.sin(math.radians(10)) * 500, math.cos(math.radians(10)) * 500))
    knee = (300, 100)
    ankle = (300 + frame[1][0], 100 + frame[1][1])
    assert shin_angle(knee, ankle) == pytest.approx(10)
    assert shin_angle(knee, ankle, frame) == pytest.approx(0, abs=1e-9)


def test_true_down_points_down_the_photo_whatever_the_order() -> None:
    assert true_down() == (0.0, 1.0)
    assert true_down(((5, 10), (5, 0))) == pytest.approx((0.0, 1.0))
    assert true_down(((0, 0), (-3, 4))) == pytest.approx((-0.6, 0.8))
    assert true_down(((0, 8), (-6, 0))) == pytest.approx((0.6, 0.8))


@pytest.mark.parametrize(
    ("ankle", "expected"),
    [((150, 200), "right"), ((50, 200), "left"), ((100, 200), "none"), ((150, 0), "right")],
)
def test_foot_direction_in_the_photos_terms(ankle, expected) -> None:
    assert foot_direction((100, 100), ankle) == expected


def test_foot_direction_is_read_across_the_marked_vertical() -> None:
    # Straight down the photo, but the true vertical leans right: the foot went left of it.
    leaning = ((0, 0), (30, 100))
    assert foot_direction((100, 100), (100, 200)) == "none"
    assert foot_direction((100, 100), (100, 200), leaning) == "left"
    assert foot_direction((100, 100), (130, 200), leaning) == "none"


@given(knee=point, ankle=point, first=point, second=point, degrees=turn, centre=point)
def test_turning_the_whole_photo_keeps_the_angle(knee, ankle, first, second, degrees, centre):
    assume(apart(knee, ankle) and apart(first, second))
    before = shin_angle(knee, ankle, (first, second))
    moved = [rotate(p, degrees, centre) for p in (knee, ankle, first, second)]
    after = shin_angle(moved[0], moved[1], (moved[2], moved[3]))
    assert after == pytest.approx(before, abs=1e-6)


@given(
    true_angle=st.floats(min_value=0, max_value=90),
    tilt=st.floats(min_value=-45, max_value=45),
    side=st.sampled_from([-1, 1]),
    upward=st.booleans(),
    knee=point,
    length=st.floats(min_value=5, max_value=3000),
)
def test_a_tilted_camera_is_corrected_by_the_marked_vertical(
    true_angle, tilt, side, upward, knee, length
):
    """A shin at a known angle to the true vertical, photographed with the camera tilted."""
    down = (math.sin(math.radians(tilt)), math.cos(math.radians(tilt)))
    frame = ((10, 20), (10 + 400 * down[0], 20 + 400 * down[1]))
    direction = rotate(down, side * true_angle, (0, 0))
    if upward:  # lying face down: the shin points up from the knee
        direction = (-direction[0], -direction[1])
    ankle = (knee[0] + length * direction[0], knee[1] + length * direction[1])
    assert shin_angle(knee, ankle, frame) == pytest.approx(true_angle, abs=1e-6)
    assert shin_angle(knee, ankle, (frame[1], frame[0])) == pytest.approx(true_angle, abs=1e-6)


@given(knee=point, ankle=point, first=point, second=point)
def test_the_order_of_the_vertical_points_does_not_matter(knee, ankle, first, second):
    assume(apart(knee, ankle, 1e-3) and apart(first, second, 1e-3))
    assert shin_angle(knee, ankle, (first, second)) == shin_angle(knee, ankle, (second, first))
    assert foot_direction(knee, ankle, (first, second)) == foot_direction(
        knee, ankle, (second, first)
    )


@given(knee=point, ankle=point, first=point, second=point, factor=st.floats(0.01, 100))
def test_scaling_and_mirroring_keep_the_angle(knee, ankle, first, second, factor):
    assume(apart(knee, ankle) and apart(first, second))
    before = shin_angle(knee, ankle, (first, second))
    scaled = [(p[0] * factor, p[1] * factor) for p in (knee, ankle, first, second)]
    assert shin_angle(scaled[0], scaled[1], (scaled[2], scaled[3])) == pytest.approx(
        before, abs=1e-6
    )
    mirrored = [(-p[0], p[1]) for p in (knee, ankle, first, second)]
    assert shin_angle(mirrored[0], mirrored[1], (mirrored[2], mirrored[3])) == pytest.approx(
        before, abs=1e-6
    )


@given(knee=point, ankle=point)
def test_the_angle_is_always_between_0_and_90(knee, ankle):
    assume(knee != ankle)
    assert 0.0 <= shin_angle(knee, ankle) <= 90.0


@given(spot=point, vertical=st.one_of(st.none(), st.tuples(point, point)))
def test_knee_and_ankle_at_the_same_spot_are_refused(spot, vertical):
    with pytest.raises(ValueError, match="knee and the ankle are marked at the same spot"):
        shin_angle(spot, spot, vertical)
    with pytest.raises(ValueError, match="same spot"):
        foot_direction(spot, spot, vertical)


@given(knee=point, ankle=point, spot=point)
def test_a_vertical_of_one_point_is_refused(knee, ankle, spot):
    assume(knee != ankle)
    with pytest.raises(ValueError, match="two points of the true vertical are at the same spot"):
        shin_angle(knee, ankle, (spot, spot))


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_a_point_off_the_photo_is_refused(bad) -> None:
    with pytest.raises(ValueError, match="not a position on the photo"):
        shin_angle((bad, 0), (0, 10))
    with pytest.raises(ValueError, match="not a position on the photo"):
        shin_angle((0, 0), (0, 10), ((0, 0), (bad, 5)))
