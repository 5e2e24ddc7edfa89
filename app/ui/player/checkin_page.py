"""After a session: how it went overall, per exercise if wanted, and a note.

The answers shape the next plan; the pinch and skip flags were recorded during the
session and are shown, not asked again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.session.checkin import Effort
from app.core.session.summary import ExerciseOutcome
from app.ui.common import theme
from app.ui.common.page_actions import page_actions

EFFORT_NAMES = {
    Effort.TOO_EASY: "Too easy",
    Effort.ABOUT_RIGHT: "About right",
    Effort.TOO_HARD: "Too hard",
}
TOO_HARD_COLUMN, TOO_EASY_COLUMN = 3, 4
NOTE_LIMIT = 2000  # well inside what a backup accepts (backup_format.MAX_TEXT)


class CheckInPage(QWidget):
    save_requested = Signal()
    skip_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Check-in")
        title = QLabel("Session complete. How was it?")
        title.setFont(theme.font(30, bold=True))
        self.summary = QLabel()
        self.summary.setAccessibleName("Session summary")
        self.summary.setFont(theme.font(18))
        self.effort_buttons: dict[Effort, QPushButton] = {}
        self.efforts = QButtonGroup(self)
        row = QHBoxLayout()
        for effort, name in EFFORT_NAMES.items():
            button = QPushButton(name)
            button.setAccessibleName(name)
            button.setCheckable(True)
            button.setMinimumHeight(64)
            button.setFont(theme.font(22, bold=True))
            button.setStyleSheet(
                f"QPushButton:checked {{ background: {theme.accent()}; color: white; }}"
            )
            self.efforts.addButton(button)
            self.effort_buttons[effort] = button
            row.addWidget(button)
        self.effort_buttons[Effort.ABOUT_RIGHT].setChecked(True)

        hint = QLabel("Tick an exercise that felt too hard or too easy (optional).")
        hint.setFont(theme.font(15))
        self.model = QStandardItemModel(0, 5, self)
        self.model.setHorizontalHeaderLabels(["Exercise", "Sets", "Noted", "Too hard", "Too easy"])
        self.table = QTableView()
        self.table.setAccessibleName("Exercises in this session")
        self.table.setModel(self.model)
        self.model.itemChanged.connect(self._one_effort_per_exercise)
        self.table.setFont(theme.font(15))
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.note = QLineEdit()
        self.note.setAccessibleName("Session note")
        self.note.setPlaceholderText("A note for yourself or your physiotherapist (optional)")
        self.note.setMaxLength(NOTE_LIMIT)
        self.message = QLabel()
        self.message.setAccessibleName("Check-in message")
        self.message.setStyleSheet("color: #dc2626;")
        buttons, self.save_button = page_actions(
            ("Skip", "Skip check-in", self.skip_requested),
            ("Save and see next plan", "Save check-in", self.save_requested),
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self._slugs: list[str] = []

    def show_session(self, summary: str, outcomes: Sequence[ExerciseOutcome]) -> None:
        self.summary.setText(summary)
        self.effort_buttons[Effort.ABOUT_RIGHT].setChecked(True)
        self.note.clear()
        self.message.clear()
        self.model.removeRows(0, self.model.rowCount())
        self._slugs = [outcome.slug for outcome in outcomes]
        for outcome in outcomes:
            cells = [
                QStandardItem(outcome.name),
                QStandardItem(f"{outcome.sets_done} of {outcome.sets_planned}"),
                QStandardItem(outcome.flags),
                QStandardItem(),
                QStandardItem(),
            ]
            for cell in cells[TOO_HARD_COLUMN:]:
                cell.setCheckable(True)
                cell.setCheckState(Qt.CheckState.Unchecked)
            self.model.appendRow(cells)

    def _one_effort_per_exercise(self, item: QStandardItem) -> None:
        """Too hard and too easy cannot both be true: ticking one clears the other."""
        if item.column() not in (TOO_HARD_COLUMN, TOO_EASY_COLUMN):
            return
        if item.checkState() != Qt.CheckState.Checked:
            return
        other = TOO_EASY_COLUMN if item.column() == TOO_HARD_COLUMN else TOO_HARD_COLUMN
        self.model.item(item.row(), other).setCheckState(Qt.CheckState.Unchecked)

    def effort(self) -> Effort:
        return next(e for e, b in self.effort_buttons.items() if b.isChecked())

    def exercise_effort(self) -> Mapping[str, Effort]:
        marks: dict[str, Effort] = {}
        for row, slug in enumerate(self._slugs):
            for column, effort in (
                (TOO_HARD_COLUMN, Effort.TOO_HARD),
                (TOO_EASY_COLUMN, Effort.TOO_EASY),
            ):
                if self.model.item(row, column).checkState() == Qt.CheckState.Checked:
                    marks[slug] = effort
        return marks

    def mark(self, slug: str, effort: Effort) -> None:
        """Tick an exercise's box, as a click would (used by keyboard users and tests)."""
        column = TOO_HARD_COLUMN if effort is Effort.TOO_HARD else TOO_EASY_COLUMN
        self.model.item(self._slugs.index(slug), column).setCheckState(Qt.CheckState.Checked)
