"""The files that ask the OS to run `inward remind` (and, if chosen, Inward at login).

Pure text: app/schedule_install.py writes them, runs the OS's own tool and records exactly
what it did, so it can undo exactly that. Every file says it was written by Inward (MARKER):
a file without it is someone else's and is never removed.

- Linux: a systemd user timer + service. `Persistent=true` runs a reminder missed while the
  computer was off once it is back on; the reminder itself decides whether it is still due.
  Inward at login: an XDG autostart .desktop file.
- Windows: a Task Scheduler task (schtasks /XML): a weekly trigger on the chosen days,
  "start when available" for a missed run. At login: a task with a logon trigger.
- macOS: a LaunchAgent with a StartCalendarInterval per chosen day (launchd runs one missed
  while asleep on wake). At login: a LaunchAgent with RunAtLoad.
"""

from __future__ import annotations

import plistlib
import subprocess
from collections.abc import Sequence
from xml.etree import ElementTree

MARKER = "Written by Inward"
TIMER_NAME = "inward-reminders"  # .timer and .service
LOGIN_DESKTOP_NAME = "inward.desktop"
AGENT_LABEL = "org.inward.reminders"
LOGIN_AGENT_LABEL = "org.inward.login"
TASK_NAME = "Inward\\Reminders"
LOGIN_TASK_NAME = "Inward\\Start at login"
SERVICE_TIMEOUT = "1h"  # the reminder waits up to 50 minutes for its button
SYSTEMD_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WINDOWS_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TASK_NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task"
TASK_DECLARATION = '<?xml version="1.0" encoding="UTF-16"?>\n'


def _hour_minute(minutes: int) -> tuple[int, int]:
    if not 0 <= minutes < 24 * 60:
        raise ValueError(f"a time of day in minutes, not {minutes}")
    return divmod(minutes, 60)


def _days(days: Sequence[int]) -> list[int]:
    chosen = sorted(set(days))
    if not chosen or any(not 0 <= day <= 6 for day in chosen):
        raise ValueError(f"days are 0 (Monday) to 6 (Sunday), at least one: {list(days)}")
    return chosen


def systemd_quote(argument: str) -> str:
    """One ExecStart word: double-quoted, with systemd's own specifiers escaped."""
    escaped = argument.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def on_calendar(days: Sequence[int], minutes: int) -> str:
    """'Mon,Wed,Fri *-*-* 18:30:00'."""
    hour, minute = _hour_minute(minutes)
    names = ",".join(SYSTEMD_DAYS[day] for day in _days(days))
    return f"{names} *-*-* {hour:02d}:{minute:02d}:00"


def systemd_service(command: Sequence[str]) -> str:
    return (
        f"# {MARKER}: switching reminders off in Settings removes this file.\n"
        "[Unit]\n"
        "Description=Inward: a reminder when today's session is due\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={' '.join(systemd_quote(word) for word in command)}\n"
        f"TimeoutStartSec={SERVICE_TIMEOUT}\n"
        # The reminder's button may start Inward, which must outlive `inward remind`:
        # by default systemd would end every process of the service when it exits.
        "KillMode=process\n"
    )


