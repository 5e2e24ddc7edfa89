"""When the screen must stay awake: while a session runs, and a little while after a pause.

The person is on a mat a few metres away, so a screen saver or lock mid-session makes
them get up. A long pause means they walked away, so the screen may sleep again; a
resume asks for it to stay awake once more. The platform part (D-Bus, Windows, macOS)
lives in app/ui/player/screen_awake.py behind the small ScreenAwakeLike interface.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from app.core.session.player import Player

# A pause this long means the person walked away: the screen may sleep again.
PAUSED_RELEASE_SECONDS = 180.0
REASON = "Inward: a guided exercise session is playing"


class SessionState(Enum):
    RUNNING = "running"
    PAUSED = "paused"
    ENDED = "ended"  # not started, finished, or the person left the player


def state_of(player: Player) -> SessionState:
    """The player's state as far as the screen is concerned."""
    if not player.started or player.finished:
        return SessionState.ENDED
    return SessionState.PAUSED if player.paused else SessionState.RUNNING


class ScreenAwakePolicy:
    """Decides, from the player's state and monotonic time, whether to hold the screen."""

    def __init__(self, release_after: float = PAUSED_RELEASE_SECONDS) -> None:
        self.release_after = release_after
        self._paused_since: float | None = None

    def wants_awake(self, now: float, state: SessionState) -> bool:
        if state is SessionState.PAUSED:
            if self._paused_since is None:
                self._paused_since = now
            return now - self._paused_since < self.release_after
        self._paused_since = None
        return state is SessionState.RUNNING


class ScreenAwakeLike(Protocol):
    """What the session needs from the platform: ask to keep the screen on, let it go."""

    @property
    def active(self) -> bool: ...

    def hold(self, reason: str) -> None: ...

    def release(self) -> None: ...


class AwakeDuringSession:
    """Follows one session's player and holds or releases the screen as the policy says.

    With no screen-awake object (None) it does nothing, so callers need no special case.
    """

    def __init__(
        self,
        awake: ScreenAwakeLike | None,
        policy: ScreenAwakePolicy | None = None,
        reason: str = REASON,
    ) -> None:
        self._awake = awake
        self._policy = policy or ScreenAwakePolicy()
        self._reason = reason
        self._holding = False

    def follow(self, now: float, player: Player) -> None:
        """Called on every player update (the display timer ticks even while paused)."""
        self.update(now, state_of(player))

    def update(self, now: float, state: SessionState) -> None:
        wanted = self._policy.wants_awake(now, state)
        if self._awake is None:
            return
        if wanted and not self._holding:
            self._holding = True
            self._awake.hold(self._reason)
        elif not wanted and self._holding:
            self.release()

    def release(self) -> None:
        """The session is over or the person left the player: let the screen sleep."""
        if self._holding and self._awake is not None:
            self._holding = False
            self._awake.release()
