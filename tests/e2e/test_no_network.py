"""Privacy: Inward never touches the network, whatever the person does.

Three ways to find out: a whole session through the real window with every Internet
socket, connection and name lookup refused and recorded; every app module imported in a
clean interpreter, then a look at which network clients came with them; and a scan of
the app's source for network classes (Qt's own sockets do not go through Python's, so
the scan is what covers QNetworkAccessManager and friends).
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.e2e.test_checks import open_form, type_readings
from tests.e2e.test_session import sets_in_db, start

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app"
# Python modules whose only job is talking to other machines.
NETWORK_MODULES = (
    "urllib.request",
    "http.client",
    "http.server",
    "ftplib",
    "smtplib",
    "poplib",
    "imaplib",
    "xmlrpc.client",
    "socketserver",
    "requests",
    "urllib3",
    "httpx",
    "aiohttp",
    "websocket",
    "websockets",
)
# What the app imports inside functions, off the start-up path.
LAZY_LIBRARIES = (
    "sqlalchemy.orm",
    "alembic.command",
    "PIL.Image",
    "PIL.ImageOps",
    "platformdirs",
    "PySide6.QtMultimedia",
    "PySide6.QtTextToSpeech",
)
# Qt's network classes; QtNetwork is allowed only for the local socket that keeps one
# Inward per data folder (app/ui/shell/single_instance.py), which is no network connection.
QT_NETWORK_CLASSES = {
    "QNetworkAccessManager",
    "QNetworkRequest",
    "QTcpSocket",
    "QTcpServer",
    "QUdpSocket",
    "QSslSocket",
    "QDnsLookup",
    "QHostInfo",
    "QWebSocket",
    "QHttpServer",
}
QT_LOCAL_ONLY = {"QLocalServer", "QLocalSocket"}


@pytest.fixture
def network_attempts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Refuse and record every Internet socket, connection and name lookup.

    Recorded as well as refused, so an attempt the app caught and hid still fails the test.
    Local (AF_UNIX) sockets are left alone.
    """
    attempts: list[str] = []
    internet = {socket.AF_INET, socket.AF_INET6}

    def refuse(what: str):
        attempts.append(what)
        raise OSError(f"this test allows no network: {what}")

    real_init = socket.socket.__init__
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_init(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and (family == -1 or family in internet):  # -1 means AF_INET
            refuse(f"socket(family={family})")
        real_init(self, family, type, proto, fileno)

    def guarded_connect(self, address):
        if self.family in internet:
            refuse(f"connect({address!r})")
        return real_connect(self, address)

    def guarded_connect_ex(self, address):
        if self.family in internet:
            refuse(f"connect_ex({address!r})")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "__init__", guarded_init)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, lambda *args, _n=name, **kw: refuse(f"{_n}{args!r}"))
    yield attempts


