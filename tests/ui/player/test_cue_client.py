"""The cue worker and its client: sound and speech can fail or stall, the window never does."""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QProcess
from shiboken6 import isValid

from app.core.session.cues import Sound
from app.ui.player.cue_client import NO_VOICE, SOUND_STOPPED, VOICE_STALLED, CueClient
from app.ui.player.cue_worker import pick_voice
from tools.audio_session import Heartbeat

MAX_LATE_MS = 200


class SilentDaemon:
    """A speech daemon that accepts connections and never answers, as a stalled one does."""

    def __init__(self, path: Path) -> None:
        self.server = socket.socket(socket.AF_UNIX)
        self.server.bind(str(path))
        self.server.listen(8)
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.server.close()


def speechd_plugin_loads() -> bool:
    from PySide6.QtTextToSpeech import QTextToSpeech

    return "speechd" in QTextToSpeech.availableEngines()


@pytest.fixture
def silent_daemon(tmp_path, monkeypatch):
    if not speechd_plugin_loads():
        pytest.skip("Qt's speech-dispatcher plugin does not load here (libspeechd2 missing)")
    # A short path: unix socket names are limited to about 100 bytes.
    path = Path(f"/tmp/inward-silent-{os.getpid()}.sock")
    path.unlink(missing_ok=True)
    daemon = SilentDaemon(path)
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    monkeypatch.setenv("INWARD_SPEECH_ENGINES", "speechd")
    yield daemon
    daemon.close()
    path.unlink(missing_ok=True)


def test_a_stalled_speech_daemon_never_freezes_the_session(
    qtbot, silent_daemon, tmp_path, clock
) -> None:
    """Reproduced on real desktops: say() blocked inside speech-dispatcher's client for good,
    and the countdown stopped at 0:31. Here the daemon accepts and never answers."""
    from app.ui.shell.main_window import MainWindow

    window = MainWindow(tmp_path / "data", clock.monotonic, clock.wall)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    window.load()
    notices: list[str] = []
    window.cue_sink().notice.connect(notices.append)
    window.start_session()
    heartbeat = Heartbeat()
    page = window.player_page
    qtbot.waitUntil(lambda: VOICE_STALLED in notices, timeout=15_000)
    clock.run(window.controller, 2)
    assert window.controller.view().step is not None  # the player still runs
    heartbeat.stop()
    assert heartbeat.worst_ms <= MAX_LATE_MS
    window.cue_sink().say("Halfway.")
    assert page.cue_words_label.text() == "Halfway."  # words it cannot say are shown, big
    assert page.note_label.text() == VOICE_STALLED  # and why stays on its own line
    window.close()


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def sleeping_worker(role: str) -> list[str]:
    """A worker that starts and then says nothing at all, as a hung one does."""
    return [sys.executable, "-c", "import sys; sys.stdin.read()"]


def check_alive(client: CueClient) -> None:
    client.sound.check_alive()
    client.voice.check_alive()


def test_a_worker_that_stops_answering_is_let_go_and_cues_become_words(qtbot) -> None:
    now = FakeTime()
    client = CueClient(command=sleeping_worker, clock=now)
    notices: list[str] = []
    shown: list[str] = []
    client.notice.connect(notices.append)
    client.words_shown.connect(shown.append)
    client.warm_up()
    qtbot.waitUntil(lambda: client.running)
    now.now += 1.0
    check_alive(client)
    assert client.sound.running and notices == []  # a second of quiet is not a hang
    now.now += 1.5
    check_alive(client)
    assert not client.sound.running
    assert notices == [SOUND_STOPPED]
    assert client.voice.running  # a voice gets longer to start: an engine takes ~1.5 s
    now.now += 4
    check_alive(client)
    assert not client.voice.running
    assert notices == [SOUND_STOPPED, VOICE_STALLED]
    client.say("Switch sides.")
    assert shown == ["Switch sides."]
    client.play(Sound.START)  # nothing to send it to, and no error


def test_the_next_session_tries_a_fresh_worker(qtbot) -> None:
    now = FakeTime()
    client = CueClient(command=sleeping_worker, clock=now)
    client.warm_up()
    qtbot.waitUntil(lambda: client.running)
    now.now += 7
    check_alive(client)
    assert not client.running
    client.begin_session()
    assert client.running
    client.shut_down()
    assert not client.running


def test_a_worker_killed_on_a_busy_machine_ends_in_the_background_without_a_warning(
    qtbot, monkeypatch
) -> None:
    """Seen in CI on a loaded machine: a killed worker had not ended 100 ms later, the
    window deleted its QProcess anyway, and Qt warned ("Destroyed while process is still
    running") and blocked to reap it. Here the wait always comes back too soon."""
    client = CueClient(command=sleeping_worker, clock=FakeTime())
    client.warm_up()
    qtbot.waitUntil(lambda: client.running)
    processes = client.findChildren(QProcess)
    waited: list[int] = []
    monkeypatch.setattr(QProcess, "waitForFinished", lambda _self, ms=30_000: waited.append(ms))
    client.shut_down()  # may print the warning here, or when deleteLater runs below
    assert not client.running
    assert all(ms <= 100 for ms in waited)  # never a long block on the GUI thread
    # Each is deleted once it has ended (not leaked, and not while it runs: pytest-qt fails
    # the test on Qt's warning).
    qtbot.waitUntil(lambda: not any(isValid(process) for process in processes), timeout=5_000)


def real_worker_env(monkeypatch, engines: str) -> None:
    monkeypatch.setenv("INWARD_SPEECH_ENGINES", engines)


def test_the_real_worker_reports_a_working_voice(qtbot, monkeypatch) -> None:
    from PySide6.QtTextToSpeech import QTextToSpeech

    if "mock" not in QTextToSpeech.availableEngines():
        pytest.skip("Qt's mock speech engine is not installed")
    real_worker_env(monkeypatch, "mock")
    client = CueClient()
    with qtbot.waitSignal(client.voice_changed, timeout=20_000) as changed:
        client.warm_up()
    assert changed.args == [True] and client.speech_works()
    client.say("Halfway.")  # goes to the worker, not to the screen
    client.shut_down()


def test_without_any_voice_the_worker_says_so_once(qtbot, monkeypatch) -> None:
    real_worker_env(monkeypatch, "")
    client = CueClient()
    notices: list[str] = []
    client.notice.connect(notices.append)
    client.warm_up()
    qtbot.waitUntil(lambda: NO_VOICE in notices, timeout=20_000)
    assert notices.count(NO_VOICE) == 1 and not client.speech_works()
    client.shut_down()


@pytest.mark.parametrize(
    ("names", "locale", "chosen"),
    [
        (["English (Caribbean)", "English (Caribbean)+Adam", "English (America)"], "en_US", 2),
        (["English (Great Britain)+Alex", "English (Great Britain)"], "en_GB", 1),
        (["English (Scotland)+Adam", "English (Scotland)"], "en_US", 1),
        (["Bob+x"], "en_US", 0),
        ([], "en_US", None),
    ],
)
def test_the_voice_is_the_plain_english_one_of_the_country(names, locale, chosen) -> None:
    assert pick_voice(names, locale) == chosen
