"""Drive the real main window through a session with the keyboard, on a real database."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from app.core.session.cues import Sound
from app.core.session.player import StepKind
from app.data_dir import database_path


def tick_until(window, clock, predicate, step: float = 0.5, limit: float = 10_000) -> None:
    end = clock.now + limit
    while not predicate():
        assert clock.now < end, "the state never came"
        clock.run(window.controller, step, step=step)


def shown(window) -> dict[str, str]:
    page = window.player_page
    return {
        "banner": page.banner_label.text(),
        "countdown": page.countdown_label.text(),
        "counter": page.counter_label.text() if page.counter_label.isVisible() else "",
        "exercise": page.exercise_label.text(),
        "stage": page.stage_label.text(),
        "side": page.side_label.text(),
        "next": page.next_label.text(),
    }


def sets_in_db(data_dir) -> list[tuple]:
    with sqlite3.connect(database_path(data_dir)) as connection:
        rows = connection.execute(
            "SELECT exercise_slug, side, set_index, skipped, done_seconds, done_reps, pain "
            "FROM set_records ORDER BY id"
        ).fetchall()
    connection.close()
    return rows


def start(window, qtbot) -> None:
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.player_page


def test_keyboard_session_shows_countdown_stage_side_and_next(make_window, clock, qtbot) -> None:
    window = make_window()
    start(window, qtbot)
    assert shown(window) == {
        "banner": "GET READY",
        "countdown": "0:10",
        "counter": "",
        "exercise": "Deep glute release",
        "stage": "Stage 1 of 6 · Releases",
        "side": "LEFT",
        "next": "Up next: Mid-buttock release (piriformis)",
    }
    clock.run(window.controller, 10)
    assert (shown(window)["banner"], shown(window)["countdown"]) == ("HOLD", "1:00")

    qtbot.keyClick(window, Qt.Key.Key_Space)  # pause
    clock.run(window.controller, 40)
    assert shown(window)["countdown"] == "1:00"
    assert shown(window)["banner"] == "PAUSED"
    qtbot.keyClick(window, Qt.Key.Key_Space)  # resume
    clock.run(window.controller, 30)
    assert shown(window)["countdown"] == "0:30"

    qtbot.keyClick(window, Qt.Key.Key_Plus)
    assert shown(window)["countdown"] == "0:45"

    qtbot.keyClick(window, Qt.Key.Key_Right)  # skip the rest of this set
    assert (shown(window)["banner"], shown(window)["side"]) == ("SWITCH SIDES", "RIGHT")
    qtbot.keyClick(window, Qt.Key.Key_Left)  # just arrived: back to the left hold
    assert (shown(window)["banner"], shown(window)["side"]) == ("HOLD", "LEFT")
    qtbot.keyClick(window, Qt.Key.Key_N)
    assert shown(window)["side"] == "RIGHT"


def test_a_rep_set_counts_and_done_ends_it(make_window, clock, qtbot, data_dir) -> None:
    window = make_window()
    start(window, qtbot)
    tick_until(
        window,
        clock,
        lambda: (
            window.controller.player.current.item.exercise.slug == "swivel-chair"
            and window.controller.player.current.kind is StepKind.WORK
        ),
        step=5,
    )
    clock.run(window.controller, 3 * 6 + 1)  # rep 7 under way
    assert shown(window)["counter"] == "7 / 20"
    assert shown(window)["stage"] == "Stage 4 of 6 · Gentle internal-rotation movements"
    qtbot.keyClick(window, Qt.Key.Key_D)
    assert shown(window)["banner"] == "SWITCH SIDES"
    last = sets_in_db(data_dir)[-1]
    assert last == ("swivel-chair", "left", 1, 0, 19.0, 7, 0)


def test_countdown_is_readable_from_across_the_room(make_window, clock, qtbot) -> None:
    window = make_window()
    start(window, qtbot)
    clock.run(window.controller, 10)
    qtbot.wait_until(lambda: window.player_page.countdown_label.height() > 100)
    window.player_page._fit_numbers()
    pixels = window.player_page.countdown_label.font().pixelSize()
    assert pixels >= window.height() / 4


def test_every_control_has_an_accessible_name(make_window, qtbot) -> None:
    window = make_window()
    start(window, qtbot)
    page = window.player_page
    for widget in (
        page.countdown_label,
        page.counter_label,
        page.exercise_label,
        *page.buttons.values(),
    ):
        assert widget.accessibleName(), widget
    names = {b.accessibleName() for b in page.buttons.values()}
    assert {"Pause or resume", "Next step", "Stop: pinch or pain"} <= names


def test_whole_session_is_recorded_and_home_shows_it(make_window, clock, qtbot, data_dir) -> None:
    window = make_window()
    start(window, qtbot)
    total = window.controller.player.total_seconds()
    started = clock.now
    tick_until(window, clock, lambda: window.controller.player.finished, step=5)
    assert clock.now - started >= total
    assert shown(window)["banner"] == "DONE"
    rows = sets_in_db(data_dir)
    work_steps = [s for s in window.controller.player.steps if s.kind is StepKind.WORK]
    assert len(rows) == len(work_steps)
    assert not any(row[3] for row in rows)
    with sqlite3.connect(database_path(data_dir)) as connection:
        status = connection.execute("SELECT status FROM sessions").fetchone()[0]
    connection.close()
    assert status == "finished"
    qtbot.mouseClick(window.player_page.home_button, Qt.MouseButton.LeftButton)
    assert window.home.last_session_label.text() == "Last session: today"
    assert window.home.resume_frame.isHidden()


def test_cues_are_heard_and_mute_silences_them(make_window, clock, qtbot, sink) -> None:
    window = make_window()
    start(window, qtbot)
    # The first time this exercise is met, its first caution follows (tests/e2e/test_learn.py).
    assert sink.said[0].startswith("Get ready: Deep glute release, left side. Take care: ")
    clock.run(window.controller, 7)
    assert sink.played == [Sound.COUNT]
    qtbot.keyClick(window, Qt.Key.Key_M)
    clock.run(window.controller, 3)
    assert sink.played == [Sound.COUNT]
    assert window.player_page.muted_badge.isVisible()


def test_pain_key_stops_the_exercise_and_is_recorded(make_window, clock, qtbot, data_dir) -> None:
    window = make_window()
    start(window, qtbot)
    clock.run(window.controller, 20)
    qtbot.keyClick(window, Qt.Key.Key_X)
    assert shown(window)["exercise"] == "Mid-buttock release (piriformis)"
    rows = sets_in_db(data_dir)
    assert rows[0][:4] == ("release-deep-glutes", "left", 1, 1)
    assert rows[0][6] == 1  # pain
    assert rows[1][:4] == ("release-deep-glutes", "right", 1, 1)


def test_escape_asks_then_leaves_and_home_offers_resume(make_window, clock, qtbot) -> None:
    window = make_window()
    start(window, qtbot)
    tick_until(window, clock, lambda: shown(window)["side"] == "RIGHT", step=5)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    box = window.leave_box
    assert box.isVisible() and window.controller.player.paused
    leave = next(b for b in box.buttons() if b.text() == "Leave")
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.home
    assert window.home.resume_frame.isVisible()
    assert "with 1 set done" in window.home.resume_label.text()


def test_sleep_pauses_the_player_and_says_so(make_window, clock, qtbot) -> None:
    window = make_window()
    start(window, qtbot)
    clock.run(window.controller, 12)
    clock.wall_offset += 600  # the laptop slept for ten minutes
    clock.run(window.controller, 1)
    assert window.controller.player.paused
    assert "slept" in window.player_page.note_label.text()


def test_a_sleep_that_moves_both_clocks_pauses_where_it_began(make_window, clock, qtbot) -> None:
    """On Windows the monotonic clock runs on through sleep; the hold must not finish."""
    window = make_window()
    start(window, qtbot)
    clock.run(window.controller, 30)  # 20 s into the 60 s hold
    clock.now += 8 * 3600
    clock.wall_offset += 0  # both clocks moved by the same eight hours
    window.controller.tick()
    assert window.controller.player.paused
    assert shown(window)["countdown"] == "0:40"


def test_escape_then_keep_going_leaves_a_paused_session_paused(make_window, clock, qtbot) -> None:
    window = make_window()
    start(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    keep = next(b for b in window.leave_box.buttons() if b.text() == "Keep going")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.player_page
    assert window.controller.player.paused
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    keep = next(b for b in window.leave_box.buttons() if b.text() == "Keep going")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert not window.controller.player.paused


def test_other_keys_previous_add_time_done_and_fullscreen(make_window, clock, qtbot) -> None:
    window = make_window()
    start(window, qtbot)
    clock.run(window.controller, 10)
    qtbot.keyClick(window, Qt.Key.Key_Equal)  # + without Shift
    assert shown(window)["countdown"] == "1:15"
    clock.run(window.controller, 5)
    qtbot.keyClick(window, Qt.Key.Key_P)  # 5 s in: restart the hold at its planned length
    assert shown(window)["countdown"] == "1:00"
    qtbot.keyClick(window, Qt.Key.Key_Return)  # done with this hold
    assert shown(window)["banner"] == "SWITCH SIDES"
    qtbot.keyClick(window, Qt.Key.Key_F)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not window.isFullScreen())
