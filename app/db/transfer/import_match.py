"""Matching a backup against the data file: which of its sessions, sets, check-ins, checks,
settings and exercise choices are already there, and so what an import would write.

Nothing already there is changed, and importing the same backup twice adds nothing the second
time; the rules are "Importing" in docs/data-format.md.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.backup.document import utc_text
from app.core.backup.format import Backup
from app.core.backup.import_summary import ImportSummary
from app.db.transfer.backup_values import backup_time
from app.db.transfer.import_asks import asking


@dataclass
class ImportDecision:
    """What to write, decided against what the data file holds."""

    summary: ImportSummary
    sessions: list[tuple[int, int | None]] = field(default_factory=list)  # (index, matched id)
    sets: list[tuple[int, int]] = field(default_factory=list)  # (session index, set index)
    checkins: list[int] = field(default_factory=list)  # session indexes
    checks: list[int] = field(default_factory=list)  # check indexes
    settings: list[str] = field(default_factory=list)
    choices: list[str] = field(default_factory=list)


def _match(existing: Mapping[str, list[int]], keys: list[str]) -> list[int | None]:
    """Pair each key with an existing id of the same key, in order; None where none is left.

    The n-th backup entry with a key meets the n-th existing one (by id), so two entries
    with the same time are two entries, and a second import meets them both.
    """
    used: Counter[str] = Counter()
    matched: list[int | None] = []
    for key in keys:
        ids = existing.get(key, [])
        count = used[key]
        used[key] += 1
        matched.append(ids[count] if count < len(ids) else None)
    return matched


def _match_checks(rows: list[tuple[Any, ...]], backup: Backup) -> list[int | None]:
    """Existing record ids for the backup's checks: first by creation time (a record whose
    time or values were edited since is still the same record), then, for those left, by the
    time it was taken (the same reading entered again)."""
    by_creation = _grouped([(row_id, slug, created) for row_id, slug, created, _ in rows])
    matched = _match(
        by_creation, [_joined(c.record.check_slug, utc_text(c.created_at)) for c in backup.checks]
    )
    taken = set(matched)
    left = [(row_id, slug, at) for row_id, slug, _, at in rows if row_id not in taken]
    by_taken = _grouped(left)
    unmatched = [index for index, row_id in enumerate(matched) if row_id is None]
    keys = [
        _joined(backup.checks[i].record.check_slug, utc_text(backup.checks[i].record.taken_at))
        for i in unmatched
    ]
    for index, row_id in zip(unmatched, _match(by_taken, keys), strict=True):
        matched[index] = row_id
    return matched


def _grouped(rows: list[tuple[Any, ...]]) -> dict[str, list[int]]:
    """Ids (in id order) by key: the row's other values, the last one a time."""
    groups: dict[str, list[int]] = {}
    for row_id, *names, time in rows:
        groups.setdefault(_joined(*names, backup_time(time)), []).append(row_id)
    return groups


def _joined(*parts: str) -> str:
    return "\x1f".join(parts)


def decide_import(
    connection: sqlite3.Connection | None,
    backup: Backup,
    cancelled: Callable[[], bool] | None = None,
) -> ImportDecision:
    """Match the backup against the data file (None: no file yet, so everything is new).
    ``cancelled`` is asked as the file's rows are read and once a session: ImportCancelled."""

    def query(sql: str) -> list[tuple[Any, ...]]:
        return [] if connection is None else list(asking(connection.execute(sql), cancelled))

    sessions_by_start = _grouped(query("SELECT id, started_at FROM sessions ORDER BY id"))
    check_rows = query("SELECT id, check_slug, created_at, taken_at FROM check_records ORDER BY id")
    set_keys = {
        (row[0], row[1], row[2], row[3])
        for row in query("SELECT session_id, exercise_slug, side, set_index FROM set_records")
    }
    with_checkin = {row[0] for row in query("SELECT session_id FROM checkins")}
    setting_keys = {row[0] for row in query("SELECT key FROM settings")}
    choice_slugs = {row[0] for row in query("SELECT slug FROM exercise_choices")}

    decision = ImportDecision(ImportSummary())
    session_matches = _match(sessions_by_start, [utc_text(s.started_at) for s in backup.sessions])
    pairs = asking(zip(backup.sessions, session_matches, strict=True), cancelled, every=1)
    for index, (session, matched) in enumerate(pairs):
        decision.sessions.append((index, matched))
        for set_index, result in enumerate(session.sets):
            set_key = (matched, result.exercise_slug, result.side._value_, result.set_index)
            if matched is None or set_key not in set_keys:
                decision.sets.append((index, set_index))
        if session.checkin is not None and (matched is None or matched not in with_checkin):
            decision.checkins.append(index)
    check_matches = _match_checks(check_rows, backup)
    decision.checks = [index for index, matched in enumerate(check_matches) if matched is None]
    decision.settings = [key for key in backup.settings if key not in setting_keys]
    decision.choices = [slug for slug in backup.exercise_choices if slug not in choice_slugs]
    decision.summary = _summary(backup, decision)
    return decision


def _summary(backup: Backup, decision: ImportDecision) -> ImportSummary:
    """The counts the person is shown: what the decision adds, and the rest of the backup,
    which the data file already holds."""
    sessions_new = sum(1 for _, matched in decision.sessions if matched is None)
    sets = sum(len(session.sets) for session in backup.sessions)
    checkins = sum(1 for session in backup.sessions if session.checkin is not None)
    return ImportSummary(
        sessions_new=sessions_new,
        sessions_present=len(backup.sessions) - sessions_new,
        sets_new=len(decision.sets),
        sets_present=sets - len(decision.sets),
        checkins_new=len(decision.checkins),
        checkins_present=checkins - len(decision.checkins),
        checks_new=len(decision.checks),
        checks_present=len(backup.checks) - len(decision.checks),
        trials_new=sum(len(backup.checks[index].record.trials) for index in decision.checks),
        settings_new=len(decision.settings),
        settings_present=len(backup.settings) - len(decision.settings),
        choices_new=len(decision.choices),
        choices_present=len(backup.exercise_choices) - len(decision.choices),
    )
