"""Where no desktop service can show a reminder, the notifier says so (and it is printed)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QSystemTrayIcon

from app.core.reminders.due import START_SESSION, Reminder
from app.ui.reminders.notifications import DBusNotifier, TrayNotifier
from app.ui.shell.tray import inward_icon

REMINDER = Reminder("Time for today's 20-minute session", "", START_SESSION, "Start")


def test_without_a_session_bus_it_says_so(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    notifier = DBusNotifier()
    with qtbot.waitSignal(notifier.unavailable) as said:
        notifier.show(REMINDER)
    assert said.args == ["there is no session bus"]


def test_a_desktop_without_a_tray_says_so(qtbot) -> None:
    if QSystemTrayIcon.isSystemTrayAvailable():
        pytest.skip("this desktop has a tray")
    tray = QSystemTrayIcon(inward_icon())
    notifier = TrayNotifier(tray)
    with qtbot.waitSignal(notifier.unavailable) as said:
        notifier.show(REMINDER)
    assert said.args == ["this desktop has no tray for messages"]
