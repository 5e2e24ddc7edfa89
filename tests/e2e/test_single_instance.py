"""One Inward per data folder: a second launch brings the open window forward instead."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile, QSysInfo, Qt, QThread, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox

from app.data_dir import database_path
from app.ui.shell import single_instance
from app.ui.shell.launch import answer_second_launch, ask_open_anyway, launch
from app.ui.shell.single_instance import (
    ACK,
    LOCK_NAME,
    RAISE,
    START_SESSION,
    AlreadyRunning,
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
        # Only the first Inward holds the file. Its cue workers, started with the session,
        # share its open files for the instant between fork and exec: a holder that stays
        # is a leak, one seen for that instant is not (a loaded run saw one once).
        until(first, lambda: holders(database_path(folder)) == {first.pid}, timeout=5)

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
        assert taken.lock is not None and taken.lock.isLocked()
        # After its first paint it listens where the next launch looks, the crashed one's
        # socket file out of the way.
        assert taken.listen().name == server_name(folder)
        assert taken.server is not None
    finally:
        taken.release()


def test_an_inward_that_holds_the_folder_but_does_not_answer_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp
) -> None:
    """A hung first window: the second launch says so, naming who holds the folder and the
    lock file, instead of opening the file twice."""
    folder = tmp_path / "data"
    folder.mkdir()
    held = QLockFile(str(folder / LOCK_NAME))
    assert held.tryLock(0)  # held by a live process (this one) that listens nowhere
    pid, _, appname = held.getLockInfo()
    monkeypatch.setattr(single_instance, "STARTING_PATIENCE_MS", 300)
    try:
        with pytest.raises(AlreadyRunning, match="does not answer") as refused:
            claim(folder, [RAISE], open_anyway=never_asked)
    finally:
        held.unlock()
    assert f'end process {os.getpid()} "{appname}" in the task manager' in str(refused.value)
    assert pid == os.getpid()
    assert f"delete the lock file {folder / LOCK_NAME}" in str(refused.value)
    assert not refused.value.asked
    assert not database_path(folder).exists()


def never_asked(text: str) -> bool:
    raise AssertionError(f"asked about a lock on this computer: {text}")


@pytest.fixture
def app_names(qapp) -> Iterator[None]:
    """launch() names the application; put the test application's names back after."""
    names = (qapp.applicationName(), qapp.organizationName(), qapp.desktopFileName())
    yield
    qapp.setApplicationName(names[0])
    qapp.setOrganizationName(names[1])
    qapp.setDesktopFileName(names[2])


