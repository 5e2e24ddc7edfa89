"""The figure painter and the player's illustration: real pictures, checked by their pixels.

Every pose renders in light and dark with the working hip in the accent colour, stays clear
of the picture's edge at every moment, and its mirror image is the horizontal flip.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from app.core.pictures.loader import load_poses
from app.core.pictures.pose import Point, joints, needs_mirror
from app.core.records import Side
from app.core.routine import PlanItem, SessionPlan
from app.core.session.player import Player, StepKind
from app.ui.common import theme
from app.ui.drawing.figure_painter import FigureColors, foot_faces_you, paint_figure, render_image
from app.ui.drawing.illustration import IllustrationView, poses
from tests.core import factories as f

POSES = load_poses()
WIDTH, HEIGHT = 200, 150


def rgb(image: QImage) -> np.ndarray:
    """The image as an (height, width, 3) array of ints, for fast pixel counts."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), np.uint8, image.sizeInBytes())
    rows = data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width()]
    return rows[:, :, 2::-1].astype(int)  # BGRA in memory -> RGB


def near(image: QImage, colour: QColor, tolerance: int = 30) -> np.ndarray:
    """Which pixels are within `tolerance` (summed over R, G, B) of the colour."""
    target = np.array([colour.red(), colour.green(), colour.blue()])
    return np.abs(rgb(image) - target).sum(axis=2) <= tolerance


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_pose_renders_with_its_hip_in_the_accent_colour(qapp, dark: bool) -> None:
    background = FigureColors.for_theme(dark).background
    accent = QColor(theme.ACCENT_DARK if dark else theme.ACCENT_LIGHT)
    for slug, pose in POSES.items():
        image = render_image(pose, WIDTH, HEIGHT, dark)
        assert not image.isNull() and image.size().width() == WIDTH
        drawn = (~near(image, background, 24)).sum()
        assert drawn > WIDTH * HEIGHT * 0.04, slug  # a figure, not a speck
        assert near(image, accent).sum() > 0, slug


def test_light_and_dark_draw_the_body_in_different_colours(qapp) -> None:
    pose = POSES["posterior-capsule-stretch"]
    light = near(render_image(pose, WIDTH, HEIGHT, False), QColor("#4a5361"), 10).sum()
    dark = near(render_image(pose, WIDTH, HEIGHT, True), QColor("#d3d7dd"), 10).sum()
    assert light > 300 and dark > 300


def edge_is_clear(image: QImage, background: QColor) -> bool:
    plain = near(image, background, 6)
    return bool(plain[0].all() and plain[-1].all() and plain[:, 0].all() and plain[:, -1].all())


