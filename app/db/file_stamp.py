"""A cheap stamp of the data file, to tell whether another program wrote to it.

The window's own writes say what they changed (app/core/changes.py); a write by another
process (`inward import` run in a terminal while the window is open) says nothing, so the
window compares this stamp when it comes back to the front (app/ui/shell/data_changed.py).
"""

from __future__ import annotations

from pathlib import Path

FileStamp = tuple[tuple[int, int] | None, ...]


def file_stamp(path: Path) -> FileStamp:
    """What changes whenever anything is written to the data file: the size and modification
    time of the file and of its write-ahead log (WAL mode writes there first). Two stat
    calls, no connection: nothing is opened or locked."""
    stamp = []
    for name in (path, path.with_name(path.name + "-wal")):
        try:
            stat = name.stat()
        except OSError:
            stat = None
        # An empty log holds nothing: readers create one, a checkpoint empties it (and writes
        # the file itself, whose own time then changes).
        stamp.append((stat.st_size, stat.st_mtime_ns) if stat and stat.st_size else None)
    return tuple(stamp)
