"""The cue workers' messages: one JSON object a line, both ways (see ui/player/cue_worker.py)."""

from __future__ import annotations

import json
from typing import Any


def encode(message: dict[str, Any]) -> str:
    return json.dumps(message) + "\n"


def decode(line: str | bytes) -> dict[str, Any] | None:
    """The message on a line, or None for anything that is not one (noise is skipped)."""
    try:
        message = json.loads(line)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None
