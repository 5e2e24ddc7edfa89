"""The exercise pictures as data: the poses file, forward kinematics, mirroring and the frame.

Every exercise and every check must have a picture, a bad edit to poses.toml must fail with
the file, the pose and the field named, and no moment of any movement may leave the frame.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from app.core.checks.loader import load_checks
from app.core.content.exercises import ContentError, load_content
from app.core.pictures.loader import POSES_FILE, load_poses, parse_poses, poses_from_data
from app.core.pictures.pose import (
    EASE_SAMPLES,
    Bounds,
    Keyframe,
    Point,
    Pose,
    Skeleton,
    anatomical_side,
    body_extent,
    bounds,
    ease,
    fit,
    frame_for,
    interpolate,
    joints,
    lerp_angle,
    measured_angle,
    mirror,
    moment,
    needs_mirror,
)

POSES = load_poses()


def minimal() -> dict[str, Any]:
    """The smallest valid poses data: one standing figure that bends a knee."""
    return {
        "pose": [
            {
                "slug": "knee-bend",
                "view": "side",
                "keyframes": {"start": {"root": [0, 0.9]}, "end": {"near_knee": -150}},
                "prop": [{"kind": "floor"}],
            }
        ]
    }


def refused(data: dict[str, Any]) -> ContentError:
    with pytest.raises(ContentError) as caught:
        poses_from_data(data, "poses.toml")
    return caught.value


# ---- the shipped file ---------------------------------------------------------------------


def test_every_exercise_and_check_has_a_pose() -> None:
    exercises = {exercise.slug for exercise in load_content().exercises}
    checks = {check.slug for check in load_checks()}
    assert exercises | checks <= set(POSES), sorted((exercises | checks) - set(POSES))


def test_every_pose_belongs_to_an_exercise_or_a_check() -> None:
    known = {e.slug for e in load_content().exercises} | {c.slug for c in load_checks()}
    assert set(POSES) <= known, sorted(set(POSES) - known)


def test_every_check_shows_where_its_angle_is_read() -> None:
    for check in load_checks():
        measure = POSES[check.slug].measure
        assert measure is not None, check.slug
        if check.shin_angle:
            assert (measure.vertex, measure.to) == ("near_knee", "near_ankle"), check.slug


def test_checks_measure_a_believable_angle_at_the_end() -> None:
    """The drawn end position of each check shows an angle in the check's own range."""
    for check in load_checks():
        pose = POSES[check.slug]
        start = measured_angle(pose, joints(pose.keyframe("start"), pose))
        end = measured_angle(pose, joints(pose.keyframe("end"), pose))
        assert check.low <= end <= check.high, (check.slug, end)
        assert end > start + 10, check.slug  # the picture shows the movement being measured


def test_the_stage_one_and_two_poses_are_not_provisional() -> None:
    content = load_content()
    for exercise in content.exercises:
        if exercise.stage <= 2:
            assert not POSES[exercise.slug].provisional, exercise.slug


def test_poses_with_a_working_side_mirror_for_the_other_side() -> None:
    content = load_content()
    for exercise in content.exercises:
        pose = POSES[exercise.slug]
        if exercise.dose.sides.value == "both":
            continue
        assert pose.highlight in ("near", "far"), exercise.slug
        assert needs_mirror(pose, "left") != needs_mirror(pose, "right"), exercise.slug


# ---- the loader's refusals ----------------------------------------------------------------


