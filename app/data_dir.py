"""Where Inward keeps its data: --data-dir, then INWARD_DATA_DIR, then the platform's folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "INWARD_DATA_DIR"
DATABASE_NAME = "inward.sqlite3"
PHOTOS_FOLDER = "photos"  # kept check photos, inside the data folder


def resolve_data_dir(argument: str | None = None) -> Path:
    if argument:
        return Path(argument).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("Inward", appauthor=False))


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_NAME


def unusable_name(folder: Path) -> str | None:
    """Why the window cannot use ``folder``'s name, or None.

    On POSIX a file name is bytes; one that is not UTF-8 (say a folder named on an old
    Latin-1 system) reaches Python with surrogate escapes, which Qt cannot take as text: it
    crashed on it. Plain Python (export and import) handles such names; the window does not.
    """
    text = str(folder)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(text).decode("utf-8", "replace")
        return (
            f"The data folder name {shown} is not valid UTF-8 text, so Inward cannot show or "
            f"use it. Rename the folder, or choose another one with --data-dir or {ENV_VAR}."
        )
    return None
