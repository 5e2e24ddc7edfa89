"""The History page with ten years of synthetic data, against a raw sqlite3 floor (DESIGN.md).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/history_bench.py [--years 10]

A report, not a test: it prints the measurements and a PASS/FAIL per goal, and exits 0.

1. Data: ``python -m app.tools.demo_history --years 10 --data-dir TMP`` (~3,000 sessions,
   ~95,000 set records, check-ins and checks).
2. The floor: the SELECT statements the page runs to open (on its default range, three
   months, and a year for the calendar), executed with plain ``sqlite3`` on a fresh
   read-only connection and fetched in full (``fetchall``), with no Python work on the rows
   and no Qt. That is the least any History page must do to show these numbers, so a ratio
   against it is the cost of what this page adds. The lazy streak cursor (a few rows) is
   left out. DESIGN.md's other candidate, ``SELECT count(*), sum(done_seconds) FROM
   set_records``, is printed for reference: it reads all ten years of sets, so it is a floor
   of a different amount of work.
3. Opening. "in the app": as a person opens it, in the main window, which built and filled
   the page out of sight once start-up was over; the page reads the file again only if it
   changed since, so an open is the switch and the window's paint. This is the row the
   goals are for. "data only": the same reads plus everything the page computes from them
   (check points folded to medians, chart series, totals, weekly bars), without Qt. "new
   page, warm process": a page built, loaded and painted in a process that has opened
   History before (the first open when the window had no time to build it ahead, or after
   the data changed); "new page, fresh process": the first one in a fresh process, so it
   includes importing the page and its charts (QPainter since issue 16; pyqtgraph and
   numpy took ~290 ms of it before). Both run from construction to the first paint
   (``QWidget.grab`` paints the page synchronously, as its first frame would).
4. Changing the range: each range button in turn, again to the paint. After opening, the
   page reads all the history in a worker thread (its "read-ahead"); a person looks at the
   page for longer than that takes, so range changes are measured once it is done, and
   again on a page with the read-ahead switched off, where a longer range reads the file
   when chosen ("All" then reads all ten years).
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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from common import REPO, row, run_json, verdict

ROUNDS = 5  # fresh processes, one cold open each
WARM_OPENS = 5  # warm opens per process, each with a floor measured just before it
OPEN_GOAL_MS = 200.0
OPEN_GOAL_RATIO = 3.0
RANGE_GOAL_MS = 50.0
CHILD_TIMEOUT_S = 180
# The ranges clicked in turn after opening (on 3 months): first visits, then returns.
SPAN_SEQUENCE = ("4w", "1y", "all", "3m", "4w", "1y", "all", "3m")


# --- In the child process -------------------------------------------------------------------


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def floor_queries(db_path: Path, now: Any) -> Callable[[], float]:
    """The page's opening SELECTs on a fresh connection, fetched in full; returns ms."""
    import sqlite3

    from app.core.history.ranges import DEFAULT_SPAN, window
    from app.db import history_queries as hq
    from app.db.times import to_utc_text

    frame = window(DEFAULT_SPAN, now)
    statements = [
        (hq.CHECK_ROWS, {"since": to_utc_text(frame.since) if frame.since else ""}),
        (hq.SESSION_WORK, {"since": to_utc_text(frame.adherence_since)}),
        (hq.FIRST_CHECK, {}),
        (hq.FIRST_SESSION, {}),
        ("SELECT count(*) FROM sessions", {}),
    ]
    uri = f"{db_path.resolve().as_uri()}?mode=ro"

    def run() -> float:
        began = time.perf_counter()
        connection = sqlite3.connect(uri, uri=True)
        try:
            for sql, parameters in statements:
                connection.execute(sql, parameters).fetchall()
        finally:
            connection.close()
        return _ms(began)

    return run


