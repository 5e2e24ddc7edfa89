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
