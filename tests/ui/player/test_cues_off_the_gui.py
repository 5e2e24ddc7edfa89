"""Sound and speech never run in the window's process: a stalled speech daemon or audio server
would freeze the countdown. Every play and say goes through CueClient to the cue worker
processes; this guard fails the moment a module in the window imports Qt's sound or speech
itself, loads the worker's code, or waits on a worker's pipe.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
APP = REPO / "app"
WORKER = APP / "ui" / "player" / "cue_worker.py"
CLIENT = APP / "ui" / "player" / "cue_client.py"
ENTRY = APP / "__main__.py"  # `--cue-worker` starts a worker process, not the window
SOUND_AND_SPEECH = ("PySide6.QtMultimedia", "PySide6.QtTextToSpeech")
# Waits that would hold the GUI thread until a worker answers (or never, if it is stuck).
BLOCKING_WAITS = {"waitForReadyRead", "waitForBytesWritten", "waitForStarted", "execute"}


def _imports(tree: ast.AST) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, node.lineno))
    return found


def test_only_the_cue_worker_imports_sound_or_speech_and_only_its_own_process_loads_it() -> None:
    problems = []
    for path in sorted(APP.rglob("*.py")):
        where = path.relative_to(REPO)
        for module, line in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if module.startswith(SOUND_AND_SPEECH) and path != WORKER:
                problems.append(f"{where}:{line} imports {module}")
            if module == "app.ui.player.cue_worker" and path != ENTRY:
                problems.append(f"{where}:{line} loads the cue worker into its process")
    assert problems == []


def test_the_cue_client_never_waits_for_a_worker_to_answer() -> None:
    tree = ast.parse(CLIENT.read_text(encoding="utf-8"))
    waits = [
        f"{CLIENT.name}:{node.lineno} calls {node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in BLOCKING_WAITS
    ]
    assert waits == []
