"""Importing a 20 MB backup: time and peak memory, against a floor measured in this run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/import_bench.py [--megabytes 20]

A report, not a test: it prints the measurements and PASS/FAIL per goal, and exits 0.

The backup is made on the spot (tests/big_backups.py: a session a day, shaped as Inward
exports it). Each run is a fresh process, so its peak RSS (wait4) is its own:

- "import": what the app does, ``read_backup_file`` (streamed and checked), then
  ``summarize_import`` and ``apply_import`` into an existing, current data file;
- the floor: ``json.loads`` of the same file read whole, with no checking and no writing,
  the least any importer must do to see what is in it.

Goals (issue 15): the whole import under 2 s, and peak memory under 10x the file's size
(the growth of the process's peak RSS over the import, with the modules already loaded).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, child_env, row, verdict

sys.path.insert(0, str(REPO))
from tests.big_backups import write_realistic_backup

ROUNDS = 3
TIME_GOAL_S = 2.0
MEMORY_GOAL = 10.0  # x the file's size

CHILD = """
import json, resource, sys, time
from pathlib import Path
kind, source, db = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
from app.db.transfer.backup_import import apply_import, summarize_import
from app.db.transfer.backup_reader import read_backup_file
from app.db.schema import ensure_current
ensure_current(db)  # an existing, current data file, as in the app
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
began = time.perf_counter()
if kind == "floor":
    data = json.loads(source.read_bytes().decode("utf-8"))
elif kind == "import":
    backup = read_backup_file(source)
    summarize_import(db, backup)
    apply_import(db, backup)
seconds = time.perf_counter() - began
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_kib": after, "start_kib": before}))
"""


def child(kind: str, source: Path, folder: Path) -> dict[str, float]:
    db = folder / f"{kind}-{time.monotonic_ns()}.sqlite3"
    result = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(source), str(db)],
        cwd=REPO,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=float, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="inward-import-bench-") as tmp:
        folder = Path(tmp)
        source = write_realistic_backup(folder / "backup.json", args.megabytes)
        size_mb = source.stat().st_size / 2**20
        runs: dict[str, list[dict[str, float]]] = {"floor": [], "import": []}
        for _ in range(ROUNDS):  # interleaved, so a noisy neighbour slows both
            for kind in runs:
                runs[kind].append(child(kind, source, folder))
    unit = 1024 if sys.platform != "darwin" else 1  # ru_maxrss: KiB on Linux, bytes on macOS

    def median(kind: str, key: str) -> float:
        return statistics.median(run[key] for run in runs[kind])

    seconds, floor_seconds = median("import", "seconds"), median("floor", "seconds")
    grown = (median("import", "peak_kib") - median("import", "start_kib")) * unit / 2**20
    floor_grown = (median("floor", "peak_kib") - median("floor", "start_kib")) * unit / 2**20
    print(f"import of a {size_mb:.1f} MB backup, median of {ROUNDS} fresh processes")
    print(row("measure", "app", "floor", "ratio", "goal", "result"))
    print(
        row(
            f"import {size_mb:.0f} MB: time",
            f"app {seconds:.2f} s",
            f"loads {floor_seconds:.2f} s",
            f"ratio {seconds / floor_seconds:.1f}x",
            f"< {TIME_GOAL_S:.0f} s",
            verdict(seconds < TIME_GOAL_S),
        )
    )
    print(
        row(
            f"import {size_mb:.0f} MB: memory",
            f"app +{grown:.0f} MB",
            f"loads +{floor_grown:.0f} MB",
            f"ratio {grown / floor_grown:.2f}x",
            f"< {MEMORY_GOAL:.0f}x file",
            verdict(grown < MEMORY_GOAL * size_mb) + f" ({grown / size_mb:.1f}x the file)",
        )
    )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
