"""Opening the data file (or a backup) so that nothing can be written through the
connection: start-up's glance, History, export, the integrity checks all read this way."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file; the caller closes it."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
