"""Plays one session: the player's events go to the page, the cues and the store.

Every set is written the moment it ends, so a crash loses at most the set in progress. A set
the file does not take (locked by another program, disk full) waits in memory and is tried
again every couple of seconds, at the session's end and on close, and the player says so
until it is saved. The save waits at most :data:`SAVE_PATIENCE` for a lock: it runs on the
GUI thread, between two ticks of the countdown.

While it plays, the runner renews a claim on its session in the data file, so a second
window (the single-instance lock removed) refuses to abandon it; should the session be
abandoned anyway, the runner takes it back and its sets are saved.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.changes import Changes
from app.core.preferences import Preferences
from app.core.records import SetResult
from app.core.session.cues import Cue, CueSink, cues_for, deliver, pinch_words
from app.core.session.events import Event, SessionFinished, StepStarted
from app.core.session.pending_sets import PendingSets
from app.core.session.player import Player
from app.core.session.screen_awake_policy import AwakeDuringSession, ScreenAwakeLike
from app.ui.player.controller import PlayerController
from app.ui.player.page import PlayerPage

if TYPE_CHECKING:
    from app.db.store import Store
SLEPT_NOTE = "Paused: the computer slept or its clock jumped. Press Space to go on."
#: Seconds a save on the GUI thread waits for another program's lock before it is put off
#: (about half a display tick: the countdown never stalls; cues play in worker processes).
SAVE_PATIENCE = 0.05
#: On close nothing else is going on: a longer wait is worth it to save the last sets.
CLOSE_PATIENCE = 2.0
RETRY_CHECK_MS = 500  # how often the timer asks whether a retry or a renewal is due
CLAIM_RENEW_SECONDS = 15.0
SAVED_NOTE = "All sets are saved."
TAKEN_BACK_NOTE = (
    "Another Inward window had marked this session as stopped. This window carries on with "
    "it and saved the set; close the other window."
)


def played_elsewhere(
    store: Store, session_id: int, runner: SessionRunner | None, now: datetime
) -> None:
    """Raise SessionInUseError when a window other than ``runner``'s plays ``session_id``."""
    from app.db.errors import SessionInUseError

    age = store.session_held_elsewhere(session_id, runner.owner if runner else None, now)
    if age is not None:
        raise SessionInUseError(
            "This session is playing in another Inward window (it was heard from "
            f"{round(age)} s ago), so this window leaves it alone. Finish or close it there "
            "first.",
            store.path,
        )


