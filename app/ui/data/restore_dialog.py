"""The daily backups to choose from, each with its date and size; the main window asks for
confirmation and does the restoring."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import weekday_date
from app.db.daily_backups import KEEP_BACKUPS, BackupInfo

NO_BACKUPS = (
    "There are no backups yet. Inward makes one each day it is opened, a few seconds after "
    "it starts."
)


def describe_size(size: int) -> str:
    """'48 KB', '31.2 MB': enough to tell a full backup from a nearly empty one."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class RestoreDialog(QDialog):
    restore_requested = Signal(object)  # the BackupInfo chosen

    def __init__(
        self, backups: Sequence[BackupInfo], folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore a backup")
        self.setAccessibleName("Restore a backup")
        self.backups = list(backups)
        intro = QLabel(
            f"Inward keeps a copy of your data from each of the last {KEEP_BACKUPS} days it "
            "was opened, made a few seconds after it opened: each holds your data as it was "
            "then, not at the end of that day. Restoring one deletes nothing: your current "
            f"data is kept beside it under a new name.\n\nThe backups are in {folder}"
        )
        intro.setWordWrap(True)
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels(["Backup from", "Size"])
        for info in self.backups:
            size = QStandardItem(describe_size(info.size))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            when = weekday_date(info.day)
            if info.future:  # made while the computer's clock was ahead
                when = f"{when} — dated in the future (the clock was wrong)"
            self.model.appendRow([QStandardItem(when), size])
        self.view = QTreeView()
        self.view.setAccessibleName("Backups")
        self.view.setModel(self.model)
        self.view.setRootIsDecorated(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(lambda _index: self._restore())
        self.empty = QLabel(NO_BACKUPS)
        self.empty.setWordWrap(True)
        self.view.setVisible(bool(self.backups))
        self.empty.setVisible(not self.backups)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.setAccessibleName("Restore the chosen backup")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self._restore)
        buttons.rejected.connect(self.reject)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(520, 360)
        if self.backups:
            self.view.setCurrentIndex(self.model.index(0, 0))  # the newest
        self._selection_changed()

    def selected(self) -> BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _restore(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        self.accept()
        self.restore_requested.emit(chosen)
