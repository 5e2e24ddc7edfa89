"""The window's sessions: start today's, resume or discard an unfinished one, play it
(the player page, cues, keeping the screen on), leave it or stop it for pain. One session's
own lifetime is the SessionRunner's (app/ui/player/session_runner.py); this is what spans them,
kept out of the main window, which owns one SessionControl and forwards to it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from app.ui.common import messages

if TYPE_CHECKING:
    from app.core.session.cues import CueSink
    from app.core.session.player import Player
    from app.core.session.screen_awake_policy import ScreenAwakeLike
    from app.ui.player.checkin_page import CheckInPage
    from app.ui.player.controller import PlayerController
    from app.ui.player.page import PlayerPage
    from app.ui.player.session_runner import SessionRunner
    from app.ui.shell.main_window import MainWindow


class SessionControl:
    """Starts, resumes, abandons and leaves sessions for one window."""

    def __init__(
        self,
        window: MainWindow,
        monotonic: Callable[[], float],
        wall: Callable[[], datetime],
        cue_sink: CueSink | None = None,
        screen_awake: ScreenAwakeLike | None = None,
    ) -> None:
        self.window = window
        self._monotonic = monotonic
        self._wall = wall
        self._cue_sink = cue_sink
        self._screen_awake = screen_awake  # made on the first session unless given
        self._cue_sink_shown = False  # its words are wired to the player page
        self._player_page: PlayerPage | None = None
        self.runner: SessionRunner | None = None
        self.leave_box: QMessageBox
        self._checkin: CheckInPage | None = None
        self.checkin_session_id: int

    def playing(self) -> bool:
        """A session is on screen (not merely unfinished)."""
        return (
            self.runner is not None
            and self._player_page is not None
            and self.window.pages.currentWidget() is self._player_page
        )

    def toggle_mute(self) -> None:
        if self.playing():
            assert self.runner is not None
            self.runner.toggle_mute()

    def close(self) -> None:
        """The window closes: the session stops, the voice and the screen lock let go."""
        if self.runner is not None:
            self.runner.stop()
        shut_down = getattr(self._cue_sink, "shut_down", None)
        if shut_down is not None:
            shut_down()
        getattr(self._screen_awake, "close", lambda: None)()  # and leave the D-Bus

    @property
    def player_page(self) -> PlayerPage:
        """Built on first use: the home page alone is on the path to the first paint."""
        if self._player_page is None:
            from app.ui.player.page import PlayerPage

            page = PlayerPage()
            if self.window.content is not None:
                page.set_stage_names({s.number: s.name for s in self.window.content.stages})
            page.home_requested.connect(self.window.show_home)
            page.leave_requested.connect(self.confirm_leave)
            forwards = {
                page.previous_requested: "previous",
                page.pause_requested: "toggle_pause",
                page.next_requested: "next",
                page.add_time_requested: "add_time",
                page.done_requested: "done",
                page.skip_requested: "skip_exercise",
            }
            for signal, operation in forwards.items():
                signal.connect(self._forward(operation))
            page.pain_requested.connect(self.stop_for_pain)
            self.window.pages.addWidget(page)
            self._player_page = page
        return self._player_page

    @property
    def controller(self) -> PlayerController | None:
        return self.runner.controller if self.runner is not None else None

    def start_session(self) -> None:
        if self.window.content is None:
            return
        from app.core.session.player import Player

        # Said once the player is on screen: Today need not re-plan before it goes.
        with self.window._reporting("start the session"), self.window.changes.held():
            self._abandon_unfinished()
            plan = self.window.todays_plan()
            session_id = self.window.store.start_session(plan.to_dict(), self._wall())
            self.window.changes.publish(session_id.changes)
            self.window.today_choices.clear()  # used up: the session keeps its own plan
            self._play(Player(plan), session_id)

    def start_todays_session(self) -> None:
        """The desktop action: carry on with an interrupted session, else start today's."""
        if self.window.care.damage_box is not None:
            return  # the damaged file comes first; the person starts from Today after
        with self.window._reporting("open today's session"):
            if (
                self.window.content is not None
                and self.window.store.unfinished_session() is not None
            ):
                self.resume_session()
            else:
                self.start_session()

    def resume_session(self) -> None:
        if self.window.content is None:
            return
        from app.core.routine import SessionPlan
        from app.core.session.player import Player

        with self.window._reporting("resume the session"):
            unfinished = self.window.store.unfinished_session()
            if unfinished is None:
                self.start_session()
                return
            try:
                plan = SessionPlan.from_dict(unfinished.plan, self.window.content)
            except (KeyError, TypeError, ValueError):
                self.window._warn(
                    "This session cannot be resumed",
                    "The routine has changed since this session was started, so it cannot "
                    "carry on where it stopped. Its finished sets are kept; discard it and "
                    "start a new session.",
                )
                return
            self._refuse_if_played_elsewhere(unfinished.id)
            done = frozenset(s.key for s in unfinished.sets)
            self._play(Player(plan, done_keys=done), unfinished.id)

    def discard_session(self) -> None:
        with self.window._reporting("discard the session"):
            self._abandon_unfinished()  # Today re-plans without it

    def _abandon_unfinished(self) -> None:
        unfinished = self.window.store.unfinished_session()
        if unfinished is not None:
            from app.core.records import SessionStatus

            self._refuse_if_played_elsewhere(unfinished.id)
            abandoned = SessionStatus.ABANDONED
            self.window.changes.publish(
                self.window.store.finish_session(unfinished.id, self._wall(), abandoned)
            )

    def _refuse_if_played_elsewhere(self, session_id: int) -> None:
        """Another window plays this session (a second writer): leave it alone, say why."""
        from app.ui.player.session_runner import played_elsewhere

        played_elsewhere(self.window.store, session_id, self.runner, self._wall())

    def _play(self, player: Player, session_id: int) -> None:
        from app.ui.player.session_runner import SessionRunner

        if self.runner is not None:
            self.runner.stop()
            self.runner.deleteLater()
        self.runner = SessionRunner(
            player,
            session_id,
            self.window.store,
            self.player_page,
            self.cue_sink,
            lambda: self.window.preferences,
            self._monotonic,
            self._wall,
            self.window,
            awake=self.screen_awake(),
            publish=self.window.changes.publish,
        )
        self.runner.finished.connect(lambda: self.show_checkin(session_id))
        self.player_page.countdown_in_seconds = self.window.preferences.countdown_in_seconds
        self.window.pages.setCurrentWidget(self.player_page)
        self.runner.start()
        sink = self.cue_sink()
        begin_session = getattr(sink, "begin_session", None)
        if begin_session is not None:
            begin_session()  # a voice that stalled last time gets a fresh try
            problem = getattr(sink, "problem", "")
            if problem:  # said once a session, plainly
                self.player_page.show_notice(problem)

    def _forward(self, name: str) -> Callable[[], None]:
        def forward() -> None:
            if self.controller is not None and self.playing():
                getattr(self.controller, name)()

        return forward

    def stop_for_pain(self) -> None:
        if self.runner is not None and self.playing():
            self.runner.stop_for_pain()

    def cue_sink(self) -> CueSink:
        if self._cue_sink is None:
            from app.ui.player.cue_client import CueClient

            self._cue_sink = CueClient(self.window)
        sink = self._cue_sink
        if not self._cue_sink_shown and hasattr(sink, "words_shown"):
            # Words the voice cannot say are shown big; why it cannot is a notice.
            sink.words_shown.connect(self.player_page.show_cue_words)
            getattr(sink, "notice").connect(self.player_page.show_notice)  # noqa: B009
            self._cue_sink_shown = True
        configure = getattr(sink, "configure", None)
        if configure is not None:
            configure(
                self.window.preferences.volume / 100, self.window.preferences.speech_rate / 10
            )
        return sink

    def warm_cues(self) -> None:
        """Start the sound and voice on Today, so the session's first cue does not wait."""
        preferences = self.window.preferences
        if self.window.care.closed or not (preferences.sound_on or preferences.voice_on):
            return
        warm_up = getattr(self.cue_sink(), "warm_up", None)
        if warm_up is not None:
            warm_up()

    def screen_awake(self) -> ScreenAwakeLike:
        """Keeps the screen on during a session; the platform code loads with the first one."""
        if self._screen_awake is None:
            from app.ui.player.screen_awake import ScreenAwake

            self._screen_awake = ScreenAwake(self.window)
        return self._screen_awake

    def confirm_leave(self) -> None:
        controller = self.controller
        if controller is None or controller.player.finished:
            self.window.show_home()
            return
        was_paused = controller.player.paused
        controller.pause()
        box = messages.question(
            self.window,
            "Leave the session?",
            "Leave the session? Finished sets are saved and you can resume later.",
            QMessageBox.Icon.NoIcon,
        )
        leave = box.addButton("Leave", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Keep going", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(leave)
        box.finished.connect(
            lambda _: self._leave_answered(box.clickedButton() is leave, was_paused)
        )
        self.leave_box = box
        box.open()

    def _leave_answered(self, leave: bool, was_paused: bool) -> None:
        if leave:
            self.window.show_home()
        elif not was_paused and self.controller is not None and self.controller.player.paused:
            self.controller.toggle_pause()

    # -- after a session: how did it go? ----------------------------------------------

    @property
    def checkin_page(self) -> CheckInPage:
        if self._checkin is None:
            from app.ui.player.checkin_page import CheckInPage

            page = CheckInPage()
            page.save_requested.connect(self.save_checkin)
            page.skip_requested.connect(self.window.show_home)
            self.window.pages.addWidget(page)
            self._checkin = page
        return self._checkin

    def show_checkin(self, session_id: int) -> None:
        """How did it go? Shown when a session ends; the answers shape the next plan."""
        from app.core.routine import SessionPlan
        from app.core.session.summary import describe_session, outcomes

        with self.window._reporting("show the session's summary"):
            stored = self.window.store.session(session_id)
            plan = (
                SessionPlan.from_dict(stored.plan, self.window.content)
                if self.window.content
                else None
            )
            rows = outcomes(plan, stored.sets) if plan is not None else []
            self.checkin_page.show_session(describe_session(stored.sets), rows)
            self.checkin_session_id = session_id
            self.window.pages.setCurrentWidget(self.checkin_page)
            self.window.reminders.offer_after_session(self.checkin_page)  # asked once, ever

    def save_checkin(self) -> None:
        from app.core.session.checkin import CheckIn

        page = self.checkin_page
        checkin = CheckIn(
            self.checkin_session_id,
            self._wall(),
            page.effort(),
            dict(page.exercise_effort()),
            page.note.text().strip(),
        )
        try:
            changes = self.window.store.save_checkin(checkin)
        except Exception as error:  # DatabaseError or a refused value: say so, keep the page
            page.message.setText(f"The check-in could not be saved: {error}")
            return
        self.window.today_choices.clear()
        self.window.changes.publish(changes)  # Today re-plans when shown, next line
        self.window.show_home()
