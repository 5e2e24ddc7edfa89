"""Acoustic cue lateness: when each chime of a short session is *heard*, not just scheduled.

Plays a short session through the real window into a private PulseAudio null sink, records
the sink's monitor and finds each chime's onset (tools/cue_recording.py). The floor is the
cue's own moment. Goal: median <= 40 ms, max <= 80 ms, never early. Needs PulseAudio
(`make bench` installs it). Prints a report, or with `--json` one JSON line for run_all.py.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tools.cue_recording import NullSink, analyse, pulse_tools_present  # noqa: E402


def measure() -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from app.ui.shell.main_window import MainWindow
    from tools.audio_session import play_and_record

    app = QApplication.instance() or QApplication(sys.argv)
    sink = NullSink()
    os.environ.update(sink.env)
    os.environ["INWARD_SPEECH_ENGINES"] = ""  # sounds only: speech is not timed
    try:
        with tempfile.TemporaryDirectory(prefix="inward-acoustic-") as folder:
            window = MainWindow(Path(folder) / "data")
            window.prebuild_history = False
            window.daily_backups = False
            window.show()
            window.load()
            heard = play_and_record(window, sink, voice_on=False)
            window.close()
    finally:
        sink.close()
    del app
    analysis = analyse(heard.recording, heard.placed)
    late = analysis.lateness_ms
    return {
        "cues": len(analysis.heard),
        "missing": len(analysis.missing),
        "cut_short": len(analysis.cut_short),
        "median_ms": statistics.median(late),
        "max_ms": max(late),
        "min_ms": min(late),
        "worst_stall_ms": heard.worst_stall_ms,
    }


def main() -> int:
    if not pulse_tools_present():
        print("PulseAudio is not installed (make bench installs it)", file=sys.stderr)
        return 1
    result = measure()
    if "--json" in sys.argv:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:16} {value:.1f}" if isinstance(value, float) else f"{key:16} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
