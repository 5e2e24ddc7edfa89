"""Files that appear whole or not at all: the one way Inward writes a file in place.

Every file Inward writes (exports, the report, kept photos, restored photos, daily backups,
the reminder's state, the window's place, the reminder timer's files) is written to a hidden
temporary file beside its target, flushed to the disk and only then renamed over the target,
so a crash, a full disk or a pulled plug leaves the old file or the new one, never half of
one. Health data is owner-only (0600, whatever the umask); a file meant for the system (a
timer unit) gets the usual mode the umask allows.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from app.db.private_files import PRIVATE_FILE

#: The mode of a file that is not health data: what the umask allows of rw-rw-rw-.
SHARED_FILE = 0o666


def sync_file(path: Path) -> None:
    """Make a file's bytes reach the disk before it replaces anything."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable where the system allows it (POSIX); best effort:
    the rename itself has already happened."""
    if os.name != "posix":
        return
    with suppress(OSError):
        sync_file(folder)


def put_in_place(part: Path, target: Path) -> None:
    """Move a completely written ``part`` over ``target``: its bytes on the disk first, then
    the rename, then the folder's record of the rename."""
    sync_file(part)
    os.replace(part, target)
    sync_folder(Path(target).parent)


def _open_part(path: Path, mode: int) -> tuple[int, Path]:
    """A new hidden file beside ``path`` (never one that was there), and its name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        part = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
        try:
            return os.open(part, flags, mode), part
        except FileExistsError:
            continue
    raise FileExistsError(17, "No free name for a temporary file", str(path))


@contextmanager
def atomic_write(path: Path, mode: int = PRIVATE_FILE) -> Iterator[IO[bytes]]:
    """A binary file to write that replaces ``path`` only once completely written and on the
    disk. ``mode``: PRIVATE_FILE (0600, exactly) for health data, SHARED_FILE for a file
    others may read. On any error the temporary file is removed and ``path`` is untouched;
    an OSError names ``path``, the file the person knows, not the hidden temporary one."""
    path = Path(path)
    try:
        descriptor, part = _open_part(path, mode)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        if mode == PRIVATE_FILE and os.name == "posix":
            os.fchmod(descriptor, PRIVATE_FILE)  # whatever the umask
        with os.fdopen(descriptor, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        if exc.filename is not None and str(exc.filename) == str(part):
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    sync_folder(path.parent)


def write_atomically(path: Path, data: bytes | str, mode: int = PRIVATE_FILE) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` whole or not at all; see atomic_write."""
    with atomic_write(path, mode) as out:
        out.write(data.encode("utf-8") if isinstance(data, str) else data)