@pytest.mark.parametrize("slug", sorted(POSES))
def test_no_moment_of_a_movement_touches_the_edge(qapp, slug: str) -> None:
    pose = POSES[slug]
    colors = FigureColors.for_theme(False)
    names = pose.keyframe_names
    moments = [(a, b, t) for a in names for b in names if a != b for t in (0.0, 0.3, 0.7)]
    moments += [(name, name, 0.0) for name in names]
    for mirrored in (False, True):
        for a, b, t in moments:
            image = QImage(WIDTH, HEIGHT, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(colors.background)
            painter = QPainter(image)
            paint_figure(painter, QRectF(0, 0, WIDTH, HEIGHT), pose, a, b, t, mirrored, colors)
            painter.end()
            assert edge_is_clear(image, colors.background), (slug, a, b, t, mirrored)


@pytest.mark.parametrize("slug", ["seated-ir", "release-deep-glutes", "swivel-chair"])
def test_the_mirror_image_is_the_horizontal_flip(qapp, slug: str) -> None:
    pose = POSES[slug]
    plain = render_image(pose, WIDTH, HEIGHT, False)
    mirrored = render_image(pose, WIDTH, HEIGHT, False, mirrored=True)
    flipped = plain.flipped(Qt.Orientation.Horizontal)

    def mismatch(a: QImage, b: QImage) -> float:
        return float((np.abs(rgb(a) - rgb(b)).sum(axis=2) > 60).mean())

    assert mismatch(mirrored, flipped) < 0.01  # the same picture, bar antialiasing
    assert mismatch(mirrored, plain) > 0.03  # and not the unmirrored one


def test_a_foot_turned_back_up_its_leg_is_drawn_over_it() -> None:
    """Facing you, legs toward you with the toes up (seen from the feet end), the foot is the
    nearest part; a foot drawn the ordinary way stays behind its leg."""
    knee, ankle = Point(0.0, 0.43), Point(0.0, 0.0)
    assert not foot_faces_you(knee, ankle, Point(0.0, -0.07))  # standing, toes toward you
    assert not foot_faces_you(knee, ankle, Point(0.06, -0.05))  # ... turned out
    assert not foot_faces_you(knee, ankle, Point(0.16, 0.0))  # foot across, a right angle
    assert foot_faces_you(knee, ankle, Point(0.0, 0.16))  # end-on leg, toes up
    assert foot_faces_you(knee, ankle, Point(-0.11, 0.11))  # ... the foot turned in
    pose = POSES["straight-leg-rolls"]
    for name in ("start", "end"):
        points = joints(pose.keyframe(name), pose)
        for role in ("near", "far"):
            ends = (points[f"{role}_knee"], points[f"{role}_ankle"], points[f"{role}_toe"])
            assert foot_faces_you(*ends), (name, role)


def test_the_working_hip_glows_on_the_side_being_worked(qapp) -> None:
    """Seated check from the front: the right hip is on the picture's left, the left hip
    (mirrored) on its right."""
    pose = POSES["seated-ir"]
    accent = QColor(theme.ACCENT_LIGHT)

    def accent_centre(image: QImage) -> float:
        return float(np.nonzero(near(image, accent))[1].mean())

    right = accent_centre(render_image(pose, WIDTH, HEIGHT, False, key="start"))
    left = accent_centre(render_image(pose, WIDTH, HEIGHT, False, key="start", mirrored=True))
    assert right < WIDTH / 2 < left


# ---- the player's illustration ----------------------------------------------------------


def shown(qtbot, view) -> IllustrationView:
    widget = IllustrationView()
    qtbot.addWidget(widget)
    widget.resize(480, 420)
    widget.show_step(view)
    return widget


def player_for(slug: str, dose) -> Player:
    """A one-exercise session of a real exercise slug (so it has a picture), started at 0."""
    item = PlanItem(f.exercise(slug, dose), dose)
    player = Player(SessionPlan((item,), get_ready_seconds=10))
    player.start(0)
    return player


def test_the_illustration_draws_the_exercise_and_says_where_it_is(qtbot) -> None:
    player = player_for("release-deep-glutes", f.hold(30))
    widget = shown(qtbot, player.view(2))
    assert widget.accessibleName() == "Illustration"
    assert widget.moment is not None and widget.moment.at == "start"
    assert widget.accessibleDescription().startswith(
        "Release Deep Glutes: start position, left side"
    )
    player.tick(10)
    widget.show_step(player.view(20))
    assert widget.accessibleDescription().startswith("Release Deep Glutes: end position, left")
    assert widget.fraction == pytest.approx(10 / 30)
    assert widget.mirrored == needs_mirror(poses()["release-deep-glutes"], "left")
    assert not widget.grab().toImage().isNull()


def test_the_illustration_mirrors_for_the_other_side(qtbot) -> None:
    player = player_for("swivel-chair", f.reps(4, 3.0))
    mirrored = {}
    for now in (11.0, 10 + 12 + 10 + 1.0):  # first side's set, then the second side's
        player.tick(now)
        assert player.current.kind is StepKind.WORK
        mirrored[player.current.side] = shown(qtbot, player.view(now)).mirrored
    assert mirrored[Side.LEFT] != mirrored[Side.RIGHT]


def test_an_exercise_without_a_picture_still_shows_progress_and_equipment(qtbot) -> None:
    player = Player(f.plan(f.hold(30)))
    player.start(0)
    widget = shown(qtbot, player.view(5))
    assert widget.moment is None
    assert widget.caption == "No equipment"
    assert widget.fraction == pytest.approx(0.5)
    assert not widget.grab().toImage().isNull()
    player.tick(1000)
    widget.show_step(player.view(1000))  # the session is over: nothing to draw, no error
    assert widget.moment is None and widget.caption == ""