def test_the_minimal_file_loads() -> None:
    poses = poses_from_data(minimal(), "poses.toml")
    pose = poses["knee-bend"]
    assert pose.keyframe_names == ("start", "end")
    # `end` inherits everything it does not set from `start`.
    assert pose.keyframe("end").skeleton.root == Point(0, 0.9)
    assert pose.keyframe("end").skeleton.angles["near_knee"] == -150
    assert pose.keyframe("end").skeleton.angles["far_knee"] == -90


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (lambda d: d["pose"][0].update(colour="red"), "colour", "unknown field"),
        (lambda d: d["pose"][0].update(view="back"), "view", "is not one of"),
        (lambda d: d["pose"][0]["keyframes"].pop("end"), "keyframes.end", "required"),
        (lambda d: d["pose"][0]["keyframes"].pop("start"), "keyframes.start", "required"),
        (
            lambda d: d["pose"][0]["keyframes"]["end"].update(near_knee="bent"),
            "keyframes.end.near_knee",
            "must be a number",
        ),
        (
            lambda d: d["pose"][0]["keyframes"]["end"].update(near_knee=float("nan")),
            "keyframes.end.near_knee",
            "finite",
        ),
        (
            lambda d: d["pose"][0]["keyframes"]["start"].update(near_kne=10),
            "keyframes.start.near_kne",
            "did you mean 'near_knee'",
        ),
        (
            lambda d: d["pose"][0]["keyframes"]["start"].update(lengths={"shin": 0.5}),
            "keyframes.start.lengths",
            "not a segment",
        ),
        (
            lambda d: d["pose"][0]["keyframes"]["start"].update(root=[0]),
            "keyframes.start.root",
            "pair of numbers",
        ),
        (
            lambda d: d["pose"][0]["keyframes"].update(Middle={}),
            "keyframes.Middle",
            "keyframe name",
        ),
        (lambda d: d["pose"][0]["prop"].append({"kind": "sofa"}), "prop[2].kind", "not one of"),
        (
            lambda d: d["pose"][0]["prop"].append({"kind": "band", "at": [1, 0]}),
            "prop[2].to",
            "required for a band",
        ),
        (
            lambda d: d["pose"][0]["prop"].append({"kind": "massage-ball"}),
            "prop[2].at",
            "required",
        ),
        (
            lambda d: d["pose"][0]["prop"].append({"kind": "massage-ball", "at": "near_bum"}),
            "prop[2].at",
            "not a joint",
        ),
        (
            lambda d: d["pose"][0]["prop"].append({"kind": "chair", "at": [0, 0], "to": [1, 0]}),
            "prop[2].to",
            "only a band or cable",
        ),
        (
            lambda d: d["pose"][0]["prop"].append(
                {"kind": "block", "at": [0, 0], "offset": [0, 1]}
            ),
            "prop[2].offset",
            "only goes with a joint",
        ),
        (
            lambda d: d["pose"][0].update(
                measure={"vertex": "near_knee", "to": "near_ankle", "reference": "sideways"}
            ),
            "measure.reference",
            "not one of",
        ),
        (lambda d: d["pose"][0].update(order=["torso"]), "order", "each of"),
    ],
)
def test_a_bad_pose_is_refused_with_file_entry_and_field(change, field: str, words: str) -> None:
    data = minimal()
    change(data)
    error = refused(data)
    assert (error.file, error.entry, error.field_name) == ("poses.toml", "knee-bend", field)
    assert words in str(error)


def test_a_duplicate_slug_is_refused() -> None:
    data = minimal()
    data["pose"].append(copy.deepcopy(data["pose"][0]))
    error = refused(data)
    assert (error.entry, error.field_name) == ("knee-bend", "slug")


def test_a_pose_without_a_slug_is_named_by_its_place() -> None:
    data = minimal()
    del data["pose"][0]["slug"]
    error = refused(data)
    assert (error.entry, error.field_name) == ("pose #1", "slug")


def test_unknown_top_level_tables_and_bad_toml_are_refused() -> None:
    error = refused({**minimal(), "poses": []})
    assert (error.entry, error.field_name) == ("(file)", "poses")
    with pytest.raises(ContentError) as caught:
        parse_poses("[[pose]\nslug = ", POSES_FILE)
    assert caught.value.field_name == "(syntax)"


