"""One Inward per data folder: a second launch hands its request to the first and exits.

Two windows on one data file would each plan, play and write sessions without seeing the
other's; a second launch (a double click, the desktop's "Start today's session" action)
should instead bring the open window forward. The first instance holds a lock file in
the data folder and listens on a local socket named after the folder; a later launch
finds the lock taken, connects, sends one word a line and waits for "ok". A different
data folder gets a different lock and name, so two of them can run side by side.

QLocalServer and QLocalSocket are local inter-process communication only: a Unix domain
socket in the temporary folder (a named pipe on Windows), never a network connection,
and only this user's processes may connect.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = "raise"
START_SESSION = "start-session"
MESSAGES = (RAISE, START_SESSION)
ACK = b"ok\n"
CONNECT_TIMEOUT_MS = 1000
ANSWER_TIMEOUT_MS = 3000
MAX_REQUEST_BYTES = 1024  # a few short words; anything longer is not from Inward
LOCK_NAME = "inward.lock"
STARTING_PATIENCE_MS = 10_000  # the first Inward may be starting: it listens within this
RETRY_MS = 100


class AlreadyRunning(Exception):
    """Another Inward holds this data folder and does not answer; the message says so."""


def server_name(data_dir: Path) -> str:
    """A short socket name for this user and data folder (however the path was spelled).

    Short because a Unix socket path is limited to about 100 bytes, and hashed because a
    folder's path may hold characters a socket name cannot.
    """
    folder = os.path.normcase(str(Path(data_dir).expanduser().resolve()))
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:20]
    return f"inward-{digest}"


def send_to_running(data_dir: Path, messages: Sequence[str]) -> bool:
    """Deliver ``messages`` to the Inward already running on ``data_dir``.

    True once it has answered "ok"; False when nothing listens there (including a socket
    left behind by a crashed Inward, which refuses the connection).
    """
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write("".join(f"{message}\n" for message in messages).encode())
    socket.flush()
    answer = b""
    while ACK not in answer and socket.waitForReadyRead(ANSWER_TIMEOUT_MS):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return ACK in answer


class InstanceServer(QObject):
    """The first instance's end: each known word a second launch sends becomes a signal."""

    message_received = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[int, bytes] = {}  # by id(socket): what came before a newline

    def listen(self) -> bool:
        return self._server.listen(self.name)

    def remove_stale(self) -> None:
        """Remove a socket file that no live Inward answers on (left by a crash)."""
        QLocalServer.removeServer(self.name)

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            key = id(socket)
            self._buffers[key] = b""
            socket.readyRead.connect(lambda s=socket, k=key: self._read(s, k))
            socket.disconnected.connect(lambda k=key: self._buffers.pop(k, None))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket, key)

    def _read(self, socket: QLocalSocket, key: int) -> None:
        data = self._buffers.get(key, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_REQUEST_BYTES:
            self._buffers.pop(key, None)
            socket.abort()
            return
        *lines, rest = data.split(b"\n")
        self._buffers[key] = rest
        if not lines:
            return
        socket.write(ACK)
        socket.flush()
        for line in lines:
            word = line.decode("utf-8", "replace").strip()
            if word in MESSAGES:
                self.message_received.emit(word)


class Claim:
    """The outcome of :func:`claim`: this process runs Inward, or another one took over.

    ``server`` and ``lock`` must live as long as the window: the lock file says this
    folder is in use, the server hears later launches.
    """

    def __init__(
        self,
        server: InstanceServer | None,
        lock: QLockFile | None,
        handed_over: bool = False,
    ) -> None:
        self.server = server
        self.lock = lock
        self.handed_over = handed_over  # a running Inward took the request: exit now

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        if self.lock is not None:
            self.lock.unlock()


def _hand_over(data_dir: Path, messages: Sequence[str], patience_ms: int) -> bool:
    """Keep offering ``messages`` while the Inward holding the lock may still be starting."""
    waited = QElapsedTimer()
    waited.start()
    while True:
        if send_to_running(data_dir, messages):
            return True
        if waited.elapsed() >= patience_ms:
            return False
        QThread.msleep(RETRY_MS)


def claim(data_dir: Path, messages: Sequence[str]) -> Claim:
    """Become the Inward for ``data_dir``, or hand ``messages`` to the one already running.

    A lock file in the data folder decides who is first, atomically, so two launches a
    moment apart cannot both open the data file; a lock left by a crashed Inward is seen
    as stale (its process is gone) and taken over, and so is its socket file. If the lock
    cannot be written (a read-only folder), the socket alone decides. Raises
    :class:`AlreadyRunning` when another Inward holds the folder but does not answer.
    """
    from app.db.errors import DatabaseError
    from app.db.private_files import make_data_folder, make_private

    data_dir = Path(data_dir)
    lock: QLockFile | None = None
    try:
        make_data_folder(data_dir)  # owner-only, as the window would make it
    except DatabaseError:
        pass  # the window will say what is wrong with the folder
    else:
        lock = QLockFile(str(data_dir / LOCK_NAME))
        lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        if lock.tryLock(0):
            with suppress(OSError):
                make_private(data_dir / LOCK_NAME)
        elif lock.error() == QLockFile.LockError.LockFailedError:
            if _hand_over(data_dir, messages, STARTING_PATIENCE_MS):
                return Claim(None, None, handed_over=True)
            raise AlreadyRunning(
                f"Inward is already open with the data folder {data_dir}, but it does not "
                "answer. Close it (or end it in the task manager) and try again."
            )
        else:
            lock = None  # cannot write a lock here: rely on the socket
    if lock is None and send_to_running(data_dir, messages):
        return Claim(None, None, handed_over=True)
    server = InstanceServer(data_dir)
    server.remove_stale()  # nobody answered on this name, so any socket file is stale
    server.listen()
    return Claim(server, lock)