def systemd_timer(days: Sequence[int], minutes: int) -> str:
    return (
        f"# {MARKER}: switching reminders off in Settings removes this file.\n"
        "[Unit]\n"
        "Description=Inward: when to look whether a reminder is due\n"
        "\n"
        "[Timer]\n"
        f"OnCalendar={on_calendar(days, minutes)}\n"
        "Persistent=true\n"
        f"Unit={TIMER_NAME}.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )


def desktop_quote(argument: str) -> str:
    """One Exec word as the Desktop Entry spec wants it."""
    if argument and not any(c in argument for c in " \t\n\"'\\><~|&;$*?#()`%="):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return '"' + escaped.replace("%", "%%") + '"'


def autostart_desktop(command: Sequence[str]) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=Inward\n"
        f"Comment={MARKER}: \u201cStart Inward at login\u201d in Settings, Reminders\n"
        f"Exec={' '.join(desktop_quote(word) for word in command)}\n"
        "Icon=inward\n"
        "Terminal=false\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def _task(description: str, trigger: ElementTree.Element, command: Sequence[str]) -> str:
    """A Task Scheduler 1.2 task for this user, as `schtasks /Create /XML` reads it."""
    ElementTree.register_namespace("", TASK_NAMESPACE)

    def sub(parent: ElementTree.Element, tag: str, text: str | None = None) -> ElementTree.Element:
        child = ElementTree.SubElement(parent, f"{{{TASK_NAMESPACE}}}{tag}")
        if text is not None:
            child.text = text
        return child

    task = ElementTree.Element(f"{{{TASK_NAMESPACE}}}Task", {"version": "1.2"})
    info = sub(task, "RegistrationInfo")
    sub(info, "Description", f"{MARKER}: {description}")
    triggers = sub(task, "Triggers")
    triggers.append(trigger)
    settings = sub(task, "Settings")
    for tag, text in (
        ("MultipleInstancesPolicy", "IgnoreNew"),
        ("DisallowStartIfOnBatteries", "false"),
        ("StopIfGoingOnBatteries", "false"),
        ("StartWhenAvailable", "true"),
        ("ExecutionTimeLimit", "PT1H"),
    ):
        sub(settings, tag, text)
    principal = sub(sub(task, "Principals"), "Principal")
    principal.set("id", "Author")
    sub(principal, "LogonType", "InteractiveToken")
    sub(principal, "RunLevel", "LeastPrivilege")
    actions = sub(task, "Actions")
    actions.set("Context", "Author")
    run = sub(actions, "Exec")
    sub(run, "Command", command[0])
    if len(command) > 1:
        sub(run, "Arguments", subprocess.list2cmdline(list(command[1:])))
    ElementTree.indent(task)
    return TASK_DECLARATION + ElementTree.tostring(task, encoding="unicode") + "\n"


def written_by_inward(data: bytes) -> bool:
    """Whether a file's bytes still carry the marker (UTF-8, or UTF-16 for the tasks)."""
    return any(MARKER.encode(encoding) in data for encoding in ("utf-8", "utf-16-le"))


def task_file(xml: str) -> bytes:
    """The bytes schtasks reads: UTF-16 with its byte order mark, as Windows exports tasks."""
    return xml.encode("utf-16")


def _element(tag: str, text: str | None = None) -> ElementTree.Element:
    element = ElementTree.Element(f"{{{TASK_NAMESPACE}}}{tag}")
    element.text = text
    return element


def schtasks_xml(days: Sequence[int], minutes: int, command: Sequence[str]) -> str:
    hour, minute = _hour_minute(minutes)
    trigger = _element("CalendarTrigger")
    trigger.append(_element("StartBoundary", f"2026-01-05T{hour:02d}:{minute:02d}:00"))
    by_week = _element("ScheduleByWeek")
    week_days = _element("DaysOfWeek")
    for day in _days(days):
        week_days.append(_element(WINDOWS_DAYS[day]))
    by_week.append(week_days)
    by_week.append(_element("WeeksInterval", "1"))
    trigger.append(by_week)
    return _task("reminders; switching them off in Settings removes this task.", trigger, command)


def login_schtasks_xml(command: Sequence[str]) -> str:
    trigger = _element("LogonTrigger")
    trigger.append(_element("Enabled", "true"))
    return _task("starts Inward at login (Settings, Reminders).", trigger, command)


def launch_agent(days: Sequence[int], minutes: int, command: Sequence[str]) -> bytes:
    hour, minute = _hour_minute(minutes)
    return plistlib.dumps(
        {
            "Label": AGENT_LABEL,
            "Comment": f"{MARKER}: switching reminders off in Settings removes this file.",
            "ProgramArguments": list(command),
            # launchd counts Sunday as 0; ours start with Monday as 0
            "StartCalendarInterval": [
                {"Weekday": (day + 1) % 7, "Hour": hour, "Minute": minute} for day in _days(days)
            ],
            "RunAtLoad": False,
        }
    )


def login_agent(command: Sequence[str]) -> bytes:
    return plistlib.dumps(
        {
            "Label": LOGIN_AGENT_LABEL,
            "Comment": f"{MARKER}: \u201cStart Inward at login\u201d in Settings, Reminders.",
            "ProgramArguments": list(command),
            "RunAtLoad": True,
        }
    )
