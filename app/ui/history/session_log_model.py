"""The session log's model: sessions newest first, read a page at a time, and a session's sets
read when it is first expanded, so ten years of sessions cost no more than what is seen."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from app.core.history.session_log import LOG_COLUMNS, SessionLogRow, session_cells, set_rows
from app.db.errors import DatabaseError
from app.ui.common import theme

if TYPE_CHECKING:
    from app.core.records import SetResult

LOG_PAGE_ROWS = 200  # sessions read per page as the log is scrolled
SESSION_ID = Qt.ItemDataRole.UserRole + 1
HAS_SETS = Qt.ItemDataRole.UserRole + 2
LOADED = Qt.ItemDataRole.UserRole + 3


class SessionLogModel(QStandardItemModel):
    """Sessions newest first, read a page at a time as the view scrolls; a session's sets are
    read when it is first expanded (Qt's canFetchMore/fetchMore, which QTreeView calls)."""

    failed = Signal(str)  # a read went wrong: the message, fit to show

    def __init__(self, parent: Any = None) -> None:
        super().__init__(0, len(LOG_COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(LOG_COLUMNS))
        self._rows: Callable[[int, int], list[SessionLogRow]] | None = None
        self._sets: Callable[[int], list[SetResult]] | None = None
        self._names: Mapping[str, str] = {}
        self._tz: tzinfo | None = None
        self._sessions: dict[int, SessionLogRow] = {}
        self.exhausted = True
        self.page_rows = LOG_PAGE_ROWS

    def set_source(
        self,
        rows: Callable[[int, int], list[SessionLogRow]],
        sets: Callable[[int], list[SetResult]],
        names: Mapping[str, str],
        tz: tzinfo | None,
    ) -> None:
        """Start again from the newest session; nothing is read until the view asks."""
        self.removeRows(0, self.rowCount())
        self._rows, self._sets, self._names, self._tz = rows, sets, names, tz
        self._sessions = {}
        self.exhausted = False

    def _session_item(self, parent: QModelIndex | QPersistentModelIndex) -> QStandardItem | None:
        """The first cell of a session row, or None for the root, a set row or another cell."""
        if not parent.isValid() or parent.parent().isValid() or parent.column() != 0:
            return None
        return self.itemFromIndex(parent)

    def hasChildren(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if not parent.isValid():
            return not self.exhausted or self.rowCount() > 0
        item = self._session_item(parent)
        if item is not None:
            return bool(item.data(HAS_SETS))
        return super().hasChildren(parent)

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not parent.isValid():
            return not self.exhausted
        item = self._session_item(parent)
        return item is not None and bool(item.data(HAS_SETS)) and not item.data(LOADED)

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex) -> None:
        if not parent.isValid():
            self._fetch_sessions()
            return
        item = self._session_item(parent)
        if item is not None and not item.data(LOADED):
            self._fetch_sets(item)

    def _fetch_sessions(self) -> None:
        if self._rows is None or self.exhausted:
            return
        try:
            rows = self._rows(self.page_rows, self.rowCount())
        except DatabaseError as error:
            self.exhausted = True
            self.failed.emit(str(error))
            return
        if len(rows) < self.page_rows:
            self.exhausted = True
        pain = QBrush(QColor(theme.pain_colour()))
        for row in rows:
            self._sessions[row.id] = row
            items = [QStandardItem(text) for text in session_cells(row, self._tz)]
            for item in items:
                item.setEditable(False)
            items[0].setData(row.id, SESSION_ID)
            items[0].setData(row.sets_done + row.sets_skipped > 0, HAS_SETS)
            items[0].setData(False, LOADED)
            if row.pain_sets:
                items[4].setForeground(pain)
            if row.note:
                items[6].setToolTip(row.note)
            self.appendRow(items)

    def _fetch_sets(self, item: QStandardItem) -> None:
        session_id = item.data(SESSION_ID)
        if self._sets is None or session_id is None:
            return
        item.setData(True, LOADED)
        try:
            results = self._sets(session_id)
        except DatabaseError as error:
            self.failed.emit(str(error))
            return
        row = self._sessions.get(session_id)
        efforts = row.exercise_efforts if row is not None else {}
        pain = QBrush(QColor(theme.pain_colour()))
        for cells, result in zip(set_rows(results, self._names, efforts), results, strict=True):
            children = [QStandardItem(text) for text in cells]
            for child in children:
                child.setEditable(False)
            if result.pain:
                children[4].setForeground(pain)
            item.appendRow(children)
        if not results:
            item.setData(False, HAS_SETS)

    def session_id(self, row: int) -> int | None:
        item = self.item(row, 0)
        return None if item is None else item.data(SESSION_ID)
