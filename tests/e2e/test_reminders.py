"""`inward remind` on a real (private) D-Bus, with a strict fake notification service.

The real main window is open on the data folder and listens for later launches, as Inward
does; `inward remind` runs as its own process, reads the data file, shows the notification,
and the fake desktop presses its button: the window must start today's session (or open the
self-check). Without any notification service the reminder is printed instead.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QLabel

from app.core.checks.types import CheckRecord, MeasuredBy, Method, Mode, Trial
from app.core.records import Side
from app.core.reminders.due import REMINDERS_KEY, ReminderSettings
from app.db.reminder_facts import STATE_NAME, last_reminded, record_reminded
from app.schedule_install import Places
from app.ui.shell.launch import answer_second_launch
from app.ui.shell.reminders import OfferBanner
from app.ui.shell.single_instance import CHECK, RAISE
from app.ui.shell.tray import Tray
from tests.e2e.test_screen_awake import (
    calls,
    fake_services,
    private_bus,  # noqa: F401 - a fixture
)
from tests.e2e.test_single_instance import inward, listening, offscreen, second_launch

HELPER = Path(__file__).resolve().parents[1] / "ui" / "fake_notifications.py"
NOW = "2026-11-21T10:00:00+00:00"  # a Saturday; the windows' fake clock says 09:00 that day
EVERY_DAY = ReminderSettings(
    enabled=True, days=tuple(range(7)), at="08:00", quiet_from="22:00", quiet_until="07:00"
)


def notified(log: Path) -> list[dict]:
    return [entry for entry in calls(log) if entry["member"] == "Notify"]


@pytest.fixture
def desktop(
    private_bus: str,  # noqa: F811
    tmp_path: Path,
    qtbot,
) -> Iterator[Callable[[str], Path]]:
    """Starts the fake notification service; returns its call log."""
    yield from fake_services(HELPER, private_bus, tmp_path, qtbot)


def remind(qtbot, data_dir: Path, *extra: str, env: dict | None = None) -> str:
    """Run `inward remind` while this event loop keeps the window answering; its output."""
    process = subprocess.Popen(
        inward(data_dir, "remind", "--now", NOW, *extra),
        env=env or offscreen(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=60_000)
    output = process.stdout.read()
    process.stdout.close()
    assert process.returncode == 0, output
    return output


def switch_on(window, settings: ReminderSettings = EVERY_DAY) -> None:
    window.store.set_setting(REMINDERS_KEY, settings.to_dict())


def test_the_button_starts_todays_session_in_the_open_window(
    desktop, make_window, data_dir: Path, qtbot
) -> None:
    log = desktop("invoke")
    window = make_window()
    switch_on(window)
    server = listening(window)
    minutes = round(window.plan.seconds / 60)
    output = remind(qtbot, data_dir)
    [call] = notified(log)
    assert call["signature"] == "susssasa{sv}i"
    app_name, replaces, _icon, title, _body, actions, _hints, _expire = call["args"]
    assert (app_name, replaces) == ("Inward", 0)
    assert title == f"Time for today's {minutes}-minute session"
    assert actions == ["start-session", "Start today's session", "default", "Open Inward"]
    assert "Reminder answered: handed to the open Inward." in output
    qtbot.waitUntil(lambda: window.runner is not None)
    assert window.pages.currentWidget() is window.player_page
    assert (data_dir / STATE_NAME).is_file()
    again = remind(qtbot, data_dir)
    assert "No reminder now: already reminded today." in again
    assert len(notified(log)) == 1
    server.close()


def test_a_due_recheck_opens_the_self_check(desktop, make_window, data_dir: Path, qtbot) -> None:
    log = desktop("invoke")
    window = make_window()
    taken = datetime(2026, 10, 22, 9, 0, tzinfo=UTC)
    trials = tuple(
        Trial(side, n, degrees, Method.INCLINOMETER, Mode.PASSIVE, MeasuredBy.SELF)
        for side, degrees in ((Side.LEFT, 28.0), (Side.RIGHT, 41.0))
        for n in (1, 2)
    )
    window.store.add_check(CheckRecord("prone-ir", taken, trials))
    switch_on(window)
    server = listening(window)
    remind(qtbot, data_dir)
    [call] = notified(log)
    assert call["args"][3] == "Your left hip is due a re-check (last on 22 Oct)"
    assert call["args"][5][:2] == ["check", "Self-check"]
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.checks.list_page)
    assert window.runner is None
    server.close()


def test_dismissed_it_opens_nothing(desktop, make_window, data_dir: Path, qtbot) -> None:
    log = desktop("dismiss")
    window = make_window()
    switch_on(window)
    server = listening(window)
    output = remind(qtbot, data_dir)
    assert len(notified(log)) == 1 and "Reminder answered" not in output
    assert window.pages.currentWidget() is window.home
    server.close()


def test_without_a_notification_service_it_prints_and_exits_0(
    private_bus,  # noqa: F811
    make_window,
    data_dir: Path,
    qtbot,
) -> None:
    window = make_window()
    switch_on(window)
    output = remind(qtbot, data_dir)
    assert "Reminder (no desktop notifications (no notification service answered)): " in output
    assert "Time for today's" in output and "Open it with: inward --start-session" in output


def test_off_it_reads_nothing_more_and_writes_nothing(make_window, data_dir: Path, qtbot) -> None:
    window = make_window()
    window.store.close()
    window._store = None
    data_file = data_dir / "inward.sqlite3"
    before = (data_file.read_bytes(), data_file.stat().st_mtime_ns)
    env = {k: v for k, v in offscreen().items() if k != "DBUS_SESSION_BUS_ADDRESS"}
    output = remind(qtbot, data_dir, env=env)
    assert output.strip() == "No reminder now: reminders are off."
    assert (data_file.read_bytes(), data_file.stat().st_mtime_ns) == before
    assert not (data_dir / STATE_NAME).exists()


def test_the_check_request_opens_the_self_check_when_idle(make_window, qtbot) -> None:
    window = make_window()
    server = listening(window)
    second_launch(qtbot, window, RAISE, CHECK)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.checks.list_page)
    server.close()


def test_the_check_request_leaves_a_playing_session_alone(make_window, qtbot) -> None:
    window = make_window()
    server = listening(window)
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    assert window.runner is not None
    second_launch(qtbot, window, RAISE, CHECK)
    qtbot.waitUntil(lambda: window.isActiveWindow())
    assert window.pages.currentWidget() is window.player_page
    server.close()


def test_when_the_data_folder_cannot_hold_the_note_it_goes_to_the_state_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    data_dir = tmp_path / "data"
    (data_dir / STATE_NAME).mkdir(parents=True)  # cannot be written as a file
    moment = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    written = record_reminded(data_dir, moment)
    assert written is not None and written.is_relative_to(tmp_path / "state")
    assert sorted(p.name for p in data_dir.iterdir()) == [STATE_NAME]  # no part file left
    assert last_reminded(data_dir) == moment
    record_reminded(data_dir, moment - timedelta(days=1))  # older: the newer one still counts
    assert last_reminded(data_dir) == moment - timedelta(days=1)


# -- Settings → Reminders and the one-time question ---------------------------------------


class Tools:
    """systemctl and friends, recorded instead of run."""

    def __init__(self) -> None:
        self.ran: list[list[str]] = []

    def __call__(self, command) -> tuple[int, str]:
        self.ran.append(list(command))
        return 0, ""


def test_reminders_are_switched_on_in_settings_installed_and_said(
    make_window, data_dir: Path, tmp_path: Path, qtbot
) -> None:
    window = make_window()
    centre = window.reminders
    centre.places = Places("linux", tmp_path / "home", tmp_path / "config", tmp_path / "rec")
    centre.run_tool = tools = Tools()
    qtbot.mouseClick(window.home.settings_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.settings_dialog.reminders_button, Qt.MouseButton.LeftButton)
    dialog = centre.dialog
    assert dialog is not None and not dialog.enabled.isChecked()  # off by default
    assert dialog.preview.text() == "Reminders are off."
    assert dialog.installed.text() == "Nothing: reminders and the login start are off."
    dialog.enabled.click()
    dialog.day_boxes[5].click()  # Saturday as well as Monday, Wednesday and Friday
    dialog.at.setTime(QTime(8, 15))
    minutes = round(window.plan.seconds / 60)
    assert dialog.preview.text() == (
        "On Monday, Wednesday, Friday and Saturday at 08:15. Today it would say:\n"
        f"Time for today's {minutes}-minute session"
    )
    dialog.accept()
    stored = ReminderSettings.from_dict(window.store.get_setting(REMINDERS_KEY, None))
    assert stored.enabled and stored.days == (0, 2, 4, 5) and stored.at == "08:15"
    timer = tmp_path / "config" / "systemd" / "user" / "inward-reminders.timer"
    assert "OnCalendar=Mon,Wed,Fri,Sat *-*-* 08:15:00" in timer.read_text("utf-8")
    assert ["systemctl", "--user", "enable", "--now", "inward-reminders.timer"] in tools.ran
    assert f"Installed: {timer}" in centre.result_box.text()
    centre.result_box.close()

    centre.open_settings()
    assert str(timer) in centre.dialog.installed.text()
    centre.dialog.enabled.click()
    centre.dialog.accept()
    assert not timer.exists()
    assert f"Removed: {timer}" in centre.result_box.text()
    assert ["systemctl", "--user", "disable", "--now", "inward-reminders.timer"] in tools.ran


def finish_a_session(window, clock, qtbot) -> None:
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    while not window.controller.player.finished:
        qtbot.keyClick(window, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.checkin_page)


def offers(window) -> list[OfferBanner]:
    return [b for b in window.checkin_page.findChildren(OfferBanner) if b.isVisible()]


def test_the_first_finished_session_asks_once_without_getting_in_the_way(
    make_window, clock, qtbot
) -> None:
    window = make_window()
    finish_a_session(window, clock, qtbot)
    [banner] = offers(window)
    assert "Would you like a reminder on the days you choose?" in banner.findChild(QLabel).text()
    assert window.isActiveWindow()  # nothing popped up over the page
    qtbot.mouseClick(banner.not_now, Qt.MouseButton.LeftButton)
    assert offers(window) == []
    stored = ReminderSettings.from_dict(window.store.get_setting(REMINDERS_KEY, None))
    assert stored.asked and not stored.enabled
    qtbot.mouseClick(window.checkin_page.save_button, Qt.MouseButton.LeftButton)
    finish_a_session(window, clock, qtbot)
    assert offers(window) == []


def test_set_up_from_the_question_opens_reminders(make_window, clock, qtbot) -> None:
    window = make_window()
    finish_a_session(window, clock, qtbot)
    [banner] = offers(window)
    qtbot.mouseClick(banner.setup, Qt.MouseButton.LeftButton)
    assert window.reminders.dialog is not None and window.reminders.dialog.isVisible()
    window.reminders.dialog.reject()


def test_the_tray_menu_starts_the_session_or_the_check(make_window, qtbot) -> None:
    window = make_window()
    tray = Tray(
        lambda: answer_second_launch(window, "start-session"),
        lambda: answer_second_launch(window, CHECK),
        lambda: None,
        window,
    )
    assert list(tray.actions) == ["Start today's session", "Self-check", "Quit"]
    tray.actions["Self-check"].trigger()
    assert window.pages.currentWidget() is window.checks.list_page
    window.show_home()
    tray.actions["Start today's session"].trigger()
    assert window.runner is not None and window.pages.currentWidget() is window.player_page


def test_while_open_a_due_reminder_shows_and_its_button_starts_the_session(
    desktop, make_window, data_dir: Path, qtbot
) -> None:
    log = desktop("invoke")
    window = make_window()
    switch_on(window, replace(EVERY_DAY, at="00:00", quiet_from="00:00", quiet_until="00:00"))
    reminder = window.reminders.remind_if_due()
    assert reminder is not None and reminder.action == "start-session"
    qtbot.waitUntil(lambda: window.runner is not None)
    [call] = notified(log)
    assert call["args"][3] == reminder.title
    assert window.reminders.remind_if_due() is None  # once a day, shared with `inward remind`
    assert "already reminded today" in remind(qtbot, data_dir)
