"""D-Bus pieces shared by the screen-awake hold and the reminder notifications.

QtDBus is imported inside the functions, so importing this module costs nothing at start-up.
"""

from __future__ import annotations

import ctypes
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusArgument

DBUS_TIMEOUT_MS = 3000  # a reply later than this counts as no service


def session_bus_address() -> str | None:
    """Where the session bus is, as libdbus would find it, but never by auto-launching one.

    Read each time rather than left to libdbus, which remembers the first address it saw.
    """
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and (Path(runtime) / "bus").exists():
        return f"unix:path={Path(runtime) / 'bus'}"
    return None


@functools.cache
def _qt_uint32_writer() -> Any:
    """Qt's ``QDBusArgument::operator<<(uint)``, or None where it cannot be reached."""
    import PySide6

    candidates = ["libQt6DBus.so.6", str(Path(PySide6.__file__).parent / "Qt/lib/libQt6DBus.so.6")]
    for candidate in candidates:
        try:
            write = ctypes.CDLL(candidate)._ZN13QDBusArgumentlsEj
        except (OSError, AttributeError):
            continue
        write.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        write.restype = ctypes.c_void_p
        return write
    return None


def dbus_uint32(value: int) -> QDBusArgument | None:
    """A D-Bus ``u`` (unsigned 32-bit) argument, or None if Qt's writer is out of reach.

    PySide6 sends every Python int as a signed ``i`` (or, through QDBusArgument, a 16-bit
    ``q``), but the portal's flags and the screen saver's cookie must be ``u``: the desktop
    services check the signature and refuse anything else. Qt's own uint writer, called
    through ctypes on the QDBusArgument's C++ object, writes the right type.
    """
    import shiboken6
    from PySide6.QtDBus import QDBusArgument

    write = _qt_uint32_writer()
    if write is None:
        return None
    argument = QDBusArgument()
    write(shiboken6.getCppPointer(argument)[0], value)
    return argument