def test_a_directory_can_hold_its_own_poses_file(tmp_path) -> None:
    (tmp_path / POSES_FILE).write_text(
        '[[pose]]\nslug = "x"\nview = "front"\n[pose.keyframes.start]\n[pose.keyframes.end]\n',
        encoding="utf-8",
    )
    assert list(load_poses(tmp_path)) == ["x"]


# ---- forward kinematics ---------------------------------------------------------------------


def close(a: Point, b: Point) -> bool:
    return math.isclose(a.x, b.x, abs_tol=1e-9) and math.isclose(a.y, b.y, abs_tol=1e-9)


def test_a_standing_figure_stacks_its_joints() -> None:
    pose = poses_from_data(minimal(), "poses.toml")["knee-bend"]
    points = joints(pose.keyframe("start"), pose)
    assert close(points["pelvis"], Point(0, 0.9))
    assert close(points["near_knee"], Point(0, 0.9 - 0.43))
    assert close(points["near_ankle"], Point(0, 0.9 - 0.86))
    assert close(points["near_toe"], Point(0.16, 0.9 - 0.86))
    assert close(points["neck"], Point(0, 0.9 + 0.52))
    assert points["head"].y > points["neck"].y > points["chest"].y > points["pelvis"].y
    assert close(points["near_hand"], Point(0, points["chest"].y - 0.29 - 0.26))


def test_each_angle_turns_the_segment_it_names() -> None:
    pose = poses_from_data(minimal(), "poses.toml")["knee-bend"]
    points = joints(pose.keyframe("end"), pose)
    knee, ankle = points["near_knee"], points["near_ankle"]
    assert close(ankle - knee, Point(0.43 * math.cos(math.radians(-150)), -0.43 * 0.5))
    assert close(points["far_ankle"], Point(0, 0.04))  # the other leg did not move


def test_lengths_foreshorten_a_segment() -> None:
    skeleton = Skeleton(Point(0, 1), {**interpolate_base().angles}, {"near_hip": 0.5})
    points = joints(skeleton)
    assert math.isclose((points["near_knee"] - points["near_hip"]).length(), 0.215)


def interpolate_base() -> Skeleton:
    return poses_from_data(minimal(), "poses.toml")["knee-bend"].keyframe("start").skeleton


def test_hips_are_spread_to_the_figures_right_as_the_viewer_sees_it() -> None:
    base = interpolate_base()
    spread = Skeleton(base.root, base.angles, {}, hips=0.2, shoulders=0.3)
    facing = Pose("a", "front", (Keyframe("start", spread), Keyframe("end", spread)))
    away = Pose("b", "front", facing.keyframes, facing="away")
    # Facing you, the figure's right (near) hip is on your left; facing away, on your right.
    assert joints(spread, facing)["near_hip"].x == pytest.approx(-0.1)
    assert joints(spread, away)["near_hip"].x == pytest.approx(0.1)
    assert joints(spread, away)["far_shoulder"].x == pytest.approx(-0.15)


# ---- moving between keyframes -------------------------------------------------------------------


def test_interpolation_runs_from_start_to_end_easing_in_and_out() -> None:
    pose = POSES["straight-leg-raise"]
    start, end = pose.keyframe("start").skeleton, pose.keyframe("end").skeleton
    assert interpolate(pose, "start", "end", 0).angles == pytest.approx(start.angles)
    assert interpolate(pose, "start", "end", 1).angles == pytest.approx(end.angles)
    middle = interpolate(pose, "start", "end", 0.5).angles["near_hip"]
    assert middle == pytest.approx((start.angles["near_hip"] + end.angles["near_hip"]) / 2)
    early = interpolate(pose, "start", "end", 0.1).angles["near_hip"]
    linear = start.angles["near_hip"] + 0.1 * (end.angles["near_hip"] - start.angles["near_hip"])
    assert start.angles["near_hip"] < early < linear  # eased: a soft start


