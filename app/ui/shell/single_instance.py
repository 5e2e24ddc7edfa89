"""One Inward per data folder: a second launch hands its request to the first and exits.

Two windows on one data file would each plan, play and write sessions without seeing the
other's; a second launch (a double click, the desktop's "Start today's session" action)
should instead bring the open window forward. The first instance takes a lock file in the
data folder before it builds its window, and once the window has painted it listens on a
local socket named after the folder; a later launch finds the lock taken, connects (trying
again for a while: the first may not listen yet), sends one word a line and waits for "ok".
A different data folder gets a different lock and name, so two of them can run side by side.

Only QtCore is needed to take the lock, so a normal start-up loads QtNetwork after the first
paint. QLocalServer and QLocalSocket are local inter-process communication only: a Unix
domain socket in a folder only this user may use ($XDG_RUNTIME_DIR, or <temp>/inward-<uid>;
see :func:`socket_folder`), a named pipe on Windows; never a network connection, and only
this user's processes may connect.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QLockFile, QObject, QSysInfo, QThread, Signal

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

RAISE = "raise"
START_SESSION = "start-session"
CHECK = "check"  # open the self-check (`inward --check`, a re-check reminder's button)
MESSAGES = (RAISE, START_SESSION, CHECK)
ACK = b"ok\n"
CONNECT_TIMEOUT_MS = 1000
MAX_REQUEST_BYTES = 1024  # a few short words; anything longer is not from Inward
LOCK_NAME = "inward.lock"
# The first Inward may be starting (it listens once its window has painted): a second launch
# keeps trying to connect for this long, and once connected waits this long for "ok".
STARTING_PATIENCE_MS = 10_000
RETRY_MS = 100

# Asked when the lock was written on another computer: shown the text, True to open anyway.
OpenAnyway = Callable[[str], bool]


class AlreadyRunning(Exception):
    """Another Inward holds this data folder and does not answer; the message says so.

    ``asked`` is True when the person has already read the message (and chose not to open
    anyway), so it need not be shown again.
    """

    def __init__(self, message: str, asked: bool = False) -> None:
        super().__init__(message)
        self.asked = asked


class UnsafeSocketFolder(Exception):
    """The folder for the hand-over socket is not this user's alone; the message says so."""


def _user_id() -> int:
    return os.getuid()


def _ours_alone(info: os.stat_result) -> bool:
    return stat.S_ISDIR(info.st_mode) and info.st_uid == _user_id() and not info.st_mode & 0o077


def socket_folder() -> Path | None:
    """Where this user's hand-over sockets go (POSIX): $XDG_RUNTIME_DIR when it is this
    user's alone, else ``<temp>/inward-<uid>``, made owner-only. None on Windows, where the
    socket is a named pipe that UserAccessOption already keeps to this user.

    Not the shared temporary folder itself: a socket name there is easy to guess, and any
    other user could create it first and answer (or silence) a second launch. Raises
    UnsafeSocketFolder when ``<temp>/inward-<uid>`` belongs to someone else or others may
    write in it (made there before Inward, by another user).
    """
    if os.name != "posix":
        return None
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if os.path.isabs(runtime):
        with suppress(OSError):
            if _ours_alone(os.stat(runtime)):
                return Path(runtime)
    folder = Path(tempfile.gettempdir()) / f"inward-{_user_id()}"
    try:
        os.mkdir(folder, 0o700)
    except FileExistsError:
        pass  # made earlier: looked at below, whoever made it
    except OSError as error:
        raise UnsafeSocketFolder(
            f"Inward could not make the folder {folder} for the socket that lets a second "
            f"launch bring its window forward ({error.strerror or error})."
        ) from None
    info = os.lstat(folder)
    if not _ours_alone(info):
        raise UnsafeSocketFolder(
            f"The folder {folder}, where Inward keeps the socket that lets a second launch "
            "bring its window forward, is not yours alone (its owner is user "
            f"{info.st_uid}, mode {stat.S_IMODE(info.st_mode):o}), so another person on this "
            "computer could listen there in Inward's place. Inward does not use it: a second "
            "launch cannot bring this window forward. Remove that folder (it may take the "
            "computer's administrator) and start Inward again."
        )
    return folder


def server_name(data_dir: Path) -> str:
    """The socket for this user and data folder (however the path was spelled): a path in
    :func:`socket_folder` on POSIX, a pipe name on Windows. UnsafeSocketFolder when there is
    no safe place for it.

    The name is short because a Unix socket path is limited to about 100 bytes, and hashed
    because a folder's path may hold characters a socket name cannot.
    """
    folder = os.path.normcase(str(Path(data_dir).expanduser().resolve()))
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{folder}".encode()).hexdigest()[:20]
    private = socket_folder()
    return f"inward-{digest}" if private is None else str(private / f"inward-{digest}")


def socket_problem(data_dir: Path) -> str | None:
    """Why no socket can be used for ``data_dir``, or None."""
    try:
        server_name(data_dir)
    except UnsafeSocketFolder as error:
        return str(error)
    return None


