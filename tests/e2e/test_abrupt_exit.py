"""Abrupt exit: the real app is killed with SIGKILL at random moments, again and again.

tests/e2e/kill_driver.py plays sessions and takes self-checks through the real window on
one data folder, printing each fact right after it is committed. The test kills it at a
seeded random moment (mostly mid-session, some during start-up), then checks what a person
would rely on: the file passes ``PRAGMA integrity_check``, every set and check reported
before the kill is there (and no check is kept with only some of its readings), a finished
session stays finished, and the next launch's Today page offers to resume exactly when an
unfinished session is left (one cut off in its first set too), with the right count.

``INWARD_KILLS`` sets the number of kills (default 24, about 20 s on two busy cores).
"""

from __future__ import annotations

import os
import random
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import pytest

from app.data_dir import database_path

REPO = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("INWARD_KILLS", "24"))
SEED = 20261121
# Where the kills land, as (share, what the kill waits for, seconds after it at most):
MOMENTS = (
    (0.2, "spawn", 1.0),  # start-up: imports, the schema check, reading the file
    (0.2, "ready", 0.5),  # the self-check being saved, the session starting
    (0.6, "session", 1.0),  # mid-session: sets being played and written
)
READY_TIMEOUT_S = 60

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is a POSIX signal")


@dataclass
class Reported:
    """What the driver said was committed, over all its runs."""

    sets: set[tuple[int, str, str, int]] = field(default_factory=set)
    checks: set[int] = field(default_factory=set)
    finished: set[int] = field(default_factory=set)
    ready: list[str] = field(default_factory=list)  # this run's "ready" lines

    def take(self, line: str) -> None:
        word, _, rest = line.partition(" ")
        if word == "set":
            session, slug, side, index = rest.split()
            self.sets.add((int(session), slug, side, int(index)))
        elif word == "check":
            self.checks.add(int(rest))
        elif word == "finished":
            self.finished.add(int(rest))
        elif word == "ready":
            self.ready.append(rest)


