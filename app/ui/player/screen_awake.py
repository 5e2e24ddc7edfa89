"""Ask the desktop to keep the screen on (no screen saver, no lock) while a session plays.

The person lies on a mat 2–3 m away; a blank or locked screen makes them get up. When to
hold is decided in app/core/session/screen_awake_policy.py; this module only talks to the OS:

- Linux: the xdg portal's Inhibit (idle), else org.freedesktop.ScreenSaver's Inhibit, on the
  session bus through QtDBus, asynchronously (the GUI thread never waits for a reply). No
  bus or no service: nothing happens, said once in the debug log.
- Windows: SetThreadExecutionState, from the GUI thread (the state belongs to the thread).
- macOS: an IOKit power assertion that prevents idle display sleep.

QtDBus is imported on the first hold, never on the start-up path.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import sys
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject

from app.ui.common.dbus import DBUS_TIMEOUT_MS, dbus_uint32, session_bus_address

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection, QDBusMessage

log = logging.getLogger(__name__)

APP_NAME = "Inward"

PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_INHIBIT = "org.freedesktop.portal.Inhibit"
PORTAL_REQUEST = "org.freedesktop.portal.Request"
PORTAL_IDLE_FLAG = 8
SCREENSAVER_SERVICE = "org.freedesktop.ScreenSaver"
SCREENSAVER_PATHS = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")

# Windows: winbase.h
ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002

# macOS: IOKit/pwr_mgt/IOPMLib.h, CoreFoundation
MAC_ASSERTION_TYPE = b"PreventUserIdleDisplaySleep"  # kIOPMAssertionTypePreventUserIdleDisplaySleep
MAC_ASSERTION_LEVEL_ON = 255  # kIOPMAssertionLevelOn
CF_STRING_ENCODING_UTF8 = 0x08000100


class Backend(Protocol):
    def hold(self, reason: str) -> None: ...

    def release(self) -> None: ...


class ScreenAwake(QObject):
    """Holds the screen awake until released; hold and release are cheap and idempotent."""

    def __init__(self, parent: QObject | None = None, backend: Backend | None = None) -> None:
        super().__init__(parent)
        self._backend = backend if backend is not None else platform_backend(self)
        self._active = False

    @property
    def active(self) -> bool:
        """Whether a hold was asked for and not released (the OS may still have said no)."""
        return self._active

    def hold(self, reason: str) -> None:
        if not self._active:
            self._active = True
            self._backend.hold(reason)

    def release(self) -> None:
        if self._active:
            self._active = False
            self._backend.release()

    def close(self) -> None:
        """Release and let the backend go (its D-Bus connection, say)."""
        self.release()
        close = getattr(self._backend, "close", None)
        if close is not None:
            close()


def platform_backend(parent: QObject | None = None) -> Backend:
    """The backend for the OS this runs on."""
    if sys.platform == "win32":
        return WindowsBackend()
    if sys.platform == "darwin":
        return MacBackend()
    return DBusBackend(APP_NAME, parent)


# -- Linux and other free desktops: D-Bus ---------------------------------------------


class DBusBackend(QObject):
    """Inhibits idle through the xdg portal, else the freedesktop ScreenSaver service.

    Every call is asynchronous. A hold whose answer comes after a release is undone as soon
    as it arrives, so the screen is never left held by mistake.
    """

    def __init__(
        self, app_name: str = APP_NAME, parent: QObject | None = None, address: str | None = None
    ) -> None:
        super().__init__(parent)
        self.app_name = app_name
        self._address = address
        self._connection: QDBusConnection | None = None
        self._connection_name = f"inward-screen-awake-{id(self):x}"
        self._unavailable = False
        self._wanted = False
        self._pending = False
        self._held: tuple[str, str, int] | None = None  # (kind, object path, cookie)
        self._watchers: set[QObject] = set()

    def hold(self, reason: str) -> None:
        self._wanted = True
        if self._pending or self._held is not None:
            return
        attempts = self._attempts(reason)
        if attempts:
            self._pending = True
            self._try(attempts)

    def release(self) -> None:
        self._wanted = False
        if self._held is not None:
            self._undo(self._held)
            self._held = None

    def close(self) -> None:
        """Release and leave the bus (a window closing; tests with a bus of their own)."""
        self.release()
        if self._connection is not None:
            from PySide6.QtDBus import QDBusConnection

            self._connection = None
            QDBusConnection.disconnectFromBus(self._connection_name)

    # -- internals ------------------------------------------------------------------

    def _bus(self) -> QDBusConnection | None:
        if self._connection is not None or self._unavailable:
            return self._connection
        address = self._address or session_bus_address()
        if address is None:
            return self._give_up("no session bus")
        from PySide6.QtDBus import QDBusConnection

        connection = QDBusConnection.connectToBus(address, self._connection_name)
        if not connection.isConnected():
            QDBusConnection.disconnectFromBus(self._connection_name)
            return self._give_up(
                f"the session bus did not answer: {connection.lastError().message()}"
            )
        self._connection = connection
        self.destroyed.connect(
            functools.partial(QDBusConnection.disconnectFromBus, self._connection_name)
        )
        return connection

    def _give_up(self, why: str) -> None:
        self._unavailable = True
        log.debug("The screen may blank during sessions: %s.", why)
        return None

    def _attempts(self, reason: str) -> list[tuple[str, QDBusMessage]]:
        if self._bus() is None:
            return []
        from PySide6.QtDBus import QDBusMessage

        attempts = []
        flags = dbus_uint32(PORTAL_IDLE_FLAG)
        if flags is not None:
            portal = QDBusMessage.createMethodCall(
                PORTAL_SERVICE, PORTAL_PATH, PORTAL_INHIBIT, "Inhibit"
            )
            portal.setArguments(["", flags, {"reason": reason}])
            attempts.append(("portal", portal))
        for path in SCREENSAVER_PATHS:
            message = QDBusMessage.createMethodCall(
                SCREENSAVER_SERVICE, path, SCREENSAVER_SERVICE, "Inhibit"
            )
            message.setArguments([self.app_name, reason])
            attempts.append(("screensaver", message))
        return attempts

    def _try(self, attempts: list[tuple[str, QDBusMessage]]) -> None:
        kind, message = attempts[0]
        self._call(message, lambda reply: self._answered(kind, message, reply, attempts[1:]))

    def _answered(
        self,
        kind: str,
        message: QDBusMessage,
        reply: QDBusMessage,
        rest: list[tuple[str, QDBusMessage]],
    ) -> None:
        from PySide6.QtDBus import QDBusMessage as Message

        if reply.type() != Message.MessageType.ReplyMessage or not reply.arguments():
            log.debug("%s %s: %s", kind, message.path(), reply.errorMessage())
            if rest:
                self._try(rest)
            else:
                self._pending = False
                self._give_up("no idle inhibitor answered on the session bus")
            return
        self._pending = False
        value = reply.arguments()[0]
        if kind == "portal":
            held = (kind, value.path() if hasattr(value, "path") else str(value), 0)
        else:
            held = (kind, message.path(), int(value))
        if self._wanted:
            self._held = held
        else:  # released while the answer was on its way
            self._undo(held)

    def _undo(self, held: tuple[str, str, int]) -> None:
        from PySide6.QtDBus import QDBusMessage

        kind, path, cookie = held
        if kind == "portal":
            message = QDBusMessage.createMethodCall(PORTAL_SERVICE, path, PORTAL_REQUEST, "Close")
        else:
            argument = dbus_uint32(cookie)
            message = QDBusMessage.createMethodCall(
                SCREENSAVER_SERVICE, path, SCREENSAVER_SERVICE, "UnInhibit"
            )
            message.setArguments([argument])
        self._call(message, lambda reply: log.debug("%s release: %s", kind, reply.errorMessage()))

    def _call(self, message: QDBusMessage, answered: Any) -> None:
        from PySide6.QtDBus import QDBusPendingCallWatcher

        if self._connection is None:
            return
        watcher = QDBusPendingCallWatcher(self._connection.asyncCall(message, DBUS_TIMEOUT_MS))
        self._watchers.add(watcher)  # kept alive until the answer comes

        def finished(done: QDBusPendingCallWatcher) -> None:
            self._watchers.discard(done)
            done.deleteLater()
            answered(done.reply())

        watcher.finished.connect(finished)


# -- Windows ----------------------------------------------------------------------------


class WindowsBackend:
    """SetThreadExecutionState keeps display and system on; the state is the calling
    thread's, so hold and release run on the GUI thread."""

    def __init__(self, kernel32: Any = None) -> None:
        if kernel32 is None:
            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.SetThreadExecutionState.argtypes = [ctypes.c_uint32]
            kernel32.SetThreadExecutionState.restype = ctypes.c_uint32
        self._kernel32 = kernel32

    def hold(self, reason: str) -> None:
        state = ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED
        if not self._kernel32.SetThreadExecutionState(state):
            log.debug("SetThreadExecutionState refused to keep the display on.")

    def release(self) -> None:
        self._kernel32.SetThreadExecutionState(ES_CONTINUOUS)


