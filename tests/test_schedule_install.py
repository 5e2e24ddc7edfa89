"""Switching reminders on installs the timer and says where; off removes exactly that."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.reminders import schedule_files as files
from app.core.reminders.due import ReminderSettings
from app.schedule_install import Places, apply, remove_installed

ON = ReminderSettings(enabled=True, days=(0, 3), at="07:30")


class Tools:
    """The OS tools as a recording fake; `refuse` names a tool that fails."""

    def __init__(self, refuse: str = "") -> None:
        self.ran: list[list[str]] = []
        self.refuse = refuse

    def __call__(self, command: Sequence[str]) -> tuple[int, str]:
        self.ran.append(list(command))
        if self.refuse and command[0] == self.refuse:
            return 1, "Failed to connect to bus: No medium found"
        return 0, ""


def places(tmp_path: Path, platform: str = "linux") -> Places:
    return Places(platform, tmp_path / "home", tmp_path / "config", tmp_path / "inward-config")


def every_file(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_on_writes_the_timer_enables_it_and_says_so(tmp_path: Path) -> None:
    where, tools = places(tmp_path), Tools()
    outcome = apply(replace(ON, start_at_login=True), tmp_path / "data", where, tools)
    units = where.config_home / "systemd" / "user"
    timer = units / "inward-reminders.timer"
    assert "OnCalendar=Mon,Thu *-*-* 07:30:00" in timer.read_text("utf-8")
    service = (units / "inward-reminders.service").read_text("utf-8")
    assert f'"--data-dir" "{(tmp_path / "data").resolve()}" "remind"' in service
    autostart = where.config_home / "autostart" / "inward.desktop"
    assert autostart.is_file()
    assert ["systemctl", "--user", "enable", "--now", "inward-reminders.timer"] in tools.ran
    lines = outcome.lines()
    assert f"Installed: {timer}" in lines and f"Installed: {autostart}" in lines
    assert "Installed: systemctl --user enable --now inward-reminders.timer" in lines
    assert outcome.problems == []


def test_off_removes_exactly_what_was_installed(tmp_path: Path) -> None:
    where, tools = places(tmp_path), Tools()
    apply(replace(ON, start_at_login=True), tmp_path / "data", where, tools)
    theirs = where.config_home / "systemd" / "user" / "someone-elses.timer"
    theirs.write_text("[Timer]\n", "utf-8")
    tools.ran.clear()
    outcome = apply(ReminderSettings(), tmp_path / "data", where, tools)
    assert every_file(tmp_path) == [theirs]
    assert ["systemctl", "--user", "disable", "--now", "inward-reminders.timer"] in tools.ran
    assert len(outcome.removed) == 3 and outcome.installed == []


def test_a_changed_time_replaces_the_old_timer(tmp_path: Path) -> None:
    where, tools = places(tmp_path), Tools()
    apply(ON, tmp_path / "data", where, tools)
    apply(replace(ON, at="19:00", days=(5,)), tmp_path / "data", where, tools)
    timer = where.config_home / "systemd" / "user" / "inward-reminders.timer"
    assert "OnCalendar=Sat *-*-* 19:00:00" in timer.read_text("utf-8")
    record = json.loads(where.record.read_text("utf-8"))
    assert sorted(record["files"]) == sorted(str(p) for p in every_file(where.config_home))


def test_a_file_someone_edited_into_their_own_is_left_and_said(tmp_path: Path) -> None:
    where, tools = places(tmp_path), Tools()
    apply(ON, tmp_path / "data", where, tools)
    timer = where.config_home / "systemd" / "user" / "inward-reminders.timer"
    timer.write_text("[Timer]\nOnCalendar=daily\n", "utf-8")
    outcome = remove_installed(where, tools)
    assert timer.exists()
    assert outcome.problems == [f"Left {timer} in place: it no longer says Inward wrote it"]


def test_without_a_user_systemd_the_files_are_kept_recorded_and_the_problem_said(
    tmp_path: Path,
) -> None:
    where = places(tmp_path)
    outcome = apply(ON, tmp_path / "data", where, Tools(refuse="systemctl"))
    assert "Failed to connect to bus" in " ".join(outcome.problems)
    assert remove_installed(where, Tools()).removed  # still removable


@pytest.mark.parametrize(
    ("platform", "registered", "undone"),
    [
        ("win32", ["schtasks", "/Create", "/TN", "Inward\\Reminders"], ["schtasks", "/Delete"]),
        ("darwin", ["launchctl", "bootstrap"], ["launchctl", "bootout"]),
    ],
)
def test_windows_and_macos_register_with_their_own_tools(tmp_path, platform, registered, undone):
    where, tools = places(tmp_path, platform), Tools()
    outcome = apply(ON, tmp_path / "data", where, tools)
    assert any(command[: len(registered)] == registered for command in tools.ran)
    written = [Path(item) for item in outcome.installed if item.startswith(str(tmp_path))]
    assert len(written) == 1 and files.written_by_inward(written[0].read_bytes())
    tools.ran.clear()
    apply(ReminderSettings(), tmp_path / "data", where, tools)
    assert any(command[: len(undone)] == undone for command in tools.ran)
    assert every_file(tmp_path) == []


def test_a_timer_that_cannot_be_written_is_named_and_leaves_no_part_file(tmp_path: Path) -> None:
    where, tools = places(tmp_path), Tools()
    timer = where.config_home / "systemd" / "user" / "inward-reminders.timer"
    (timer / "in-the-way").mkdir(parents=True)  # a folder where the timer file goes
    outcome = apply(ON, tmp_path / "data", where, tools)
    assert any(problem.startswith(f"Could not write {timer}:") for problem in outcome.problems)
    assert [p for p in tmp_path.rglob("*") if ".part" in p.name] == []
