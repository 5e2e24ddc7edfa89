"""The main window: the home page first, then the player page when a session starts.

Start-up is staged so the window paints as early as possible: the home page is built
before the first paint; content, the schema check and the home page's facts (plain
sqlite3) load right after it; SQLAlchemy and the player page load when first needed, the
store's import in a background thread while the person reads the home page.

The window holds the pages and forwards to its helpers: DataCare (backups, damage,
restore), SessionControl (sessions, the check-in), TodayFlow and HistoryFlow.
"""

from __future__ import annotations

import importlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.core.preferences import PREFERENCES_KEY, Preferences
from app.data_dir import database_path
from app.ui.common import messages
from app.ui.common.messages import delete_on_close
from app.ui.data.care import DataCare
from app.ui.history.flow import HistoryFlow
from app.ui.player.session_control import SessionControl
from app.ui.shell import window_state
from app.ui.shell.data_changed import DataChanged
from app.ui.today.flow import TodayFlow
from app.ui.today.page import HomePage

if TYPE_CHECKING:
    from app.core.checks.types import CheckDefinition
    from app.core.content.exercises import Content
    from app.core.session.cues import CueSink
    from app.core.session.screen_awake_policy import ScreenAwakeLike
    from app.db.store import Store
    from app.ui.checks.flow import ChecksFlow
    from app.ui.library.flow import LearnFlow
    from app.ui.shell.reminders import ReminderCentre

CONTENT_DIR_VAR = "INWARD_CONTENT_DIR"  # for content authors trying an edited exercises.toml


def _forwarded(owner: str, name: str) -> property:
    """A window attribute that lives in one of its helpers (care, sessions, today...)."""
    return property(
        lambda window: getattr(getattr(window, owner), name),
        lambda window, value: setattr(getattr(window, owner), name, value),
    )


