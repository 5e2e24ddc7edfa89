"""Self-checks: start one, and see, edit or delete earlier ones (Ctrl+Z undoes)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.checks.table import CheckListRow
from app.core.checks.types import CheckDefinition
from app.ui.common import theme

COLUMNS = ("When", "Check", "Left", "Right", "Method", "Mode", "Notes")


class ChecksPage(QWidget):
    start_requested = Signal(str)  # check slug
    edit_requested = Signal(int)  # record id
    delete_requested = Signal(int)
    undo_requested = Signal()
    redo_requested = Signal()
    home_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Self-checks")
        title = QLabel("Self-checks")
        title.setFont(theme.font(34, bold=True))
        intro = QLabel(
            "Measure how far each hip turns in, the same way each time. Compare only with "
            "your own earlier checks in the same position and with the same instrument."
        )
        intro.setWordWrap(True)
        intro.setFont(theme.font(16))
        home = QPushButton("◀ Home")
        home.setAccessibleName("Back to home")
        home.clicked.connect(self.home_requested.emit)
        self.start_grid = QGridLayout()
        self.start_buttons: dict[str, QPushButton] = {}

        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.table = QTableView()
        self.table.setAccessibleName("Earlier checks")
        self.table.setModel(self.model)
        self.table.setFont(theme.font(15))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self._emit_selected(self.edit_requested))
        self.empty = QLabel("No checks yet. Pick a position above to take your first one.")
        self.empty.setAccessibleName("No checks yet")
        self.empty.setFont(theme.font(16))

        self.edit_button = QPushButton("Edit…")
        self.edit_button.setAccessibleName("Edit selected check")
        self.edit_button.clicked.connect(lambda: self._emit_selected(self.edit_requested))
        self.delete_button = QPushButton("Delete")
        self.delete_button.setAccessibleName("Delete selected check")
        self.delete_button.clicked.connect(lambda: self._emit_selected(self.delete_requested))
        self.undo_button = QPushButton("Undo")
        self.undo_button.setAccessibleName("Undo")
        self.undo_button.clicked.connect(self.undo_requested.emit)
        for key, signal in (
            ("Ctrl+Z", self.undo_requested),
            ("Ctrl+Shift+Z", self.redo_requested),
            ("Ctrl+Y", self.redo_requested),
            ("Delete", None),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            if signal is None:
                shortcut.activated.connect(lambda: self._emit_selected(self.delete_requested))
            else:
                shortcut.activated.connect(signal.emit)

        header = QHBoxLayout()
        header.addWidget(title, 1)
        header.addWidget(home)
        actions = QHBoxLayout()
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addLayout(header)
        layout.addWidget(intro)
        layout.addLayout(self.start_grid)
        history = QLabel("Earlier checks")
        history.setFont(theme.font(22, bold=True))
        layout.addWidget(history)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self._ids: list[int] = []

    def set_definitions(self, definitions: Sequence[CheckDefinition]) -> None:
        for number, definition in enumerate(definitions):
            label = f"{definition.name}\n{definition.position}"
            if definition.optional:
                label += " (optional)"
            button = QPushButton(label)
            button.setAccessibleName(f"Take check: {definition.name}")
            button.setMinimumHeight(64)
            button.setFont(theme.font(16))
            button.clicked.connect(lambda _c=False, s=definition.slug: self.start_requested.emit(s))
            self.start_grid.addWidget(button, number // 2, number % 2)
            self.start_buttons[definition.slug] = button

    def show_rows(self, rows: Sequence[CheckListRow], can_undo: bool) -> None:
        self.model.removeRows(0, self.model.rowCount())
        self._ids = [row.record_id for row in rows]
        for row in rows:
            items = [QStandardItem(text) for text in row.cells]
            if row.pain:
                for item in items:
                    item.setToolTip("Pinch or pain was noted in this check.")
            self.model.appendRow(items)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.undo_button.setEnabled(can_undo)
        has_rows = bool(rows)
        self.edit_button.setEnabled(has_rows)
        self.delete_button.setEnabled(has_rows)
        if has_rows:
            self.table.selectRow(0)

    def selected_id(self) -> int | None:
        indexes = self.table.selectionModel().selectedRows()
        return self._ids[indexes[0].row()] if indexes else None

    def _emit_selected(self, signal: SignalInstance) -> None:
        record_id = self.selected_id()
        if record_id is not None:
            signal.emit(record_id)