# -- macOS ------------------------------------------------------------------------------


class MacBackend:
    """An IOPMAssertion that prevents idle display sleep, named with the reason."""

    def __init__(self, iokit: Any = None, corefoundation: Any = None) -> None:
        if iokit is None or corefoundation is None:
            iokit, corefoundation = _mac_libraries()
        self._iokit = iokit
        self._cf = corefoundation
        self._assertion: int | None = None

    def hold(self, reason: str) -> None:
        kind = self._cf.CFStringCreateWithCString(None, MAC_ASSERTION_TYPE, CF_STRING_ENCODING_UTF8)
        name = self._cf.CFStringCreateWithCString(
            None, reason.encode("utf-8"), CF_STRING_ENCODING_UTF8
        )
        assertion = ctypes.c_uint32(0)
        try:
            result = self._iokit.IOPMAssertionCreateWithName(
                kind, MAC_ASSERTION_LEVEL_ON, name, ctypes.byref(assertion)
            )
        finally:
            for string in (kind, name):
                if string:
                    self._cf.CFRelease(string)
        if result == 0:
            self._assertion = assertion.value
        else:
            log.debug("IOPMAssertionCreateWithName failed with %s.", result)

    def release(self) -> None:
        if self._assertion is not None:
            self._iokit.IOPMAssertionRelease(self._assertion)
            self._assertion = None


def _mac_libraries() -> tuple[Any, Any]:
    iokit = ctypes.cdll.LoadLibrary("/System/Library/Frameworks/IOKit.framework/IOKit")
    cf = ctypes.cdll.LoadLibrary(
        "/System/Library/Frameworks/CoreFoundation.framework/CoreFoundation"
    )
    cf.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32]
    cf.CFStringCreateWithCString.restype = ctypes.c_void_p
    cf.CFRelease.argtypes = [ctypes.c_void_p]
    iokit.IOPMAssertionCreateWithName.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint32,
        ctypes.c_void_p,
        ctypes.POINTER(ctypes.c_uint32),
    ]
    iokit.IOPMAssertionCreateWithName.restype = ctypes.c_int32
    iokit.IOPMAssertionRelease.argtypes = [ctypes.c_uint32]
    iokit.IOPMAssertionRelease.restype = ctypes.c_int32
    return iokit, cf
