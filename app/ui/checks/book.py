"""The person's checks: add, edit and delete through an undo stack, so a slip costs nothing.

Ctrl+Z undoes the last add, edit or delete; the store soft-deletes, so undoing a delete
brings back exactly what was there. Each change is made before its command is pushed, so
a storage error reaches the caller instead of vanishing inside Qt's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.core.checks.model import CheckRecord

if TYPE_CHECKING:
    from app.db.store import Store


class _Change(QUndoCommand):
    """A change already made once; the stack's first redo() is the push itself."""

    def __init__(
        self, text: str, book: CheckBook, apply: Callable[[], object], revert: Callable[[], object]
    ) -> None:
        super().__init__(text)
        self._book, self._apply, self._revert = book, apply, revert
        self._pushed = False

    def redo(self) -> None:
        if self._pushed:
            self._apply()
        self._pushed = True
        self._book.changed.emit()

    def undo(self) -> None:
        self._revert()
        self._book.changed.emit()


class CheckBook(QObject):
    changed = Signal()

    def __init__(self, store: Callable[[], Store], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)

    def add(self, record: CheckRecord) -> CheckRecord:
        store = self.store()
        record_id = store.add_check(record)
        self._push(
            "Add check",
            lambda: store.restore_check(record_id),
            lambda: store.delete_check(record_id),
        )
        return store.check(record_id)

    def edit(self, record: CheckRecord) -> CheckRecord:
        assert record.id is not None
        store = self.store()
        previous = store.update_check(record)
        self._push(
            "Edit check", lambda: store.update_check(record), lambda: store.update_check(previous)
        )
        return store.check(record.id)

    def delete(self, record_id: int) -> None:
        store = self.store()
        store.delete_check(record_id)
        self._push(
            "Delete check",
            lambda: store.delete_check(record_id),
            lambda: store.restore_check(record_id),
        )

    def records(self, check_slug: str | None = None) -> list[CheckRecord]:
        return self.store().checks(check_slug)

    def _push(self, text: str, apply: Callable[[], object], revert: Callable[[], object]) -> None:
        self.undo_stack.push(_Change(text, self, apply, revert))