def data_only(db_path: Path, definitions: Any, now: Any) -> Callable[[], float]:
    """What the page computes to open, without Qt: the reads, the chart series, the totals."""
    from app.core.history.chart_model import check_charts
    from app.core.history.practice import current_streak, stats, weekly_sessions
    from app.core.history.ranges import DEFAULT_SPAN, window
    from app.db import history_queries as hq

    frame = window(DEFAULT_SPAN, now)
    assert frame.first_day is not None

    def run() -> float:
        began = time.perf_counter()
        with hq.reading(db_path) as connection:
            points = hq.check_points(connection, frame.since)
            work = hq.adherence(connection, frame.adherence_since)
            hq.extent(connection)
            streak = current_streak(hq.session_days(connection), frame.today)
        check_charts(points, definitions)
        ranged = work.since(frame.first_day)
        weekly_sessions(ranged.weeks, frame.first_day, frame.today)
        stats(streak, ranged.sessions, ranged.minutes, ranged.holds, DEFAULT_SPAN)
        work.day_minutes  # noqa: B018 - the calendar's days, as the page reads them
        return _ms(began)

    return run


def count_query(db_path: Path) -> float:
    import sqlite3

    began = time.perf_counter()
    connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        connection.execute("SELECT count(*), sum(done_seconds) FROM set_records").fetchall()
    finally:
        connection.close()
    return _ms(began)


def open_in_app(
    db_path: Path, settle: Callable[[float], None], floor: Callable[[], float]
) -> tuple[list[float], list[float], list[float]]:
    """Opening History as a person does: in the main window, which built and filled the page
    out of sight while the Today page was shown; each open from Today, to the window's
    paint. Returns the opens, a floor measured just before each, and opens after a write to
    the file (which the page then reads again), all in ms."""
    from app.ui.shell.main_window import MainWindow

    window = MainWindow(db_path.parent)
    window.resize(1280, 860)
    window.show()
    window.load()
    window.grab()
    window._prebuild_history()  # what the window does once the chart imports are in
    settle(0.5)
    page = window.history
    waited = time.perf_counter()
    while not page.read_ahead_done and time.perf_counter() - waited < 10:
        settle(0.01)
    opens, floors, after_write = [], [], []
    for _ in range(WARM_OPENS):
        settle(0.05)
        floors.append(floor())
        began = time.perf_counter()
        window.open_history()
        window.grab()
        opens.append(_ms(began))
        window.show_home()
        window.grab()
    for number in range(WARM_OPENS):  # as after a session: the file changed, so it is read
        window.store.set_setting("bench-write", number)
        settle(0.05)
        began = time.perf_counter()
        window.open_history()
        window.grab()
        after_write.append(_ms(began))
        window.show_home()
        window.grab()
    window.close()
    return opens, floors, after_write


def child(db_path: Path) -> dict[str, Any]:
    """One process: a cold open, warm opens with floors between, then the range changes."""
    from datetime import UTC, datetime

    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from app.core.checks.loader import load_checks
    from app.core.content.exercises import load_content
    from app.ui.common.theme import force_scheme

    force_scheme(app, False)
    # What the main window already holds when History is opened.
    definitions = load_checks()
    names = {exercise.slug: exercise.name for exercise in load_content().exercises}
    now = datetime.now(UTC)
    floor = floor_queries(db_path, now)
    floor()  # the file's pages into the OS cache, as after the app's own start-up reads
    data = data_only(db_path, definitions, now)

    def settle(seconds: float) -> None:
        """Run the event loop for a moment, as the window's would between two clicks."""
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            app.processEvents()
            time.sleep(0.005)

    def open_page(read_ahead: bool = True) -> tuple[Any, float]:
        began = time.perf_counter()
        from app.ui.history.page import HistoryPage

        page = HistoryPage()
        page.read_ahead = read_ahead
        page.resize(1280, 860)
        page.show()
        page.load(db_path, definitions, now, exercise_names=names)
        page.grab()
        return page, _ms(began)

    heavy_before = [name for name in ("pyqtgraph", "numpy") if name in sys.modules]
    floors = [floor()]
    # The opens measured here do not read ahead: six pages' read-aheads at once would
    # compete with each other, where the app has one page (measured below).
    page, cold = open_page(read_ahead=False)
    pages = [page]
    warm = []
    for _ in range(WARM_OPENS):
        settle(0.05)
        floors.append(floor())
        page, took = open_page(read_ahead=False)
        warm.append(took)
        pages.append(page)
    counts = [count_query(db_path) for _ in range(3)]
    datas = []
    for _ in range(WARM_OPENS):
        floors.append(floor())
        datas.append(data())

    from app.core.history.ranges import Span

    def click_through(page: Any) -> list[tuple[str, float]]:
        spans = []
        for value in SPAN_SEQUENCE:
            settle(0.05)
            began = time.perf_counter()
            page.set_span(Span(value))
            page.grab()
            spans.append((value, _ms(began)))
        return spans

    # As a person would: the page has been on screen a moment, its read-ahead done.
    page, _ = open_page(read_ahead=True)
    pages.append(page)
    waited = time.perf_counter()
    while not page.read_ahead_done and time.perf_counter() - waited < 10:
        app.processEvents()
        time.sleep(0.005)
    read_ahead = _ms(waited)
    spans = click_through(page)
    # And a page that reads each longer range only when it is chosen.
    fresh, _ = open_page(read_ahead=False)
    pages.append(fresh)
    settle(0.3)
    unread = click_through(fresh)
    app.processEvents()
    in_app, in_app_floors, after_write = open_in_app(db_path, settle, floor)
    return {
        "in_app": in_app,
        "in_app_after_write": after_write,
        "in_app_floors": in_app_floors,
        "cold": cold,
        "warm": warm,
        "floors": floors,
        "count": counts,
        "data": datas,
        "spans": spans,
        "spans_unread": unread,
        "read_ahead_ms": read_ahead,
        "heavy_before_open": heavy_before,
        "charts": len(page.chart_widgets),
        "sessions": page.shown_range.extent.session_count if page.shown_range else 0,
    }


