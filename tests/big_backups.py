"""Big backup files made on the spot (never committed): a realistic one shaped like Inward's
own export, and hostile ones that cost far more memory parsed than on disk.

Used by the import tests (tests/db/transfer/test_import_memory.py,
tests/e2e/test_import_progress.py) and by `make bench` (benchmarks/import_bench.py).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

START = datetime(2020, 1, 1, 6, 30, tzinfo=UTC)
EXERCISES = (
    "release-deep-glutes",
    "release-piriformis",
    "figure-4-seated",
    "hip-click",
    "step-across",
    "ninety-ninety",
)
HEADER = {
    "format": "inward-backup",
    "version": 1,
    "exported_at": "2026-11-20T08:00:00.000000+00:00",
    "app_schema": "0003",
}


def _time(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _dose() -> dict[str, Any]:
    return {
        "kind": "hold",
        "sides": "each",
        "sets": 3,
        "seconds": 60.0,
        "reps": None,
        "cadence": None,
        "move_seconds": None,
        "relax_seconds": None,
    }


def session(number: int) -> dict[str, Any]:
    """Day ``number``'s session: a plan of six exercises, three sets a side of each."""
    started = START + timedelta(days=number, minutes=number % 90)
    plan = {
        "items": [
            {"slug": slug, "first_side": "left", "dose": _dose(), "first_side_extra": 15.0}
            for slug in EXERCISES
        ],
        "minutes": 30,
        "reasons": ["Both sides are improving: the plan holds its dose."],
    }
    sets = []
    at = started
    for slug in EXERCISES:
        for side in ("left", "right"):
            for index in (1, 2, 3):
                sets.append(
                    {
                        "exercise_slug": slug,
                        "side": side,
                        "set_index": index,
                        "planned_seconds": 60.0,
                        "done_seconds": 60.0 if (number + index) % 7 else 41.5,
                        "planned_reps": None,
                        "done_reps": None,
                        "skipped": False,
                        "pain": False,
                        "started_at": _time(at),
                        "ended_at": _time(at + timedelta(seconds=60)),
                    }
                )
                at += timedelta(seconds=75)
    return {
        "id": number + 1,
        "started_at": _time(started),
        "ended_at": _time(at),
        "status": "finished",
        "plan": plan,
        "sets": sets,
        "checkin": {"at": _time(at), "effort": "about_right", "exercise_effort": {}, "note": ""},
    }


def check(number: int) -> dict[str, Any]:
    taken = START + timedelta(days=number * 7, hours=2)
    return {
        "id": number + 1,
        "check_slug": "seated-ir",
        "taken_at": _time(taken),
        "note": "",
        "created_at": _time(taken),
        "updated_at": _time(taken),
        "deleted_at": None,
        "trials": [
            {
                "side": side,
                "number": trial,
                "degrees": 30.0 + trial,
                "method": "inclinometer",
                "mode": "passive",
                "measured_by": "self",
                "pain": False,
                "note": "",
                "photo": None,
            }
            for side in ("left", "right")
            for trial in (1, 2, 3)
        ],
    }


def write_realistic_backup(path: Path, megabytes: float) -> Path:
    """A valid backup of about ``megabytes`` MB: a session a day and a check a week, written
    one entry per line as Inward exports."""
    target = int(megabytes * 2**20)
    with path.open("w", encoding="utf-8") as out:
        out.write("{\n")
        for key, value in HEADER.items():
            out.write(f"  {json.dumps(key)}: {json.dumps(value)},\n")
        out.write('  "sessions": [\n')
        written = 0
        number = 0
        while written < target * 0.985:
            line = ("" if number == 0 else ",\n") + "    " + json.dumps(session(number))
            out.write(line)
            written += len(line)
            number += 1
        out.write('\n  ],\n  "checks": [\n')
        out.write(",\n".join("    " + json.dumps(check(n)) for n in range(number // 7)))
        out.write('\n  ],\n  "settings": {"preferences": {"volume": 80}},\n')
        out.write('  "exercise_choices": {}\n}\n')
    return path


def write_nested_backup(path: Path, megabytes: float, where: str = "settings") -> Path:
    """A backup whose one value is a list of ``megabytes`` MB of empty lists, ``[[],[],...]``:
    3 bytes each on disk, about 64 in memory once parsed. ``where`` is "settings" (a setting's
    value) or "plan" (the first session's plan)."""
    count = int(megabytes * 2**20) // 3
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(HEADER)[:-1])
        if where == "settings":
            out.write(', "settings": {"huge": [')
        else:
            first = session(0)
            opening = json.dumps({k: v for k, v in first.items() if k != "plan"})[:-1]
            out.write(f', "sessions": [{opening}, "plan": {{"huge": [')
        block = "[]," * 100_000
        for _ in range(count // 100_000):
            out.write(block)
        out.write("[]]}" + ("}" if where == "settings" else "}]}"))
    return path
