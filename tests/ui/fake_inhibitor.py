"""A strict stand-in for the desktop's idle inhibitors, run as its own process on a test bus.

    python tests/ui/fake_inhibitor.py ADDRESS LOG [screensaver[:PATH]] [portal]

Serves org.freedesktop.ScreenSaver (Inhibit(ss) -> u, UnInhibit(u)) and/or the xdg portal
(Inhibit(sua{sv}) -> o, Request.Close()). Like the real services it refuses a call whose
signature is wrong, e.g. a cookie sent as a signed int. Every call it receives is appended
to LOG as a JSON line; "ready" is written once the names are owned.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import (
    QDBusConnection,
    QDBusMessage,
    QDBusObjectPath,
    QDBusVirtualObject,
)

from app.ui.common.dbus import dbus_uint32

PORTAL_REQUEST_ROOT = "/org/freedesktop/portal/desktop/request/1_1"
EXPECTED = {
    ("org.freedesktop.ScreenSaver", "Inhibit"): "ss",
    ("org.freedesktop.ScreenSaver", "UnInhibit"): "u",
    ("org.freedesktop.portal.Request", "Close"): "",
}


def plain(value: object) -> object:
    if isinstance(value, QDBusObjectPath):
        return value.path()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


@ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Inhibit"})
class Portal(QObject):
    """The portal's Inhibit as a slot: QtDBus hands a{sv} over as a dict (a raw message
    would give a QDBusArgument that PySide6 cannot read) and still checks the signature."""

    def __init__(self, fake: Fake) -> None:
        super().__init__()
        self.fake = fake

    @Slot(str, "uint", "QVariantMap", result=QDBusObjectPath)
    def Inhibit(self, window: str, flags: int, options: dict) -> QDBusObjectPath:
        self.fake.record(
            "/org/freedesktop/portal/desktop",
            ("org.freedesktop.portal.Inhibit", "Inhibit"),
            "sua{sv}",
            [window, flags, options],
        )
        return QDBusObjectPath(f"{PORTAL_REQUEST_ROOT}/t{next(self.fake.requests)}")


class Fake(QDBusVirtualObject):
    def __init__(self, log: Path) -> None:
        super().__init__()
        self.log = log
        self.cookies = itertools.count(4242)
        self.requests = itertools.count(1)

    def record(self, path: str, key: tuple[str, str], signature: str, args: list) -> None:
        entry = {
            "path": path,
            "interface": key[0],
            "member": key[1],
            "signature": signature,
            "args": [plain(value) for value in args],
        }
        with self.log.open("a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")

    def introspect(self, path: str) -> str:
        return ""

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        key = (message.interface(), message.member())
        self.record(message.path(), key, message.signature(), message.arguments())
        if EXPECTED.get(key) != message.signature():
            connection.send(
                message.createErrorReply(
                    "org.freedesktop.DBus.Error.UnknownMethod",
                    f"No method {key} with signature {message.signature()!r}",
                )
            )
            return True
        reply = message.createReply()  # (given a list, createReply sends one array)
        if key == ("org.freedesktop.ScreenSaver", "Inhibit"):
            reply.setArguments([dbus_uint32(next(self.cookies))])
        connection.send(reply)
        return True


def main(address: str, log: Path, services: list[str]) -> int:
    app = QCoreApplication([])
    bus = QDBusConnection.connectToBus(address, "fake-inhibitor")
    fake = Fake(log)
    sub_paths = QDBusConnection.VirtualObjectRegisterOption.SubPath
    exported_slots = QDBusConnection.RegisterOption.ExportAllSlots
    for service in services:
        if service.startswith("screensaver"):
            _, _, path = service.partition(":")
            bus.registerVirtualObject(path or "/org/freedesktop/ScreenSaver", fake)
            ok = bus.registerService("org.freedesktop.ScreenSaver")
        else:
            portal = Portal(fake)
            bus.registerObject("/org/freedesktop/portal/desktop", portal, exported_slots)
            bus.registerVirtualObject(PORTAL_REQUEST_ROOT, fake, sub_paths)
            ok = bus.registerService("org.freedesktop.portal.Desktop")
        if not ok:
            print(f"could not own a name for {service}", file=sys.stderr)
            return 1
    with log.open("a", encoding="utf-8") as out:
        out.write('"ready"\n')
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:]))
