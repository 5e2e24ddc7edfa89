"""What the benchmark scripts share: the child processes' environment, running a measuring
script that prints its result as one JSON line, and the layout of the result table."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def child_env() -> dict[str, str]:
    """The caller's environment, offscreen unless told otherwise (as `make bench` sets)."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def run_json(arguments: Sequence[str], what: str, timeout: float) -> Any | None:
    """Run ``python arguments...`` in its own process and return the JSON on its last line;
    None (after saying why on stderr) when it timed out, failed or printed nothing."""
    try:
        proc = subprocess.run(
            [sys.executable, *arguments],
            cwd=REPO,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        print(f"  {what} timed out", file=sys.stderr)
        return None
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        print(f"  {what} failed:\n{proc.stdout}{proc.stderr}", file=sys.stderr)
        return None
    return json.loads(lines[-1])


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


def row(label: str, app: str, floor: str, ratio: str, goal: str, result: str) -> str:
    """One line of a result table; columns line up for the eye, not for a parser."""
    return f"{label:27} {app:14} {floor:14} {ratio:13} {goal:16} {result}"
