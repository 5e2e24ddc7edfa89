"""A private PulseAudio null sink and speech daemon for the audio tests (`make audio-test`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.cue_recording import NullSink, pulse_tools_present


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
def speech_daemon(null_sink: NullSink, monkeypatch) -> Iterator[Path]:
    """speech-dispatcher on a socket of its own, speaking into the null sink."""
    if shutil.which("speech-dispatcher") is None:
        pytest.fail("speech-dispatcher is needed: run `make audio-test`")
    socket = null_sink.folder / "speechd.sock"
    daemon = subprocess.Popen(
        ["speech-dispatcher", "-s", "-c", "unix_socket", "-S", str(socket), "-t", "0"],
        env={**os.environ, **null_sink.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while not socket.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{socket}")
    monkeypatch.setenv("INWARD_SPEECH_ENGINES", "speechd")
    yield socket
    daemon.terminate()
    daemon.wait(5)
