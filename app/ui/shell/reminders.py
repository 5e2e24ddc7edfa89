"""The window's side of reminders: Settings → Reminders, the one-time question after the
first finished session, the tray, and reminders shown while Inward is open.

Kept out of main_window.py: the window owns one ReminderCentre and calls it at three points
(Settings, a finished session, after start-up). The decision itself is app/core/reminders/due.py;
the timer that reminds while Inward is closed is installed by app/schedule_install.py.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.core.reminders.due import REMINDERS_KEY, Reminder, ReminderSettings, words
from app.schedule_install import Places, Runner, run_tool
from app.ui.common.messages import delete_on_close, tell

if TYPE_CHECKING:
    from app.core.checks.types import CheckDefinition
    from app.core.content.exercises import Content
    from app.ui.reminders.settings import ReminderSettingsDialog
    from app.ui.shell.main_window import MainWindow
    from app.ui.shell.tray import Tray

log = logging.getLogger(__name__)

WATCH_MS = 5 * 60 * 1000  # while open, look every five minutes whether a reminder is due
OFFER_TEXT = (
    "Well done. A routine restores range only if it is done several times a week. Would "
    "you like a reminder on the days you choose? It says what today's plan holds, and it "
    "stays off unless you switch it on."
)


class ReminderCentre(QObject):
    def __init__(self, window: MainWindow, wall: Callable[[], datetime]) -> None:
        super().__init__(window)
        self.window = window
        self._wall = wall
        self.dialog: ReminderSettingsDialog | None = None
        self.offer: OfferBanner | None = None
        self.result_box: QMessageBox | None = None  # what saving installed or removed
        self.tray: Tray | None = None
        self._notifier: Any = None
        self._watch: QTimer | None = None
        self.last_outcome: list[str] = []
        self.places: Places | None = None  # where the OS files go; tests give their own
        self.run_tool: Runner = run_tool  # systemctl, schtasks, launchctl

    # -- settings ------------------------------------------------------------------

    def settings(self) -> ReminderSettings:
        return ReminderSettings.from_dict(self.window.store.get_setting(REMINDERS_KEY, None))

    def _stored_and_preview(
        self,
    ) -> tuple[ReminderSettings, Callable[[ReminderSettings], Reminder | None]]:
        """The stored settings and what a reminder would say today, from one read of the data
        as it is now (the read that makes the preview has the settings too)."""
        from app.db.errors import DatabaseError
        from app.remind import today_facts

        now = self._wall()
        try:
            stored, facts = today_facts(
                self.window.data_dir, now, _local_zone(now), *self._loaded()
            )
        except DatabaseError:
            return self.settings(), lambda _settings: None
        return stored, lambda settings: words(settings, facts)

    def open_settings(self, parent: QWidget | None = None) -> None:
        from app.schedule_install import read_record
        from app.ui.reminders.settings import ReminderSettingsDialog

        installed = read_record(self.places or Places.here())["files"]
        stored, preview = self._stored_and_preview()
        dialog = ReminderSettingsDialog(stored, installed, preview, parent or self.window)
        delete_on_close(dialog)
        dialog.accepted.connect(lambda: self.save(dialog.settings()))
        self.dialog = dialog
        dialog.open()

    def save(self, settings: ReminderSettings) -> list[str]:
        """Store the settings, then make the OS schedule match; what was done, in lines."""
        from app.db.errors import DatabaseError
        from app.schedule_install import apply

        try:
            self.window.changes.publish(
                self.window.store.set_setting(REMINDERS_KEY, settings.to_dict())
            )
        except DatabaseError as error:
            self._box("Inward could not save your reminders", str(error))
            return []
        outcome = apply(settings, self.window.data_dir, self.places, self.run_tool)
        self.last_outcome = outcome.lines()
        if self.last_outcome:
            self._box("Reminders", "\n".join(self.last_outcome))
        return self.last_outcome

    def _box(self, title: str, text: str) -> None:
        self.result_box = tell(self.window, title, text)

    # -- asked once, after the first finished session ------------------------------------

    def offer_after_session(self, page: QWidget) -> None:
        """A small question on the session-done page (nothing pops up over it); asked once,
        ever, and only while reminders are off."""
        settings = self.settings()
        if settings.asked or settings.enabled:
            return
        from app.db.errors import DatabaseError

        try:
            asked = replace(settings, asked=True).to_dict()
            self.window.changes.publish(self.window.store.set_setting(REMINDERS_KEY, asked))
        except DatabaseError:
            return  # asked next time instead
        banner = OfferBanner(page)
        banner.setup.clicked.connect(lambda: self.open_settings())
        layout = page.layout()
        if isinstance(layout, QBoxLayout):
            layout.insertWidget(min(2, layout.count()), banner)
        banner.show()  # a child added to a page already on screen is hidden until shown
        self.offer = banner

    # -- while Inward is open ----------------------------------------------------------

    def start(self) -> None:
        """After start-up: the tray where there is one, and the watch for due reminders."""
        from PySide6.QtWidgets import QApplication, QSystemTrayIcon

        from app.ui.shell.launch import answer_second_launch
        from app.ui.shell.single_instance import CHECK, RAISE, START_SESSION
        from app.ui.shell.tray import Tray

        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = Tray(
                lambda: answer_second_launch(self.window, START_SESSION),
                lambda: answer_second_launch(self.window, CHECK),
                QApplication.quit,
                self.window,
            )
            self.tray.activated.connect(lambda _reason: answer_second_launch(self.window, RAISE))
            self.tray.show()
        self._watch = QTimer(self)
        self._watch.timeout.connect(self.remind_if_due)
        self._watch.start(WATCH_MS)

    def _loaded(self) -> tuple[Content | None, Sequence[CheckDefinition] | None]:
        """What the window already read (None: not yet), so a check every 5 minutes does
        not parse the content files again."""
        return self.window.content, self.window.check_definitions

    def remind_if_due(self) -> Reminder | None:
        """The same decision `inward remind` makes (and the same once-a-day note), shown
        through the desktop's notifications with a button into the session or the check."""
        from app.db.errors import DatabaseError
        from app.db.reminder_facts import record_reminded
        from app.remind import due

        now = self._wall()
        try:
            decision = due(self.window.data_dir, now, _local_zone(now), *self._loaded())
        except DatabaseError as error:
            log.debug("No reminder: %s", error)
            return None
        if decision.reminder is None:
            return None
        record_reminded(self.window.data_dir, now)
        self.notifier().show(decision.reminder)
        return decision.reminder

    def notifier(self) -> Any:
        if self._notifier is None:
            from app.ui.reminders.notifications import DBusNotifier, TrayNotifier
            from app.ui.shell.launch import answer_second_launch

            linux = sys.platform.startswith("linux") or "bsd" in sys.platform
            if linux or self.tray is None:
                self._notifier = DBusNotifier(self)
            else:
                self._notifier = TrayNotifier(self.tray, self)
            self._notifier.invoked.connect(lambda action: answer_second_launch(self.window, action))
        return self._notifier

    def close(self) -> None:
        if self._watch is not None:
            self._watch.stop()
        if self._notifier is not None:
            self._notifier.close()
        if self.tray is not None:
            self.tray.hide()


class OfferBanner(QFrame):
    """ "Would you like reminders?" with two buttons; either answer takes it away."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Set up reminders?")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        text = QLabel(OFFER_TEXT)
        text.setWordWrap(True)
        self.setup = QPushButton("Set up reminders…")
        self.setup.setAccessibleName("Set up reminders")
        self.not_now = QPushButton("Not now")
        self.not_now.setAccessibleName("Not now")
        layout = QHBoxLayout(self)
        layout.addWidget(text, 1)
        layout.addWidget(self.setup)
        layout.addWidget(self.not_now)
        for button in (self.setup, self.not_now):
            button.clicked.connect(self.hide)
            button.clicked.connect(self.deleteLater)


def _local_zone(now: datetime) -> tzinfo:
    """This computer's time zone at ``now`` (astimezone always sets one)."""
    return cast(tzinfo, now.astimezone().tzinfo)
