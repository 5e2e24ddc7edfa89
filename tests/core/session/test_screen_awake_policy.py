"""When the screen is held awake: running yes, a long pause no, the end no."""

from __future__ import annotations

import pytest

from app.core.session.screen_awake_policy import (
    PAUSED_RELEASE_SECONDS,
    REASON,
    AwakeDuringSession,
    ScreenAwakePolicy,
    SessionState,
    state_of,
)

RUNNING, PAUSED, ENDED = SessionState.RUNNING, SessionState.PAUSED, SessionState.ENDED


class RecordingAwake:
    def __init__(self) -> None:
        self.calls: list[str] = []
        self.active = False

    def hold(self, reason: str) -> None:
        self.calls.append(f"hold {reason}")
        self.active = True

    def release(self) -> None:
        self.calls.append("release")
        self.active = False


def test_the_release_delay_is_three_minutes() -> None:
    assert PAUSED_RELEASE_SECONDS == 180.0
    assert "Inward" in REASON


# (seconds since the session started, state, screen held?)
TABLE = [
    (0.0, RUNNING, True),
    (60.0, RUNNING, True),
    (100.0, PAUSED, True),  # paused at 100
    (100.0 + 179.0, PAUSED, True),  # 2:59 paused: still held
    (100.0 + 179.999, PAUSED, True),
    (100.0 + 180.0, PAUSED, False),  # 3:00 paused: the person walked away
    (100.0 + 600.0, PAUSED, False),
    (701.0, RUNNING, True),  # resume: held again
    (710.0, PAUSED, True),  # a new pause counts from its own start
    (710.0 + 179.0, PAUSED, True),
    (900.0, RUNNING, True),
    (950.0, ENDED, False),  # finished or left
    (951.0, ENDED, False),
]


def test_policy_table() -> None:
    policy = ScreenAwakePolicy()
    seen = [(now, state, policy.wants_awake(5000.0 + now, state)) for now, state, _ in TABLE]
    assert seen == TABLE


@pytest.mark.parametrize("state", [RUNNING, PAUSED])
def test_leaving_releases_at_once(state: SessionState) -> None:
    policy = ScreenAwakePolicy()
    assert policy.wants_awake(0.0, state)
    assert not policy.wants_awake(0.5, ENDED)


def test_session_holds_once_releases_once_and_holds_again_on_resume() -> None:
    awake = RecordingAwake()
    session = AwakeDuringSession(awake)
    for now in (0.0, 0.1, 0.2):
        session.update(now, RUNNING)
    session.update(10.0, PAUSED)
    session.update(10.0 + 179.9, PAUSED)
    assert awake.calls == [f"hold {REASON}"]
    session.update(10.0 + 180.0, PAUSED)
    session.update(10.0 + 181.0, PAUSED)
    assert awake.calls == [f"hold {REASON}", "release"]
    session.update(400.0, RUNNING)
    assert awake.calls[-1] == f"hold {REASON}" and awake.active
    session.update(401.0, ENDED)
    session.release()
    assert awake.calls == [f"hold {REASON}", "release", f"hold {REASON}", "release"]


def test_release_after_leaving_is_harmless_and_none_does_nothing() -> None:
    awake = RecordingAwake()
    session = AwakeDuringSession(awake)
    session.release()
    assert awake.calls == []
    nothing = AwakeDuringSession(None)
    nothing.update(0.0, RUNNING)
    nothing.release()


def test_state_of_the_player() -> None:
    class P:
        started = True
        paused = False
        finished = False

    player = P()
    assert state_of(player) is RUNNING  # type: ignore[arg-type]
    player.paused = True
    assert state_of(player) is PAUSED  # type: ignore[arg-type]
    player.finished = True
    assert state_of(player) is ENDED  # type: ignore[arg-type]
    player.started = player.finished = False
    assert state_of(player) is ENDED  # type: ignore[arg-type]
