"""Inward's measured goals (DESIGN.md), each printed against a floor measured in this run.

Run by `make bench`. Absolute times depend on the machine, so start-up and memory are
ratios against a bare PySide6 window started the same way, interleaved with the app's
runs so that a noisy neighbour slows both. Cue lateness is against the monotonic deadline;
memory growth over a 45 min session (session_memory.py) against its own start.
These are reports, not tests: the script prints PASS/FAIL per goal and always exits 0.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/run_all.py
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from common import HERE, REPO, child_env, row, run_json, verdict

ROUNDS = 7  # measured runs of each kind, after one warm-up each
STARTUP_GOAL = 2.0  # x the bare window
STARTUP_AIM = 1.5
MEMORY_GOAL = 2.0
LATENESS_GOAL_MS = 30.0
DRIFT_TOLERANCE_US = 1.0  # float rounding, not drift
CHILD_TIMEOUT_S = 60
CUE_TIMEOUT_S = 90
ACOUSTIC_TIMEOUT_S = 180
ACOUSTIC_MEDIAN_GOAL_MS = 40
ACOUSTIC_MAX_GOAL_MS = 80
SESSION_MEMORY_GOAL_MB = 5.0
SESSION_MEMORY_TIMEOUT_S = 900  # 27,000 ticks, each with a repaint: about 2 minutes here


@dataclass
class Run:
    """One child process: wall time, peak RSS and (if it printed one) its first paint."""

    wall_s: float
    maxrss_mb: float | None
    paint_s: float | None  # spawn to first paint, from the child's monotonic stamp
    usable_s: float | None  # spawn to the usable window (home page filled in), probe only
    usable_rss_mb: float | None  # peak memory when the window became usable, probe only
    ok: bool
    stdout: str
    stderr: str


def run_child(cmd: Sequence[str], expect: str) -> Run:
    """Run one process; wait4() gives this child's own peak RSS, not a running maximum."""
    spawned = time.monotonic()
    began = time.perf_counter()
    with subprocess.Popen(
        cmd,
        cwd=REPO,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as proc:
        maxrss_mb: float | None = None
        if hasattr(os, "wait4"):
            # The output is a few lines, far below a pipe's buffer, so waiting first is safe.
            # wait4 has no timeout: a watchdog kills a child that hangs.
            watchdog = threading.Timer(CHILD_TIMEOUT_S, proc.kill)
            watchdog.start()
            _, status, usage = os.wait4(proc.pid, 0)
            watchdog.cancel()
            wall = time.perf_counter() - began
            proc.returncode = os.waitstatus_to_exitcode(status)
            unit = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
            maxrss_mb = usage.ru_maxrss * unit / 2**20
            out, err = proc.communicate()
        else:  # Windows: time only
            out, err = proc.communicate(timeout=CHILD_TIMEOUT_S)
            wall = time.perf_counter() - began

    def stamp(name: str) -> float | None:
        match = re.search(rf"^{name} (\d+\.\d+)$", out, re.MULTILINE)
        return float(match.group(1)) if match else None

    paint, usable = stamp("first-paint"), stamp("usable")
    ok = proc.returncode == 0 and expect in out
    return Run(
        wall,
        maxrss_mb,
        None if paint is None else paint - spawned,
        None if usable is None else usable - spawned,
        stamp("usable-peak-rss-mb"),
        ok,
        out,
        err,
    )


def inward_command() -> list[str]:
    """The installed `inward` script next to this Python, as a user would start it."""
    script = Path(sys.executable).parent / ("inward.exe" if os.name == "nt" else "inward")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app"]


def measure_startup(root: Path) -> tuple[dict[str, list[Run]], str]:
    """Interleave bare, app (fresh dir), app (existing db) and the paint probe, 1 + N times.

    Returns the measured runs per kind (warm-ups dropped) and the probe's report of which
    heavy packages were imported before the first paint.
    """
    existing = root / "existing"
    fresh_count = 0

    def fresh_dir() -> Path:
        nonlocal fresh_count
        fresh_count += 1
        return root / f"fresh-{fresh_count}"

    ok_line = "inward self-test ok"
    kinds = {
        "bare": lambda: run_child([sys.executable, str(HERE / "bare_window.py")], "first-paint"),
        "fresh": lambda: run_child(
            [*inward_command(), "--self-test", "--data-dir", str(fresh_dir())], ok_line
        ),
        "existing": lambda: run_child(
            [*inward_command(), "--self-test", "--data-dir", str(existing)], ok_line
        ),
        "probe": lambda: run_child(
            [
                sys.executable,
                str(HERE / "app_first_paint.py"),
                "--self-test",
                "--data-dir",
                str(existing),
            ],
            ok_line,
        ),
    }
    kinds["existing"]()  # not measured: creates the database the "existing" runs open
    order = list(kinds)
    runs: dict[str, list[Run]] = {kind: [] for kind in order}
    for round_number in range(ROUNDS + 1):
        # Rotate the order so no kind always runs right after the same neighbour.
        shift = round_number % len(order)
        for kind in order[shift:] + order[:shift]:
            run = kinds[kind]()
            if not run.ok:
                print(f"  {kind} run failed:\n{run.stdout}{run.stderr}", file=sys.stderr)
            if round_number > 0:
                runs[kind].append(run)
        print(f"  start-up round {round_number}/{ROUNDS} done", flush=True)
    probe_out = runs["probe"][-1].stdout if runs["probe"] else ""
    match = re.search(r"^loaded-before-paint (.*)$", probe_out, re.MULTILINE)
    return runs, match.group(1) if match else "?"


def import_report(data_dir: Path, top: int = 5) -> list[str]:
    """`-X importtime` of one self-test: where the import time goes, for whoever speeds it up.

    The timings include importtime's own overhead, so they are larger than in a plain run.
    """
    command = [sys.executable, "-X", "importtime", "-m", "app", "--self-test"]
    proc = subprocess.run(
        [*command, "--data-dir", str(data_dir)],
        cwd=REPO,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT_S,
    )
    rows: list[tuple[int, int, int, str]] = []  # self us, cumulative us, depth, name
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            own, cumulative, indent, name = match.groups()
            rows.append((int(own), int(cumulative), len(indent) // 2, name))
    if not rows:
        return ["(no -X importtime output)"]
    lines = [f"top {top} top-level imports (depth 0) by cumulative time:"]
    for _own, cumulative, _depth, name in sorted(
        (r for r in rows if r[2] == 0), key=lambda r: -r[1]
    )[:top]:
        lines.append(f"  {cumulative / 1000:7.1f} ms  cumulative  {name}")
    lines.append(f"top {top} packages other than app (stdlib included) by cumulative time:")
    packages: dict[str, int] = {}
    for _own, cumulative, _depth, name in rows:
        package = name.split(".")[0]
        if package not in ("app", "encodings", "site") and not package.startswith("_"):
            packages[package] = max(packages.get(package, 0), cumulative)
    for package, cumulative in sorted(packages.items(), key=lambda item: -item[1])[:top]:
        lines.append(f"  {cumulative / 1000:7.1f} ms  cumulative  {package}")
    lines.append(f"top {top} imports by self time:")
    for own, _, depth, name in sorted(rows, key=lambda row: -row[0])[:top]:
        lines.append(f"  {own / 1000:7.1f} ms  self        depth {depth}  {name}")
    total = sum(row[0] for row in rows) / 1000
    lines.append(f"  all imports together: {total:.0f} ms self time")
    return lines


def measure_cues() -> dict[str, dict[str, float]] | None:
    """Run cue_lateness.py in its own process: its busy thread must not slow anything else."""
    return run_json([str(HERE / "cue_lateness.py"), "--json"], "cue lateness run", CUE_TIMEOUT_S)


def measure_acoustic() -> dict[str, float] | None:
    """Run cue_acoustic.py in its own process: it owns a PulseAudio server and a window."""
    return run_json(
        [str(HERE / "cue_acoustic.py"), "--json"], "acoustic cue run", ACOUSTIC_TIMEOUT_S
    )


def measure_session_memory() -> dict[str, float] | None:
    """Run session_memory.py in its own process: it reads that whole process's memory."""
    return run_json(
        [str(HERE / "session_memory.py"), "--json"],
        "session memory run",
        SESSION_MEMORY_TIMEOUT_S,
    )


def median(values: Sequence[float | None]) -> float:
    """Median of the values that were measured (None where a platform cannot say)."""
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else float("nan")


def main() -> int:
    """Measure everything, print details as they come, then the summary table."""
    started = time.perf_counter()
    print(f"Inward benchmarks: {sys.executable}, {os.cpu_count()} CPUs", flush=True)
    # As installed, the app runs from compiled bytecode; without it (PYTHONDONTWRITEBYTECODE
    # is set on some machines) every start would compile the app's sources first.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "app")], check=True)
    with tempfile.TemporaryDirectory(prefix="inward-bench-") as tmp:
        root = Path(tmp)
        runs, early_packages = measure_startup(root)
        imports = import_report(root / "existing")
    print("  cue lateness: ~30 s of a busy CPU ...", flush=True)
    cues = measure_cues()
    print("  cues heard through a PulseAudio null sink: ~1 min ...", flush=True)
    acoustic = measure_acoustic()
    print("  memory over a 45 min session in 100 ms ticks: ~2 min ...", flush=True)
    session_memory = measure_session_memory()

    failures = {kind: sum(not run.ok for run in kind_runs) for kind, kind_runs in runs.items()}
    wall = {kind: median([run.wall_s for run in kind_runs]) for kind, kind_runs in runs.items()}
    rss = {kind: median([run.maxrss_mb for run in kind_runs]) for kind, kind_runs in runs.items()}
    paint = {kind: median([run.paint_s for run in kind_runs]) for kind, kind_runs in runs.items()}
    usable = median([run.usable_s for run in runs["probe"]])
    usable_rss = median([run.usable_rss_mb for run in runs["probe"]])

    print()
    print(f"start-up, {ROUNDS} runs each after a warm-up (median / min / max, seconds):")
    for kind, kind_runs in runs.items():
        times = [run.wall_s for run in kind_runs]
        print(
            f"  {kind:9} {wall[kind]:.3f} / {min(times):.3f} / {max(times):.3f}"
            f"   peak RSS {rss[kind]:.1f} MB   failed runs {failures[kind]}"
        )
    print(f"heavy packages imported before the first paint: {early_packages}")
    to_usable = usable - paint["probe"]
    print(f"first paint to usable (content, schema check, home page): {to_usable:.3f} s")
    print("the whole self-test also opens the full store (SQLAlchemy) and exits.")
    print()
    for line in imports:
        print(line)

    table: list[str] = []
    table.append(row("measure", "app", "floor", "ratio", "goal", "result"))

    def startup_row(label: str, kind: str) -> None:
        ratio = wall[kind] / wall["bare"]
        table.append(
            row(
                label,
                f"app {wall[kind]:.2f} s",
                f"bare {wall['bare']:.2f} s",
                f"ratio {ratio:.2f}x",
                "(info)",
                "FAIL (self-test failed)" if failures[kind] else "info",
            )
        )

    usable_ratio = usable / paint["bare"]
    aim = "  (aim 1.5x met)" if usable_ratio <= STARTUP_AIM else "  (aim 1.5x not met)"
    table.append(
        row(
            "start to usable window",
            f"app {usable:.2f} s",
            f"bare {paint['bare']:.2f} s",
            f"ratio {usable_ratio:.2f}x",
            f"goal <= {STARTUP_GOAL}x",
            verdict(usable_ratio <= STARTUP_GOAL and not failures["probe"]) + aim,
        )
    )
    table.append(
        row(
            "start to first paint",
            f"app {paint['probe']:.2f} s",
            f"bare {paint['bare']:.2f} s",
            f"ratio {paint['probe'] / paint['bare']:.2f}x",
            "(info)",
            "info",
        )
    )
    startup_row("whole self-test (existing)", "existing")
    startup_row("whole self-test (fresh db)", "fresh")
    memory_ratio = usable_rss / rss["bare"]
    table.append(
        row(
            "peak memory, usable window",
            f"app {usable_rss:.0f} MB",
            f"bare {rss['bare']:.0f} MB",
            f"ratio {memory_ratio:.2f}x",
            f"goal <= {MEMORY_GOAL}x",
            verdict(memory_ratio <= MEMORY_GOAL),
        )
    )
    for label, kind in (
        ("peak memory, self-test", "existing"),
        ("peak memory, fresh db", "fresh"),
    ):
        table.append(
            row(
                label,
                f"app {rss[kind]:.0f} MB",
                f"bare {rss['bare']:.0f} MB",
                f"ratio {rss[kind] / rss['bare']:.2f}x",
                "(info)",
                "info",
            )
        )

    if cues is None:
        table.append(row("cue lateness", "-", "-", "-", "-", "FAIL (did not run)"))
    else:
        late, drift = cues["lateness"], cues["drift"]
        table.append(
            row(
                "end-of-hold cue, busy CPU",
                f"max {late['set_end_max_ms']:.1f} ms",
                f"p95 {late['set_end_p95_ms']:.1f} ms",
                f"n={late['set_ends']:.0f}",
                f"<= {LATENESS_GOAL_MS:.0f} ms",
                verdict(late["set_end_max_ms"] <= LATENESS_GOAL_MS),
            )
        )
        table.append(
            row(
                "all timed cues, busy CPU",
                f"max {late['max_ms']:.1f} ms",
                f"p95 {late['p95_ms']:.1f} ms",
                f"n={late['cues']:.0f}",
                f"<= {LATENESS_GOAL_MS:.0f} ms",
                verdict(late["max_ms"] <= LATENESS_GOAL_MS),
            )
        )
        table.append(
            row(
                "cues early",
                f"{late['early']:.0f} early",
                f"median {late['median_ms']:.1f}",
                "",
                "never early",
                verdict(late["early"] == 0),
            )
        )
        table.append(
            row(
                f"drift, real {late['seconds']:.0f} s session",
                f"{abs(late['drift_ms']) * 1000:.1f} us",
                f"end +{late['session_end_late_ms']:.1f} ms",
                "",
                "zero drift",
                verdict(abs(late["drift_ms"]) * 1000 <= DRIFT_TOLERANCE_US),
            )
        )
        table.append(
            row(
                f"drift, sim {drift['session_minutes']:.0f} min session",
                f"{drift['max_drift_us']:.1f} us",
                f"{drift['ticks']:.0f} ticks",
                f"n={drift['sets']:.0f}",
                "zero drift",
                verdict(max(drift["max_drift_us"], drift["final_drift_us"]) <= DRIFT_TOLERANCE_US),
            )
        )

    if acoustic is None:
        table.append(row("cue heard (acoustic)", "-", "-", "-", "-", "FAIL (did not run)"))
    else:
        heard_ok = (
            acoustic["median_ms"] <= ACOUSTIC_MEDIAN_GOAL_MS
            and acoustic["max_ms"] <= ACOUSTIC_MAX_GOAL_MS
            and acoustic["min_ms"] >= 0
            and not acoustic["missing"]
            and not acoustic["cut_short"]
        )
        table.append(
            row(
                "cue heard (acoustic)",
                f"median {acoustic['median_ms']:.1f} ms",
                f"max {acoustic['max_ms']:.1f} ms",
                f"n={acoustic['cues']:.0f}",
                f"<= {ACOUSTIC_MEDIAN_GOAL_MS}/{ACOUSTIC_MAX_GOAL_MS} ms",
                verdict(heard_ok) + f" (earliest {acoustic['min_ms']:+.1f} ms)",
            )
        )

    if session_memory is None:
        table.append(row("memory, 45 min session", "-", "-", "-", "-", "FAIL (did not run)"))
    else:
        growth = session_memory["growth_mb"]
        table.append(
            row(
                f"memory, {session_memory['session_minutes']:.0f} min session",
                f"{growth:+.2f} MB",
                f"start {session_memory['start_mb']:.0f} MB",
                f"n={session_memory['ticks']:.0f}",
                f"<= {SESSION_MEMORY_GOAL_MB:.0f} MB growth",
                verdict(growth <= SESSION_MEMORY_GOAL_MB)
                + f"  ({session_memory['seconds']:.0f} s to drive)",
            )
        )

    print()
    for line in table:
        print(line)
    print("\nHistory with 10 years of synthetic data (benchmarks/history_bench.py):", flush=True)
    subprocess.run([sys.executable, str(HERE / "history_bench.py")], cwd=REPO, check=False)
    print("\nImporting a 20 MB backup (benchmarks/import_bench.py):", flush=True)
    subprocess.run([sys.executable, str(HERE / "import_bench.py")], cwd=REPO, check=False)
    print(f"\n(benchmarks took {time.perf_counter() - started:.0f} s; they report, exit 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
