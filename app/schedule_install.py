"""Put the reminder timer (and the login start) in place, record it, and take away exactly that.

Called when Settings → Reminders is saved. Whatever an earlier save installed is removed
first, by the record it left (app config folder, `scheduled.json`): each file it wrote, if it
still says it was written by Inward, and each OS registration, by the command that undoes it.
Then what the new settings ask for is written and registered, and recorded. Nothing is left
scheduled that this record does not name, so switching reminders off removes everything.

The OS tools (systemctl --user, schtasks, launchctl) are run through `run`, which tests
replace. A tool that is missing or refuses is said in the outcome's lines: the files are
still recorded, so switching off removes them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from app.core.reminders import schedule_files as files
from app.core.reminders.due import ReminderSettings
from app.db.atomic_files import SHARED_FILE, write_atomically

RECORD_NAME = "scheduled.json"
Runner = Callable[[Sequence[str]], tuple[int, str]]


def run_tool(command: Sequence[str]) -> tuple[int, str]:
    """Run an OS tool; its exit status and what it said (127 when it is not there)."""
    try:
        done = subprocess.run(  # fixed tool names and arguments, no shell
            list(command), capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return 127, str(error)
    return done.returncode, (done.stderr or done.stdout).strip()


@dataclass(frozen=True)
class Places:
    """Where each OS keeps these files; from the environment, or a test's own folders."""

    platform: str
    home: Path
    config_home: Path  # XDG_CONFIG_HOME on Linux
    record_dir: Path  # Inward's own config folder: the record, Windows' task files

    @classmethod
    def here(cls) -> Places:
        import platformdirs

        home = Path.home()
        config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
        record = Path(platformdirs.user_config_dir("Inward", appauthor=False))
        return cls(sys.platform, home, config, record)

    @property
    def record(self) -> Path:
        return self.record_dir / RECORD_NAME


@dataclass
class Outcome:
    """What was done, in lines to show in Settings."""

    installed: list[str] = field(default_factory=list)  # paths and OS registrations
    removed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        said = [f"Installed: {item}" for item in self.installed]
        said += [f"Removed: {item}" for item in self.removed]
        return said + self.problems


def inward_command(*arguments: str) -> list[str]:
    """Inward's own command line: the bundle's executable, or this Python with `-m app`."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *arguments]
    return [sys.executable, "-m", "app", *arguments]


def read_record(places: Places) -> dict:
    try:
        record = json.loads(places.record.read_text("utf-8"))
    except (OSError, ValueError):
        return {"files": [], "undo": []}
    if not isinstance(record, dict):
        return {"files": [], "undo": []}
    return {"files": list(record.get("files", [])), "undo": list(record.get("undo", []))}


def _write(path: Path, data: str | bytes) -> None:
    """Whole or not at all; readable as the umask allows (the system reads these files)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data, SHARED_FILE)


def remove_installed(places: Places, run: Runner = run_tool) -> Outcome:
    """Undo what the record names: registrations first, then the files that are still ours."""
    outcome = Outcome()
    record = read_record(places)
    for command in record["undo"]:
        if isinstance(command, list) and all(isinstance(word, str) for word in command):
            code, said = run(command)
            if code != 0 and code != 127:
                outcome.problems.append(f"{' '.join(command)} said: {said or code}")
    for name in record["files"]:
        path = Path(str(name))
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            continue
        except OSError as error:
            outcome.problems.append(f"Could not read {path}: {error.strerror or error}")
            continue
        if not files.written_by_inward(data):
            outcome.problems.append(f"Left {path} in place: it no longer says Inward wrote it")
            continue
        try:
            path.unlink()
        except OSError as error:
            outcome.problems.append(f"Could not remove {path}: {error.strerror or error}")
            continue
        outcome.removed.append(str(path))
    if places.platform.startswith("linux") and any(
        n.endswith((".timer", ".service")) for n in record["files"]
    ):
        run(["systemctl", "--user", "daemon-reload"])
    with suppress(FileNotFoundError):
        places.record.unlink()
    return outcome