def _connect(data_dir: Path) -> QLocalSocket | None:
    """A connection to the Inward listening for ``data_dir``, or None when nobody listens
    there (including a socket file left by a crashed Inward, which refuses connections) or
    the socket's folder is not this user's alone (nothing there is trusted)."""
    from PySide6.QtNetwork import QLocalSocket  # only a second launch needs it this early

    try:
        name = server_name(data_dir)
    except UnsafeSocketFolder:
        return None
    socket = QLocalSocket()
    socket.connectToServer(name)
    if socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return socket
    socket.abort()
    return None


def _deliver(socket: QLocalSocket, messages: Sequence[str], patience_ms: int) -> bool:
    """Send ``messages`` on ``socket`` and wait up to ``patience_ms`` for "ok" on it."""
    socket.write("".join(f"{message}\n" for message in messages).encode())
    socket.flush()
    waited = QElapsedTimer()
    waited.start()
    answer = b""
    while ACK not in answer:
        left = patience_ms - waited.elapsed()
        if left <= 0 or not socket.waitForReadyRead(int(left)):
            break
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return ACK in answer


def send_to_running(
    data_dir: Path, messages: Sequence[str], patience_ms: int = STARTING_PATIENCE_MS
) -> bool:
    """Deliver ``messages`` to the Inward already running on ``data_dir``, in one attempt.

    True once it has answered "ok"; False when nothing listens there (including a socket
    left behind by a crashed Inward, which refuses the connection) or when it connects but
    does not answer within ``patience_ms``.
    """
    socket = _connect(data_dir)
    return socket is not None and _deliver(socket, messages, patience_ms)


