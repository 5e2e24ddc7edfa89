"""Settings → Reminders: which days, what time, quiet hours, re-checks, a weekly goal, and
starting Inward at login. It shows what a reminder would say today and what Inward has
installed for the OS to run (the window applies the change: app/schedule_install.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import WEEKDAYS
from app.core.reminders.due import MAX_GOAL, Reminder, ReminderSettings, clock_text

# What a reminder would say with the settings on screen (None: nothing to say yet).
Preview = Callable[[ReminderSettings], Reminder | None]


def _time(text: str) -> QTime:
    hours, minutes = text.split(":")
    return QTime(int(hours), int(minutes))


class ReminderSettingsDialog(QDialog):
    def __init__(
        self,
        settings: ReminderSettings,
        installed: Sequence[str] = (),
        preview: Preview | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reminders")
        self.setAccessibleName("Reminders")
        self._original = settings
        self._preview = preview
        self.enabled = QCheckBox("Remind me to do my session")
        self.enabled.setAccessibleName("Remind me")
        self.enabled.setChecked(settings.enabled)
        self.day_boxes: list[QCheckBox] = []
        days = QWidget()
        row = QHBoxLayout(days)
        row.setContentsMargins(0, 0, 0, 0)
        for number, name in enumerate(WEEKDAYS):
            box = QCheckBox(name[:3])
            box.setAccessibleName(name)
            box.setChecked(number in settings.days)
            row.addWidget(box)
            self.day_boxes.append(box)
        self.at = self._time_edit(settings.at, "Reminder time")
        self.quiet_from = self._time_edit(settings.quiet_from, "Quiet from")
        self.quiet_until = self._time_edit(settings.quiet_until, "Quiet until")
        quiet = QWidget()
        quiet_row = QHBoxLayout(quiet)
        quiet_row.setContentsMargins(0, 0, 0, 0)
        quiet_row.addWidget(self.quiet_from)
        quiet_row.addWidget(QLabel("to"))
        quiet_row.addWidget(self.quiet_until)
        quiet_row.addStretch(1)
        self.recheck = QCheckBox("Also say when a re-check is due")
        self.recheck.setAccessibleName("Re-check reminders")
        self.recheck.setChecked(settings.recheck)
        self.goal = QSpinBox()
        self.goal.setAccessibleName("Weekly goal")
        self.goal.setRange(0, MAX_GOAL)
        self.goal.setSpecialValueText("No goal")
        self.goal.setSuffix(" sessions a week")
        self.goal.setValue(settings.weekly_goal)
        self.login = QCheckBox("Start Inward at login")
        self.login.setAccessibleName("Start Inward at login")
        self.login.setChecked(settings.start_at_login)
        self.preview = QLabel()
        self.preview.setAccessibleName("What a reminder would say")
        self.preview.setWordWrap(True)
        self.installed = QLabel(self._installed_text(installed))
        self.installed.setAccessibleName("What Inward installed")
        self.installed.setWordWrap(True)
        self.installed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        form = QFormLayout()
        form.addRow(self.enabled)
        form.addRow("Days", days)
        form.addRow("At", self.at)
        form.addRow("Quiet hours", quiet)
        form.addRow(self.recheck)
        form.addRow("Weekly goal", self.goal)
        form.addRow(self.login)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for title, label in (
            ("A reminder", self.preview),
            ("What Inward installed", self.installed),
        ):
            group = QGroupBox(title)
            inner = QVBoxLayout(group)
            inner.addWidget(label)
            layout.addWidget(group)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for box in (self.enabled, self.recheck, *self.day_boxes):
            box.toggled.connect(self._changed)
        for edit in (self.at, self.quiet_from, self.quiet_until):
            edit.timeChanged.connect(self._changed)
        self.goal.valueChanged.connect(self._changed)
        self._changed()

    def _time_edit(self, text: str, name: str) -> QTimeEdit:
        edit = QTimeEdit(_time(text))
        edit.setDisplayFormat("HH:mm")
        edit.setAccessibleName(name)
        return edit

    @staticmethod
    def _installed_text(installed: Sequence[str]) -> str:
        if not installed:
            return "Nothing: reminders and the login start are off."
        return "\n".join(installed) + "\n(removed when you switch them off)"

    def settings(self) -> ReminderSettings:
        def text(edit: QTimeEdit) -> str:
            time = edit.time()
            return clock_text(time.hour() * 60 + time.minute())

        return replace(
            self._original,
            enabled=self.enabled.isChecked(),
            days=tuple(n for n, box in enumerate(self.day_boxes) if box.isChecked()),
            at=text(self.at),
            quiet_from=text(self.quiet_from),
            quiet_until=text(self.quiet_until),
            recheck=self.recheck.isChecked(),
            weekly_goal=self.goal.value(),
            start_at_login=self.login.isChecked(),
        )

    def _changed(self) -> None:
        settings = self.settings()
        for widget in (*self.day_boxes, self.at, self.quiet_from, self.quiet_until):
            widget.setEnabled(settings.enabled)
        self.recheck.setEnabled(settings.enabled)
        self.goal.setEnabled(settings.enabled)
        self.preview.setText(self._preview_text(settings))

    def _preview_text(self, settings: ReminderSettings) -> str:
        if not settings.enabled:
            return "Reminders are off."
        if not settings.days:
            return "Choose at least one day."
        if settings.quiet(settings.at_minutes):
            return f"{settings.at} is inside the quiet hours, so no reminder would come."
        when = f"On {settings.describe_days()} at {settings.at}"
        reminder = self._preview(settings) if self._preview is not None else None
        if reminder is None:
            return f"{when}, unless that day's session is done."
        body = f"\n{reminder.body}" if reminder.body else ""
        return f"{when}. Today it would say:\n{reminder.title}{body}"
