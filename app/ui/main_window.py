"""The main window: home and player pages, wiring the player to the store and the cues."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QWidget

from app.core.content import Content, load_content
from app.core.cues import CueSink, cues_for, deliver
from app.core.formatting import describe_date
from app.core.player import Event, Player, SessionFinished
from app.core.preferences import Preferences
from app.core.records import SessionStatus, SetResult
from app.core.routine import SessionPlan, default_plan
from app.data_dir import database_path
from app.ui import window_state
from app.ui.home_page import HomePage
from app.ui.player_controller import PlayerController
from app.ui.player_page import PlayerPage

if TYPE_CHECKING:
    from app.db.store import Store

PREFERENCES_KEY = "preferences"
CONTENT_DIR_VAR = "INWARD_CONTENT_DIR"  # for content authors trying an edited exercises.toml
DISCLAIMER = (
    "Inward is not medical advice. It guides exercises from published material and cannot "
    "examine you. Stop any exercise that causes a pinch or pain (press X), and see a "
    "professional if it keeps happening."
)


class MainWindow(QMainWindow):
    first_painted = Signal()

    def __init__(
        self,
        data_dir: Path,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        cue_sink: CueSink | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Inward")
        self.setAccessibleName("Inward")
        self.data_dir = data_dir
        self._monotonic = monotonic
        self._wall = wall
        self._cue_sink = cue_sink
        self._painted = False
        self.content: Content | None = None
        self.store: Store | None = None
        self.preferences = Preferences()
        self.controller: PlayerController | None = None
        self.session_id: int | None = None
        self.muted = False

        self.home = HomePage()
        self.player_page = PlayerPage()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.home)
        self.pages.addWidget(self.player_page)
        self.setCentralWidget(self.pages)
        self.home.installEventFilter(self)
        self.resize(1100, 760)
        window_state.restore(self, data_dir)

        self.home.start_requested.connect(self.start_session)
        self.home.resume_requested.connect(self.resume_session)
        self.home.discard_requested.connect(self.discard_session)
        self.home.settings_requested.connect(self.open_settings)
        self.home.disclaimer_accepted.connect(self._accept_disclaimer)
        page = self.player_page
        page.home_requested.connect(self.show_home)
        page.leave_requested.connect(self.confirm_leave)
        forwards = {
            page.previous_requested: "previous",
            page.pause_requested: "toggle_pause",
            page.next_requested: "next",
            page.add_time_requested: "add_time",
            page.done_requested: "done",
            page.skip_requested: "skip_exercise",
            page.pain_requested: "stop_for_pain",
        }
        for signal, operation in forwards.items():
            signal.connect(self._forward(operation))
        self._window_shortcut("F", self.toggle_fullscreen)
        self._window_shortcut("F11", self.toggle_fullscreen)
        self._window_shortcut("M", self.toggle_mute)

    # -- start-up ---------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_painted.emit()
        return super().eventFilter(watched, event)

    def load(self) -> None:
        """Load content and open the database; raises ContentError or a store error."""
        from app.db.store import Store

        override = os.environ.get(CONTENT_DIR_VAR)
        self.content = load_content(Path(override) if override else None)
        self.store = Store.open(database_path(self.data_dir))
        self.preferences = Preferences.from_dict(self.store.get_setting(PREFERENCES_KEY, None))
        self.player_page.set_stage_names({s.number: s.name for s in self.content.stages})
        self.refresh_home()

    def refresh_home(self) -> None:
        if self.content is None or self.store is None:
            return
        plan = self.todays_plan()
        self.home.show_plan(plan, self.content, Player(plan).total_seconds())
        self.home.show_last_session(
            describe_date(self.store.last_session_date(), self._wall().astimezone().date())
        )
        self.home.show_disclaimer(None if self.preferences.disclaimer_seen else DISCLAIMER)
        unfinished = self.store.unfinished_session()
        if unfinished is None or not unfinished.sets:
            self.home.show_unfinished(None)
        else:
            done = sum(1 for s in unfinished.sets if not s.skipped)
            when = unfinished.started_at.astimezone().strftime("%A %d %B at %H:%M")
            self.home.show_unfinished(
                f"You left a session on {when} with {done} sets done. "
                "Resume where you stopped, or discard it."
            )

    def todays_plan(self) -> SessionPlan:
        assert self.content is not None
        return default_plan(
            self.content,
            get_ready_seconds=self.preferences.get_ready_seconds,
            rest_seconds=self.preferences.rest_seconds,
        )

    # -- sessions ---------------------------------------------------------------------

    def start_session(self) -> None:
        if self.store is None:
            return
        unfinished = self.store.unfinished_session()
        if unfinished is not None:
            self.store.finish_session(unfinished.id, self._wall(), SessionStatus.ABANDONED)
        plan = self.todays_plan()
        self.session_id = self.store.start_session(plan.to_dict(), self._wall())
        self._play(Player(plan))

    def start_todays_session(self) -> None:
        """The desktop action: carry on with an interrupted session, else start today's."""
        if self.store is not None and self.store.unfinished_session() is not None:
            self.resume_session()
        else:
            self.start_session()

    def resume_session(self) -> None:
        if self.store is None or self.content is None:
            return
        unfinished = self.store.unfinished_session()
        if unfinished is None:
            self.start_session()
            return
        plan = SessionPlan.from_dict(unfinished.plan, self.content)
        done = frozenset(s.key for s in unfinished.sets)
        self.session_id = unfinished.id
        self._play(Player(plan, done_keys=done))

    def discard_session(self) -> None:
        if self.store is None:
            return
        unfinished = self.store.unfinished_session()
        if unfinished is not None:
            self.store.finish_session(unfinished.id, self._wall(), SessionStatus.ABANDONED)
        self.refresh_home()

    def _play(self, player: Player) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller.deleteLater()
        controller = PlayerController(player, self._monotonic, self._wall, self)
        controller.view_changed.connect(self.player_page.show_view)
        controller.events.connect(self._on_events)
        controller.set_finished.connect(self._record_set)
        controller.suspended.connect(
            lambda: self.player_page.show_note(
                "Paused: the computer slept or its clock jumped. Press Space to go on."
            )
        )
        self.controller = controller
        self.player_page.show_note("")
        self.pages.setCurrentWidget(self.player_page)
        controller.start()

    def _forward(self, name: str) -> Callable[[], None]:
        def forward() -> None:
            if self.controller is not None and self.pages.currentWidget() is self.player_page:
                getattr(self.controller, name)()

        return forward

    def _record_set(self, result: SetResult) -> None:
        if self.store is None or self.session_id is None:
            return
        from app.db.errors import DatabaseError

        try:
            self.store.record_set(self.session_id, result)
        except DatabaseError as error:
            self.player_page.show_note(f"This set could not be saved: {error}")

    def _on_events(self, events: list[Event]) -> None:
        sink = self.cue_sink()
        for event in events:
            deliver(
                cues_for(event),
                sink,
                sound_on=self.preferences.sound_on and not self.muted,
                voice_on=self.preferences.voice_on and not self.muted,
            )
            if isinstance(event, SessionFinished) and self.store and self.session_id:
                self.store.finish_session(self.session_id, self._wall())
                self.session_id = None

    def cue_sink(self) -> CueSink:
        if self._cue_sink is None:
            from app.ui.cue_player import QtCueSink

            sink = QtCueSink(self)
            sink.note.connect(self.player_page.show_note)
            self._cue_sink = sink
        self._apply_volume()
        return self._cue_sink

    def _apply_volume(self) -> None:
        sink = self._cue_sink
        if hasattr(sink, "volume"):
            sink.volume = self.preferences.volume / 100  # type: ignore[union-attr]
            sink.speech_rate = self.preferences.speech_rate / 10  # type: ignore[union-attr]

    def confirm_leave(self) -> None:
        if self.controller is None or self.controller.player.finished:
            self.show_home()
            return
        self.controller.pause()
        box = QMessageBox(self)
        box.setWindowTitle("Leave the session?")
        box.setText("Leave the session? Finished sets are saved and you can resume later.")
        box.setAccessibleName("Leave the session?")
        leave = box.addButton("Leave", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep going", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(leave)
        box.finished.connect(lambda _: self._leave_answered(box.clickedButton() is leave))
        self.leave_box = box
        box.open()

    def _leave_answered(self, leave: bool) -> None:
        if leave:
            self.show_home()
        elif self.controller is not None and self.controller.player.paused:
            self.controller.toggle_pause()

    def show_home(self) -> None:
        if self.controller is not None:
            self.controller.stop()
        if self.isFullScreen():
            self.showNormal()
        self.pages.setCurrentWidget(self.home)
        self.refresh_home()

    # -- settings, view ---------------------------------------------------------------

    def open_settings(self) -> None:
        from app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.preferences, parent=self)
        self.settings_dialog = dialog
        dialog.accepted.connect(lambda: self.save_preferences(dialog.preferences()))
        dialog.open()

    def save_preferences(self, preferences: Preferences) -> None:
        self.preferences = preferences
        if self.store is not None:
            self.store.set_setting(PREFERENCES_KEY, preferences.to_dict())
        self.refresh_home()

    def _accept_disclaimer(self) -> None:
        from dataclasses import replace

        self.save_preferences(replace(self.preferences, disclaimer_seen=True))

    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def toggle_mute(self) -> None:
        if self.pages.currentWidget() is not self.player_page:
            return
        self.muted = not self.muted
        self.player_page.show_note("Muted: press M for sound and voice." if self.muted else "")

    def _window_shortcut(self, key: str, slot: Callable[[], None]) -> None:
        QShortcut(QKeySequence(key), self).activated.connect(slot)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.controller is not None:
            self.controller.stop()
        window_state.save(self, self.data_dir)
        if self.store is not None:
            self.store.close()
            self.store = None
        super().closeEvent(event)
