"""The home page: today's routine, Start, resume an interrupted session, settings."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.content import Content
from app.core.formatting import describe_dose, format_minutes
from app.core.routine import SessionPlan
from app.ui import theme


class HomePage(QWidget):
    start_requested = Signal()
    resume_requested = Signal()
    discard_requested = Signal()
    settings_requested = Signal()
    disclaimer_accepted = Signal()
    checks_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Home")
        title = QLabel("Inward")
        title.setFont(theme.font(40, bold=True))
        subtitle = QLabel("Restore your hips' internal rotation, one guided session at a time.")
        subtitle.setFont(theme.font(18))
        subtitle.setWordWrap(True)

        self.disclaimer_frame = QFrame()
        self.disclaimer_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.disclaimer_label = QLabel()
        self.disclaimer_label.setAccessibleName("Disclaimer")
        self.disclaimer_label.setWordWrap(True)
        self.disclaimer_label.setFont(theme.font(16))
        self.disclaimer_label.setMinimumHeight(48)
        understood = self._button("I understand", "I understand", self.disclaimer_accepted)
        disclaimer_row = QHBoxLayout(self.disclaimer_frame)
        disclaimer_row.addWidget(self.disclaimer_label, 1)
        disclaimer_row.addWidget(understood)
        self.disclaimer_frame.hide()

        self.resume_frame = QFrame()
        self.resume_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.resume_label = QLabel()
        self.resume_label.setAccessibleName("Unfinished session")
        self.resume_label.setWordWrap(True)
        self.resume_label.setFont(theme.font(18))
        self.resume_button = self._button("Resume", "Resume session", self.resume_requested)
        self.discard_button = self._button(
            "Discard", "Discard unfinished session", self.discard_requested
        )
        resume_row = QHBoxLayout(self.resume_frame)
        resume_row.addWidget(self.resume_label, 1)
        resume_row.addWidget(self.resume_button)
        resume_row.addWidget(self.discard_button)
        self.resume_frame.hide()

        self.routine_title = QLabel("Today's routine")
        self.routine_title.setFont(theme.font(24, bold=True))
        self.summary_label = QLabel("Loading…")
        self.summary_label.setAccessibleName("Routine summary")
        self.summary_label.setFont(theme.font(18))
        self.last_session_label = QLabel("")
        self.last_session_label.setAccessibleName("Last session")
        self.last_session_label.setFont(theme.font(18))

        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(["Exercise", "Dose"])
        self.routine_view = QTreeView()
        self.routine_view.setAccessibleName("Routine")
        self.routine_view.setModel(self.model)
        self.routine_view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.routine_view.setFont(theme.font(16))
        self.routine_view.setUniformRowHeights(True)

        self.start_button = self._button("Start session", "Start session", self.start_requested)
        self.start_button.setFont(theme.font(24, bold=True))
        self.start_button.setMinimumHeight(64)
        self.start_button.setDefault(True)
        self.start_button.setEnabled(False)
        self.settings_button = self._button("Settings…", "Settings", self.settings_requested)
        self.settings_button.setMinimumHeight(64)
        self.settings_button.setFont(theme.font(18))
        self.checks_button = self._button("Self-checks…", "Self-checks", self.checks_requested)
        self.checks_button.setMinimumHeight(64)
        self.checks_button.setFont(theme.font(18))

        actions = QHBoxLayout()
        actions.addWidget(self.start_button, 3)
        actions.addWidget(self.checks_button, 1)
        actions.addWidget(self.settings_button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addWidget(self.disclaimer_frame)
        layout.addWidget(self.resume_frame)
        layout.addWidget(self.routine_title)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.last_session_label)
        layout.addWidget(self.routine_view, 1)
        layout.addLayout(actions)

    def _button(self, text: str, name: str, signal: Signal) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(signal.emit)
        return button

    def show_plan(self, plan: SessionPlan, content: Content, total_seconds: float) -> None:
        self.model.removeRows(0, self.model.rowCount())
        stage_rows: dict[int, QStandardItem] = {}
        for item in plan.items:
            number = item.exercise.stage
            if number not in stage_rows:
                stage = content.stage(number)
                row = QStandardItem(f"Stage {number} · {stage.name}")
                row.setToolTip(stage.purpose)
                stage_rows[number] = row
                self.model.appendRow([row, QStandardItem("")])
            stage_rows[number].appendRow(
                [QStandardItem(item.exercise.name), QStandardItem(describe_dose(item.dose))]
            )
        self.routine_view.expandAll()
        self.routine_view.resizeColumnToContents(0)
        self.summary_label.setText(
            f"Full six-stage routine · {len(plan.items)} exercises · "
            f"about {format_minutes(total_seconds)}"
        )
        self.start_button.setEnabled(bool(plan.items))
        self.start_button.setFocus()

    def show_last_session(self, text: str) -> None:
        self.last_session_label.setText(text)

    def show_unfinished(self, text: str | None) -> None:
        self.resume_frame.setVisible(text is not None)
        self.resume_label.setText(text or "")
        self.start_button.setText("Start new session" if text else "Start session")

    def show_disclaimer(self, text: str | None) -> None:
        self.disclaimer_frame.setVisible(text is not None)
        self.disclaimer_label.setText(text or "")
