"""Time through the real window: clock jumps during a hold, UTC storage, local display, and
a trip across time zones that must not reorder the history.

The computer's zone is changed in this process (TZ and time.tzset), as a person's laptop
would change it; the zones are POSIX rules, so no zone database is needed.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.data_dir import database_path
from app.ui.player.controller import SUSPEND_THRESHOLD_SECONDS
from tests.e2e.test_checks import open_form, type_readings
from tests.e2e.test_session import sets_in_db, shown, start, tick_until

BRISBANE = "AEST-10"  # UTC+10 all year
LOS_ANGELES = "PST+8"  # UTC-8 (standard time, as in November)


@pytest.fixture
def local_zone() -> Iterator[Callable[[str], None]]:
    """Set the computer's time zone; put the test runner's back afterwards."""
    if not hasattr(time, "tzset"):
        pytest.skip("changing the zone in a running process needs time.tzset (POSIX)")
    before = os.environ.get("TZ")

    def use(rule: str) -> None:
        os.environ["TZ"] = rule
        time.tzset()

    yield use
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def rows(data_dir: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(database_path(data_dir)) as connection:
        found = connection.execute(sql).fetchall()
    connection.close()
    return found


def into_the_first_hold(window, clock, qtbot) -> None:
    """Start today's session and play 20 s of its first 60 s hold."""
    start(window, qtbot)
    clock.run(window.controller, 10 + 20)
    assert (shown(window)["banner"], shown(window)["countdown"]) == ("HOLD", "0:40")


# -- clock jumps during a hold ------------------------------------------------------------


def test_a_suspend_pauses_the_hold_says_so_and_costs_no_hold_time(
    make_window, clock, qtbot, data_dir
) -> None:
    window = make_window()
    into_the_first_hold(window, clock, qtbot)
    clock.wall_offset += 12 * 60  # the lid was shut for twelve minutes ...
    clock.run(window.controller, 0.5)  # ... and the monotonic clock barely moved
    page = window.player_page
    assert window.controller.player.paused
    assert shown(window)["banner"] == "PAUSED"
    assert shown(window)["countdown"] == "0:40"  # paused where it was before the sleep
    assert page.note_label.isVisible()
    assert "slept or its clock jumped" in page.note_label.text()
    clock.run(window.controller, 30)  # nobody there yet: nothing moves
    assert shown(window)["countdown"] == "0:40"

    qtbot.keyClick(window, Qt.Key.Key_Space)  # back on the mat
    assert not window.controller.player.paused
    clock.run(window.controller, 40)
    (first,) = sets_in_db(window.data_dir)
    assert first[:5] == ("release-deep-glutes", "left", 1, 0, 60.0)  # a full, not a longer, hold


def test_a_clock_set_back_an_hour_takes_no_time_away_or_adds_any(
    make_window, clock, qtbot, data_dir
) -> None:
    window = make_window()
    into_the_first_hold(window, clock, qtbot)
    clock.wall_offset -= 3600  # the computer's clock is corrected backwards
    clock.run(window.controller, 1)
    assert not window.controller.player.paused
    assert shown(window)["countdown"] == "0:39"
    assert window.player_page.note_label.text() == ""
    clock.run(window.controller, 39)
    (first,) = sets_in_db(data_dir)
    assert first[:5] == ("release-deep-glutes", "left", 1, 0, 60.0)
    ((started, ended),) = rows(data_dir, "SELECT started_at, ended_at FROM set_records")
    span = datetime.fromisoformat(ended) - datetime.fromisoformat(started)
    assert span.total_seconds() == 60.0  # the stored times agree with the hold


def test_a_small_jump_forward_is_not_taken_for_a_sleep(make_window, clock, qtbot) -> None:
    window = make_window()
    into_the_first_hold(window, clock, qtbot)
    clock.wall_offset += SUSPEND_THRESHOLD_SECONDS / 2  # a time-sync nudge
    clock.run(window.controller, 1)
    assert not window.controller.player.paused
    assert shown(window)["countdown"] == "0:39"


