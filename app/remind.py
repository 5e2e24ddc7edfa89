"""`inward remind`: decide whether a reminder is due now, show it, and exit.

Run by the OS timer (app/schedule_install.py) while Inward is closed, a few times on a
reminder day. It reads the data file read-only, makes today's plan as the Today page would,
asks app/core/reminders/due.py whether a reminder is due, records that it reminded (beside the
data file, never in it), and shows it through the desktop's notifications. The button opens
Inward straight into the session or the self-check: a running Inward gets the request through
the single-instance hand-over, otherwise Inward is started with `--start-session` or
`--check`. With no notification service the reminder is printed instead; either way the exit
status is 0 (a timer's job that "fails" every time someone has no desktop helps nobody).

No window, no QtWidgets on Linux: QtCore and QtDBus only.
"""

from __future__ import annotations

import functools
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.core.reminders.due import CHECK, START_SESSION, Decision, Facts, Reminder, ReminderSettings

if TYPE_CHECKING:
    from app.core.checks.types import CheckDefinition
    from app.core.content.exercises import Content

# How long `inward remind` waits for the button before it leaves the notification to the
# desktop and exits; the timer's service allows longer (schedule_files.SERVICE_TIMEOUT).
WAIT_FOR_ANSWER_MS = 50 * 60 * 1000
FLAG_FOR = {START_SESSION: "--start-session", CHECK: "--check"}


def due(
    data_dir: Path,
    now: datetime,
    tz: tzinfo,
    content: Content | None = None,
    checks: Sequence[CheckDefinition] | None = None,
) -> Decision:
    """Today's decision, from the data file (read-only) and the last reminder recorded.

    An open window passes the content and checks it already holds; otherwise they are read."""
    from app.core.reminders.due import REMINDERS_KEY, ReminderSettings, decide
    from app.data_dir import database_path
    from app.db.reminder_facts import last_reminded

    settings = ReminderSettings.from_dict(_peek_settings(database_path(data_dir), REMINDERS_KEY))
    if not settings.enabled:  # nothing else to read
        return Decision(None, "reminders are off")
    settings, facts = today_facts(data_dir, now, tz, content, checks)
    return decide(settings, facts, last_reminded(data_dir), now, tz)


def today_facts(
    data_dir: Path,
    now: datetime,
    tz: tzinfo,
    content: Content | None = None,
    checks: Sequence[CheckDefinition] | None = None,
) -> tuple[ReminderSettings, Facts]:
    """The stored reminder settings and what today's plan says, read-only.

    Today's plan is the Today page's own (core.plan.today_state), so the reminder quotes
    the session Today would play: saved choices, the default budget (or about 20 minutes
    before any session), the pinch answers, the equipment the person has.
    """
    from app.core.checks.loader import load_checks
    from app.core.content.exercises import load_content
    from app.core.plan.today_state import today_state
    from app.core.preferences import FROM_SETTINGS
    from app.core.reminders.due import REMINDERS_KEY, ReminderSettings, facts_from
    from app.data_dir import database_path
    from app.db.reminder_facts import read_facts

    content = content or load_content()
    checks = checks or load_checks()
    stored = read_facts(database_path(data_dir), content)
    today = today_state(
        settings=stored.settings,
        history=stored.history,
        saved_choices=stored.choices,
        today_choices={},
        budget_minutes=FROM_SETTINGS,
        now=now,
        content=content,
        checks=checks,
        tz=tz,
    )
    settings = ReminderSettings.from_dict(stored.settings.get(REMINDERS_KEY))
    return settings, facts_from(today.plan, stored.history, today.plan.recheck_last, now, tz)


def _peek_settings(path: Path, key: str) -> object:
    """One stored setting alone, cheaply: most runs stop here when reminders are off."""
    import json
    import sqlite3
    from contextlib import closing, suppress

    from app.db.read_only import connect_read_only

    if not path.is_file():
        return None
    with suppress(sqlite3.Error, ValueError, TypeError), closing(connect_read_only(path)) as db:
        row = db.execute("SELECT value_json FROM settings WHERE key = ?", (key,))
        found = row.fetchone()
        return json.loads(found[0]) if found else None
    return None


def open_inward(action: str, data_dir: Path) -> str:
    """Hand the action to the Inward already open on `data_dir`, else start one; says which."""
    from app.schedule_install import inward_command
    from app.ui.shell.single_instance import RAISE, send_to_running

    if send_to_running(data_dir, [RAISE, action], patience_ms=3000):
        return "handed to the open Inward"
    subprocess.Popen(  # our own executable, fixed arguments
        inward_command("--data-dir", str(data_dir), FLAG_FOR[action]),
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
    )
    return "started Inward"


