"""Plays one session: the player's events go to the page, the cues and the store.

Every set is written the moment it ends, so a crash loses at most the set in progress.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.cues import CueSink, cues_for, deliver
from app.core.player import Event, Player, SessionFinished
from app.core.preferences import Preferences
from app.core.records import SetResult
from app.core.screen_awake_policy import AwakeDuringSession, ScreenAwakeLike
from app.ui.player_controller import PlayerController
from app.ui.player_page import PlayerPage

if TYPE_CHECKING:
    from app.db.store import Store

SLEPT_NOTE = "Paused: the computer slept or its clock jumped. Press Space to go on."


class SessionRunner(QObject):
    finished = Signal()  # the session ended and was saved as finished

    def __init__(
        self,
        player: Player,
        session_id: int,
        store: Store,
        page: PlayerPage,
        sink: Callable[[], CueSink],
        preferences: Callable[[], Preferences],
        monotonic: Callable[[], float],
        wall: Callable[[], datetime],
        parent: QObject | None = None,
        awake: ScreenAwakeLike | None = None,
    ) -> None:
        super().__init__(parent)
        self.session_id = session_id
        self.muted = False
        self._store = store
        self._page = page
        self._sink = sink
        self._preferences = preferences
        self._wall = wall
        self.controller = PlayerController(player, monotonic, wall, self)
        self.controller.view_changed.connect(page.show_view)
        self.controller.events.connect(self._on_events)
        self.controller.set_finished.connect(self._record_set)
        self.controller.suspended.connect(lambda: page.show_note(SLEPT_NOTE))
        # The screen stays on while the session runs (policy: app/core/screen_awake_policy).
        self.awake = AwakeDuringSession(awake)
        self.controller.view_changed.connect(lambda _: self.awake.follow(monotonic(), player))

    @property
    def player(self) -> Player:
        return self.controller.player

    def start(self) -> None:
        self._page.show_note("")
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
        self.awake.release()

    def toggle_mute(self) -> None:
        self.muted = not self.muted
        self._page.show_note("Muted: press M for sound and voice." if self.muted else "")

    def _record_set(self, result: SetResult) -> None:
        from app.db.errors import DatabaseError

        try:
            self._store.record_set(self.session_id, result)
        except DatabaseError as error:
            self._page.show_note(f"This set could not be saved: {error}")

    def _on_events(self, events: list[Event]) -> None:
        preferences = self._preferences()
        deliver(
            [cue for event in events for cue in cues_for(event)],
            self._sink(),
            sound_on=preferences.sound_on and not self.muted,
            voice_on=preferences.voice_on and not self.muted,
        )
        if any(isinstance(event, SessionFinished) for event in events):
            self._finish()

    def _finish(self) -> None:
        from app.db.errors import DatabaseError

        try:
            self._store.finish_session(self.session_id, self._wall())
        except DatabaseError as error:
            self._page.show_note(f"The end of this session could not be saved: {error}")
            return
        self.finished.emit()
