"""Asking an import's ``cancelled`` as rows go by: where Cancel is heard, and where the app's
worker thread lets the window run (app/ui/data/gil_turns.py), so every long loop of an import
asks every couple of milliseconds."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from app.core.backup.format import ImportCancelled

#: Rows between two asks: ~2 ms of writing sets (every 2,000 was ~15 ms, ~50 ms on a loaded
#: machine, and the window waited as long).
ROWS_PER_ASK = 250

Row = TypeVar("Row")


def asking(
    rows: Iterable[Row], cancelled: Callable[[], bool] | None, every: int = ROWS_PER_ASK
) -> Iterator[Row]:
    """``rows``, asking ``cancelled`` every ``every`` of them; ImportCancelled when asked to
    stop (raised inside an executemany, the transaction is rolled back)."""
    for number, row in enumerate(rows, 1):
        if number % every == 0 and cancelled is not None and cancelled():
            raise ImportCancelled
        yield row
