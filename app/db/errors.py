"""Errors the store raises, worded for the person using Inward rather than for a developer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.core.records import SessionStatus


class DatabaseError(Exception):
    """The data file cannot be used as it is; ``str(error)`` is fit to show in a dialog."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class DatabaseDamagedError(DatabaseError):
    """The file is not a database or its pages are damaged: start-up can set it aside and
    offer a backup instead of refusing to start."""


class DatabaseTooNewError(DatabaseError):
    """The file's schema is newer than this app knows; it is refused untouched."""

    def __init__(self, revision: str, path: Path | None = None) -> None:
        super().__init__(
            f"This data file was written by a newer version of Inward (schema {revision}). "
            "Please update Inward; your data has not been changed.",
            path,
        )
        self.revision = revision


class SessionInUseError(DatabaseError):
    """Another window plays this session: it must not be abandoned or resumed here."""


class SessionClosedError(ValueError):
    """A set for a session that is already finished or abandoned (by another window)."""

    def __init__(self, session_id: int, status: SessionStatus) -> None:
        super().__init__(f"session {session_id} is {status.value}; its sets cannot change")
        self.session_id = session_id
        self.status = status


def is_damage(error: BaseException) -> bool:
    """Whether an sqlite3 / SQLAlchemy error says the file itself is damaged."""
    lowered = str(getattr(error, "orig", None) or error).lower()
    return "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered


def database_error(error: BaseException, path: Path) -> DatabaseError:
    """The plain message in the right class: damage gets its own, so start-up can recover."""
    kind = DatabaseDamagedError if is_damage(error) else DatabaseError
    return kind(plain_message(error, path), path)


def plain_message(error: BaseException, path: Path) -> str:
    """Turn an sqlite3 / SQLAlchemy error into a sentence for the person using the app."""
    detail = str(getattr(error, "orig", None) or error)
    lowered = detail.lower()
    if is_damage(error):
        return (
            f"The data file {path} is damaged or is not an Inward data file, so Inward "
            "cannot open it. It has not been changed."
        )
    if "readonly" in lowered or "read-only" in lowered:
        return (
            f"The data file {path} is read-only, so Inward cannot save to it. What was "
            "saved before is safe."
        )
    if "disk is full" in lowered:
        return (
            f"Inward could not save to {path}: the disk is full. What was saved before is "
            "safe; free some space and try again."
        )
    if "disk i/o" in lowered:
        return f"Inward could not read or write {path}: the disk reported an error."
    if "locked" in lowered or "busy" in lowered:
        return (
            f"The data file {path} is in use by another program (perhaps another Inward "
            "window). Close it and try again."
        )
    if "unable to open" in lowered:
        return (
            f"Inward could not open the data file {path}. Check that the folder exists "
            "and that you are allowed to read and write it."
        )
    return f"Inward could not use the data file {path} ({detail})."
