"""A private PulseAudio null sink and speech daemon for the audio tests (`make audio-test`)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tools.cue_recording import NullSink, SpeechDaemon, pulse_tools_present


@pytest.fixture
def null_sink(monkeypatch) -> Iterator[NullSink]:
    if not pulse_tools_present():
        if os.environ.get("INWARD_AUDIO_REQUIRED"):
            pytest.fail("pulseaudio, pactl and parec are needed: run `make audio-test`")
        pytest.skip("PulseAudio is not installed (make audio-test installs it)")
    sink = NullSink()
    for name, value in sink.env.items():
        monkeypatch.setenv(name, value)
    yield sink
    sink.close()


@pytest.fixture
def speech_daemon(null_sink: NullSink, monkeypatch) -> Iterator[SpeechDaemon]:
    if shutil.which("speech-dispatcher") is None:
        pytest.fail("speech-dispatcher is needed: run `make audio-test`")
    daemon = SpeechDaemon(null_sink)
    for name, value in daemon.env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("INWARD_SPEECH_ENGINES", "speechd")
    yield daemon
    daemon.close()
