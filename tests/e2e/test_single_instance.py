"""One Inward per data folder: a second launch brings the open window forward instead."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.data_dir import database_path
from app.ui.launch import answer_second_launch
from app.ui.single_instance import (
    ACK,
    LOCK_NAME,
    RAISE,
    START_SESSION,
    InstanceServer,
    claim,
    send_to_running,
    server_name,
)

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 60


def inward(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "app", "--data-dir", str(data_dir), *args]


def offscreen() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def open_inward(data_dir: Path) -> subprocess.Popen[bytes]:
    """The real app, left running; returns once its data file is set up."""
    process = subprocess.Popen(
        inward(data_dir),
        cwd=REPO,
        env=offscreen(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    until(process, lambda: has_schema(database_path(data_dir)))
    return process


def has_schema(path: Path) -> bool:
    if not path.exists():  # connecting would create it
        return False
    with sqlite3.connect(path) as connection:
        found = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sessions'"
        ).fetchone()[0]
    connection.close()
    return bool(found)


def until(process: subprocess.Popen[bytes], condition, timeout: float = STARTUP_TIMEOUT_S) -> None:
    """Wait on the running app (it must not exit) until ``condition`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the app never got there"
        with pytest.raises(subprocess.TimeoutExpired):
            process.wait(timeout=0.05)  # still running, as it should be


def sessions(data_dir: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(database_path(data_dir)) as connection:
        rows = connection.execute("SELECT id, status FROM sessions").fetchall()
    connection.close()
    return rows


def holders(path: Path) -> set[int]:
    """Processes with the data file open (Linux: their /proc/PID/fd links)."""
    pids = set()
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) == str(path) for fd in fd_dir.iterdir()):
                pids.add(int(fd_dir.parent.name))
        except OSError:  # a process that ended or is not ours
            continue
    return pids


def stop(process: subprocess.Popen[bytes], data_dir: Path) -> None:
    process.terminate()
    process.wait(timeout=30)
    QLocalServer.removeServer(server_name(data_dir))  # SIGTERM left its socket file


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_second_launch_hands_over_and_never_opens_the_data_file(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    first = open_inward(folder)
    try:
        began = time.monotonic()
        second = subprocess.run(
            inward(folder, "--start-session"),
            cwd=REPO,
            env=offscreen(),
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT_S,
        )
        took = time.monotonic() - began
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip() == (
            f"Inward is already open with the data folder {folder}; brought its window "
            "forward and asked it to start today's session."
        )
        # The first window started today's session itself: one session, in progress.
        until(first, lambda: sessions(folder) != [])
        assert sessions(folder) == [(1, "in_progress")]
        assert holders(database_path(folder)) == {first.pid}

        # Another folder is another Inward, side by side.
        other = open_inward(tmp_path / "other")
        try:
            assert first.poll() is None and other.poll() is None  # neither handed over
            assert sessions(tmp_path / "other") == []  # and each keeps to its own file
        finally:
            stop(other, tmp_path / "other")
    finally:
        stop(first, folder)
    print(f"second launch handed over in {took:.2f} s")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is a POSIX signal")
def test_a_crashed_inward_leaves_nothing_in_the_way(tmp_path: Path, qapp) -> None:
    folder = tmp_path / "data"
    first = open_inward(folder)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    lock_file = folder / LOCK_NAME
    assert lock_file.exists()  # left behind, naming a process that is gone
    if os.name == "posix":
        assert lock_file.stat().st_mode & 0o777 == 0o600  # the data folder stays private
    assert not send_to_running(folder, [RAISE])  # its socket answers nobody
    taken = claim(folder, [RAISE])
    try:
        assert not taken.handed_over
        assert taken.server is not None and taken.lock is not None and taken.lock.isLocked()
        # The next launch now finds this one.
        assert server_name(folder) == taken.server.name
    finally:
        taken.release()


def test_an_inward_that_holds_the_folder_but_does_not_answer_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp
) -> None:
    """A hung first window: the second launch says so instead of opening the file twice."""
    from PySide6.QtCore import QLockFile

    from app.ui import single_instance

    folder = tmp_path / "data"
    folder.mkdir()
    held = QLockFile(str(folder / LOCK_NAME))
    assert held.tryLock(0)  # held by a live process (this one) that listens nowhere
    monkeypatch.setattr(single_instance, "STARTING_PATIENCE_MS", 300)
    try:
        with pytest.raises(single_instance.AlreadyRunning, match="does not answer"):
            claim(folder, [RAISE])
    finally:
        held.unlock()
    assert not database_path(folder).exists()


def test_self_test_runs_beside_an_open_inward(tmp_path: Path) -> None:
    """CI and the benchmarks run --self-test; it must not hand over to a running window."""
    folder = tmp_path / "data"
    first = open_inward(folder)
    try:
        result = subprocess.run(
            inward(folder, "--self-test"),
            cwd=REPO,
            env=offscreen(),
            capture_output=True,
            text=True,
            timeout=STARTUP_TIMEOUT_S,
        )
        assert result.returncode == 0 and "inward self-test ok" in result.stdout
        assert first.poll() is None
    finally:
        stop(first, folder)


# -- the first window's side, in this process ---------------------------------------------


def listening(window) -> InstanceServer:
    server = InstanceServer(window.data_dir, window)
    server.remove_stale()
    assert server.listen()
    server.message_received.connect(lambda message: answer_second_launch(window, message))
    return server


def second_launch(qtbot, window, *messages: str) -> None:
    """What a second process sends, from a socket on this event loop (a blocking client
    here would keep the window's end from answering)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(window.data_dir))
    qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.ConnectedState)
    socket.write("".join(f"{message}\n" for message in messages).encode())
    answer = bytearray()
    socket.readyRead.connect(lambda: answer.extend(bytes(socket.readAll().data())))
    qtbot.waitUntil(lambda: ACK in answer, timeout=10_000)
    socket.disconnectFromServer()


def test_raise_brings_a_minimised_window_forward(make_window, qtbot) -> None:
    window = make_window()
    server = listening(window)
    window.showMinimized()
    qtbot.waitUntil(lambda: window.isMinimized())
    second_launch(qtbot, window, RAISE)
    qtbot.waitUntil(lambda: not window.isMinimized() and window.isActiveWindow())
    assert window.pages.currentWidget() is window.home  # nothing else happened
    server.close()


def test_start_session_starts_today_when_idle(make_window, qtbot) -> None:
    window = make_window()
    server = listening(window)
    second_launch(qtbot, window, RAISE, START_SESSION)
    qtbot.waitUntil(lambda: window.runner is not None)
    assert window.pages.currentWidget() is window.player_page
    assert window.player_page.banner_label.text() == "GET READY"
    server.close()


def test_start_session_never_throws_away_a_check_being_typed(make_window, qtbot) -> None:
    window = make_window()
    server = listening(window)
    qtbot.mouseClick(window.home.checks_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.checks.list_page.start_buttons["prone-ir"], Qt.MouseButton.LeftButton)
    form = window.checks.form
    qtbot.keyClicks(form.row("left-1").degrees, "31")
    second_launch(qtbot, window, RAISE, START_SESSION)
    qtbot.waitUntil(lambda: window.isActiveWindow())
    assert window.runner is None
    assert window.pages.currentWidget() is form
    assert form.row("left-1").degrees.text() == "31"
    server.close()


def test_unknown_requests_are_ignored(make_window, qtbot) -> None:
    window = make_window()
    server = listening(window)
    heard: list[str] = []
    server.message_received.connect(heard.append)
    second_launch(qtbot, window, "delete-everything", RAISE)
    assert heard == [RAISE]
    server.close()