def test_angles_turn_the_short_way_round() -> None:
    assert lerp_angle(170, -170, 0.5) in (180, -180)
    assert lerp_angle(-90, 270, 0.5) == pytest.approx(-90)
    assert lerp_angle(10, 50, 0.25) == pytest.approx(20)
    assert ease(0) == 0 and ease(1) == 1 and ease(0.5) == 0.5 and ease(2) == 1


# ---- mirroring: the other side ------------------------------------------------------------------


def test_mirroring_flips_x_and_keeps_height_and_names() -> None:
    points = joints(POSES["seated-ir"].keyframe("end"), POSES["seated-ir"])
    flipped = mirror(points)
    assert flipped.keys() == points.keys()
    for name, point in points.items():
        assert flipped[name] == Point(-point.x, point.y)
    assert mirror(flipped) == points


def test_mirroring_swaps_the_working_side() -> None:
    """Seen from the front, the measured right leg is on the picture's left; mirrored, the
    same leg role is on the right and is the figure's left leg."""
    pose = POSES["seated-ir"]
    plain = moment(pose, "end", "end", 0)
    flipped = moment(pose, "end", "end", 0, mirrored=True)
    assert plain["near_ankle"].x < plain["pelvis"].x < plain["far_ankle"].x
    assert flipped["near_ankle"].x > flipped["pelvis"].x > flipped["far_ankle"].x
    assert anatomical_side("near", mirrored=False) == "right"
    assert anatomical_side("near", mirrored=True) == "left"
    assert anatomical_side("far", mirrored=True) == "right"
    assert not needs_mirror(pose, "right") and needs_mirror(pose, "left")
    assert not needs_mirror(pose, "both")


def test_a_two_legged_pose_is_never_mirrored() -> None:
    pose = POSES["hip-click"]
    assert pose.highlight == "both"
    assert not needs_mirror(pose, "left") and not needs_mirror(pose, "right")


# ---- the frame ---------------------------------------------------------------------------------


def moments(pose: Pose):
    """Every keyframe and the sampled moments between any two of them (as the player can)."""
    names = pose.keyframe_names
    for a in names:
        for b in names:
            for step in range(EASE_SAMPLES * 2 + 1):
                yield a, b, step / (EASE_SAMPLES * 2)


@pytest.mark.parametrize("slug", sorted(POSES))
def test_the_figure_stays_inside_the_frame_at_every_moment(slug: str) -> None:
    pose = POSES[slug]
    width, height, margin = 480.0, 360.0, 16.0
    for mirrored in (False, True):
        placed = fit(frame_for(pose, mirrored), 0, 0, width, height, margin)
        for a, b, t in moments(pose):
            points = moment(pose, a, b, t)
            box = pose.extent(points)
            if mirrored:
                box = box.mirrored()
            assert frame_for(pose, mirrored).contains(box, tolerance=0.01), (a, b, t)
            left, top = placed.map(Point(box.left, box.top))
            right, bottom = placed.map(Point(box.right, box.bottom))
            assert margin - 4 <= left and right <= width - margin + 4, (slug, a, b, t)
            assert margin - 4 <= top and bottom <= height - margin + 4, (slug, a, b, t)


def test_bounds_and_fit() -> None:
    assert bounds([Point(1, 2), Point(-1, 5)]) == Bounds(-1, 2, 1, 5)
    placed = fit(Bounds(0, 0, 2, 1), 10, 20, 220, 120, 10)
    assert placed.scale == 100
    assert placed.map(Point(0, 1)) == (20, 30)
    assert placed.map(Point(2, 0)) == (220, 130)
    with pytest.raises(ValueError):
        bounds([])


def test_the_frame_covers_the_body_with_its_thickness() -> None:
    pose = POSES["straight-leg-raise"]
    points = joints(pose.keyframe("end"), pose)
    box = body_extent(points, pose)
    assert box.bottom < 0.02  # the back lies on the floor
    assert pose.frame.contains(box)