def close_message_boxes(seen: list[tuple[str, str]], click: str | None = None) -> QTimer:
    """Read each message box as it opens (the launch waits in its exec()), then close it,
    or click the button named ``click``."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.isVisible():
            seen.append((box.windowTitle(), box.text()))
            default = box.defaultButton()
            if default is not None:
                seen.append(("default", default.text()))
            buttons = [button for button in box.buttons() if button.text() == click]
            if buttons:
                buttons[0].click()
            else:
                box.done(0)  # never left open: the launch would wait for ever

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(10)
    return timer


def test_a_refused_launch_is_shown_not_only_printed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    app_names,
) -> None:
    """Started from the desktop menu or the windowed Windows bundle there is no console:
    the reason is in a message box too, in the same words as the stderr line."""
    folder = tmp_path / "data"
    folder.mkdir()
    held = QLockFile(str(folder / LOCK_NAME))
    assert held.tryLock(0)
    monkeypatch.setattr(single_instance, "STARTING_PATIENCE_MS", 300)
    seen: list[tuple[str, str]] = []
    watcher = close_message_boxes(seen)
    try:
        assert launch(folder) == 1
    finally:
        watcher.stop()
        held.unlock()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("inward: Inward is already open with the data folder")
    assert "does not answer" in captured.err
    assert seen == [("Inward is already open", captured.err.strip().removeprefix("inward: "))]


# -- a lock written on another computer -----------------------------------------------------


@pytest.mark.parametrize(("click", "opens"), [("Open anyway", True), ("Quit", False)])
def test_the_question_about_another_computer(click: str, opens: bool, qapp) -> None:
    seen: list[tuple[str, str]] = []
    watcher = close_message_boxes(seen, click)
    try:
        assert ask_open_anyway("marked as in use by Inward on another computer") is opens
    finally:
        watcher.stop()
    assert seen == [
        (
            "Inward may be open on another computer",
            "marked as in use by Inward on another computer",
        ),
        ("default", "Quit"),  # Enter pressed in a hurry changes nothing
    ]


def this_machine_lock(folder: Path) -> list[bytes]:
    """The lines Qt writes in a lock file on this computer: pid, app, host, machine, boot."""
    probe = QLockFile(str(folder / "probe.lock"))
    assert probe.tryLock(0)
    lines = (folder / "probe.lock").read_bytes().split(b"\n")[:5]
    probe.unlock()
    return lines


def write_lock(folder: Path, lines: list[bytes]) -> bytes:
    content = b"".join(line + b"\n" for line in lines)
    (folder / LOCK_NAME).write_bytes(content)
    return content


@pytest.mark.parametrize("with_machine_id", [True, False], ids=["qt-5.10+", "older-qt"])
def test_another_computers_lock_is_said_and_left_when_declined(
    tmp_path: Path, with_machine_id: bool, qapp
) -> None:
    """A synced or network home folder, or one moved after a crash: Qt cannot see that
    computer's processes, so the lock is never stale; the person is told and decides."""
    folder = tmp_path / "data"
    folder.mkdir()
    pid, app, _, _, boot = this_machine_lock(folder)
    other = (
        [pid, app, b"desk-upstairs", b"0" * 32, boot]
        if with_machine_id
        else [pid, app, b"desk-upstairs"]
    )
    content = write_lock(folder, other)
    asked: list[str] = []

    def decline(text: str) -> bool:
        asked.append(text)
        return False

    with pytest.raises(AlreadyRunning) as refused:
        claim(folder, [RAISE], open_anyway=decline)
    assert refused.value.asked  # already read: launch() prints it and shows nothing more
    assert asked == [str(refused.value)]
    assert '"desk-upstairs"' in asked[0] and "another computer" in asked[0]
    assert f"the lock file {folder / LOCK_NAME}" in asked[0]
    assert (folder / LOCK_NAME).read_bytes() == content  # left as it was
    assert not database_path(folder).exists()


def test_another_computers_lock_is_taken_when_the_person_opens_anyway(tmp_path: Path, qapp) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    pid, app, _, _, boot = this_machine_lock(folder)
    write_lock(folder, [pid, app, b"desk-upstairs", b"0" * 32, boot])
    taken = claim(folder, [RAISE], open_anyway=lambda text: True)
    try:
        assert not taken.handed_over
        assert taken.lock is not None and taken.lock.isLocked()
        assert taken.lock.getLockInfo()[:2] == (os.getpid(), QSysInfo.machineHostName())
    finally:
        taken.release()


def test_a_renamed_computer_is_still_this_computer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp
) -> None:
    """A host name can change while Inward runs (a laptop joining another network): with
    this machine's id in the lock, the live Inward here is asked, and nobody is offered to
    open anyway."""
    folder = tmp_path / "data"
    folder.mkdir()
    held = QLockFile(str(folder / LOCK_NAME))
    assert held.tryLock(0)  # this live process; then the host name in it "changes"
    pid, app, _, machine, boot = (folder / LOCK_NAME).read_bytes().split(b"\n")[:5]
    write_lock(folder, [pid, app, b"renamed-laptop", machine, boot])
    monkeypatch.setattr(single_instance, "STARTING_PATIENCE_MS", 300)
    try:
        with pytest.raises(AlreadyRunning, match="does not answer"):
            claim(folder, [RAISE], open_anyway=never_asked)
    finally:
        held.unlock()


# -- the hand-over's timing ----------------------------------------------------------------


