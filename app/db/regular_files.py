"""Open a file the person chose only when it is an ordinary file.

A named pipe (FIFO) makes ``open()`` itself wait for a writer that may never come, and a
device such as /dev/zero or /dev/random reads without end: either hangs Inward, in the
window on its GUI thread. The file is opened without blocking and its type checked on the
open descriptor (no gap between a look and the open for it to change in between).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotAFile(ValueError):
    """The path is there but is not an ordinary file; ``kind`` says what it is."""

    def __init__(self, path: Path, kind: str, advice: str = "") -> None:
        super().__init__(f"{path} is {kind}, not a file{advice}")
        self.path = Path(path)
        self.kind = kind


def kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not an ordinary file")


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading in binary, when it is an ordinary file.

    NotAFile for a named pipe, a folder, a device or a socket, without waiting on it;
    OSError (FileNotFoundError, PermissionError, ...) as ``open()`` would raise it.
    """
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    descriptor = os.open(path, os.O_RDONLY | nonblocking | getattr(os, "O_BINARY", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(Path(path), kind_of(mode))
        if nonblocking:
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def require_regular(path: Path, what: str) -> None:
    """NotAFile, naming ``what`` is read ("a backup"), unless ``path`` is an ordinary file;
    a missing or unreadable one is left for the reader to name."""
    try:
        open_regular(path).close()
    except NotAFile as error:
        raise NotAFile(
            error.path, error.kind, f"; Inward reads {what} only from an ordinary file."
        ) from None
    except OSError:
        return