# --- In the parent --------------------------------------------------------------------------


def generate(years: float, data_dir: Path) -> Path:
    command = [
        sys.executable,
        "-m",
        "app.tools.demo_history",
        "--years",
        str(years),
        "--data-dir",
        str(data_dir),
    ]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"demo_history failed:\n{done.stdout}{done.stderr}")
    print(f"  {done.stdout.strip()}", flush=True)
    from app.data_dir import database_path

    return database_path(data_dir)


def run_child(db_path: Path) -> dict[str, Any] | None:
    arguments = [str(Path(__file__).resolve()), "--child", str(db_path)]
    return run_json(arguments, "a measuring process", CHILD_TIMEOUT_S)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(results: list[dict[str, Any]]) -> list[str]:
    cold = median([r["cold"] for r in results])
    warm = median([t for r in results for t in r["warm"]])
    floor = median([t for r in results for t in r["floors"]])
    count = median([t for r in results for t in r["count"]])

    def visits(key: str) -> tuple[list[float], list[float], list[float]]:
        """Range changes that were a first visit, a return, and the first visit to All."""
        first_visits: list[float] = []
        returns: list[float] = []
        first_all: list[float] = []
        for result in results:
            seen = {"3m"}
            for value, took in result[key]:
                if value in seen:
                    returns.append(took)
                else:
                    first_visits.append(took)
                    if value == "all":
                        first_all.append(took)
                seen.add(value)
        return first_visits, returns, first_all

    first_visits, returns, first_all = visits("spans")
    unread_first, _unread_returns, unread_all = visits("spans_unread")
    changes = first_visits + returns
    worst = max(changes) if changes else float("nan")
    read_ahead = median([r["read_ahead_ms"] for r in results])

    lines = [row("measure", "app", "floor", "ratio", "goal", "result")]

    data = median([t for r in results for t in r["data"]])
    lines.append(
        row(
            "open: data only, no Qt",
            f"data {data:.1f} ms",
            f"SQL {floor:.1f} ms",
            f"ratio {data / floor:.1f}x",
            f"<= {OPEN_GOAL_RATIO:.0f}x",
            verdict(data / floor <= OPEN_GOAL_RATIO),
        )
    )

    def open_row(label: str, took: float) -> None:
        ratio = took / floor
        lines.append(
            row(
                label,
                f"page {took:.0f} ms",
                f"SQL {floor:.1f} ms",
                f"ratio {ratio:.1f}x",
                f"<= {OPEN_GOAL_MS:.0f} ms, {OPEN_GOAL_RATIO:.0f}x",
                f"{verdict(took <= OPEN_GOAL_MS)} (ms), {verdict(ratio <= OPEN_GOAL_RATIO)} (x)",
            )
        )

    in_app = median([t for r in results for t in r["in_app"]])
    in_app_floor = median([t for r in results for t in r["in_app_floors"]])
    lines.append(
        row(
            "open History in the app",
            f"page {in_app:.0f} ms",
            f"SQL {in_app_floor:.1f} ms",
            f"ratio {in_app / in_app_floor:.1f}x",
            f"<= {OPEN_GOAL_MS:.0f} ms, {OPEN_GOAL_RATIO:.0f}x",
            f"{verdict(in_app <= OPEN_GOAL_MS)} (ms), "
            f"{verdict(in_app / in_app_floor <= OPEN_GOAL_RATIO)} (x)",
        )
    )
    after_write = median([t for r in results for t in r["in_app_after_write"]])
    lines.append(
        row(
            "  after the file changed",
            f"page {after_write:.0f} ms",
            f"SQL {in_app_floor:.1f} ms",
            f"ratio {after_write / in_app_floor:.1f}x",
            f"<= {OPEN_GOAL_MS:.0f} ms",
            f"{verdict(after_write <= OPEN_GOAL_MS)} (ms), ratio info",
        )
    )
    open_row("new page, warm process", warm)
    open_row("new page, fresh process", cold)
    lines.append(
        row(
            "  (first-open imports)",
            f"~{cold - warm:.0f} ms",
            "",
            "",
            "(info)",
            "cold minus warm",
        )
    )
    lines.append(
        row(
            "open warm vs count(*) query",
            f"page {warm:.0f} ms",
            f"count {count:.1f} ms",
            f"ratio {warm / count:.1f}x",
            "(info)",
            "info",
        )
    )
    for label, values in (
        ("change range, first visit", first_visits),
        ("change range, return", returns),
        ("first change to All", first_all),
        ("first visit, no read-ahead", unread_first),
        ("  All, no read-ahead", unread_all),
    ):
        took = median(values)
        lines.append(
            row(
                label,
                f"median {took:.0f} ms",
                f"max {max(values):.0f} ms" if values else "-",
                f"n={len(values)}",
                f"<= {RANGE_GOAL_MS:.0f} ms",
                verdict(took <= RANGE_GOAL_MS),
            )
        )
    lines.append(
        row(
            "read-ahead in background",
            f"{read_ahead:.0f} ms",
            "",
            "",
            "(info)",
            "page open to all read",
        )
    )
    lines.append(
        row(
            "change range, worst",
            f"max {worst:.0f} ms",
            "",
            "",
            f"<= {RANGE_GOAL_MS:.0f} ms",
            verdict(worst <= RANGE_GOAL_MS),
        )
    )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(child(args.child)))
        return 0

    started = time.perf_counter()
    print(f"History benchmark: {sys.executable}, {os.cpu_count()} CPUs", flush=True)
    # As installed, the app runs from compiled bytecode (see run_all.py).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "app")], check=True)
    with tempfile.TemporaryDirectory(prefix="inward-history-bench-") as tmp:
        print(f"  writing {args.years:g} years of synthetic history ...", flush=True)
        db_path = generate(args.years, Path(tmp) / "data")
        results = []
        for number in range(1, args.rounds + 1):
            result = run_child(db_path)
            if result is not None:
                results.append(result)
                if result["heavy_before_open"]:
                    print(f"  imported before opening: {result['heavy_before_open']}")
            print(f"  round {number}/{args.rounds} done", flush=True)
    if not results:
        print("no measurement succeeded")
        return 0
    last = results[-1]
    print(
        f"  {last['sessions']:,} sessions in the file, {last['charts']} check charts drawn; "
        f"{len(results)} processes x ({WARM_OPENS} warm opens + 1 cold, "
        f"{len(SPAN_SEQUENCE)} range changes)"
    )
    for key, title in (("spans", "after read-ahead"), ("spans_unread", "without read-ahead")):
        print(f"  range changes {title} (ms), in order, per process:")
        for result in results:
            print("    " + "  ".join(f"{value} {took:.0f}" for value, took in result[key]))
    print()
    for line in report(results):
        print(line)
    print(f"\n(took {time.perf_counter() - started:.0f} s; a report, exit 0)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