def _plan(
    settings: ReminderSettings, places: Places, remind: list[str], login: list[str]
) -> tuple[list[tuple[Path, str | bytes]], list[list[str]], list[list[str]]]:
    """The files to write, the commands that register them, the commands that undo that."""
    writes: list[tuple[Path, str | bytes]] = []
    register: list[list[str]] = []
    undo: list[list[str]] = []
    remind_on = settings.enabled and bool(settings.days)
    minutes = settings.at_minutes
    if places.platform == "win32":
        for wanted, name, xml in (
            (
                remind_on,
                files.TASK_NAME,
                lambda: files.schtasks_xml(settings.days, minutes, remind),
            ),
            (
                settings.start_at_login,
                files.LOGIN_TASK_NAME,
                lambda: files.login_schtasks_xml(login),
            ),
        ):
            if wanted:
                path = places.record_dir / (name.split("\\")[-1].replace(" ", "-") + ".xml")
                writes.append((path, files.task_file(xml())))
                register.append(["schtasks", "/Create", "/TN", name, "/XML", str(path), "/F"])
                undo.append(["schtasks", "/Delete", "/TN", name, "/F"])
    elif places.platform == "darwin":
        agents = places.home / "Library" / "LaunchAgents"
        domain = f"gui/{os.getuid()}" if hasattr(os, "getuid") else "gui"
        for wanted, label, plist in (
            (
                remind_on,
                files.AGENT_LABEL,
                lambda: files.launch_agent(settings.days, minutes, remind),
            ),
            (settings.start_at_login, files.LOGIN_AGENT_LABEL, lambda: files.login_agent(login)),
        ):
            if wanted:
                path = agents / f"{label}.plist"
                writes.append((path, plist()))
                register.append(["launchctl", "bootstrap", domain, str(path)])
                undo.append(["launchctl", "bootout", f"{domain}/{label}"])
    else:
        if remind_on:
            units = places.config_home / "systemd" / "user"
            timer = f"{files.TIMER_NAME}.timer"
            writes.append((units / f"{files.TIMER_NAME}.service", files.systemd_service(remind)))
            writes.append((units / timer, files.systemd_timer(settings.days, minutes)))
            register.append(["systemctl", "--user", "daemon-reload"])
            register.append(["systemctl", "--user", "enable", "--now", timer])
            undo.append(["systemctl", "--user", "disable", "--now", timer])
        if settings.start_at_login:
            desktop = places.config_home / "autostart" / files.LOGIN_DESKTOP_NAME
            writes.append((desktop, files.autostart_desktop(login)))
    return writes, register, undo


def apply(
    settings: ReminderSettings,
    data_dir: Path,
    places: Places | None = None,
    run: Runner = run_tool,
) -> Outcome:
    """Make what is installed match `settings`: remove the old, install and record the new."""
    places = places or Places.here()
    outcome = remove_installed(places, run)
    data = ["--data-dir", str(Path(data_dir).resolve())]
    remind = inward_command(*data, "remind")
    login = inward_command(*data)
    writes, register, undo = _plan(settings, places, remind, login)
    if not writes:
        return outcome
    written: list[str] = []
    record = {"files": written, "undo": undo}
    try:
        for path, data_text in writes:
            _write(path, data_text)
            written.append(str(path))
    except OSError as error:
        outcome.problems.append(f"Could not write {error.filename}: {error.strerror or error}")
    finally:  # what was written is recorded, so switching off can remove it
        _write(places.record, json.dumps(record, indent=1))
    outcome.installed.extend(written)
    if len(written) < len(writes):
        return outcome
    for command in register:
        code, said = run(command)
        if code != 0:
            outcome.problems.append(
                f"{' '.join(command)} did not work ({said or f'exit status {code}'}): "
                "the files are in place but the OS may not run them"
            )
            break
        if command[1:3] in (["--user", "enable"], ["/Create", "/TN"]) or command[1] == "bootstrap":
            outcome.installed.append(" ".join(command))
    return outcome