SECOND_LAUNCH = """
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from app.ui.shell import single_instance
app = QCoreApplication(sys.argv)
folder, how = Path(sys.argv[1]), sys.argv[2]
if how == "claim":
    connect = single_instance._connect

    def connect_and_say(data_dir):
        socket = connect(data_dir)
        if socket is None:
            print("nobody listens yet", flush=True)
        return socket

    single_instance._connect = connect_and_say
    taken = single_instance.claim(folder, ["raise", "start-session"])
    print("handed over" if taken.handed_over else "opened", flush=True)
else:
    print("connecting", flush=True)
    print(single_instance._hand_over(folder, ["raise"], 10_000), flush=True)
"""


def second_process(folder: Path, how: str) -> subprocess.Popen[str]:
    """A second launch's blocking calls, in a process of its own (in a thread of this one,
    they would hold the interpreter while this thread's event loop plays the first Inward)."""
    return subprocess.Popen(
        [sys.executable, "-c", SECOND_LAUNCH, str(folder), how],
        cwd=REPO,
        env=offscreen(),
        stdout=subprocess.PIPE,
        text=True,
    )


def finished(qtbot, process: subprocess.Popen[str]) -> list[str]:
    """Run this event loop until ``process`` ends; what it printed."""
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=30_000)
    return process.communicate()[0].splitlines()


def test_a_launch_before_the_first_listens_still_hands_over(tmp_path: Path, qtbot) -> None:
    """The first Inward takes the lock before its window exists but listens only after the
    first paint; a second launch in between keeps trying and gets through."""
    folder = tmp_path / "data"
    first = claim(folder, [RAISE])
    assert first.lock is not None and first.lock.isLocked() and first.server is None
    second = second_process(folder, "claim")
    try:
        assert second.stdout.readline() == "nobody listens yet\n"  # it came too early
        heard: list[str] = []
        first.listen().message_received.connect(heard.append)
        assert finished(qtbot, second)[-1] == "handed over"
        assert second.returncode == 0
        assert heard == [RAISE, START_SESSION]
    finally:
        if second.poll() is None:
            second.kill()
            second.communicate()
        first.release()


def test_a_busy_first_window_gets_the_request_once(tmp_path: Path, qtbot) -> None:
    """A first window busy for longer than a single wait for "ok" used to be sent the
    request again on a new connection each try; the copies stayed queued and were all acted
    on later. Now the request waits on its one connection."""
    folder = tmp_path / "data"
    server = InstanceServer(folder)
    server.remove_stale()
    assert server.listen()
    heard: list[str] = []
    server.message_received.connect(heard.append)
    second = second_process(folder, "hand over")
    try:
        assert second.stdout.readline() == "connecting\n"
        # The first window is busy (its event loop does not run) for longer than the 3 s a
        # single try used to wait for "ok"; the second launch's request waits meanwhile.
        QThread.msleep(3500)
        assert finished(qtbot, second)[-1] == "True"
        QApplication.processEvents()  # a copy queued on another connection is read by now
        assert heard == [RAISE]
    finally:
        if second.poll() is None:
            second.kill()
            second.communicate()
        server.close()


