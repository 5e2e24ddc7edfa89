"""Show a reminder through the desktop's own notifications, with a button that opens Inward.

- Linux and other free desktops: ``org.freedesktop.Notifications`` on the session bus, over
  QtDBus, asynchronously (nothing waits for the desktop). The button is an action; the
  desktop tells which was pressed with the ``ActionInvoked`` signal.
- Elsewhere (and where no notification service answers, while the tray exists):
  ``QSystemTrayIcon.showMessage``; clicking the message is the button.

The notifier says what happened with signals: ``invoked`` (the action key: start-session or
check), ``closed`` (dismissed or expired) and ``unavailable`` (no service: say it another
way). QtDBus is imported here only, never on the window's start-up path.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import SLOT, QObject, Signal, Slot

from app.core.reminders.due import Reminder
from app.ui.common.dbus import DBUS_TIMEOUT_MS, dbus_uint32, session_bus_address

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher
    from PySide6.QtWidgets import QSystemTrayIcon

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
DEFAULT_ACTION = "default"  # clicking the notification itself
NEVER_EXPIRE = 0  # the desktop keeps it until it is answered (the person may be away)
TRAY_MESSAGE_MS = 30_000
SIGNALS = (
    ("ActionInvoked", "_action_invoked(uint,QString)"),
    ("NotificationClosed", "_notification_closed(uint,uint)"),
)


class DBusNotifier(QObject):
    """One notification at a time on the freedesktop service, with its button."""

    invoked = Signal(str)
    closed = Signal()
    unavailable = Signal(str)
    shown = Signal()

    def __init__(self, parent: QObject | None = None, address: str | None = None) -> None:
        super().__init__(parent)
        self._address = address
        self._connection: QDBusConnection | None = None
        self._name = f"inward-notifications-{id(self):x}"
        self._id: int | None = None
        self._action = ""
        self._early: list[tuple[int, str]] = []  # signals that came before Notify's reply
        self._watchers: set[QObject] = set()

    def show(self, reminder: Reminder) -> None:
        """Ask the desktop to show it; the answer comes later as a signal."""
        from PySide6.QtDBus import QDBusMessage, QDBusPendingCallWatcher

        connection = self._bus()
        replaces = dbus_uint32(self._id or 0)
        if connection is None or replaces is None:
            return
        self._action = reminder.action
        message = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "Notify")
        actions = [reminder.action, reminder.action_label, DEFAULT_ACTION, "Open Inward"]
        hints = {"desktop-entry": "inward", "category": "reminder"}
        message.setArguments(
            ["Inward", replaces, "inward", reminder.title, reminder.body, actions, hints,
             NEVER_EXPIRE]
        )  # fmt: skip
        watcher = QDBusPendingCallWatcher(connection.asyncCall(message, DBUS_TIMEOUT_MS))
        self._watchers.add(watcher)
        watcher.finished.connect(self._answered)

    def close(self) -> None:
        """Leave the bus (the notification itself stays with the desktop)."""
        if self._connection is not None:
            from PySide6.QtDBus import QDBusConnection

            connection, self._connection = self._connection, None
            for member, slot in SIGNALS:
                # PySide6's stubs ask for the slot as bytes, but only a str works when run
                # (bytes leave `inward remind` waiting forever: tests/e2e/test_reminders.py).
                connection.disconnect(SERVICE, PATH, INTERFACE, member, self, SLOT(slot))  # type: ignore[call-overload]
            QDBusConnection.disconnectFromBus(self._name)

    def _bus(self) -> QDBusConnection | None:
        if self._connection is not None:
            return self._connection
        address = self._address or session_bus_address()
        if address is None:
            self.unavailable.emit("there is no session bus")
            return None
        from PySide6.QtDBus import QDBusConnection

        connection = QDBusConnection.connectToBus(address, self._name)
        if not connection.isConnected():
            QDBusConnection.disconnectFromBus(self._name)
            self.unavailable.emit("the session bus did not answer")
            return None
        for member, slot in SIGNALS:  # a str slot, as in close()
            connection.connect(SERVICE, PATH, INTERFACE, member, self, SLOT(slot))  # type: ignore[call-overload]
        self._connection = connection
        return connection

    def _answered(self, watcher: QDBusPendingCallWatcher) -> None:
        from PySide6.QtDBus import QDBusMessage

        self._watchers.discard(watcher)
        watcher.deleteLater()
        reply: QDBusMessage = watcher.reply()
        if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
            log.debug("Notify: %s", reply.errorMessage())
            self.unavailable.emit("no notification service answered")
            return
        self._id = int(reply.arguments()[0])
        self.shown.emit()
        early, self._early = self._early, []
        for number, key in early:
            self._action_invoked(number, key)

    @Slot("uint", str)
    def _action_invoked(self, number: int, key: str) -> None:
        if self._id is None:
            self._early.append((number, key))
            return
        if number != self._id:
            return  # another program's notification, or an earlier one of ours
        self.invoked.emit(self._action if key == DEFAULT_ACTION else key)

    @Slot("uint", "uint")
    def _notification_closed(self, number: int, _reason: int) -> None:
        if self._id is not None and number == self._id:
            self.closed.emit()


class TrayNotifier(QObject):
    """The tray's balloon (Windows, macOS, a desktop without the freedesktop service)."""

    invoked = Signal(str)
    closed = Signal()
    unavailable = Signal(str)

    def __init__(self, tray: QSystemTrayIcon, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tray = tray
        self._action = ""
        tray.messageClicked.connect(lambda: self.invoked.emit(self._action))

    def show(self, reminder: Reminder) -> None:
        from PySide6.QtWidgets import QSystemTrayIcon

        if not QSystemTrayIcon.isSystemTrayAvailable():
            self.unavailable.emit("this desktop has no tray for messages")
            return
        self._action = reminder.action
        self._tray.show()
        text = f"{reminder.body}\n(click: {reminder.action_label})".strip()
        self._tray.showMessage(
            reminder.title, text, QSystemTrayIcon.MessageIcon.Information, TRAY_MESSAGE_MS
        )

    def close(self) -> None:
        pass
