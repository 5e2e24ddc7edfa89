"""`inward remind` and `inward --check` on the command line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.__main__ import main, parse_args
from tests.e2e.test_single_instance import REPO, inward, offscreen, open_inward, stop


def test_remind_with_no_data_yet_says_so_and_exits_0(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path / "none"), "remind"]) == 0
    assert capsys.readouterr().out == "No reminder now: reminders are off.\n"
    assert not (tmp_path / "none").exists()  # nothing made for a command that only reads


def test_a_now_without_a_zone_is_refused_plainly(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path), "remind", "--now", "2026-11-21T18:30"]) == 2
    assert "needs a zone, e.g. 2026-11-21T18:30+01:00" in capsys.readouterr().err


def test_check_and_start_session_do_not_go_together(capsys) -> None:
    assert parse_args(["--check"]).check
    with pytest.raises(SystemExit):
        parse_args(["--check", "--start-session"])
    assert "not allowed with argument" in capsys.readouterr().err


def test_a_second_launch_with_check_hands_it_over(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    first = open_inward(folder)
    try:
        second = subprocess.run(
            inward(folder, "--check"),
            cwd=REPO,
            env=offscreen(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip() == (
            f"Inward is already open with the data folder {folder}; brought its window "
            "forward and asked it to open the self-check."
        )
    finally:
        stop(first, folder)


@pytest.mark.parametrize(
    ("action", "flag"), [("start-session", "--start-session"), ("check", "--check")]
)
def test_with_no_inward_open_the_button_starts_one_on_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, action: str, flag: str
) -> None:
    import app.remind

    started: list[tuple[list[str], dict]] = []
    monkeypatch.setattr(
        app.remind.subprocess, "Popen", lambda command, **kw: started.append((command, kw))
    )
    assert app.remind.open_inward(action, tmp_path / "data") == "started Inward"
    [(command, options)] = started
    assert command[-3:] == ["--data-dir", str(tmp_path / "data"), flag]
    assert options["start_new_session"] is True  # not ended with the reminder's process


def test_the_reminder_quotes_the_length_of_the_plan_today_shows(tmp_path: Path) -> None:
    """Equipment the person said they lack leaves exercises out of Today's plan; the
    reminder's "today's N-minute session" must count the same plan, not the full one."""
    from datetime import UTC, datetime

    from app.core.checks.loader import load_checks
    from app.core.content.exercises import load_content
    from app.core.plan.equipment import to_stored
    from app.core.plan.settings_keys import EQUIPMENT_KEY
    from app.core.plan.today_state import today_state
    from app.core.plan.types import Logbook
    from app.core.preferences import FROM_SETTINGS, PREFERENCES_KEY, Preferences
    from app.data_dir import database_path
    from app.db.store import Store
    from app.remind import today_facts

    settings = {
        PREFERENCES_KEY: Preferences(time_budget=0).to_dict(),  # the full routine
        EQUIPMENT_KEY: to_stored(["thick resistance band", "solid anchor"]),
    }
    with Store.open(database_path(tmp_path)) as store:
        for key, value in settings.items():
            store.set_setting(key, value)
    now = datetime(2026, 11, 21, 18, 30, tzinfo=UTC)
    today = today_state(
        settings=settings,
        history=Logbook(),
        saved_choices={},
        today_choices={},
        budget_minutes=FROM_SETTINGS,
        now=now,
        content=load_content(),
        checks=load_checks(),
        tz=UTC,
    )
    _, facts = today_facts(tmp_path, now, UTC)
    assert facts.plan_minutes == round(today.plan.seconds / 60)
