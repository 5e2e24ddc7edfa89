"""The person's checks: add, edit and delete through an undo stack, so a slip costs nothing.

Ctrl+Z undoes the last add, edit or delete; the store soft-deletes, so undoing a delete
brings back exactly what was there. Each change is made before its command is pushed, so
a storage error reaches the caller instead of vanishing inside Qt's undo stack. Every
change, undo and redo is published with what it changed (the window's change signal).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.core.changes import Changes
from app.core.checks.types import CheckRecord

if TYPE_CHECKING:
    from app.db.store import Store


class _Change(QUndoCommand):
    """A change already made once; the stack's first redo() is the push itself."""

    def __init__(
        self,
        text: str,
        book: CheckBook,
        done: Changes,
        apply: Callable[[], Changes],
        revert: Callable[[], Changes],
    ) -> None:
        super().__init__(text)
        self._book, self._apply, self._revert = book, apply, revert
        self._done: Changes | None = done  # what the change made once did, said on its push

    def redo(self) -> None:
        done, self._done = self._done, None
        self._book.publish(done if done is not None else self._apply())

    def undo(self) -> None:
        self._book.publish(self._revert())


class CheckBook(QObject):
    def __init__(self, store: Callable[[], Store], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        # Hears what each change, undo and redo changed: the window's change signal.
        self.publish: Callable[[Changes], object] = lambda _changes: None
        self.undo_stack = QUndoStack(self)

    def add(self, record: CheckRecord) -> CheckRecord:
        store = self.store()
        record_id = store.add_check(record)
        self._push(
            "Add check",
            record_id.changes,
            lambda: store.restore_check(record_id),
            lambda: store.delete_check(record_id),
        )
        return store.check(record_id)

    def edit(self, record: CheckRecord) -> CheckRecord:
        assert record.id is not None
        store = self.store()
        previous, changes = store.update_check(record)
        self._push(
            "Edit check",
            changes,
            lambda: store.update_check(record).changes,
            lambda: store.update_check(previous).changes,
        )
        return store.check(record.id)

    def delete(self, record_id: int) -> None:
        store = self.store()
        changes = store.delete_check(record_id)
        self._push(
            "Delete check",
            changes,
            lambda: store.delete_check(record_id),
            lambda: store.restore_check(record_id),
        )

    def records(self, check_slug: str | None = None) -> list[CheckRecord]:
        return self.store().checks(check_slug)

    def _push(
        self,
        text: str,
        done: Changes,
        apply: Callable[[], Changes],
        revert: Callable[[], Changes],
    ) -> None:
        self.undo_stack.push(_Change(text, self, done, apply, revert))
