"""The window's one change signal. Every write the window makes to the data file is
published here with what it changed (app/core/changes.py); each page subscribes and decides
for itself whether to redraw now, later when it is shown, or not at all.

    changes = DataChanged(window)
    changes.changed.connect(page_slot)            # receives a Changes
    changes.publish(store.save_checkin(checkin))  # emits when something changed
    with changes.held():                          # several writes, one signal at the end
        ...
    changes.watch(database_path)                  # and writes by another program, below

Another program can write to the file while the window is open: `inward import` run in a
terminal takes no lock. It says nothing, so when the window comes back to the front the
file's stamp (size and time, app/db/file_stamp.py) is compared with the one taken after the
window's own last write; a difference is published as a change of every kind. Nothing is
polled: one pair of stat calls per activation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal

from app.core.changes import NOTHING, Changes, Kind

if TYPE_CHECKING:
    from app.db.file_stamp import FileStamp


class DataChanged(QObject):
    """One signal for every change to the data file the window makes."""

    changed = Signal(object)  # a Changes, never empty

    def __init__(self, window: QObject | None = None) -> None:
        super().__init__(window)
        self._held: Changes | None = None  # collected while held()
        self._path: Path | None = None  # the data file, once watch() is called
        self._stamp: FileStamp | None = None  # its stamp after the window's own last write
        if window is not None:
            window.installEventFilter(self)  # its activation: see outside_changes()

    def publish(self, changes: Changes) -> Changes:
        """Say that ``changes`` were written (nothing is said for no change); returns them."""
        if self._held is not None:
            self._held |= changes
        elif changes:
            self.changed.emit(changes)
            self._restamp()
        return changes

    def watch(self, path: Path) -> None:
        """The data file as it is now (opened, brought up to date): the window's own."""
        self._path = path
        self._restamp()

    def outside_changes(self) -> Changes:
        """Publish (and return) a change of every kind when another program wrote to the
        file since the window's own last write; nothing otherwise."""
        if self._path is None or self._held is not None:
            return NOTHING
        from app.db.file_stamp import file_stamp

        if file_stamp(self._path) == self._stamp:
            return NOTHING
        return self.publish(Changes.of(*Kind))  # what it wrote is not known: everything

    def _restamp(self) -> None:
        if self._path is not None:
            from app.db.file_stamp import file_stamp

            self._stamp = file_stamp(self._path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self.outside_changes()
        return super().eventFilter(watched, event)

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
