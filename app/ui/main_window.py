"""The main window: the home page first, then the player page when a session starts.

Start-up is staged so the window paints as early as possible: the home page is built
before the first paint; content, the schema check and the home page's facts (plain
sqlite3) load right after it; SQLAlchemy and the player page load when first needed, the
store's import in a background thread while the person reads the home page.
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

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from app.core.preferences import FROM_SETTINGS, PREFERENCES_KEY, Preferences
from app.data_dir import database_path
from app.ui import messages, window_state
from app.ui.data_care import DataCare
from app.ui.home_page import HomePage
from app.ui.messages import delete_on_close
from app.ui.session_control import SessionControl

if TYPE_CHECKING:
    from app.core.checks import CheckDefinition
    from app.core.content import Content
    from app.core.cues import CueSink
    from app.core.plan_types import ExerciseChoice, Plan
    from app.core.routine import SessionPlan
    from app.core.screen_awake_policy import ScreenAwakeLike
    from app.db.store import Store
    from app.ui.checkin_page import CheckInPage
    from app.ui.checks_flow import ChecksFlow
    from app.ui.history_page import HistoryPage
    from app.ui.learn_flow import LearnFlow
    from app.ui.reminders_ui import ReminderCentre

CHART_PRELOAD_DELAY_MS = 1500
HISTORY_PREBUILD_POLL_MS = 250  # until the chart imports are in
CONTENT_DIR_VAR = "INWARD_CONTENT_DIR"  # for content authors trying an edited exercises.toml


def _forwarded(owner: str, name: str) -> property:
    """A window attribute that lives in one of its helpers (care, sessions)."""
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
        self._checkin: CheckInPage | None = None
        self._history: HistoryPage | None = None
        self._learn: LearnFlow | None = None
        self._chart_import: threading.Thread | None = None
        self.prebuild_history = True  # build History out of sight once start-up is over
        self.check_definitions: tuple[CheckDefinition, ...] | None = None
        self.plan: Plan | None = None
        self.budget_minutes: int | None = FROM_SETTINGS  # today's choice
        self.today_choices: dict[str, ExerciseChoice] = {}  # one-off changes for today
        self.today_choices_date = None  # the day today_choices were made
        self.saved_choices: dict[str, ExerciseChoice] = {}
        self._reminders: ReminderCentre | None = None

        self.home = HomePage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.home)
        self.setCentralWidget(self.pages)
        self.home.installEventFilter(self)
        self.resize(1100, 760)
        window_state.restore(self, data_dir)
        self.care = DataCare(self, wall)  # backups, damage, restore, read-only
        self.sessions = SessionControl(self, monotonic, wall, cue_sink, screen_awake)

        self.home.start_requested.connect(self.sessions.start_session)
        self.home.resume_requested.connect(self.sessions.resume_session)
        self.home.discard_requested.connect(self.sessions.discard_session)
        self.home.settings_requested.connect(self.open_settings)
        self.home.disclaimer_accepted.connect(self._accept_disclaimer)
        self.home.checks_requested.connect(self.open_checks)
        self.home.history_requested.connect(self.open_history)
        self.home.budget_changed.connect(self.set_budget)
        self.home.adjust_requested.connect(self.adjust)
        self.home.pinch_answered.connect(self.answer_pinch)
        self.home.library_requested.connect(lambda: self.learn_flow.show_library())
        self.home.routine_requested.connect(lambda: self.learn_flow.show_routine())
        self.home.learn_requested.connect(lambda slug: self.learn_flow.show_learn(slug))
        self.home.equipment_requested.connect(lambda: self.learn_flow.ask_equipment())
        self._window_shortcut("F", self.toggle_fullscreen)
        self._window_shortcut("F11", self.toggle_fullscreen)
        self._window_shortcut("M", self.sessions.toggle_mute)

    # -- start-up ---------------------------------------------------------------------

    def _preload_charts(self) -> None:
        if self._player_page is not None and self.pages.currentWidget() is self._player_page:
            # Importing numpy and pyqtgraph holds Python's lock for a few hundred ms, which
            # stalled a session's countdown (the audio test's heartbeat): wait for Today.
            QTimer.singleShot(CHART_PRELOAD_DELAY_MS, self._preload_charts)
            return
        from app.ui.history_page import preload_charts

        self._chart_import = preload_charts()
        QTimer.singleShot(HISTORY_PREBUILD_POLL_MS, self._prebuild_history)

    def _prebuild_history(self) -> None:
        """Build and fill the History page out of sight once its imports are in, while the
        person is on the Today page, so that opening History only has to paint it. Skipped
        (History is then built when opened) if a session or another page is in the way."""
        if self._history is not None or not self.prebuild_history:
            return
        if self._chart_import is not None and self._chart_import.is_alive():
            QTimer.singleShot(HISTORY_PREBUILD_POLL_MS, self._prebuild_history)
            return
        steps = [
            lambda: self.history,  # build (~0.1 s)
            self._load_history,  # read and draw out of sight
            self._paint_history_once,  # the first paint sets up fonts, styles and charts
        ]

        def next_step() -> None:
            if self.pages.currentWidget() is not self.home or self.runner is not None:
                return  # the person is busy: History is finished when it is opened
            steps.pop(0)()
            if steps:
                QTimer.singleShot(0, next_step)  # one step per turn: the window stays lively

        next_step()

    def _paint_history_once(self) -> None:
        page = self.history
        if page.isHidden() or self.pages.currentWidget() is not page:
            page.resize(self.pages.size())
            page.grab()

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
        from app.core.content import load_content

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
        # History's charts need pyqtgraph (~0.3 s to import): fetch it while the person
        # reads the Today page, so History opens without that wait.
        QTimer.singleShot(CHART_PRELOAD_DELAY_MS, self._preload_charts)
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

    def start_daily_backup(self) -> threading.Thread | None:
        return self.care.start_daily_backup()

    def open_restore(self) -> None:
        self.care.open_restore()

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

    def refresh_home(self, strict: bool = False) -> None:
        """Re-plan today from what is stored and show it (app/core/today_state.py).

        A file that cannot be read is said in a message; ``strict`` (start-up) lets a
        damaged file's DatabaseDamagedError through instead, so it can be recovered.
        """
        if self.content is None:
            return
        from app.core.check_loader import load_checks
        from app.core.today_state import local_day, today_state
        from app.db.errors import DatabaseDamagedError, DatabaseError
        from app.db.glance import glance

        try:
            facts = glance(self.database_path, self.content)
        except DatabaseError as error:
            if strict and isinstance(error, DatabaseDamagedError):
                raise
            self._warn("Inward could not read your data", str(error))
            return
        assert facts.history is not None and facts.choices is not None
        self.saved_choices = facts.choices
        if self.check_definitions is None:
            self.check_definitions = load_checks()
        now = self._wall()
        if self.today_choices_date != local_day(now)[1]:
            self.today_choices.clear()  # "for today" ends with the day
            self.today_choices_date = local_day(now)[1]
        state = today_state(
            settings=facts.settings,
            history=facts.history,
            saved_choices=facts.choices,
            today_choices=self.today_choices,
            budget_minutes=self.budget_minutes,
            now=now,
            content=self.content,
            checks=self.check_definitions,
            last_session=facts.last_session,
            latest_checks=facts.latest_checks,
            unfinished=facts.unfinished,
        )
        self.preferences, self.budget_minutes, self.plan = (
            state.preferences,
            state.budget_minutes,
            state.plan,
        )
        self.home.show_today(state)

    def todays_plan(self) -> SessionPlan:
        """The session Start plays: today's plan as shown on the Today page."""
        if self.plan is None:
            self.refresh_home()
        assert self.plan is not None
        return self.plan.session

    def set_budget(self, minutes: int | None) -> None:
        self.budget_minutes = minutes
        self.refresh_home()

    def answer_pinch(self) -> None:
        """The person says the pinching exercises were assessed or are pain-free now."""
        if self.plan is None or not self.plan.awaiting_answer:
            return
        from app.core.today import PINCH_ANSWERS_KEY, with_pinch_answer

        with self._reporting("save your answer"):
            stored = self.store.get_setting(PINCH_ANSWERS_KEY, {})
            answers = with_pinch_answer(stored, self.plan.awaiting_answer, self._wall())
            self.store.set_setting(PINCH_ANSWERS_KEY, answers)
        self.refresh_home()

    def adjust(self, slug: str) -> None:
        """Change one exercise of today's plan, for today or for always."""
        if self.plan is None or self.content is None:
            return
        from app.core.today import alternatives, origin
        from app.ui.adjust_dialog import AdjustDialog

        item = self.plan.item(slug)
        if item is None:
            return
        existing = {**self.saved_choices, **self.today_choices}
        has_choice = origin(slug, existing) in existing
        dialog = AdjustDialog(item, alternatives(self.plan, slug, self.content), has_choice, self)
        delete_on_close(dialog)
        dialog.accepted.connect(lambda: self._adjusted(slug, dialog.choice(), dialog.for_always()))
        self.adjust_dialog = dialog
        dialog.open()

    def _adjusted(self, slug: str, choice: ExerciseChoice | None, always: bool) -> None:
        """Keep the change where it belongs; OK with nothing changed changes nothing."""
        from app.core.today import retarget
        from app.ui.adjust_dialog import FORGET

        if choice is None:
            return
        existing = {**self.saved_choices, **self.today_choices}
        target, change = retarget(slug, choice, existing)
        forget = choice == FORGET
        if always or (forget and target in self.saved_choices):
            with self._reporting("save the change"):
                self.store.set_exercise_choice(target, None if forget else change)
            self.today_choices.pop(target, None)
        elif forget:
            self.today_choices.pop(target, None)
        else:
            self.today_choices[target] = change
        self.refresh_home()

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
        self.pages.setCurrentWidget(self.home)
        self.refresh_home()

    # -- after a session --------------------------------------------------------------

    @property
    def checkin_page(self) -> CheckInPage:
        if self._checkin is None:
            from app.ui.checkin_page import CheckInPage

            page = CheckInPage()
            page.save_requested.connect(self.save_checkin)
            page.skip_requested.connect(self.show_home)
            self.pages.addWidget(page)
            self._checkin = page
        return self._checkin

    def show_checkin(self, session_id: int) -> None:
        """How did it go? Shown when a session ends; the answers shape the next plan."""
        from app.core.routine import SessionPlan
        from app.core.session_summary import describe_session, outcomes

        with self._reporting("show the session's summary"):
            stored = self.store.session(session_id)
            plan = SessionPlan.from_dict(stored.plan, self.content) if self.content else None
            rows = outcomes(plan, stored.sets) if plan is not None else []
            self.checkin_page.show_session(describe_session(stored.sets), rows)
            self.checkin_session_id = session_id
            self.pages.setCurrentWidget(self.checkin_page)
            self.reminders.offer_after_session(self.checkin_page)  # asked once, ever

    def save_checkin(self) -> None:
        from app.core.feedback import CheckIn

        page = self.checkin_page
        checkin = CheckIn(
            self.checkin_session_id,
            self._wall(),
            page.effort(),
            dict(page.exercise_effort()),
            page.note.text().strip(),
        )
        try:
            self.store.save_checkin(checkin)
        except Exception as error:  # DatabaseError or a refused value: say so, keep the page
            page.message.setText(f"The check-in could not be saved: {error}")
            return
        self.today_choices.clear()
        self.show_home()

    # -- library, learn, my routine, equipment ---------------------------------------

    @property
    def learn_flow(self) -> LearnFlow:
        """The Library, Learn and My routine pages, built on first use."""
        if self._learn is None:
            from app.ui.learn_flow import LearnFlow

            assert self.content is not None
            self._learn = LearnFlow(
                self.pages,
                self.content,
                lambda: self.store,
                self.refresh_home,
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
            from app.ui.checks_flow import ChecksFlow

            self._checks = ChecksFlow(
                self.pages, lambda: self.store, self.data_dir, self._wall, self.show_home, self
            )
        return self._checks

    def open_checks(self) -> None:
        with self._reporting("open your checks"):
            self.checks.show_list()

    # -- history, report, data out and in ----------------------------------------------

    @property
    def history(self) -> HistoryPage:
        """The History page, built on first use (its charts load pyqtgraph)."""
        if self._history is None:
            from app.ui.history_page import HistoryPage

            page = HistoryPage()
            page.home_requested.connect(self.show_home)
            page.report_requested.connect(self.open_report)
            page.export_requested.connect(self.export_data)
            page.import_requested.connect(self.import_data)
            self.pages.addWidget(page)
            self._history = page
        return self._history

    def open_history(self) -> None:
        if self.content is None:
            return
        self._load_history()
        self.pages.setCurrentWidget(self.history)

    def _load_history(self) -> None:
        """Bring the History page up to date (it skips reading when nothing changed)."""
        assert self.content is not None
        from app.core.check_loader import load_checks

        if self.check_definitions is None:
            self.check_definitions = load_checks()
        names = {exercise.slug: exercise.name for exercise in self.content.exercises}
        self.history.load(
            self.database_path, self.check_definitions, self._wall(), exercise_names=names
        )

    def open_report(self) -> None:
        from app.ui.report_dialog import ReportDialog

        with self._reporting("open the report"):
            dialog = ReportDialog(
                self.store,
                content=self.content,
                definitions=self.check_definitions,
                plan=self.plan,  # the programme as Today shows it
                today=self._wall().astimezone().date(),
                parent=self,
            )
            delete_on_close(dialog)
            self.report_dialog = dialog
            dialog.open()

    def export_data(self) -> None:
        from app.ui.data_transfer import ask_export

        self.transfer_box = ask_export(self, self.database_path)

    def import_data(self) -> None:
        from app.ui.data_transfer import ask_import

        def imported() -> None:
            self.refresh_home()
            if self._history is not None:
                self._history.refresh(self._wall())

        self.transfer_box = ask_import(self, self.database_path, imported)

    # -- settings, view ---------------------------------------------------------------

    def open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog

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
        """Settings → Reminders, the tray and reminders while open (app/ui/reminders_ui.py)."""
        if self._reminders is None:
            from app.ui.reminders_ui import ReminderCentre

            self._reminders = ReminderCentre(self, self._wall)
        return self._reminders

    def save_preferences(self, preferences: Preferences) -> None:
        if preferences.time_budget != self.preferences.time_budget:
            self.budget_minutes = preferences.budget_minutes  # a new default applies today
        self.preferences = preferences
        with self._reporting("save your settings"):
            self.store.set_setting(PREFERENCES_KEY, preferences.to_dict())
        self.refresh_home()

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