class InstanceServer(QObject):
    """The first instance's end: each known word a second launch sends becomes a signal."""

    message_received = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer  # after the first paint, not before

        super().__init__(parent)
        try:
            self.name: str | None = server_name(data_dir)
            self.problem: str | None = None
        except UnsafeSocketFolder as error:  # listen nowhere rather than somewhere unsafe
            self.name, self.problem = None, str(error)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[int, bytes] = {}  # by id(socket): what came before a newline

    def listen(self) -> bool:
        return self.name is not None and self._server.listen(self.name)

    def remove_stale(self) -> None:
        """Remove a socket file that no live Inward answers on (left by a crash)."""
        if self.name is not None:
            self._server.removeServer(self.name)

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

    ``lock`` must live as long as the window: the lock file says this folder is in use.
    ``server`` is None until :meth:`listen` is called (after the window's first paint);
    from then on it hears later launches.
    """

    def __init__(
        self,
        data_dir: Path,
        lock: QLockFile | None,
        handed_over: bool = False,
    ) -> None:
        self.data_dir = data_dir
        self.lock = lock
        self.server: InstanceServer | None = None
        self.handed_over = handed_over  # a running Inward took the request: exit now

    def listen(self, parent: QObject | None = None) -> InstanceServer:
        """Start hearing later launches (imports QtNetwork: call it after the first paint).

        Nobody answered on this name when the folder was claimed, so a socket file already
        there is stale (left by a crash) and is removed first.
        """
        server = InstanceServer(self.data_dir, parent)
        server.remove_stale()
        server.listen()
        if server.problem is not None:  # the window opens; only the hand-over is missing
            print(f"inward: {server.problem}", file=sys.stderr, flush=True)
        self.server = server
        return server

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
        if self.lock is not None:
            self.lock.unlock()


def _hand_over(data_dir: Path, messages: Sequence[str], patience_ms: int) -> bool:
    """Offer ``messages`` to the Inward holding the lock, which may still be starting.

    Connecting is tried again every RETRY_MS for ``patience_ms`` (the first Inward listens
    only once its window has painted). Once connected, the request stays on that one
    connection, waiting up to ``patience_ms`` for "ok": a busy first window answers it later,
    and a new connection per try would leave earlier copies of the request queued there, to
    be acted on after this launch had already said the window does not answer.
    """
    waited = QElapsedTimer()
    waited.start()
    while True:
        socket = _connect(data_dir)
        if socket is not None:
            return _deliver(socket, messages, patience_ms)
        if waited.elapsed() >= patience_ms:
            return False
        QThread.msleep(RETRY_MS)


class _Holder:
    """Who holds a lock file, as the file itself says (QLockFile.getLockInfo)."""

    def __init__(self, lock: QLockFile) -> None:
        self.pid, self.hostname, self.appname = lock.getLockInfo()  # pid 0: unreadable
        self.known = self.pid > 0
        self.host_id = b""
        with suppress(OSError):  # line 4 is the machine's unique id (Qt 5.10 and later)
            lines = Path(lock.fileName()).read_bytes().split(b"\n")
            self.host_id = lines[3].strip() if len(lines) > 3 else b""

    def elsewhere(self) -> bool:
        """Written on another computer, so Qt cannot tell whether its process is gone.

        Qt itself trusts the machine id over the host name when the file has one (a host
        name can change while Inward runs, on a laptop joining another network).
        """
        if not self.known:
            return False
        ours = bytes(QSysInfo.machineUniqueId().data())
        if self.host_id and ours:
            return self.host_id != ours
        names = {QSysInfo.machineHostName().casefold()}
        if os.name == "nt":  # Qt writes COMPUTERNAME there
            names.add(os.environ.get("COMPUTERNAME", "").casefold())
        return bool(self.hostname) and self.hostname.casefold() not in names

    def process(self) -> str:
        return f'process {self.pid} "{self.appname}"' if self.appname else f"process {self.pid}"


def _does_not_answer(data_dir: Path, lock_path: Path, holder: _Holder) -> str:
    unsafe = socket_problem(data_dir)
    why = f" {unsafe}" if unsafe else ""
    if not holder.known:
        return (
            f"Inward is already open with the data folder {data_dir}, but it does not "
            "answer. Close it (or end it in the task manager) and try again. If no Inward "
            f"is open, delete the lock file {lock_path} and start Inward again.{why}"
        )
    return (
        f"Inward is already open with the data folder {data_dir}, but it does not answer. "
        f"Close it (or end {holder.process()} in the task manager) and try again. If "
        f"process {holder.pid} is not Inward, delete the lock file {lock_path} and start "
        f"Inward again.{why}"
    )


def _elsewhere(data_dir: Path, lock_path: Path, holder: _Holder) -> str:
    return (
        f"The data folder {data_dir} is marked as in use by Inward on another computer, "
        f'"{holder.hostname}" ({holder.process()}); the mark is the lock file {lock_path}. '
        "Two Inwards on one data file can lose sessions, so if Inward is open there, close it "
        "first. If it is not (the folder was synced or moved from there, or that computer "
        "crashed), Inward can open anyway."
    )


def claim(data_dir: Path, messages: Sequence[str], open_anyway: OpenAnyway | None = None) -> Claim:
    """Become the Inward for ``data_dir``, or hand ``messages`` to the one already running.

    A lock file in the data folder decides who is first, atomically, so two launches a
    moment apart cannot both open the data file; a lock left by a crashed Inward on this
    computer is seen as stale (its process is gone) and taken over. Only QtCore is used
    when the folder is free: the returned claim listens for later launches once
    :meth:`Claim.listen` is called. If the lock cannot be written (a read-only folder),
    the socket alone decides.

    A lock written on another computer (a synced or network home folder, or one moved after
    a crash) is never stale to Qt, which cannot see that computer's processes: unless an
    Inward here answers, ``open_anyway`` is shown what is known and decides whether the lock
    is removed and taken (once). Raises :class:`AlreadyRunning` when another Inward holds
    the folder but does not answer, or the lock is another computer's and not taken.
    """
    from app.db.errors import DatabaseError
    from app.db.private_files import make_data_folder, make_private

    data_dir = Path(data_dir)
    lock_path = data_dir / LOCK_NAME
    lock: QLockFile | None = None
    try:
        make_data_folder(data_dir)  # owner-only, as the window would make it
    except DatabaseError:
        pass  # the window will say what is wrong with the folder
    else:
        lock = QLockFile(str(lock_path))
        lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        offered = False  # the person has been asked about another computer's lock
        looked_again = False
        while not lock.tryLock(0):
            if lock.error() != QLockFile.LockError.LockFailedError:
                lock = None  # cannot write a lock here: rely on the socket
                break
            holder = _Holder(lock)
            if not holder.known and not lock_path.exists() and not looked_again:
                looked_again = True  # released between the two looks: try once more
                continue
            if not holder.elsewhere():
                if _hand_over(data_dir, messages, STARTING_PATIENCE_MS):
                    return Claim(data_dir, None, handed_over=True)
                raise AlreadyRunning(_does_not_answer(data_dir, lock_path, holder))
            if offered:  # removed, yet another computer's lock is there again
                raise AlreadyRunning(_elsewhere(data_dir, lock_path, holder))
            # An Inward on this computer would still answer on this computer's socket
            # (one try, no waiting to connect); otherwise the person decides.
            if send_to_running(data_dir, messages):
                return Claim(data_dir, None, handed_over=True)
            text = _elsewhere(data_dir, lock_path, holder)
            if open_anyway is None:
                raise AlreadyRunning(text)
            if not open_anyway(text):
                raise AlreadyRunning(text, asked=True)
            offered = True
            if not lock.removeStaleLockFile():
                raise AlreadyRunning(
                    f"Inward could not remove the lock file {lock_path}. Delete it, then "
                    "start Inward again."
                )
        if lock is not None:
            with suppress(OSError):
                make_private(lock_path)
    if lock is None and send_to_running(data_dir, messages):
        return Claim(data_dir, None, handed_over=True)
    return Claim(data_dir, lock)
