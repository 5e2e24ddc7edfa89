"""The Today page (the app's home): the latest checks, today's plan and why, Start.

It shows what core computed (plan rows, reasons, check summaries) and forwards clicks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal, SignalInstance
from PySide6.QtGui import QFont, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.core.preferences import TIME_BUDGET_CHOICES
from app.ui.common import theme

if TYPE_CHECKING:
    from app.core.plan.today_state import TodayState
    from app.core.plan.view import PlanRow

PREVIEW_SIZE = (300, 210)  # logical pixels: the selected exercise above "Why this plan"

# minutes (None: the whole routine) -> what the menu says
BUDGET_NAMES: dict[int | None, str] = {
    minutes or None: f"{minutes} minutes" if minutes else "Full routine"
    for minutes in (*TIME_BUDGET_CHOICES[1:], 0)
}


def _banner(accessible: str) -> tuple[QFrame, QLabel, QHBoxLayout]:
    frame = QFrame()
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    label = QLabel()
    label.setAccessibleName(accessible)
    label.setWordWrap(True)
    label.setFont(theme.font(16))
    label.setMinimumHeight(40)
    row = QHBoxLayout(frame)
    row.addWidget(label, 1)
    frame.hide()
    return frame, label, row


class HomePage(QWidget):
    start_requested = Signal()
    resume_requested = Signal()
    discard_requested = Signal()
    settings_requested = Signal()
    disclaimer_accepted = Signal()
    checks_requested = Signal()
    history_requested = Signal()
    budget_changed = Signal(object)  # minutes, or None for the full routine
    adjust_requested = Signal(str)  # exercise slug
    pinch_answered = Signal()  # "yes, assessed or pain-free now" to the pinch question
    library_requested = Signal()
    routine_requested = Signal()
    learn_requested = Signal(str)  # exercise slug
    equipment_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Today")
        title = QLabel("Inward")
        title.setFont(theme.font(36, bold=True))
        self.checks_button = self._button("Self-checks…", "Self-checks", self.checks_requested)
        self.history_button = self._button("History…", "History", self.history_requested)
        self.settings_button = self._button("Settings…", "Settings", self.settings_requested)
        self.library_button = self._button("Library…", "Library", self.library_requested)
        self.routine_button = self._button("My routine…", "My routine", self.routine_requested)
        top = QHBoxLayout()
        top.addWidget(title, 1)
        buttons = (self.library_button, self.routine_button, self.checks_button)
        for button in (*buttons, self.history_button, self.settings_button):
            button.setMinimumHeight(44)
            button.setFont(theme.font(16))
            top.addWidget(button)

        self.disclaimer_frame, self.disclaimer_label, row = _banner("Disclaimer")
        row.addWidget(self._button("I understand", "I understand", self.disclaimer_accepted))
        self.resume_frame, self.resume_label, row = _banner("Unfinished session")
        self.resume_button = self._button("Resume", "Resume session", self.resume_requested)
        self.discard_button = self._button(
            "Discard", "Discard unfinished session", self.discard_requested
        )
        row.addWidget(self.resume_button)
        row.addWidget(self.discard_button)
        self.question_frame, self.question_label, row = _banner("Pinch question")
        self.pinch_yes_button = self._button(
            "Yes, assessed or pain-free", "Assessed or pain-free now", self.pinch_answered
        )
        row.addWidget(self.pinch_yes_button)
        self.equipment_frame, self.equipment_label, row = _banner("Equipment question")
        self.equipment_label.setText(
            "Which equipment do you have? Tell Inward once, and today's plan uses only that."
        )
        self.equipment_button = self._button(
            "Choose equipment…", "Choose equipment", self.equipment_requested
        )
        row.addWidget(self.equipment_button)
        self.prompt_frame, self.prompt_label, row = _banner("Prompts")
        self.prompt_check_button = self._button("Check now…", "Check now", self.checks_requested)
        row.addWidget(self.prompt_check_button)

        self.summary_label = QLabel("Loading…")
        self.summary_label.setAccessibleName("Routine summary")
        self.summary_label.setFont(theme.font(24, bold=True))
        self.budget = QComboBox()
        self.budget.setAccessibleName("Time budget")
        self.budget.setFont(theme.font(16))
        for minutes, name in BUDGET_NAMES.items():
            self.budget.addItem(name, minutes)
        self.budget.currentIndexChanged.connect(
            lambda _i: self.budget_changed.emit(self.budget.currentData())
        )
        self.last_session_label = QLabel("")
        self.last_session_label.setAccessibleName("Last session")
        self.last_session_label.setFont(theme.font(16))
        self.latest_checks_label = QLabel("")
        self.latest_checks_label.setAccessibleName("Latest checks")
        self.latest_checks_label.setFont(theme.font(16))
        heading = QHBoxLayout()
        heading.addWidget(self.summary_label, 1)
        heading.addWidget(QLabel("Time:"))
        heading.addWidget(self.budget)
        facts = QHBoxLayout()
        facts.addWidget(self.latest_checks_label, 1)
        facts.addWidget(self.last_session_label)

        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(["Exercise", "Dose", "Time"])
        self.routine_view = QTreeView()
        self.routine_view.setAccessibleName("Routine")
        self.routine_view.setModel(self.model)
        self.routine_view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.routine_view.setFont(theme.font(15))
        self.routine_view.setUniformRowHeights(True)
        self.routine_view.doubleClicked.connect(lambda _i: self._adjust_selected())
        self.routine_view.selectionModel().currentChanged.connect(
            lambda _now, _before: self._show_preview()
        )
        self.reasons_label = QLabel()
        self.reasons_label.setAccessibleName("Why this plan")
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setFont(theme.font(15))
        why_title = QLabel("Why this plan")
        why_title.setFont(theme.font(18, bold=True))
        # A stretch below keeps the text at the top (no Qt alignment enum: the Qt namespace
        # costs ~18 ms to load, and this page is built before the first paint).
        reasons_body = QWidget()
        reasons_layout = QVBoxLayout(reasons_body)
        reasons_layout.setContentsMargins(0, 0, 0, 0)
        reasons_layout.addWidget(self.reasons_label)
        reasons_layout.addStretch(1)
        reasons = QScrollArea()
        reasons.setWidgetResizable(True)
        reasons.setFrameShape(QFrame.Shape.NoFrame)
        reasons.setWidget(reasons_body)
        self.preview = QLabel()  # the selected exercise's picture, drawn when selected
        self.preview.setAccessibleName("Selected exercise")
        self.preview.hide()
        self._previews: dict[tuple[str, str], QPixmap | None] = {}  # (slug, background)
        why = QVBoxLayout()
        why.addWidget(self.preview)
        why.addWidget(why_title)
        why.addWidget(reasons, 1)
        legend = QLabel("•  changed for today: point at it to see why")
        legend.setFont(theme.font(13))
        plan_box = QVBoxLayout()
        plan_box.addWidget(self.routine_view, 1)
        plan_box.addWidget(legend)
        body = QHBoxLayout()
        body.addLayout(plan_box, 3)
        body.addLayout(why, 2)

        self.adjust_button = self._button("Adjust…", "Adjust selected exercise", None)
        self.adjust_button.clicked.connect(self._adjust_selected)
        self.adjust_button.setMinimumHeight(64)
        self.adjust_button.setFont(theme.font(16))
        self.start_button = self._button("Start session", "Start session", self.start_requested)
        self.start_button.setFont(theme.font(24, bold=True))
        self.start_button.setMinimumHeight(64)
        self.start_button.setDefault(True)
        self.start_button.setEnabled(False)
        self.learn_button = self._button("Learn…", "Learn selected exercise", None)
        self.learn_button.clicked.connect(self._learn_selected)
        self.learn_button.setMinimumHeight(64)
        self.learn_button.setFont(theme.font(16))
        actions = QHBoxLayout()
        actions.addWidget(self.learn_button, 1)
        actions.addWidget(self.adjust_button, 1)
        actions.addWidget(self.start_button, 3)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.addLayout(top)
        frames = (
            self.disclaimer_frame,
            self.resume_frame,
            self.question_frame,
            self.equipment_frame,
            self.prompt_frame,
        )
        for frame in frames:
            layout.addWidget(frame)
        layout.addLayout(heading)
        layout.addLayout(facts)
        layout.addLayout(body, 1)
        layout.addLayout(actions)
        self._slugs: dict[int, str] = {}

    def _button(self, text: str, name: str, signal: SignalInstance | None) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        if signal is not None:
            button.clicked.connect(signal.emit)
        return button

    # -- showing ----------------------------------------------------------------------

    def show_plan(self, summary: str, rows: Sequence[PlanRow], reasons: Sequence[str]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        stage: QStandardItem | None = None
        bold = QFont(self.routine_view.font())
        bold.setBold(True)
        for row in rows:
            cells = [QStandardItem(row.text), QStandardItem(row.dose), QStandardItem(row.minutes)]
            if row.note:
                for cell in cells:
                    cell.setToolTip(row.note)
                cells[0].setText(f"{row.text}  •")
            if row.slug is None:
                if row.emphasised:
                    cells[0].setFont(bold)
                self.model.appendRow(cells)
                stage = cells[0]
                continue
            cells[0].setData(row.slug)
            assert stage is not None
            stage.appendRow(cells)
        self.routine_view.expandAll()
        header = self.routine_view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.summary_label.setText(summary)
        self.reasons_label.setText("\n\n".join(reasons))
        self.start_button.setEnabled(bool(rows))
        self.start_button.setFocus()

    def set_budget(self, minutes: int | None) -> None:
        index = self.budget.findData(minutes)
        if index >= 0 and index != self.budget.currentIndex():
            self.budget.blockSignals(True)
            self.budget.setCurrentIndex(index)
            self.budget.blockSignals(False)

    def show_last_session(self, text: str) -> None:
        self.last_session_label.setText(text)

    def show_latest_checks(self, text: str) -> None:
        self.latest_checks_label.setText(text)

    def show_prompts(self, prompts: Sequence[str]) -> None:
        self.prompt_frame.setVisible(bool(prompts))
        self.prompt_label.setText("\n".join(prompts))

    def show_question(self, text: str | None) -> None:
        """The pinch question, or nothing to ask."""
        self.question_frame.setVisible(text is not None)
        self.question_label.setText(text or "")

    def show_unfinished(self, text: str | None) -> None:
        self.resume_frame.setVisible(text is not None)
        self.resume_label.setText(text or "")
        self.start_button.setText("Start new session" if text else "Start session")

    def show_disclaimer(self, text: str | None) -> None:
        self.disclaimer_frame.setVisible(text is not None)
        self.disclaimer_label.setText(text or "")

    def selected_slug(self) -> str | None:
        index = self.routine_view.currentIndex()
        if not index.isValid():
            return None
        slug = self.model.itemFromIndex(index.siblingAtColumn(0)).data()
        return slug if isinstance(slug, str) else None

    def _show_preview(self) -> None:
        """The selected exercise's end position, so the person sees what it is before
        starting or adjusting it. Drawn on first selection (never at start-up), then kept."""
        slug = self.selected_slug()
        pixmap = None
        if slug is not None:
            background = self.palette().window().color()
            key = (slug, background.name())
            if key not in self._previews:
                from app.ui.drawing.illustration import pose_picture

                ratio = self.devicePixelRatioF()
                self._previews[key] = pose_picture(slug, PREVIEW_SIZE, ratio, background)
            pixmap = self._previews[key]
        self.preview.setVisible(pixmap is not None)
        if pixmap is not None:
            self.preview.setPixmap(pixmap)
            name = self.model.itemFromIndex(self.routine_view.currentIndex().siblingAtColumn(0))
            self.preview.setAccessibleDescription(name.text().rstrip(" •"))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # The cheap test first: start-up never shows a preview, nor pays for QEvent.Type.
        if self.preview.isVisible() and event.type() == QEvent.Type.PaletteChange:
            self._show_preview()  # in the new light or dark colours

    def show_today(self, state: TodayState) -> None:
        """Everything the Today page shows, worked out in core (app/core/plan/today_state.py)."""
        self.show_equipment_question(state.ask_equipment)
        self.set_budget(state.budget_minutes)
        self.show_plan(state.summary, state.rows, state.plan.reasons)
        self.show_prompts(state.plan.prompts)
        self.show_question(state.question)
        self.show_latest_checks(state.latest_checks)
        self.show_last_session(state.last_session)
        self.show_disclaimer(state.disclaimer)
        self.show_unfinished(state.unfinished)

    def show_equipment_question(self, ask: bool) -> None:
        """Until the person has said which equipment they have."""
        self.equipment_frame.setVisible(ask)

    def _learn_selected(self) -> None:
        slug = self.selected_slug()
        if slug is not None:
            self.learn_requested.emit(slug)

    def _adjust_selected(self) -> None:
        slug = self.selected_slug()
        if slug is not None:
            self.adjust_requested.emit(slug)
