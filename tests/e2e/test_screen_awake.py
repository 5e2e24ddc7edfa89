"""The screen stays awake during a session: a real D-Bus, a strict fake desktop service.

A private dbus-daemon runs per test (its own config: no service activation, nothing of the
machine's session). A helper process (tests/ui/fake_inhibitor.py) owns the freedesktop
ScreenSaver and/or portal names on it and records every call, and the real main window
plays a session on that bus.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.e2e.test_session import start, tick_until

HELPER = Path(__file__).resolve().parents[1] / "ui" / "fake_inhibitor.py"
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@pytest.fixture
def private_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A session bus of this test's own; DBUS_SESSION_BUS_ADDRESS points at it meanwhile."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed (Debian: apt-get install dbus-daemon)")
    config = tmp_path / "bus.conf"
    config.write_text(BUS_CONFIG.format(dir=tmp_path), encoding="utf-8")
    process = subprocess.Popen(
        [daemon, f"--config-file={config}", "--print-address", "--nofork"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    address = process.stdout.readline().strip()
    assert address.startswith("unix:"), address
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)  # monkeypatch puts it back
    yield address
    process.terminate()
    process.wait(10)
    process.stdout.close()


def calls(log: Path) -> list[dict]:
    if not log.exists():
        return []
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if isinstance(line, dict)]


def members(log: Path) -> list[str]:
    return [call["member"] for call in calls(log)]


def fake_services(
    helper: Path, private_bus: str, folder: Path, qtbot
) -> Iterator[Callable[..., Path]]:
    """For a fixture: ``serve(*arguments)`` starts the fake desktop service ``helper`` on the
    private bus and returns its call log; every one started is stopped at the end."""
    processes = []

    def serve(*arguments: str) -> Path:
        log = folder / f"calls-{len(processes)}.jsonl"
        process = subprocess.Popen([sys.executable, str(helper), private_bus, str(log), *arguments])
        processes.append(process)
        qtbot.waitUntil(lambda: log.exists() and "ready" in log.read_text(), timeout=15_000)
        assert process.poll() is None
        return log

    yield serve
    for process in processes:
        process.terminate()
        process.wait(10)


@pytest.fixture
def desktop(private_bus: str, tmp_path: Path, qtbot) -> Iterator[Callable[..., Path]]:
    """Starts the fake inhibitor service(s) on the private bus; returns its call log."""
    yield from fake_services(HELPER, private_bus, tmp_path, qtbot)


def pause_key(window, qtbot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Space)


def leave(window, qtbot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    button = next(b for b in window.leave_box.buttons() if b.text() == "Leave")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.home


def test_a_session_inhibits_the_screen_saver_and_leaving_lets_it_go(
    desktop, make_window, clock, qtbot
) -> None:
    log = desktop("screensaver")
    window = make_window()
    start(window, qtbot)
    qtbot.waitUntil(lambda: "Inhibit" in members(log))
    inhibit = calls(log)[0]
    assert inhibit["interface"] == "org.freedesktop.ScreenSaver"
    assert inhibit["path"] == "/org/freedesktop/ScreenSaver"
    assert inhibit["signature"] == "ss"
    app_name, reason = inhibit["args"]
    assert app_name == "Inward" and "Inward" in reason
    clock.run(window.controller, 30)
    assert members(log) == ["Inhibit"]  # held once, not on every tick

    leave(window, qtbot)
    qtbot.waitUntil(lambda: "UnInhibit" in members(log))
    uninhibit = calls(log)[1]
    assert uninhibit["signature"] == "u"  # the desktop refuses a signed cookie
    assert uninhibit["args"] == [4242]
    assert members(log) == ["Inhibit", "UnInhibit"]


def test_a_long_pause_releases_resume_holds_again_and_the_end_releases(
    desktop, make_window, clock, qtbot
) -> None:
    log = desktop("screensaver")
    window = make_window()
    start(window, qtbot)
    qtbot.waitUntil(lambda: members(log) == ["Inhibit"])
    pause_key(window, qtbot)
    assert window.controller.player.paused
    clock.run(window.controller, 179)
    assert members(log) == ["Inhibit"]  # 2:59 paused: still held
    clock.run(window.controller, 1.5)
    qtbot.waitUntil(lambda: members(log) == ["Inhibit", "UnInhibit"])
    assert calls(log)[1]["args"] == [4242]

    pause_key(window, qtbot)  # back on the mat
    qtbot.waitUntil(lambda: members(log) == ["Inhibit", "UnInhibit", "Inhibit"])
    tick_until(window, clock, lambda: window.controller.player.finished, step=5)
    qtbot.waitUntil(lambda: len(members(log)) == 4)
    assert calls(log)[3]["member"] == "UnInhibit"
    assert calls(log)[3]["args"] == [4243]  # the second hold's cookie


def test_the_older_screensaver_path_is_tried_too(desktop, make_window, qtbot) -> None:
    log = desktop("screensaver:/ScreenSaver")
    window = make_window()
    start(window, qtbot)
    qtbot.waitUntil(lambda: [c["path"] for c in calls(log)] == ["/ScreenSaver"])
    leave(window, qtbot)
    qtbot.waitUntil(lambda: members(log) == ["Inhibit", "UnInhibit"])
    assert calls(log)[1]["path"] == "/ScreenSaver"


def test_the_portal_comes_first_and_closing_its_request_releases(
    desktop, make_window, qtbot
) -> None:
    screensaver = desktop("screensaver")
    portal = desktop("portal")
    window = make_window()
    start(window, qtbot)
    qtbot.waitUntil(lambda: "Inhibit" in members(portal))
    inhibit = calls(portal)[0]
    assert inhibit["interface"] == "org.freedesktop.portal.Inhibit"
    assert inhibit["signature"] == "sua{sv}"
    window_id, flags, options = inhibit["args"]
    assert window_id == "" and flags == 8  # 8: idle
    assert "Inward" in options["reason"]

    leave(window, qtbot)
    qtbot.waitUntil(lambda: "Close" in members(portal))
    close = calls(portal)[1]
    assert close["interface"] == "org.freedesktop.portal.Request"
    assert close["path"].startswith("/org/freedesktop/portal/desktop/request/")
    assert members(screensaver) == []  # the portal answered, so no fallback


def test_a_bus_without_any_inhibitor_changes_nothing(
    private_bus, make_window, clock, qtbot, caplog
) -> None:
    caplog.set_level(logging.DEBUG, logger="app.ui.player.screen_awake")
    window = make_window()
    start(window, qtbot)
    awake = window.screen_awake()
    qtbot.waitUntil(lambda: "no idle inhibitor" in caplog.text)
    clock.run(window.controller, 20)
    assert awake.active and window.controller.player.started
    leave(window, qtbot)
    assert not awake.active
    start(window, qtbot)  # a second session: no new attempts, no new log lines
    leave(window, qtbot)
    assert caplog.text.count("The screen may blank") == 1


def test_no_session_bus_at_all_is_harmless(make_window, clock, qtbot, monkeypatch, caplog) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    caplog.set_level(logging.DEBUG, logger="app.ui.player.screen_awake")
    window = make_window()
    start(window, qtbot)
    clock.run(window.controller, 10)
    pause_key(window, qtbot)
    clock.run(window.controller, 200)
    pause_key(window, qtbot)
    tick_until(window, clock, lambda: window.controller.player.finished, step=5)
    assert not window.screen_awake().active
    assert caplog.text.count("The screen may blank during sessions: no session bus") == 1


def test_a_fake_screen_awake_can_be_given_to_the_window(data_dir, clock, sink, qtbot) -> None:
    from app.ui.shell.main_window import MainWindow
    from tests.core.session.test_screen_awake_policy import RecordingAwake

    awake = RecordingAwake()
    window = MainWindow(data_dir, clock.monotonic, clock.wall, sink, screen_awake=awake)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.load()
    start(window, qtbot)
    assert window.screen_awake() is awake and awake.active
    leave(window, qtbot)
    assert awake.calls[-1] == "release" and not awake.active


def test_a_release_before_the_answer_undoes_the_hold_when_it_comes(desktop, qtbot) -> None:
    from app.ui.player.screen_awake import DBusBackend

    log = desktop("screensaver")
    backend = DBusBackend()
    backend.hold("Inward: test")
    backend.release()  # the Inhibit call is still on its way
    qtbot.waitUntil(lambda: members(log) == ["Inhibit", "UnInhibit"])
    assert calls(log)[1]["args"] == [4242]
    backend.close()