def test_the_guard_catches_a_connection(network_attempts: list[str]) -> None:
    """The guard itself works, or the session below would prove nothing."""
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))
    with pytest.raises(OSError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    assert len(network_attempts) == 2


def test_a_whole_session_opens_no_socket(
    make_window, clock, qtbot, data_dir, tmp_path: Path, network_attempts: list[str]
) -> None:
    from app.ui.report.dialog import ReportDialog

    window = make_window()
    start(window, qtbot)
    clock.run(window.controller, 10 + 60 + 10 + 60 + 15)  # two holds and into a third
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    leave = next(b for b in window.leave_box.buttons() if b.text() == "Leave")
    qtbot.mouseClick(leave, Qt.MouseButton.LeftButton)
    assert len(sets_in_db(data_dir)) == 2

    form = open_form(window, qtbot)
    type_readings(form, qtbot, {"left-1": "31", "right-1": "44"})
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.checks.result_page
    window.show_home()

    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.history
    qtbot.mouseClick(window.history.report_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(ReportDialog)
    report = tmp_path / "report.pdf"
    assert dialog.save_to(report)  # what Save PDF… does once a file is chosen
    assert report.read_bytes().startswith(b"%PDF")
    assert "Saved the report" in dialog.message.text()

    assert network_attempts == []


def test_no_app_module_brings_a_network_client() -> None:
    """Every app module, and the libraries it imports only when needed, imported in a fresh
    interpreter: which network clients came too?"""
    script = (
        "import importlib, json, pkgutil, sys\n"
        "import app\n"
        "for info in pkgutil.walk_packages(app.__path__, 'app.'):\n"
        "    if '.migrations' not in info.name:\n"
        "        importlib.import_module(info.name)\n"
        f"for name in {list(LAZY_LIBRARIES)!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in {list(NETWORK_MODULES)!r} if m in sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == []


def _names(tree: ast.AST) -> Iterator[tuple[str, int]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node.id, node.lineno
        elif isinstance(node, ast.Attribute):
            yield node.attr, node.lineno
        elif isinstance(node, ast.alias):
            yield node.name.split(".")[-1], node.lineno


def test_the_app_source_uses_no_network_api() -> None:
    problems = []
    for path in sorted(APP.rglob("*.py")):
        where = path.relative_to(REPO)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
                if node.module == "PySide6.QtNetwork":
                    extra = {alias.name for alias in node.names} - QT_LOCAL_ONLY
                    if extra:
                        problems.append(f"{where}:{node.lineno} imports {sorted(extra)}")
            else:
                continue
            for module in modules:
                if module == "socket" or module.startswith(NETWORK_MODULES):
                    problems.append(f"{where}:{node.lineno} imports {module}")
        for name, line in _names(tree):
            if name in QT_NETWORK_CLASSES:
                problems.append(f"{where}:{line} uses {name}")
    assert problems == []


# Connections the cue workers' process tree may make, each to this computer only (loopback)
# and each from a program that is not Inward's: the speech daemon (speech-dispatcher, which
# the speech library starts on first use) probes the optional speech servers it is
# configured for, such as MaryTTS at 127.0.0.1:59125, to see whether one is running there.
# Nothing leaves the computer; Inward's own processes connect to nothing (docs/reliability.md).
ALLOWED_LOOPBACK_PROGRAMS = {"speech-dispatcher"}
_CONNECT = re.compile(
    r"^(\d+) +connect\(\d+, \{sa_family=(AF_INET6?), (?:sin6?_port=htons\((\d+)\), )?"
    r'.*?(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")'
)
STRACE = ("strace", "-f", "-qq", "-e", "trace=connect,execve")
_EXEC = re.compile(r'^(\d+) +execve\("([^"]+)"')


def _programs(trace: Path) -> dict[str, str]:
    """The program each traced process id ran last (its execve), by pid."""
    programs: dict[str, str] = {}
    for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
        if (started := _EXEC.match(line)) and "ENOENT" not in line:
            programs[started.group(1)] = Path(started.group(2)).name
    return programs


def _left_behind(tracer: int) -> list[int]:
    """Processes strace `tracer` still follows, other than the one it started itself."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with suppress(OSError):
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
            followed = fields["TracerPid"].strip() == str(tracer)
            if followed and fields["PPid"].strip() != str(tracer):
                found.append(int(status.parent.name))
    return found


def _loopback(address: str) -> bool:
    import ipaddress

    return ipaddress.ip_address(address.split("%")[0]).is_loopback


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace to watch the workers")
@pytest.mark.parametrize("role", ["voice", "sound"])
def test_the_cue_workers_and_what_they_start_connect_to_no_other_computer(
    tmp_path: Path, role: str
) -> None:
    """The window's checks above see only its own process; sound and speech run in worker
    processes, which start a speech daemon of their own. Every connect() in that whole
    tree is traced: none may leave the computer, and the only loopback ones allowed are the
    speech daemon's probes of its own local speech servers."""
    import signal

    trace = tmp_path / "connect.trace"
    say = '{"op": "say", "at": 0, "words": "Hold"}\n'
    script = (
        "import json, select, subprocess, sys, time\n"
        f"worker = subprocess.Popen([sys.executable, '-m', 'app', '--cue-worker', {role!r}],"
        " stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,"
        " text=True)\n"
        # Until its engine or device has started (or not); a stalled speech daemon may hold
        # the worker for good, as the window allows for, so at most 30 s.
        "deadline, started = time.monotonic() + 30, False\n"
        "while select.select([worker.stdout], [], [], max(0, deadline - time.monotonic()))[0]:\n"
        "    line = worker.stdout.readline()\n"
        f"    if not line or json.loads(line).get('ev') == {role!r}:\n"
        "        started = bool(line)\n"
        "        break\n"
        f"worker.stdin.write({say!r}); worker.stdin.close()\n"
        # A worker stuck inside its engine's start never reads its input: no use waiting.
        "try:\n"
        "    worker.wait(timeout=10 if started else 0.5)\n"
        "except subprocess.TimeoutExpired:\n"
        "    worker.kill(); worker.wait()\n"
        "print('worker done', flush=True)\n"
    )
    tracer = subprocess.Popen(
        [*STRACE, "-o", str(trace), sys.executable, "-c", script],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert tracer.stdout is not None
        done = tracer.stdout.readline()
        if not done and "ptrace" in tracer.communicate(timeout=30)[1]:
            pytest.skip("strace cannot trace processes here")
        assert done == "worker done\n"
        # A speech daemon the worker started outlives it (it waits for other clients a
        # while, or hangs on a module), and strace follows it and its forks, which have no
        # execve in the trace: end every process strace still follows but the script itself.
        for pid in _left_behind(tracer.pid):
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, errors = tracer.communicate(timeout=60)
        assert tracer.returncode == 0, errors[-2000:]
    finally:
        if tracer.poll() is None:
            tracer.kill()
        tracer.communicate()
    programs = _programs(trace)
    found: list[tuple[str, str, str]] = []  # (program, address, port)
    for line in trace.read_text(encoding="utf-8", errors="replace").splitlines():
        if connected := _CONNECT.match(line):
            pid, _, port, v4, v6 = connected.groups()
            found.append((programs.get(pid, "?"), v4 or v6, port or "?"))
    assert programs, "strace saw nothing: the check would prove nothing"
    off_computer = [f for f in found if not _loopback(f[1])]
    assert off_computer == []
    not_allowed = [f for f in found if f[0] not in ALLOWED_LOOPBACK_PROGRAMS]
    assert not_allowed == []  # before: nothing looked at the workers at all