def show(reminder: Reminder, data_dir: Path, out: TextIO, wait_ms: int) -> None:
    """Show the notification and act on its button; print it when nobody can show it."""
    from PySide6.QtCore import QCoreApplication, QTimer

    if not sys.platform.startswith("linux") and "bsd" not in sys.platform:
        return _show_in_tray(reminder, data_dir, out, wait_ms)
    from app.ui.reminders.notifications import DBusNotifier

    app = QCoreApplication.instance() or QCoreApplication([])
    notifier = DBusNotifier()
    outcome: list[str] = []

    def unavailable(why: str) -> None:
        print_reminder(reminder, out, f"no desktop notifications ({why})")
        app.exit(0)

    def invoked(action: str) -> None:
        if action in FLAG_FOR:
            outcome.append(open_inward(action, data_dir))
            _say(out, f"Reminder answered: {outcome[-1]}.")
        app.exit(0)

    notifier.unavailable.connect(unavailable)
    notifier.invoked.connect(invoked)
    notifier.closed.connect(lambda: app.exit(0))
    QTimer.singleShot(0, functools.partial(notifier.show, reminder))
    notifier.shown.connect(lambda: _say(out, f"Reminder shown: {reminder.title}."))
    QTimer.singleShot(wait_ms, lambda: app.exit(0))
    app.exec()
    notifier.close()
    del notifier  # before the application: its D-Bus connection must not outlive it


def _show_in_tray(reminder: Reminder, data_dir: Path, out: TextIO, wait_ms: int) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from app.ui.reminders.notifications import TrayNotifier
    from app.ui.shell.tray import inward_icon

    app = QApplication.instance() or QApplication([])
    tray = QSystemTrayIcon(inward_icon())
    notifier = TrayNotifier(tray)
    notifier.unavailable.connect(lambda why: (print_reminder(reminder, out, why), app.exit(0)))
    notifier.invoked.connect(lambda action: (open_inward(action, data_dir), app.exit(0)))
    QTimer.singleShot(0, lambda: notifier.show(reminder))
    QTimer.singleShot(wait_ms, lambda: app.exit(0))
    app.exec()
    tray.hide()


def print_reminder(reminder: Reminder, out: TextIO, why: str) -> None:
    flag = FLAG_FOR[reminder.action]
    _say(out, f"Reminder ({why}): {reminder.title}. {reminder.body}".strip())
    _say(out, f"Open it with: inward {flag}")


def _say(out: TextIO, text: str) -> None:
    out.write(" ".join(text.split()) + "\n")
    out.flush()


def run_remind(
    data_dir: Path,
    out: TextIO,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    tz: tzinfo | None = None,
    show_reminder: Callable[[Reminder, Path, TextIO, int], None] = show,
    wait_ms: int = WAIT_FOR_ANSWER_MS,
) -> int:
    """The whole command; 0 whether or not a reminder was due, 1 when the data is unusable."""
    from app.db.errors import DatabaseError
    from app.db.reminder_facts import record_reminded

    moment = now()
    zone = tz or moment.astimezone().tzinfo
    assert zone is not None
    try:
        decision = due(data_dir, moment, zone)
    except DatabaseError as error:
        _say(sys.stderr, f"inward remind: {error}")
        return 1
    if decision.reminder is None:
        _say(out, f"No reminder now: {decision.why}.")
        return 0
    where = record_reminded(data_dir, moment)
    if where is None:
        _say(sys.stderr, "inward remind: could not record the reminder; it may come again today")
    show_reminder(decision.reminder, data_dir, out, wait_ms)
    return 0


def parse_now(text: str | None) -> Callable[[], datetime]:
    """`--now` (for trying a schedule out): an ISO time with its zone, else the real clock."""
    if not text:
        return lambda: datetime.now(UTC)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"--now {text} needs a zone, e.g. {text}+01:00")
    return lambda: moment


def main(data_dir: Path, now_text: str | None, out: TextIO | None = None) -> int:
    try:
        now = parse_now(now_text)
    except ValueError as error:
        _say(sys.stderr, f"inward remind: {error}")
        return 2
    return run_remind(data_dir, out or sys.stdout, now)  # stdout as it is now, not at import