# -- UTC in the file, local on the screen -------------------------------------------------


def play_a_short_session(window, clock, qtbot) -> None:
    """A 10-minute session from start to the check-in, then home."""
    window.home.budget.setCurrentIndex(window.home.budget.findData(10))
    start(window, qtbot)
    tick_until(window, clock, lambda: window.controller.player.finished, step=5)
    window.show_home()


def take_check(window, qtbot, left: str) -> None:
    form = open_form(window, qtbot)
    type_readings(form, qtbot, {"left-1": left, "right-1": "44"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.checks.result_page
    window.show_home()


def check_list(window, qtbot) -> list[tuple[str, str]]:
    """The Self-checks page's rows as shown: (when, left)."""
    qtbot.mouseClick(window.home.checks_button, Qt.MouseButton.LeftButton)
    model = window.checks.list_page.model
    shown_rows = [
        (model.index(row, 0).data(), model.index(row, 2).data()) for row in range(model.rowCount())
    ]
    window.show_home()
    return shown_rows


def session_log(window, qtbot) -> list[str]:
    """History's session log as shown: when each session started, newest first."""
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    page = window.history
    page.tabs.setCurrentWidget(page.log_tab)
    model = page.log_model
    qtbot.waitUntil(lambda: model.exhausted)
    when = [model.item(row, 0).text() for row in range(model.rowCount())]
    window.show_home()
    return when


def test_times_are_stored_in_utc_and_shown_in_the_computers_zone(
    make_window, clock, qtbot, data_dir, local_zone
) -> None:
    local_zone(BRISBANE)
    window = make_window()
    take_check(window, qtbot, "31")  # at 09:00 UTC, 19:00 in Brisbane
    play_a_short_session(window, clock, qtbot)
    assert rows(data_dir, "SELECT taken_at FROM check_records") == [
        ("2026-11-21T09:00:00.000000+00:00",)
    ]
    (session_start,) = rows(data_dir, "SELECT started_at FROM sessions")
    assert session_start[0].endswith("+00:00")
    set_times = rows(data_dir, "SELECT started_at, ended_at FROM set_records")
    assert set_times and all(t.endswith("+00:00") for pair in set_times for t in pair)
    assert check_list(window, qtbot) == [("2026-11-21 19:00", "31°")]
    assert session_log(window, qtbot)[0].endswith("21 Nov 2026, 19:00")
    window.close()

    local_zone(LOS_ANGELES)  # the same file, read on a computer set to California
    again = make_window()
    assert check_list(again, qtbot) == [("2026-11-21 01:00", "31°")]
    assert session_log(again, qtbot)[0].endswith("21 Nov 2026, 01:00")


def test_flying_east_to_west_keeps_history_in_the_order_it_happened(
    make_window, clock, qtbot, data_dir, local_zone
) -> None:
    """Brisbane in the evening, then Los Angeles in the small hours of the same date: the
    local clock goes back fifteen hours, the history must still read newest first."""
    local_zone(BRISBANE)
    window = make_window()
    take_check(window, qtbot, "31")  # 19:00 Brisbane
    play_a_short_session(window, clock, qtbot)  # 19:00 Brisbane
    window.close()

    # A flight later: 11:09 UTC, 03:09 in Los Angeles (the 10-minute plan keeps a stretch, a
    # joint mobilization, a movement and strengthening since issue 13: about 9 minutes here).
    clock.advance(2 * 3600)
    local_zone(LOS_ANGELES)
    again = make_window()
    take_check(again, qtbot, "36")
    play_a_short_session(again, clock, qtbot)

    log = session_log(again, qtbot)
    assert len(log) == 2
    assert log[0].endswith("21 Nov 2026, 03:09")  # Los Angeles: the newer one, on top
    assert log[1].endswith("21 Nov 2026, 01:00")  # Brisbane's evening, in Los Angeles time
    assert check_list(again, qtbot) == [
        ("2026-11-21 03:09", "36°"),
        ("2026-11-21 01:00", "31°"),
    ]
    assert again.home.last_session_label.text() == "Last session: today"
