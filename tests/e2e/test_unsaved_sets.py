"""Sets that the data file does not take at once are kept, retried and said on the player;
a second window never abandons the session another window plays (issue 15, items 2 and 3)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing

import pytest
from PySide6.QtCore import Qt

from app.core.records import SessionStatus
from app.data_dir import database_path
from app.db.store import Store
from tests.e2e.test_session import sets_in_db, start, tick_until


@pytest.fixture
def other_program(make_window, data_dir) -> Iterator[sqlite3.Connection]:
    """A second, real sqlite3 connection to the data file, as another program would have."""
    make_window().close()  # creates the data file
    with closing(sqlite3.connect(database_path(data_dir), isolation_level=None)) as connection:
        yield connection


def statuses(data_dir) -> list[str]:
    with closing(sqlite3.connect(database_path(data_dir))) as connection:
        return [row[0] for row in connection.execute("SELECT status FROM sessions ORDER BY id")]


def count_sets(window) -> list:
    """The sets the player has ended so far, saved or not."""
    ended: list = []
    window.runner.controller.set_finished.connect(ended.append)
    return ended


def play_first_set(window, clock, qtbot, once_started=lambda: None) -> list:
    """Start today's session and play until its first set ends; the sets ended so far."""
    start(window, qtbot)
    once_started()
    ended = count_sets(window)
    tick_until(window, clock, lambda: len(ended) == 1)
    return ended


def notice(window) -> str:
    return window.player_page.note_label.text()


def test_a_set_ending_while_the_file_is_locked_is_kept_and_saved_later(
    make_window, clock, qtbot, data_dir, other_program
) -> None:
    window = make_window()
    began = time.monotonic()  # another program holds the write lock once the session runs
    play_first_set(window, clock, qtbot, lambda: other_program.execute("BEGIN IMMEDIATE"))
    held = time.monotonic() - began
    runner = window.runner
    assert held < 3.0, f"the countdown stalled {held:.2f} s"  # a 5 s busy wait would show
    assert "1 set not saved yet — will retry" in notice(window)
    assert sets_in_db(data_dir) == []

    clock.advance(3)
    runner.on_timer()  # still locked: kept, still said
    assert "1 set not saved yet" in notice(window)

    other_program.execute("COMMIT")  # the other program is done
    clock.advance(3)
    runner.on_timer()
    assert len(sets_in_db(data_dir)) == 1
    assert notice(window) == "All sets are saved."


def test_closing_with_a_set_unsaved_says_so_once_before_quitting(
    make_window, clock, qtbot, data_dir, other_program
) -> None:
    window = make_window()
    play_first_set(window, clock, qtbot, lambda: other_program.execute("BEGIN IMMEDIATE"))
    assert not window.close()  # kept open: the set would be lost
    assert window.isVisible()
    assert "1 set could not be saved yet" in window.warning_box.text()
    other_program.execute("COMMIT")
    assert window.close()  # saved on the way out
    assert len(sets_in_db(data_dir)) == 1


def test_a_second_window_does_not_abandon_the_session_the_first_plays(
    make_window, clock, qtbot, data_dir
) -> None:
    first = make_window()
    ended = play_first_set(first, clock, qtbot)
    second = make_window()  # the single-instance lock was removed: a second window opens
    qtbot.mouseClick(second.home.start_button, Qt.MouseButton.LeftButton)
    assert second.pages.currentWidget() is second.home
    assert "playing in another Inward window" in second.warning_box.text()
    assert statuses(data_dir) == [SessionStatus.IN_PROGRESS]

    first.activateWindow()
    qtbot.waitUntil(first.isActiveWindow)
    tick_until(first, clock, lambda: len(ended) == 2)
    assert len(sets_in_db(data_dir)) == 2


def test_sets_after_another_window_abandoned_the_session_are_kept(
    make_window, clock, qtbot, data_dir
) -> None:
    window = make_window()
    ended = play_first_set(window, clock, qtbot)
    # An older Inward, or one that saw no sign of life, abandons the session anyway.
    with Store.open(database_path(data_dir)) as other:
        other.finish_session(window.runner.session_id, clock.wall(), SessionStatus.ABANDONED)
    tick_until(window, clock, lambda: len(ended) == 2)
    assert len(sets_in_db(data_dir)) == 2
    assert statuses(data_dir) == [SessionStatus.IN_PROGRESS]
    assert "Another Inward window had marked this session as stopped" in notice(window)
