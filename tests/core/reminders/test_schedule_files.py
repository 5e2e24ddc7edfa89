"""The OS scheduler files: generated as text, checked by the tools that will read them."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from app.core.reminders import schedule_files as files

COMMAND = [sys.executable, "-m", "app", "--data-dir", "/home/a b/100% Inward", "remind"]
TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"


def test_the_timer_fires_on_the_chosen_days_and_catches_up_after_the_computer_was_off() -> None:
    timer = files.systemd_timer((4, 0, 2), 18 * 60 + 30)
    assert "OnCalendar=Mon,Wed,Fri *-*-* 18:30:00\n" in timer
    assert "Persistent=true\n" in timer
    assert timer.startswith(f"# {files.MARKER}")


def test_the_service_quotes_a_data_folder_with_spaces_and_percent_signs() -> None:
    service = files.systemd_service(COMMAND)
    assert '"--data-dir" "/home/a b/100%% Inward" "remind"' in service
    assert "Type=oneshot" in service
    assert "KillMode=process" in service  # Inward started from the button outlives the service


@pytest.mark.parametrize("bad", [(), (7,), (-1,)])
def test_no_day_or_an_impossible_day_is_refused(bad) -> None:
    with pytest.raises(ValueError, match="days are 0"):
        files.systemd_timer(bad, 600)


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
    timer = tmp_path / f"{files.TIMER_NAME}.timer"
    service = tmp_path / f"{files.TIMER_NAME}.service"
    timer.write_text(files.systemd_timer((0, 6), 7 * 60 + 5), encoding="utf-8")
    service.write_text(files.systemd_service(COMMAND), encoding="utf-8")
    done = subprocess.run(
        [analyze, "verify", str(timer), str(service)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == ""
    spec = subprocess.run(
        [analyze, "calendar", files.on_calendar((0, 6), 7 * 60 + 5)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert spec.returncode == 0, spec.stderr
    assert "Normalized form: Mon,Sun *-*-* 07:05:00" in spec.stdout


def test_systemd_would_refuse_a_broken_timer(tmp_path: Path) -> None:
    """The check above can fail: a bad OnCalendar is refused by the same command."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed (Debian: apt-get install systemd)")
    timer = tmp_path / f"{files.TIMER_NAME}.timer"
    (tmp_path / f"{files.TIMER_NAME}.service").write_text(
        files.systemd_service(COMMAND), encoding="utf-8"
    )
    timer.write_text(files.systemd_timer((0,), 600).replace("10:00:00", "10:61:00"), "utf-8")
    done = subprocess.run([analyze, "verify", str(timer)], capture_output=True, check=False)
    assert done.returncode != 0


def test_the_autostart_entry_runs_inward_on_the_data_folder() -> None:
    entry = files.autostart_desktop(COMMAND[:-1])
    lines = dict(line.split("=", 1) for line in entry.splitlines()[1:])
    assert entry.startswith("[Desktop Entry]\n")
    assert lines["Type"] == "Application" and files.MARKER in lines["Comment"]
    assert lines["Exec"].endswith('--data-dir "/home/a b/100%% Inward"')
    assert lines["Exec"].startswith(sys.executable)


def test_the_windows_task_runs_weekly_on_the_chosen_days_and_when_missed() -> None:
    command = [
        r"C:\Program Files\Inward\inward.exe",
        "--data-dir",
        r"C:\Users\a b\Inward",
        "remind",
    ]
    data = files.task_file(files.schtasks_xml((1, 5), 9 * 60, command))
    assert data.startswith(b"\xff\xfe")  # UTF-16 with its byte order mark, as declared
    root = ElementTree.fromstring(data)
    assert root.tag == f"{TASK}Task" and root.get("version") == "1.2"
    trigger = root.find(f"{TASK}Triggers/{TASK}CalendarTrigger")
    assert trigger is not None
    assert trigger.findtext(f"{TASK}StartBoundary").endswith("T09:00:00")
    days = trigger.find(f"{TASK}ScheduleByWeek/{TASK}DaysOfWeek")
    assert [child.tag.removeprefix(TASK) for child in days] == ["Tuesday", "Saturday"]
    assert root.findtext(f"{TASK}Settings/{TASK}StartWhenAvailable") == "true"
    action = root.find(f"{TASK}Actions/{TASK}Exec")
    assert action.findtext(f"{TASK}Command") == command[0]
    assert action.findtext(f"{TASK}Arguments") == r'--data-dir "C:\Users\a b\Inward" remind'
    assert files.MARKER in root.findtext(f"{TASK}RegistrationInfo/{TASK}Description")
    order = [child.tag.removeprefix(TASK) for child in root]
    assert order == ["RegistrationInfo", "Triggers", "Settings", "Principals", "Actions"]


def test_the_windows_login_task_has_a_logon_trigger() -> None:
    root = ElementTree.fromstring(files.task_file(files.login_schtasks_xml(["inward.exe"])))
    assert root.find(f"{TASK}Triggers/{TASK}LogonTrigger") is not None
    assert root.find(f"{TASK}Actions/{TASK}Exec/{TASK}Arguments") is None


def test_the_launch_agent_counts_sunday_as_launchds_day_zero() -> None:
    agent = plistlib.loads(files.launch_agent((0, 6), 18 * 60, COMMAND))
    assert agent["Label"] == files.AGENT_LABEL
    assert agent["ProgramArguments"] == COMMAND
    assert agent["StartCalendarInterval"] == [
        {"Weekday": 1, "Hour": 18, "Minute": 0},
        {"Weekday": 0, "Hour": 18, "Minute": 0},
    ]
    login = plistlib.loads(files.login_agent(COMMAND[:-1]))
    assert login["RunAtLoad"] is True and files.MARKER in login["Comment"]
