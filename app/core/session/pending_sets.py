"""Sets that could not be written yet (the data file was locked or full): kept in memory,
tried again on a schedule, and said on the player until they are saved.

Pure logic with an injected clock; the session runner owns one and a Qt timer asks it when
to try. A set played again replaces its waiting copy, as the store replaces its record.
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.formatting import plural
from app.core.records import SetResult, Side

#: Seconds between two tries while sets wait; a lock held by another program is usually
#: gone within a second or two.
RETRY_SECONDS = 2.0


def unsaved_words(count: int) -> str:
    """What the player says while ``count`` sets wait; empty when none do."""
    if count <= 0:
        return ""
    return f"{plural(count, 'set')} not saved yet — will retry"


class PendingSets:
    """Unsaved sets in the order they ended, and the moment of the next try."""

    def __init__(self, retry_seconds: float = RETRY_SECONDS) -> None:
        self.retry_seconds = retry_seconds
        self._sets: dict[tuple[str, Side, int], SetResult] = {}
        self._next_try: float | None = None
        self.last_error: BaseException | None = None

    def __len__(self) -> int:
        return len(self._sets)

    def add(self, result: SetResult) -> None:
        self._sets.pop(result.key, None)  # a replayed set goes to the end, newest wins
        self._sets[result.key] = result

    def due(self, now: float) -> bool:
        return bool(self._sets) and (self._next_try is None or now >= self._next_try)

    def flush(
        self,
        write: Callable[[SetResult], None],
        now: float,
        retryable: tuple[type[BaseException], ...],
    ) -> bool:
        """Write the waiting sets oldest first, stopping at the first that fails with one of
        ``retryable`` (kept, with the rest, for a try ``retry_seconds`` later). True when
        none wait any more. Other errors are not a passing state of the file: they go up."""
        for key, result in list(self._sets.items()):
            try:
                write(result)
            except retryable as error:
                self.last_error = error
                self._next_try = now + self.retry_seconds
                return False
            del self._sets[key]
        self._next_try = None
        self.last_error = None
        return True

    def words(self) -> str:
        return unsaved_words(len(self._sets))