class MainWindow(QMainWindow):
    first_painted = Signal()
    ready = Signal()  # content and the home page's data are shown: the window is usable
    # From the backup thread: the new backup's Path, None (nothing to do) or a DatabaseError.
    backup_finished = Signal(object)

    def __init__(
        self,
        data_dir: Path,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        cue_sink: CueSink | None = None,
        parent: QWidget | None = None,
        screen_awake: ScreenAwakeLike | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inward")
        self.setAccessibleName("Inward")
        self.data_dir = data_dir
        self._wall = wall
        self._painted = False
        self._store: Store | None = None
        self.content: Content | None = None
        self.preferences = Preferences()
        self._checks: ChecksFlow | None = None
        self._learn: LearnFlow | None = None
        self.check_definitions: tuple[CheckDefinition, ...] | None = None
        self._reminders: ReminderCentre | None = None

        self.home = HomePage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.home)
        self.setCentralWidget(self.pages)
        self.home.installEventFilter(self)
        self.resize(1100, 760)
        window_state.restore(self, data_dir)
        self.changes = DataChanged(self)  # every write says here what it changed
        self.care = DataCare(self, wall)  # backups, damage, restore, read-only
        self.sessions = SessionControl(self, monotonic, wall, cue_sink, screen_awake)
        self.today = TodayFlow(self)  # today's plan and the person's changes to it
        self.history_flow = HistoryFlow(self)  # History, the report, export and import

        self.home.start_requested.connect(self.sessions.start_session)
        self.home.resume_requested.connect(self.sessions.resume_session)
        self.home.discard_requested.connect(self.sessions.discard_session)
        self.home.settings_requested.connect(self.open_settings)
        self.home.disclaimer_accepted.connect(self._accept_disclaimer)
        self.home.checks_requested.connect(self.open_checks)
        self.home.history_requested.connect(self.history_flow.open_history)
        self.home.budget_changed.connect(self.today.set_budget)
        self.home.adjust_requested.connect(self.today.adjust)
        self.home.pinch_answered.connect(self.today.answer_pinch)
        self.home.library_requested.connect(lambda: self.learn_flow.show_library())
        self.home.routine_requested.connect(lambda: self.learn_flow.show_routine())
        self.home.learn_requested.connect(lambda slug: self.learn_flow.show_learn(slug))
        self.home.equipment_requested.connect(lambda: self.learn_flow.ask_equipment())
        self._window_shortcut("F", self.toggle_fullscreen)
        self._window_shortcut("F11", self.toggle_fullscreen)
        self._window_shortcut("M", self.sessions.toggle_mute)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_painted.emit()
        return super().eventFilter(watched, event)

    def load(self, recover_damage: bool = True) -> None:
        """Load content, bring the database up to date and show the home page's data.

        Raises ContentError or DatabaseError with a message fit to show as it is. A damaged
        data file is said in plain words with a choice of what to do next (see
        :meth:`offer_recovery`); with ``recover_damage`` False (the self-test, which asks
        nobody anything) it raises DatabaseDamagedError instead.
        """
        from app.core.content.exercises import load_content

        override = os.environ.get(CONTENT_DIR_VAR)
        self.content = load_content(Path(override) if override else None)
        self._open_data(recover_damage)

    def _open_data(self, recover_damage: bool) -> None:
        """The data half of :meth:`load`, run again once a damaged file has been replaced."""
        from app.db.errors import DatabaseDamagedError

        try:
            self.care.open_file()
            self.refresh_home(strict=True)
        except DatabaseDamagedError:
            if not recover_damage:
                raise
            self.care.offer_recovery()
            return
        self.ready.emit()
        threading.Thread(
            target=importlib.import_module, args=("app.db.store",), daemon=True
        ).start()
        self.history_flow.schedule()
        self.care.schedule()

    # What tests, launch and Settings reach for on the window lives in its DataCare.
    damage_box = _forwarded("care", "damage_box")
    read_only = _forwarded("care", "read_only")
    daily_backups = _forwarded("care", "daily_backups")
    day_timer = _forwarded("care", "day_timer")
    deferred_damage = _forwarded("care", "deferred_damage")
    restore_dialog = _forwarded("care", "restore_dialog")
    restore_box = _forwarded("care", "restore_box")
    _backup_thread = _forwarded("care", "_backup_thread")
    start_daily_backup = _forwarded("care", "start_daily_backup")
    open_restore = _forwarded("care", "open_restore")

    # ... and in its SessionControl.
    runner = _forwarded("sessions", "runner")
    player_page = _forwarded("sessions", "player_page")
    _player_page = _forwarded("sessions", "_player_page")
    controller = _forwarded("sessions", "controller")
    leave_box = _forwarded("sessions", "leave_box")
    start_session = _forwarded("sessions", "start_session")
    start_todays_session = _forwarded("sessions", "start_todays_session")
    resume_session = _forwarded("sessions", "resume_session")
    cue_sink = _forwarded("sessions", "cue_sink")
    screen_awake = _forwarded("sessions", "screen_awake")
    warm_cues = _forwarded("sessions", "warm_cues")
    _play = _forwarded("sessions", "_play")
    checkin_page = _forwarded("sessions", "checkin_page")
    show_checkin = _forwarded("sessions", "show_checkin")

    # ... in its TodayFlow ...
    refresh_home = _forwarded("today", "refresh_home")
    todays_plan = _forwarded("today", "todays_plan")
    set_budget = _forwarded("today", "set_budget")
    adjust = _forwarded("today", "adjust")
    adjust_dialog = _forwarded("today", "adjust_dialog")
    plan = _forwarded("today", "plan")
    budget_minutes = _forwarded("today", "budget_minutes")
    today_choices = _forwarded("today", "today_choices")

    # ... and in its HistoryFlow.
    history = _forwarded("history_flow", "history")
    _history = _forwarded("history_flow", "_history")
    open_history = _forwarded("history_flow", "open_history")
    _prebuild_history = _forwarded("history_flow", "_prebuild_history")
    prebuild_history = _forwarded("history_flow", "prebuild_history")
    open_report = _forwarded("history_flow", "open_report")
    report_dialog = _forwarded("history_flow", "report_dialog")
    transfer_box = _forwarded("history_flow", "transfer_box")

    @property
    def database_path(self) -> Path:
        return database_path(self.data_dir)

    @property
    def store(self) -> Store:
        """The full store, opened on first use (it imports SQLAlchemy)."""
        if self._store is None:
            from app.db.store import Store

            if self.read_only is not None:
                self._store = Store.open_read_only(self.database_path, self.read_only)
            else:
                self._store = Store.open(self.database_path)
        return self._store

    @contextmanager
    def _reporting(self, action: str) -> Iterator[None]:
        """A storage problem becomes a message; what is already saved stays saved."""
        from app.db.errors import DatabaseError

        try:
            yield
        except DatabaseError as error:
            self._warn(f"Inward could not {action}", str(error))

    def _warn(self, title: str, text: str) -> None:
        self.warning_box = messages.warn(self, title, text)

    def _tell(self, title: str, text: str) -> None:
        self.info_box = messages.tell(self, title, text)

    def show_home(self) -> None:
        if self.runner is not None:
            self.runner.stop()
        if self.isFullScreen():
            self.showNormal()
        self.pages.setCurrentWidget(self.home)  # Today re-plans if anything it shows changed

    # -- library, learn, my routine, equipment ---------------------------------------

    @property
    def learn_flow(self) -> LearnFlow:
        """The Library, Learn and My routine pages, built on first use."""
        if self._learn is None:
            from app.ui.library.flow import LearnFlow

            assert self.content is not None
            self._learn = LearnFlow(
                self.pages,
                self.content,
                lambda: self.store,
                self.changes.publish,
                self.show_home,
                lambda action, error: self._warn(f"Inward could not {action}", str(error)),
                self,
            )
        return self._learn

    # -- self-checks ------------------------------------------------------------------

    @property
    def checks(self) -> ChecksFlow:
        """The self-check pages, built on first use."""
        if self._checks is None:
            from app.ui.checks.flow import ChecksFlow

            self._checks = ChecksFlow(
                self.pages, lambda: self.store, self.data_dir, self._wall, self.show_home, self
            )
            self._checks.follow(self.changes)
        return self._checks

    def open_checks(self) -> None:
        with self._reporting("open your checks"):
            self.checks.show_list()

    # -- settings, view ---------------------------------------------------------------

    def open_settings(self) -> None:
        from app.ui.shell.settings_dialog import SettingsDialog

        sink = self.cue_sink()
        dialog = SettingsDialog(
            self.preferences,
            speech_note=getattr(sink, "problem", ""),
            tester=sink if hasattr(sink, "test_sound") else None,
            parent=self,
        )
        delete_on_close(dialog)
        self.settings_dialog = dialog
        dialog.accepted.connect(lambda: self.save_preferences(dialog.preferences()))
        dialog.restore_requested.connect(self.care.open_restore)
        dialog.reminders_requested.connect(lambda: self.reminders.open_settings(dialog))
        dialog.open()

    @property
    def reminders(self) -> ReminderCentre:
        """Settings → Reminders, the tray and reminders while open (app/ui/shell/reminders.py)."""
        if self._reminders is None:
            from app.ui.shell.reminders import ReminderCentre

            self._reminders = ReminderCentre(self, self._wall)
        return self._reminders

    def save_preferences(self, preferences: Preferences) -> None:
        if preferences.time_budget != self.preferences.time_budget:
            self.budget_minutes = preferences.budget_minutes  # a new default applies today
        self.preferences = preferences
        with self._reporting("save your settings"):
            self.changes.publish(self.store.set_setting(PREFERENCES_KEY, preferences.to_dict()))

    def _accept_disclaimer(self) -> None:
        self.save_preferences(replace(self.preferences, disclaimer_seen=True))

    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def _window_shortcut(self, key: str, slot: Callable[[], None]) -> None:
        QShortcut(QKeySequence(key), self).activated.connect(slot)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.runner is not None and not self.runner.may_close():
            event.ignore()  # sets wait to be saved: said once, a second close goes ahead
            self._warn("Some sets are not saved yet", self.runner.unsaved_on_close())
            return
        self.care.close()  # today's backup stops and removes its half copy
        self.sessions.close()
        if self._reminders is not None:
            self._reminders.close()
        window_state.save(self, self.data_dir)
        if self._checks is not None:
            self._checks.discard_unsaved_photos()  # a check left half typed keeps none
        if self._store is not None:
            self._store.close()
            self._store = None
        super().closeEvent(event)