def test_a_normal_start_loads_qtnetwork_only_after_the_first_paint(tmp_path: Path) -> None:
    """The lock is QtCore; the socket that hears later launches is opened after the window
    has painted, so a normal start pays for QtNetwork after the paint, not before. (The
    start-up benchmark runs --self-test, which takes no lock, so it cannot see this.)"""
    folder = tmp_path / "data"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QTimer\n"
        "from app.ui.shell import main_window\n"
        f"folder = Path({str(folder)!r})\n"
        "seen = {}\n"
        "def note(when):\n"
        "    seen[when] = ('PySide6.QtNetwork' in sys.modules, (folder / 'inward.lock').exists())\n"
        "class Probe(main_window.MainWindow):\n"
        "    def __init__(self, *args, **kwargs):\n"
        "        note('built')\n"
        "        super().__init__(*args, **kwargs)\n"
        "        self.first_painted.connect(lambda: note('painted'))\n"
        "        self.ready.connect(lambda: note('ready'))\n"
        "        self.ready.connect(lambda: QTimer.singleShot(0, self.close))\n"
        "main_window.MainWindow = Probe\n"
        "from app.ui.shell.launch import launch\n"
        "code = launch(folder)\n"
        "print(code, seen)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=offscreen(),
        capture_output=True,
        text=True,
        timeout=STARTUP_TIMEOUT_S,
    )
    assert result.returncode == 0, result.stderr
    # (QtNetwork loaded, lock file there) before the window was built, at its first paint,
    # and once it was usable: the lock came first, the socket after the paint.
    assert result.stdout.splitlines()[-1] == (
        "0 {'built': (False, True), 'painted': (False, True), 'ready': (True, True)}"
    )


def test_two_launches_at_once_open_one_window(tmp_path: Path) -> None:
    """A double click that became two: whichever takes the lock opens, the other hands
    over (usually before the first listens) and exits 0."""
    folder = tmp_path / "data"
    launches = [
        subprocess.Popen(
            inward(folder),
            cwd=REPO,
            env=offscreen(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while all(process.poll() is None for process in launches):
            assert time.monotonic() < deadline, "neither launch handed over"
            with suppress(subprocess.TimeoutExpired):
                launches[0].wait(timeout=0.05)
        ended, running = sorted(launches, key=lambda process: process.poll() is None)
        out, err = ended.communicate()
        assert ended.returncode == 0, err
        assert out.strip() == (
            f"Inward is already open with the data folder {folder}; brought its window forward."
        )
        until(running, lambda: has_schema(database_path(folder)))
    finally:
        for process in launches:
            if process.poll() is None:
                stop(process, folder)
            process.communicate()


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


@pytest.mark.skipif(os.name != "posix", reason="Windows uses a named pipe, kept to the user")
def test_the_hand_over_socket_lives_where_only_this_user_can_make_files(
    tmp_path: Path, qapp
) -> None:
    """A socket named in the shared /tmp could be made first by another user, who would
    then hear (and could answer) every second launch."""
    folder = tmp_path / "data"
    server = InstanceServer(folder)
    try:
        assert server.listen()
        path = Path(server._server.fullServerName())
        assert path.is_absolute() and str(path) == server_name(folder)
        parent = os.stat(path.parent)
        assert parent.st_uid == os.getuid()
        assert parent.st_mode & 0o077 == 0, oct(parent.st_mode)  # before: /tmp, mode 1777
    finally:
        server.close()


@pytest.mark.skipif(os.name != "posix", reason="Windows uses a named pipe, kept to the user")
@pytest.mark.parametrize("taken_by", ["another user", "everyone"])
def test_a_socket_folder_another_user_made_first_is_never_used(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    qapp,
    taken_by: str,
) -> None:
    import tempfile

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    if taken_by == "another user":  # we are user 4242 here; the folder is not theirs
        monkeypatch.setattr(single_instance, "_user_id", lambda: 4242)
        made_first = tmp_path / "inward-4242"
        made_first.mkdir(mode=0o700)
    else:
        made_first = tmp_path / f"inward-{os.getuid()}"
        made_first.mkdir()
        made_first.chmod(0o777)
    folder = tmp_path / "data"
    first = claim(folder, [RAISE])
    try:
        server = first.listen()
        assert not server._server.isListening()
        assert list(made_first.iterdir()) == []  # nothing of ours in someone else's folder
        said = capsys.readouterr().err
        assert f"The folder {made_first}, where Inward keeps the socket" in said
        assert "is not yours alone" in said
        monkeypatch.setattr(single_instance, "STARTING_PATIENCE_MS", 200)
        with pytest.raises(AlreadyRunning, match="is not yours alone"):
            claim(folder, [RAISE], open_anyway=never_asked)  # a second launch is told why
    finally:
        first.release()
