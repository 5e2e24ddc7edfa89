"""The goniometer widget: drag or nudge the handles, read the angle, resize, drop a file."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QPalette
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from app.core.checks.goniometer import shin_angle
from app.ui.checks.goniometer_view import COLOURS, HANDLE_RADIUS, GoniometerView, Handle
from app.ui.checks.photo import LoadedPhoto

KNEE = (500.0, 280.0)


def blank_photo(width: int = 1000, height: int = 800) -> LoadedPhoto:
    from PySide6.QtGui import QImage

    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor("#d9d4cc"))
    return LoadedPhoto(image, (width, height), 1.0)


def shin_end(degrees: float, length: float = 400.0) -> tuple[float, float]:
    a = math.radians(degrees)
    return KNEE[0] + length * math.sin(a), KNEE[1] + length * math.cos(a)


def on_screen(view: GoniometerView, point: tuple[float, float]) -> QPoint:
    return view.image_to_widget(point).toPoint()


@pytest.fixture
def view(qtbot) -> GoniometerView:
    widget = GoniometerView()
    qtbot.addWidget(widget)
    widget.resize(800, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_photo(blank_photo())
    widget.set_handle_position(Handle.KNEE, KNEE)
    widget.set_handle_position(Handle.ANKLE, shin_end(0))
    return widget


@pytest.fixture
def angles(view: GoniometerView) -> list[float]:
    seen: list[float] = []
    view.angle_changed.connect(seen.append)
    return seen


def test_a_new_photo_starts_with_a_vertical_shin_and_says_so(qtbot) -> None:
    widget = GoniometerView()
    qtbot.addWidget(widget)
    assert widget.accessibleName() == "Photo goniometer"
    assert widget.angle() is None and widget.handles() == ()
    seen: list[float] = []
    widget.angle_changed.connect(seen.append)
    widget.set_photo(blank_photo())
    assert seen == [0.0]
    assert widget.handles() == (Handle.KNEE, Handle.ANKLE)
    assert widget.selected_handle() == Handle.KNEE
    assert "Shin at 0 degrees to vertical" in widget.accessibleDescription()


def test_dragging_the_ankle_updates_the_angle_live(
    qtbot, view: GoniometerView, angles: list[float]
) -> None:
    start = on_screen(view, view.handle_position(Handle.ANKLE))
    target = on_screen(view, shin_end(30))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    assert view.selected_handle() == Handle.ANKLE
    for step in (0.25, 0.5, 0.75, 1.0):
        between = start + (target - start) * step
        qtbot.mouseMove(view, between)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=target)

    assert len(angles) >= 3  # it moved with the pointer, not only on release
    assert angles == sorted(angles)
    assert angles[-1] == pytest.approx(30, abs=0.5)
    # The number is core's, from the handle positions in photo pixels.
    assert angles[-1] == shin_angle(KNEE, view.handle_position(Handle.ANKLE))
    assert view.angle() == angles[-1]
    assert "Shin at 30 degrees" in view.accessibleDescription()


def test_a_handle_does_not_jump_to_the_pointer(qtbot, view: GoniometerView) -> None:
    ankle = view.handle_position(Handle.ANKLE)
    grab = on_screen(view, ankle) + QPoint(8, -6)  # off-centre, still on the handle
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=grab)
    qtbot.mouseMove(view, grab + QPoint(20, 0))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=grab + QPoint(20, 0))
    moved = view.handle_position(Handle.ANKLE)
    assert moved[0] - ankle[0] == pytest.approx(20 / view.display_scale(), abs=0.6)
    assert moved[1] == pytest.approx(ankle[1], abs=0.6)


def test_a_press_away_from_the_handles_moves_nothing(
    qtbot, view: GoniometerView, angles: list[float]
) -> None:
    away = on_screen(view, (900, 700))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=away)
    qtbot.mouseMove(view, away + QPoint(-50, -50))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=away + QPoint(-50, -50))
    assert angles == []
    assert view.handle_position(Handle.KNEE) == KNEE


def test_a_handle_stays_on_the_photo(qtbot, view: GoniometerView) -> None:
    start = on_screen(view, view.handle_position(Handle.ANKLE))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, QPoint(view.width() + 200, view.height() + 200))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=QPoint(view.width(), view.height()))
    assert view.handle_position(Handle.ANKLE) == (1000.0, 800.0)


def test_arrow_keys_nudge_the_selected_handle(
    qtbot, view: GoniometerView, angles: list[float]
) -> None:
    view.select_handle(Handle.ANKLE)
    x, y = view.handle_position(Handle.ANKLE)
    pixel = 1 / view.display_scale()  # one screen pixel, in photo pixels

    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.handle_position(Handle.ANKLE) == pytest.approx((x + pixel, y))
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.handle_position(Handle.ANKLE) == pytest.approx((x + 11 * pixel, y))
    qtbot.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.handle_position(Handle.ANKLE) == pytest.approx((x + 10 * pixel, y - 10 * pixel))

    assert len(angles) == 4
    expected = math.degrees(math.atan2(10 * pixel, y - 10 * pixel - KNEE[1]))
    assert angles[-1] == pytest.approx(expected)
    assert view.handle_position(Handle.KNEE) == KNEE  # only the selected one moved


def focus(qtbot, widget: QWidget) -> None:
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(widget.hasFocus)


def test_tab_steps_through_the_handles_then_on_to_the_next_control(qtbot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    view = GoniometerView()
    after = QPushButton("Use this angle")
    layout = QVBoxLayout(page)
    layout.addWidget(view)
    layout.addWidget(after)
    page.resize(700, 600)
    page.show()
    qtbot.waitExposed(page)
    view.set_photo(blank_photo())
    focus(qtbot, view)

    assert view.selected_handle() == Handle.KNEE
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.selected_handle() == Handle.ANKLE and view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert view.selected_handle() == Handle.KNEE

    view.set_vertical_mode(True)
    view.select_handle(Handle.KNEE)
    order = []
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        order.append(view.selected_handle())
    assert order == [Handle.ANKLE, Handle.VERTICAL_1, Handle.VERTICAL_2]
    assert "Vertical 2 handle selected" in view.accessibleDescription()
    # Past the last handle, focus moves on: the keyboard is never trapped.
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert after.hasFocus()


def test_resizing_keeps_the_handles_and_the_angle(
    qtbot, view: GoniometerView, angles: list[float]
) -> None:
    view.set_handle_position(Handle.ANKLE, shin_end(25))
    before = view.angle()
    knee_on_screen = view.image_to_widget(KNEE)

    view.resize(420, 900)
    qtbot.waitUntil(lambda: view.width() == 420)
    view.grab()  # paint at the new size

    assert view.angle() == before
    assert view.handle_position(Handle.KNEE) == KNEE
    assert view.image_to_widget(KNEE) != knee_on_screen
    rect = view.photo_rect()
    assert rect.width() / rect.height() == pytest.approx(1000 / 800)
    assert rect.width() <= view.width() and rect.height() <= view.height()
    assert angles == [pytest.approx(25)]  # from set_handle_position only, not from resizing
    # A drag at the new size still lands where the pointer is.
    start = on_screen(view, view.handle_position(Handle.ANKLE))
    target = on_screen(view, shin_end(40))
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view, target)
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=target)
    assert view.angle() == pytest.approx(40, abs=1.0)  # one screen pixel is ~2.4 photo pixels


def test_a_marked_vertical_corrects_the_angle(view: GoniometerView, angles: list[float]) -> None:
    view.set_handle_position(Handle.ANKLE, shin_end(30))
    view.set_vertical_mode(True)
    assert view.handles() == tuple(Handle)
    assert view.angle() == pytest.approx(30)  # the new handles start on the photo's vertical
    # The door frame leans 8°: the shin is 8° further from it than from the photo's vertical.
    lean = math.radians(-8)
    view.set_handle_position(Handle.VERTICAL_1, (100, 100))
    view.set_handle_position(Handle.VERTICAL_2, (100 + 600 * math.sin(lean), 700))
    expected = shin_angle(
        KNEE,
        view.handle_position(Handle.ANKLE),
        (view.handle_position(Handle.VERTICAL_1), view.handle_position(Handle.VERTICAL_2)),
    )
    assert view.angle() == expected == angles[-1]
    assert expected == pytest.approx(38, abs=0.5)
    assert "marked vertical" in view.accessibleDescription()
    view.set_vertical_mode(False)
    assert view.vertical_reference() is None
    assert view.angle() == pytest.approx(30)


def test_knee_and_ankle_on_one_spot_show_no_angle(
    view: GoniometerView, angles: list[float]
) -> None:
    view.set_handle_position(Handle.ANKLE, KNEE)
    assert view.angle() is None
    assert angles == []
    assert "same spot" in view.accessibleDescription()
    view.grab()  # and it still paints


def drag_event(kind, view: GoniometerView, urls: list[QUrl]):
    mime = QMimeData()
    mime.setUrls(urls)
    centre = QPointF(view.width() / 2, view.height() / 2)
    if kind is QDragEnterEvent:
        event = QDragEnterEvent(
            centre.toPoint(),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    else:
        event = QDropEvent(
            centre,
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(view, event)
    return event, mime  # keep the mime data alive as long as the event


def test_a_dropped_file_is_forwarded(view: GoniometerView, tmp_path: Path) -> None:
    dropped: list[Path] = []
    view.photo_dropped.connect(dropped.append)
    photo = tmp_path / "shin photo.jpg"
    urls = [QUrl.fromLocalFile(str(photo))]

    enter, _ = drag_event(QDragEnterEvent, view, urls)
    assert enter.isAccepted()
    drop, _ = drag_event(QDropEvent, view, urls)
    assert drop.isAccepted()
    assert dropped == [photo]


def test_a_web_link_or_many_files_are_not_taken(view: GoniometerView) -> None:
    dropped: list[Path] = []
    view.photo_dropped.connect(dropped.append)
    for urls in (
        [QUrl("https://example.org/shin.jpg")],
        [QUrl.fromLocalFile("/a.jpg"), QUrl.fromLocalFile("/b.jpg")],
    ):
        enter, _ = drag_event(QDragEnterEvent, view, urls)
        assert not enter.isAccepted()
        drag_event(QDropEvent, view, urls)
    assert dropped == []


@pytest.mark.parametrize("dark", [False, True])
def test_handles_show_in_light_and_dark_palettes(view: GoniometerView, dark: bool) -> None:
    palette = QPalette(view.palette())
    background = QColor("#16171a" if dark else "#ffffff")
    palette.setColor(QPalette.ColorRole.Base, background)
    palette.setColor(QPalette.ColorRole.Window, QColor("#1e1f22" if dark else "#efefef"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#e8e8e8" if dark else "#111111"))
    view.setPalette(palette)
    view.resize(900, 600)  # wider than the photo's shape: bands of background either side
    picture = view.grab().toImage()

    assert picture.pixelColor(3, view.height() // 2) == background
    for handle in (Handle.KNEE, Handle.ANKLE):
        centre = view.image_to_widget(view.handle_position(handle))
        inside = centre + QPointF(HANDLE_RADIUS / 2, 0)
        x, y = round(inside.x() * picture.devicePixelRatio()), round(inside.y())
        assert picture.pixelColor(x, y) == QColor(COLOURS[handle]), handle
