"""A strict stand-in for the desktop's notification service, run as its own process.

    python tests/ui/fake_notifications.py ADDRESS LOG [invoke|dismiss|ignore]

Owns org.freedesktop.Notifications on the bus at ADDRESS and answers Notify(susssasa{sv}i)
with a new id, refusing any other signature as the real services do. Each call is appended
to LOG as a JSON line ("ready" once the name is owned). Then, like a person at the desktop,
it presses the notification's first button (`invoke`: the ActionInvoked signal with that
action's key), closes it (`dismiss`: NotificationClosed, reason 2) or does nothing.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVirtualObject

from app.ui.common.dbus import dbus_uint32

PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
SIGNATURES = {"Notify": "susssasa{sv}i", "GetCapabilities": "", "CloseNotification": "u"}


class Fake(QDBusVirtualObject):
    def __init__(self, log: Path, then: str) -> None:
        super().__init__()
        self.log = log
        self.then = then
        self.ids = itertools.count(41)

    def introspect(self, path: str) -> str:
        return ""

    def record(self, entry: dict) -> None:
        with self.log.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        member, signature = message.member(), message.signature()
        args = [a if isinstance(a, str | int | list) else "?" for a in message.arguments()]
        self.record({"member": member, "signature": signature, "args": args})
        if message.interface() != INTERFACE or SIGNATURES.get(member) != signature:
            error = f"No method {member} with signature {signature!r}"
            connection.send(
                message.createErrorReply("org.freedesktop.DBus.Error.UnknownMethod", error)
            )
            return True
        reply = message.createReply()
        if member == "GetCapabilities":
            reply.setArguments([["actions", "body"]])
            connection.send(reply)
            return True
        if member != "Notify":
            connection.send(reply)
            return True
        number = next(self.ids)
        reply.setArguments([dbus_uint32(number)])
        connection.send(reply)
        actions = message.arguments()[5]
        QTimer.singleShot(100, lambda: self.answer(connection, number, actions))
        return True

    def answer(self, connection: QDBusConnection, number: int, actions: list[str]) -> None:
        if self.then == "invoke":
            member, last = "ActionInvoked", actions[0]
            detail: object = actions[0]
        elif self.then == "dismiss":
            member, last = "NotificationClosed", dbus_uint32(2)
            detail = 2
        else:
            return
        signal = QDBusMessage.createSignal(PATH, INTERFACE, member)
        signal.setArguments([dbus_uint32(number), last])
        connection.send(signal)
        self.record({"member": member, "args": [number, detail]})


def main(address: str, log: Path, then: str) -> int:
    app = QCoreApplication([])
    bus = QDBusConnection.connectToBus(address, "fake-notifications")
    fake = Fake(log, then)
    bus.registerVirtualObject(PATH, fake)
    if not bus.registerService("org.freedesktop.Notifications"):
        print("could not own org.freedesktop.Notifications", file=sys.stderr)
        return 1
    with log.open("a", encoding="utf-8") as out:
        out.write('"ready"\n')
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "invoke"))
