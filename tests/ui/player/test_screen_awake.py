"""The platform side of keeping the screen awake, with fakes where the OS is not this one."""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pytest

from app.ui.common.dbus import dbus_uint32
from app.ui.player import screen_awake
from app.ui.player.screen_awake import (
    ES_CONTINUOUS,
    ES_DISPLAY_REQUIRED,
    ES_SYSTEM_REQUIRED,
    DBusBackend,
    MacBackend,
    ScreenAwake,
    WindowsBackend,
    platform_backend,
)


class RecordingBackend:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def hold(self, reason: str) -> None:
        self.calls.append(f"hold {reason}")

    def release(self) -> None:
        self.calls.append("release")


def test_hold_and_release_reach_the_backend_once_each(qtbot) -> None:
    backend = RecordingBackend()
    awake = ScreenAwake(backend=backend)
    assert not awake.active
    awake.hold("a")
    awake.hold("b")
    assert awake.active
    awake.release()
    awake.release()
    awake.close()
    assert not awake.active
    assert backend.calls == ["hold a", "release"]


def test_windows_asks_for_display_and_system_then_continuous_alone() -> None:
    states: list[int] = []

    class Kernel32:
        def SetThreadExecutionState(self, state: int) -> int:
            states.append(state)
            return ES_CONTINUOUS

    backend = WindowsBackend(Kernel32())
    backend.hold("reason")
    backend.release()
    assert states == [ES_CONTINUOUS | ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED, ES_CONTINUOUS]
    assert states[0] == 0x80000003


def test_macos_creates_a_named_display_assertion_and_releases_it() -> None:
    made: list[tuple] = []
    released: list[object] = []
    freed: list[bytes] = []

    class CoreFoundation:
        def CFStringCreateWithCString(self, alloc, text: bytes, encoding: int) -> bytes:
            assert alloc is None and encoding == screen_awake.CF_STRING_ENCODING_UTF8
            return text

        def CFRelease(self, string: bytes) -> None:
            freed.append(string)

    class IOKit:
        def IOPMAssertionCreateWithName(self, kind, level, name, out) -> int:
            made.append((kind, level, name))
            out._obj.value = 77
            return 0

        def IOPMAssertionRelease(self, assertion: int) -> int:
            released.append(assertion)
            return 0

    backend = MacBackend(IOKit(), CoreFoundation())
    backend.hold("Inward: a session")
    assert made == [(b"PreventUserIdleDisplaySleep", 255, b"Inward: a session")]
    assert freed == [b"PreventUserIdleDisplaySleep", b"Inward: a session"]
    backend.release()
    backend.release()
    assert released == [77]


def test_macos_failure_holds_nothing() -> None:
    class CoreFoundation:
        def CFStringCreateWithCString(self, *args) -> bytes:
            return b"s"

        def CFRelease(self, string) -> None:
            pass

    class IOKit:
        def IOPMAssertionCreateWithName(self, *args) -> int:
            return -536870212  # kIOReturnError

        def IOPMAssertionRelease(self, assertion: int) -> int:
            raise AssertionError("nothing to release")

    backend = MacBackend(IOKit(), CoreFoundation())
    backend.hold("x")
    backend.release()


@pytest.mark.parametrize(
    ("platform", "expected"),
    [("linux", DBusBackend), ("freebsd14", DBusBackend), ("win32", "windows"), ("darwin", "mac")],
)
def test_the_backend_follows_the_platform(monkeypatch, qtbot, platform, expected) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(screen_awake, "WindowsBackend", lambda: "windows")
    monkeypatch.setattr(screen_awake, "MacBackend", lambda: "mac")
    backend = platform_backend()
    if isinstance(expected, str):
        assert backend == expected
    else:
        assert isinstance(backend, expected)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's Linux library")
def test_a_dbus_uint32_is_unsigned_32_bit() -> None:
    argument = dbus_uint32(4_000_000_000)
    assert argument is not None
    assert argument.currentSignature() == "u"
    assert ctypes.c_uint32(-1).value == 4_294_967_295


def test_qtdbus_is_not_loaded_until_a_hold() -> None:
    script = (
        "import sys\n"
        "import app.ui.player.screen_awake as s\n"
        "s.ScreenAwake()\n"
        "assert 'PySide6.QtDBus' not in sys.modules, 'loaded early'\n"
        "print('lazy')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.stdout.strip() == "lazy", result.stderr