def _why(error: BaseException | None) -> str:
    """Why a set waits, short enough for the player's notice line."""
    text = str(error or "")
    if "in use by another program" in text:
        return "another program is using the data file."
    return text


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
        *,
        publish: Callable[[Changes], object],
    ) -> None:
        super().__init__(parent)
        self.session_id = session_id
        self._publish = publish  # the window's change signal: what each save changed
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
        self.owner = uuid.uuid4().hex  # this runner's claim on its session
        self._monotonic = monotonic
        self.pending = PendingSets()
        self._ending: datetime | None = None  # the session ended; its end not saved yet
        self._next_end_try = 0.0
        self._told_unsaved = False  # the player says sets wait: say when they are saved
        self._stopping = False
        self._warned_on_close = False
        self._claim_renewed: float | None = None
        self.retry_timer = QTimer(self)
        self.retry_timer.setInterval(RETRY_CHECK_MS)
        self.retry_timer.timeout.connect(self.on_timer)
        self.controller.suspended.connect(lambda: page.show_notice(SLEPT_NOTE))
        # The screen stays on while the session runs
        # (policy: app/core/session/screen_awake_policy.py).
        self.awake = AwakeDuringSession(awake)
        self.controller.view_changed.connect(lambda _: self.awake.follow(monotonic(), player))

    @property
    def player(self) -> Player:
        return self.controller.player

    def start(self) -> None:
        self._page.show_notice("")
        self._page.set_muted(self.muted)
        self._renew_claim()
        self.retry_timer.start()
        self.controller.start()

    def stop(self) -> None:
        self._stopping = True  # no check-in page for a session left this way
        self.controller.stop()
        self.awake.release()
        self.save_waiting(CLOSE_PATIENCE)
        self.retry_timer.stop()
        self._release_claim()

    @property
    def unsaved(self) -> int:
        """Sets (and the session's end) not in the data file yet."""
        return len(self.pending) + (self._ending is not None)

    def on_timer(self) -> None:
        """Every half second: renew the claim when due, retry waiting sets when due."""
        now = self._monotonic()
        if self._claim_renewed is None or now - self._claim_renewed >= CLAIM_RENEW_SECONDS:
            self._renew_claim()
        end_due = self._ending is not None and not self.pending and now >= self._next_end_try
        if self.pending.due(now) or end_due:
            self.save_waiting()

    def may_close(self) -> bool:
        """On closing the window: try once more, waiting longer; False (the window stays
        open, and the person is told) the first time something would be lost."""
        if self.save_waiting(CLOSE_PATIENCE) or self._warned_on_close:
            return True
        self._warned_on_close = True
        return False

    def unsaved_on_close(self) -> str:
        count = len(self.pending)
        what = f"{count} set{'s' if count != 1 else ''}" if count else "The end of this session"
        return (
            f"{what} could not be saved yet: {self.pending.last_error or 'the file is busy'} "
            "Inward keeps trying while it stays open. Close the window again to quit without "
            "saving it."
        )

    def save_waiting(self, patience: float = SAVE_PATIENCE) -> bool:
        """Try the waiting sets, then the session's end; True when nothing waits."""
        from app.db.errors import DatabaseError

        if not self.unsaved:
            return True
        saved = self.pending.flush(
            lambda result: self._write(result, patience), self._monotonic(), (DatabaseError,)
        )
        if saved and self._ending is not None:
            try:
                self._publish(
                    self._store.finish_session(self.session_id, self._ending, patience=patience)
                )
            except DatabaseError as error:
                self._next_end_try = self._monotonic() + self.pending.retry_seconds
                self._told_unsaved = True
                self._page.show_notice(
                    f"The end of this session is not saved yet — will retry. {error}"
                )
                return False
            self._ending = None
            self.retry_timer.stop()  # nothing waits, and the claim must not come back
            self._release_claim()
            if not self._stopping:
                self.finished.emit()
            return True
        if not saved:
            self._told_unsaved = True
            self._page.show_notice(f"{self.pending.words()}: {_why(self.pending.last_error)}")
        elif self._told_unsaved:
            self._told_unsaved = False
            self._page.show_notice(SAVED_NOTE)
        return saved

    def _write(self, result: SetResult, patience: float) -> None:
        from app.db.errors import SessionClosedError

        try:
            self._publish(self._store.record_set(self.session_id, result, patience=patience))
        except SessionClosedError:
            # Another window abandoned it while this one plays: take it back, keep the set.
            self._publish(self._store.reopen_session(self.session_id, patience=patience))
            self._publish(self._store.record_set(self.session_id, result, patience=patience))
            self._page.show_notice(TAKEN_BACK_NOTE)
            self._renew_claim()

    def _renew_claim(self) -> None:
        from app.db.errors import DatabaseError

        self._claim_renewed = self._monotonic()
        with suppress(DatabaseError):  # a busy file: renewed next turn, well within its life
            self._publish(
                self._store.claim_session(
                    self.session_id, self.owner, self._wall(), patience=SAVE_PATIENCE
                )
            )

    def _release_claim(self) -> None:
        from app.db.errors import DatabaseError

        with suppress(DatabaseError, RuntimeError):  # busy, or the store is already closed
            self._publish(self._store.release_session(self.owner, patience=SAVE_PATIENCE))

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
        """Saved now, after any set still waiting; kept and retried when the file says no."""
        self.pending.add(result)
        self.save_waiting()

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
        from app.core.library.learn import CAUTIONS_TOLD_KEY, caution_to_say, read_told, with_told
        from app.core.session.steps import StepKind
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
                stored: list[str] = self._store.get_setting(CAUTIONS_TOLD_KEY, [])
                words = caution_to_say(exercise, read_told(stored))
                if words is not None:
                    told = with_told(stored, exercise.slug)
                    self._publish(self._store.set_setting(CAUTIONS_TOLD_KEY, told))
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
        self._ending = self._wall()
        self.save_waiting()
