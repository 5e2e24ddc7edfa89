"""Plays one session: the player's events go to the page, the cues and the store.

Every set is written the moment it ends, so a crash loses at most the set in progress.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.cues import Cue, CueSink, cues_for, deliver, pinch_words
from app.core.player import Event, Player, SessionFinished, StepStarted
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
        self._said_first: list[Cue] = []  # said before the next events' cues, in one phrase
        self._store = store
        self._page = page
        self._sink = sink
        self._preferences = preferences
        self._wall = wall
        self.controller = PlayerController(player, monotonic, wall, self)
        self.controller.view_changed.connect(page.show_view)
        self.controller.events.connect(self._on_events)
        self.controller.set_finished.connect(self._record_set)
        self.controller.suspended.connect(lambda: page.show_notice(SLEPT_NOTE))
        # The screen stays on while the session runs (policy: app/core/screen_awake_policy).
        self.awake = AwakeDuringSession(awake)
        self.controller.view_changed.connect(lambda _: self.awake.follow(monotonic(), player))

    @property
    def player(self) -> Player:
        return self.controller.player

    def start(self) -> None:
        self._page.show_notice("")
        self._page.set_muted(self.muted)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
        self.awake.release()

    def toggle_mute(self) -> None:
        self.muted = not self.muted
        self._page.set_muted(self.muted)

    def stop_for_pain(self) -> None:
        """X: stop the exercise, and show and say that the pinch was noted. The words go
        first in the same phrase as the next step's cue, which would otherwise cut them off."""
        step = self.player.current
        if not self.player.started or self.player.finished or step is None:
            return
        name = step.item.exercise.name
        self._said_first = [Cue(words=pinch_words(name))]
        self.controller.stop_for_pain()
        if self._said_first:  # no event came to carry the words
            self._deliver([])
        self._page.acknowledge_pinch(name)

    def _record_set(self, result: SetResult) -> None:
        from app.db.errors import DatabaseError

        try:
            self._store.record_set(self.session_id, result)
        except DatabaseError as error:
            self._page.show_notice(f"This set could not be saved: {error}")

    def _on_events(self, events: list[Event]) -> None:
        if any(isinstance(event, StepStarted) for event in events):
            self._page.clear_cue_words()  # the last step's words are no longer current
        cues = [cue for event in events for cue in cues_for(event)]
        self._deliver(cues + self._cautions(events))
        if any(isinstance(event, SessionFinished) for event in events):
            self._finish()

    def _cautions(self, events: list[Event]) -> list[Cue]:
        """The first caution of an exercise met for the first time, said after its "Get
        ready"; remembered in the settings, so it is said once, not every session."""
        from app.core.learn import CAUTIONS_TOLD_KEY, caution_to_say, read_told, with_told
        from app.core.player import StepKind
        from app.db.errors import DatabaseError

        preferences = self._preferences()
        if not preferences.voice_on or self.muted:
            return []  # not heard now: told when the voice is on
        cues = []
        for event in events:
            if not isinstance(event, StepStarted) or event.step.kind is not StepKind.GET_READY:
                continue
            if event.step.is_switch:
                continue
            exercise = event.step.item.exercise
            try:
                stored = self._store.get_setting(CAUTIONS_TOLD_KEY, [])
                words = caution_to_say(exercise, read_told(stored))
                if words is not None:
                    self._store.set_setting(CAUTIONS_TOLD_KEY, with_told(stored, exercise.slug))
            except DatabaseError:
                continue  # said again next time: better twice than never
            if words is not None:
                cues.append(Cue(words=words))
        return cues

    def _deliver(self, cues: list[Cue]) -> None:
        preferences = self._preferences()
        cues, self._said_first = self._said_first + cues, []
        deliver(
            cues,
            self._sink(),
            sound_on=preferences.sound_on and not self.muted,
            voice_on=preferences.voice_on and not self.muted,
        )

    def _finish(self) -> None:
        from app.db.errors import DatabaseError

        try:
            self._store.finish_session(self.session_id, self._wall())
        except DatabaseError as error:
            self._page.show_notice(f"The end of this session could not be saved: {error}")
            return
        self.finished.emit()