class Lines:
    """A child's stdout as whole lines, read without blocking past a deadline."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        self.fd = process.stdout.fileno()
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.fd, selectors.EVENT_READ)
        self.partial = b""
        self.closed = False

    def until(self, deadline: float, stop_at: str | None = None) -> list[str]:
        """Lines that arrive before ``deadline`` (or up to the first one starting
        ``stop_at``)."""
        lines: list[str] = []
        while not self.closed:
            left = deadline - time.monotonic()
            if left <= 0 or not self.selector.select(timeout=left):
                break
            chunk = os.read(self.fd, 65536)
            if not chunk:
                self.closed = True
                break
            *whole, self.partial = (self.partial + chunk).split(b"\n")
            lines += [line.decode() for line in whole]
            if stop_at and any(line.startswith(stop_at) for line in lines):
                break
        return lines

    def rest(self) -> list[str]:
        """Everything written before the child died (the pipe keeps it)."""
        lines = self.until(time.monotonic() + READY_TIMEOUT_S)
        self.selector.close()
        return lines


def spawn(data_dir: Path, run: int, errors: BinaryIO, *extra: str) -> subprocess.Popen[bytes]:
    wall_start = datetime(2026, 11, 21, 7, tzinfo=UTC) + timedelta(hours=2 * run)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.e2e.kill_driver",
            str(data_dir),
            wall_start.isoformat(),
            *extra,
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=errors,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def expected_resume(path: Path) -> int | None:
    """Sets done in the unfinished session the Today page should offer (-1 when it has no
    set yet), else None."""
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT (SELECT count(*) FROM set_records WHERE session_id = s.id), "
            "(SELECT count(*) FROM set_records WHERE session_id = s.id AND NOT skipped) "
            "FROM sessions AS s WHERE s.status = 'in_progress' "
            "ORDER BY s.started_at DESC, s.id DESC LIMIT 1"
        ).fetchone()
    connection.close()
    if row is None:
        return None
    return -1 if row[0] == 0 else row[1]  # -1: cut off during its first set


def check_file(path: Path, reported: Reported) -> None:
    """What a person relies on after a crash: a sound file with everything it was told."""
    if not path.exists():  # killed before the file was made (connecting would make it)
        assert not (reported.sets or reported.checks)
        return
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        sets = set(
            connection.execute(
                "SELECT session_id, exercise_slug, side, set_index FROM set_records"
            ).fetchall()
        )
        checks = {
            row[0]: row[1]
            for row in connection.execute(
                "SELECT r.id, count(t.id) FROM check_records AS r "
                "LEFT JOIN check_trials AS t ON t.record_id = r.id "
                "WHERE r.deleted_at IS NULL GROUP BY r.id"
            )
        }
        finished = {
            row[0]
            for row in connection.execute("SELECT id FROM sessions WHERE status = 'finished'")
        }
    connection.close()
    assert reported.sets <= sets, f"sets lost: {sorted(reported.sets - sets)}"
    assert reported.checks <= set(checks), f"checks lost: {reported.checks - set(checks)}"
    assert set(checks.values()) <= {4}, "a check was kept with only some of its readings"
    assert reported.finished <= finished


def test_killed_at_random_moments_nothing_committed_is_lost(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    path = database_path(data_dir)
    rng = random.Random(SEED)
    reported = Reported()
    offered = 0
    kinds = dict.fromkeys((after for _, after, _ in MOMENTS), 0)
    began = time.monotonic()
    for run in range(KILLS + 1):
        last = run == KILLS
        resume = expected_resume(path) if path.exists() else None
        spawned = time.monotonic()
        errors = tmp_path / f"stderr-{run}.txt"
        with errors.open("wb") as error_file:
            process = spawn(data_dir, run, error_file, *(["--ready-only"] if last else []))
        lines = Lines(process)
        try:
            reported.ready.clear()
            after, longest = "ready", 0.0
            if not last:
                (_, after, longest) = rng.choices(MOMENTS, [share for share, _, _ in MOMENTS])[0]
            waited = rng.uniform(0, longest)
            if after != "spawn":
                for line in lines.until(spawned + READY_TIMEOUT_S, stop_at=after):
                    reported.take(line)
                assert reported.ready, f"run {run} never showed Today: {errors.read_text()}"
            start = spawned if after == "spawn" else time.monotonic()
            for line in lines.until(start + waited):
                reported.take(line)
            kinds[after] += not last
            if not last:
                process.send_signal(signal.SIGKILL)
            for line in lines.rest():
                reported.take(line)
        finally:
            if last:
                process.wait(timeout=30)  # it exits by itself
            process.kill()
            process.wait(timeout=30)
            assert process.stdout is not None
            process.stdout.close()
        if last:
            assert process.returncode == 0
        else:
            assert process.returncode == -signal.SIGKILL
        if reported.ready:  # this launch got as far as the Today page: was resume offered?
            (ready,) = reported.ready
            shown, _, label = ready.partition(" label=")
            if resume is None:
                assert shown == "resume=0", f"run {run} offered to resume nothing: {label}"
            else:
                offered += 1
                assert shown == "resume=1", f"run {run} did not offer to resume"
                if resume == -1:
                    assert "before its first set was done" in label
                else:
                    done = "1 set" if resume == 1 else f"{resume} sets"
                    assert f"with {done} done" in label
        check_file(path, reported)
    elapsed = time.monotonic() - began
    print(
        f"{KILLS} kills in {elapsed:.1f} s (after {kinds}); resume offered {offered} times; "
        f"{len(reported.sets)} sets, {len(reported.checks)} checks, "
        f"{len(reported.finished)} finished sessions kept"
    )
    # The kills must have landed where it matters: in sessions, with sets to keep. The
    # floors are loose on purpose: how much a run gets done before its kill depends on the
    # machine's speed (here about twice these numbers).
    assert len(reported.sets) >= KILLS // 4
    assert len(reported.checks) >= KILLS // 4
    assert offered >= KILLS // 6
