"""What History gets ready in worker threads, so that it does not wait later: the chart
modules (before History is first opened) and every check and session (once it has opened on a
shorter range). A worker touches no widget; its result comes back to the GUI thread through a
queued signal.
"""

from __future__ import annotations

import importlib
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Protocol

import shiboken6
from PySide6.QtCore import QObject, Signal

from app.core.checks.types import CheckDefinition
from app.core.history.chart_model import CheckChart, RecordPoint, check_charts
from app.core.history.practice import PracticeByDay
from app.db.history_queries import adherence, check_points, reading


class Receiver(Protocol):
    """The page, held weakly: a result for a page that is gone is dropped."""

    def read_ahead_arrived(self, result: ReadAhead) -> None: ...


def preload_charts() -> threading.Thread:
    """Import the chart modules in a worker thread (no widget is made), so the first opening
    of History does not wait for them. Optional: for the main window to call once it is
    usable and idle, as it imports the store; History works the same without."""
    thread = threading.Thread(
        target=lambda: importlib.import_module("app.ui.history.charts"),
        name="history-preload",
        daemon=True,
    )
    thread.start()
    return thread


@dataclass(frozen=True)
class ReadAhead:
    receiver: weakref.ref[Receiver]
    generation: int
    points: list[RecordPoint]
    work: PracticeByDay
    charts: tuple[CheckChart, ...]  # for the range All


class _Relay(QObject):
    """Lives in the GUI thread for good, so a worker's result never meets a deleted page:
    the page is looked up (a weak reference) when the result arrives."""

    delivered = Signal(object)


_RELAY: list[_Relay] = []


def _relay() -> _Relay:
    if not _RELAY:
        relay = _Relay()
        relay.delivered.connect(_deliver)
        _RELAY.append(relay)
    return _RELAY[0]


def _deliver(result: ReadAhead) -> None:
    receiver = result.receiver()
    if receiver is not None and shiboken6.isValid(receiver):
        receiver.read_ahead_arrived(result)


def _read_everything(
    receiver: weakref.ref[Receiver],
    path: Path,
    definitions: Sequence[CheckDefinition],
    tz: tzinfo | None,
    generation: int,
    relay: _Relay,
) -> None:
    """In a worker thread: every check and session, and the charts of them all (pure Python,
    no widget), sent back through the relay."""
    try:
        with reading(path) as connection:
            points = check_points(connection, None)
            work = adherence(connection, None, tz)
        charts = check_charts(points, definitions, tz)
        relay.delivered.emit(ReadAhead(receiver, generation, points, work, charts))
    except Exception:  # the page reads for itself if it needs to, and reports it then
        return


def read_everything(
    receiver: Receiver,
    path: Path,
    definitions: Sequence[CheckDefinition],
    tz: tzinfo | None,
    generation: int,
) -> None:
    """Read every check and session and chart them all in a worker thread; the result comes
    to ``receiver.read_ahead_arrived`` in this thread, tagged with ``generation``."""
    threading.Thread(
        target=_read_everything,
        args=(weakref.ref(receiver), path, definitions, tz, generation, _relay()),
        name="history-read-ahead",
        daemon=True,
    ).start()
