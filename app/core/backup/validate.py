"""Checking an incoming backup as a whole: that it is an Inward backup this app reads, its
members, the limits on how much it holds and that ids are unique; the typed Backup, or the
first problem as a BackupError.

The whole document at once (:func:`validate_backup`) or its parts as a stream brings them
(:class:`BackupBuilder`, used by app/db/transfer/backup_reader.py); each entry is read by
app/core/backup/entries.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.core.backup.entries import SetBudget, read_check, read_choice, read_session
from app.core.backup.fields import (
    MISSING,
    JsonObject,
    fail,
    key_at,
    kind_of,
    read_json_value,
    read_list,
    read_mapping,
    read_name,
    read_text,
    read_time,
)
from app.core.backup.format import (
    FORMAT,
    FORMAT_VERSION,
    MAX_CHECKS,
    MAX_CHOICES,
    MAX_NAME,
    MAX_SESSIONS,
    MAX_SETS,
    MAX_SETTINGS,
    Backup,
    BackupCheck,
    BackupChoice,
    BackupError,
    BackupSession,
)


def _unique_ids(items: tuple[Any, ...], name: str, id_of: Callable[[Any], int]) -> None:
    first: dict[int, int] = {}
    for index, item in enumerate(items):
        item_id = id_of(item)
        if item_id in first:
            fail(f"{name}[{index}].id", f"{item_id} is also the id of {name}[{first[item_id]}]")
        first[item_id] = index


def _format_problem(data: Mapping[str, Any]) -> BackupError | None:
    """Whether ``data`` (the top-level members seen so far) is not an Inward backup this app
    reads; None while it may be (a member not yet seen is not a problem until the end)."""
    kind = data.get("format", MISSING)
    if kind is MISSING:
        return None
    if kind != FORMAT:
        return BackupError(
            f'this is not an Inward backup (format {kind_of(kind)}; expected "{FORMAT}")'
        )
    version = data.get("version", MISSING)
    if version is MISSING:
        return None
    if isinstance(version, bool) or not isinstance(version, int):
        return BackupError(f"must be a whole number, got {kind_of(version)}", "version")
    if version > FORMAT_VERSION:
        return BackupError(
            f"this backup is in format version {version}, from a newer Inward; this Inward "
            f"reads version {FORMAT_VERSION} and older. Update Inward to import it."
        )
    if version < 1:
        return BackupError(f"must be 1 or more, got {version}", "version")
    return None


class BackupBuilder:
    """Typed records from a backup's parts, checked as they come: the whole document at once
    (:func:`validate_backup`) or one session at a time from a stream
    (app/db/transfer/backup_reader.py).

    ``top`` holds the top-level members other than the lists and mappings; the format and
    version in it are checked as soon as they are there (:meth:`check_format`), and a
    problem found before they were seen is held back (:meth:`defer`) so that a file that is
    not an Inward backup, or from a newer one, is said as such first.
    """

    def __init__(self) -> None:
        self.top: dict[str, Any] = {}
        self.sessions: list[BackupSession] = []
        self.checks: list[BackupCheck] = []
        self.settings: dict[str, Any] = {}
        self.choices: dict[str, BackupChoice] = {}
        self._budget = SetBudget(MAX_SETS)
        self.held: BackupError | None = None  # the first problem, until the format is known
        self.format_known = False

    def check_format(self) -> None:
        problem = _format_problem(self.top)
        if problem is not None:
            raise problem
        self.format_known = "format" in self.top and "version" in self.top

    def defer(self, add: Callable[[], object]) -> None:
        """Run ``add``; a problem it finds is raised now if the format is known, else kept
        (and the rest skipped) until it is."""
        if self.held is not None:
            return
        try:
            add()
        except BackupError as problem:
            if self.format_known:
                raise
            self.held = problem

    def add_session(self, raw: Any, index: int) -> None:
        self.sessions.append(read_session(raw, f"sessions[{index}]", self._budget))

    def add_check(self, raw: Any, index: int) -> None:
        self.checks.append(read_check(raw, f"checks[{index}]"))

    def set_settings(self, raw: Any) -> None:
        settings_raw = read_mapping(raw, "settings", MAX_SETTINGS)
        self.settings = {
            read_name(key, key_at("settings", key)): read_json_value(value, key_at("settings", key))
            for key, value in settings_raw.items()
        }

    def set_choices(self, raw: Any) -> None:
        choices_raw = read_mapping(raw, "exercise_choices", MAX_CHOICES)
        self.choices = {
            read_name(slug, key_at("exercise_choices", slug)): read_choice(slug)(
                value, key_at("exercise_choices", slug)
            )
            for slug, value in choices_raw.items()
        }

    def finish(self) -> Backup:
        """The backup, or the first problem: the format's, else the first one held back."""
        if "format" not in self.top:
            raise BackupError(
                f'this is not an Inward backup (no format field; expected "{FORMAT}")'
            )
        if "version" not in self.top:
            fail("version", f"must be a whole number, got {kind_of(MISSING)}")
        self.check_format()
        if self.held is not None:
            raise self.held
        sessions, checks = tuple(self.sessions), tuple(self.checks)
        _unique_ids(sessions, "sessions", lambda session: session.id)
        _unique_ids(checks, "checks", lambda check: check.record.id)
        top = JsonObject(self.top, "")
        return Backup(
            exported_at=top.get("exported_at", read_time),
            app_schema=top.get("app_schema", read_text(MAX_NAME), ""),
            sessions=sessions,
            checks=checks,
            settings=self.settings,
            exercise_choices=self.choices,
            version=self.top["version"],
        )


#: Top-level members that hold the records; the others are read whole into ``top``.
LIST_MEMBERS = {"sessions": MAX_SESSIONS, "checks": MAX_CHECKS}
MAPPING_MEMBERS = ("settings", "exercise_choices")


def validate_backup(data: object) -> Backup:
    """Typed records from a parsed backup, or BackupError naming the first problem found."""
    if not isinstance(data, dict):
        raise BackupError(
            f"a backup must be a JSON object {{...}}, this file holds {kind_of(data)}"
        )
    builder = BackupBuilder()
    builder.top = {
        key: value
        for key, value in data.items()
        if key not in LIST_MEMBERS and key not in MAPPING_MEMBERS
    }
    if "format" not in data:
        builder.finish()  # says "no format field"
    builder.check_format()
    if "version" not in data:
        builder.finish()
    sessions_raw = read_list(data.get("sessions", []), "sessions", MAX_SESSIONS)
    for index, raw in enumerate(sessions_raw):
        builder.add_session(raw, index)
    _unique_ids(tuple(builder.sessions), "sessions", lambda session: session.id)
    checks_raw = read_list(data.get("checks", []), "checks", MAX_CHECKS)
    for index, raw in enumerate(checks_raw):
        builder.add_check(raw, index)
    builder.set_settings(data.get("settings", {}))
    builder.set_choices(data.get("exercise_choices", {}))
    return builder.finish()
