"""The window's one change signal. Every write the window makes to the data file is
published here with what it changed (app/core/changes.py); each page subscribes and decides
for itself whether to redraw now, later when it is shown, or not at all.

    changes = DataChanged(window)
    changes.changed.connect(page_slot)            # receives a Changes
    changes.publish(store.save_checkin(checkin))  # emits when something changed
    with changes.held():                          # several writes, one signal at the end
        ...
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal

from app.core.changes import NOTHING, Changes


class DataChanged(QObject):
    """One signal for every change to the data file the window makes."""

    changed = Signal(object)  # a Changes, never empty

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._held: Changes | None = None  # collected while held()

    def publish(self, changes: Changes) -> Changes:
        """Say that ``changes`` were written (nothing is said for no change); returns them."""
        if self._held is not None:
            self._held |= changes
        elif changes:
            self.changed.emit(changes)
        return changes

    @contextmanager
    def held(self) -> Iterator[None]:
        """Collect what is published inside and say it once at the end (also on an error):
        a session that starts writes and then leaves Today, which need not re-plan first."""
        if self._held is not None:
            yield  # already held by an outer block, which says it all
            return
        self._held = NOTHING
        try:
            yield
        finally:
            collected, self._held = self._held, None
            self.publish(collected)
