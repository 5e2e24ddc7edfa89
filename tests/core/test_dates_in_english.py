"""History's dates in the app's own words whatever the computer's language: strftime's %a and
%b follow the process locale (Qt sets it at start-up), so a German system showed "Di 3 Mär"
in otherwise English sentences."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.core.dates import local_when, short_weekday_date

ROOT = Path(__file__).resolve().parents[2]
# A format spec naming a day or month in the locale's words: %a %A %b %B %h %c %x %p.
LOCALE_NAMES = re.compile(r"%[-#]?[aAbBhcxp]")


def test_no_app_code_formats_a_name_through_the_locale() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LOCALE_NAMES.search(line.split("#")[0]) and "strftime's" not in line
    ]
    assert found == []


def test_history_dates_read_in_english() -> None:
    moment = datetime(2026, 3, 3, 9, 14, tzinfo=UTC)
    assert local_when(moment, UTC) == "Tue 3 Mar 2026, 09:14"
    assert short_weekday_date(date(2026, 3, 3)) == "Tue 3 Mar 2026"


@pytest.mark.skipif(shutil.which("localedef") is None, reason="no localedef to make a locale")
def test_history_dates_stay_english_on_a_german_system(tmp_path: Path) -> None:
    made = subprocess.run(
        ["localedef", "-i", "de_DE", "-f", "UTF-8", str(tmp_path / "de_DE.UTF-8")],
        capture_output=True,
        check=False,
    )
    if not (tmp_path / "de_DE.UTF-8").exists():
        pytest.skip(f"could not make a German locale: {made.stderr[-200:]!r}")
    code = (
        "import locale\n"
        "from datetime import UTC, date, datetime\n"
        "locale.setlocale(locale.LC_ALL, '')\n"
        "assert f'{date(2026, 3, 3):%b}' == 'Mär', 'the German locale is not in force'\n"
        "from app.core.dates import local_when, short_weekday_date\n"
        "print(local_when(datetime(2026, 3, 3, 9, 14, tzinfo=UTC), UTC))\n"
        "print(short_weekday_date(date(2026, 3, 3)))\n"
        "from app.core.dates import short_month\n"
        "print(short_month(date(2026, 3, 2)))\n"
    )
    env = {**os.environ, "LOCPATH": str(tmp_path), "LC_ALL": "de_DE.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.splitlines() == [
        "Tue 3 Mar 2026, 09:14",
        "Tue 3 Mar 2026",
        "Mar",
    ], result.stderr


def test_every_date_shape_comes_from_core_dates() -> None:
    """The report, History's table and the plan's reasons word dates through app/core/dates;
    a module formatting a date or time on its own (%H:%M, %Y) would drift from them."""
    from app.core.dates import day_month_in_year, numeric_date_time, short_date_time

    moment = datetime(2026, 3, 3, 9, 14)
    assert short_date_time(moment) == "3 Mar 2026 09:14"
    assert numeric_date_time(moment) == "2026-03-03 09:14"
    assert day_month_in_year(date(2025, 12, 31), 2026) == "31 December 2025"
    assert day_month_in_year(date(2026, 1, 2), 2026) == "2 January"
    own = re.compile(r"%H:%M|\{[^}]*:%Y")  # a time or year worded outside core/dates
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "app").rglob("*.py"))
        if path.name != "dates.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if own.search(line) and 'strftime("%Y%m%d' not in line
    ]
    assert found == []
