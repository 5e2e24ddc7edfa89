"""Settings for sounds, voice and step lengths, and the way to a backup."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.preferences import BOUNDS, TIME_BUDGET_CHOICES, Preferences


class CueTester(Protocol):
    """Plays a test chime or says a test sentence; returns what happened, in words."""

    def test_sound(self, volume: float, rate: float) -> str: ...

    def test_voice(self, volume: float, rate: float) -> str: ...


UNSAVED_TITLE = "Discard your changes to Settings?"
UNSAVED_TEXT = (
    "You changed some settings here. Restoring a backup closes Settings without saving "
    "them: the backup brings back the settings saved in it."
)


class SettingsDialog(QDialog):
    # "Restore a backup…": the dialog closes unsaved first, so its values cannot be written
    # over the restored data afterwards. Changes made in it are never dropped unasked: with
    # any, the person is asked first (discard and go on, or keep editing).
    restore_requested = Signal()
    reminders_requested = Signal()  # Settings → Reminders (app/ui/reminders/settings.py)

    def __init__(
        self,
        preferences: Preferences,
        speech_note: str = "",
        tester: CueTester | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setAccessibleName("Settings")
        self._original = preferences
        self.sound_box = QCheckBox("Play sounds (countdown beeps, start, switch, done)")
        self.sound_box.setChecked(preferences.sound_on)
        self.voice_box = QCheckBox("Speak cues (exercise names, counts, “switch sides”)")
        self.voice_box.setChecked(preferences.voice_on)
        self.volume = self._slider("volume", preferences.volume, "Volume")
        self.rate = self._slider("speech_rate", preferences.speech_rate, "Speech rate")
        self.get_ready = self._spin(
            "get_ready_seconds", preferences.get_ready_seconds, "Get-ready time"
        )
        self.rest = self._spin("rest_seconds", preferences.rest_seconds, "Rest between exercises")
        self.recheck = self._spin("recheck_days", preferences.recheck_days, "Re-check every")
        self.recheck.setSuffix(" days")
        self.budget = QComboBox()
        self.budget.setAccessibleName("Default time budget")
        for minutes in TIME_BUDGET_CHOICES:
            self.budget.addItem(f"{minutes} minutes" if minutes else "Full routine", minutes)
        self.budget.setCurrentIndex(TIME_BUDGET_CHOICES.index(preferences.time_budget))
        self.countdown = QComboBox()
        self.countdown.setAccessibleName("Countdown shows")
        self.countdown.addItem("Minutes and seconds (1:15)", False)
        self.countdown.addItem("Seconds (75)", True)
        self.countdown.setCurrentIndex(1 if preferences.countdown_in_seconds else 0)
        for box, name in ((self.sound_box, "Play sounds"), (self.voice_box, "Speak cues")):
            box.setAccessibleName(name)

        form = QFormLayout(self)
        form.addRow(self.sound_box)
        form.addRow(self.voice_box)
        if speech_note:
            note = QLabel(speech_note)
            note.setWordWrap(True)
            form.addRow(note)
        if tester is not None:
            form.addRow("Try them", self._test_buttons(tester))
        form.addRow("Volume", self.volume)
        form.addRow("Speech rate", self.rate)
        form.addRow("Get ready", self.get_ready)
        form.addRow("Rest between exercises", self.rest)
        form.addRow("Re-check every", self.recheck)
        form.addRow("Default session length", self.budget)
        form.addRow("Countdown shows", self.countdown)
        self.reminders_button = QPushButton("Reminders…")
        self.reminders_button.setAccessibleName("Reminders")
        self.reminders_button.clicked.connect(self.reminders_requested)
        form.addRow("Reminders", self.reminders_button)
        self.restore_button = QPushButton("Restore a backup…")
        self.restore_button.setAccessibleName("Restore a backup")
        self.restore_button.clicked.connect(self._restore)
        form.addRow("Your data", self.restore_button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _restore(self) -> None:
        if self.preferences() == self._original:
            self._leave_for_restore()
            return
        from app.ui.common.messages import question

        box = question(self, UNSAVED_TITLE, UNSAVED_TEXT)
        discard = box.addButton("Discard changes and restore", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep editing", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.finished.connect(
            lambda _result: box.clickedButton() is discard and self._leave_for_restore()
        )
        self.unsaved_box = box
        box.open()

    def _leave_for_restore(self) -> None:
        self.reject()
        self.restore_requested.emit()

    def _test_buttons(self, tester: CueTester) -> QWidget:
        """Hear the chime and the voice before lying down, at the volume being chosen."""
        self.test_result = QLabel()
        self.test_result.setAccessibleName("Sound test result")
        self.test_result.setWordWrap(True)
        row = QWidget()
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        for text, test in (("Test sound", tester.test_sound), ("Test voice", tester.test_voice)):
            button = QPushButton(text)
            button.setAccessibleName(text)
            button.clicked.connect(lambda _=False, test=test: self._run_test(test))
            buttons.addWidget(button)
            setattr(self, text.lower().replace(" ", "_") + "_button", button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.test_result)
        return row

    def _run_test(self, test: Callable[[float, float], str]) -> None:
        self.test_result.setText(test(self.volume.value() / 100, self.rate.value() / 10))

    def _slider(self, name: str, value: int, accessible: str) -> QSlider:
        low, high = BOUNDS[name]
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(int(low), int(high))
        slider.setValue(value)
        slider.setAccessibleName(accessible)
        return slider

    def _spin(self, name: str, value: int, accessible: str) -> QSpinBox:
        low, high = BOUNDS[name]
        spin = QSpinBox()
        spin.setRange(int(low), int(high))
        spin.setSuffix(" s")
        spin.setValue(value)
        spin.setAccessibleName(accessible)
        return spin

    def preferences(self) -> Preferences:
        return replace(
            self._original,
            sound_on=self.sound_box.isChecked(),
            voice_on=self.voice_box.isChecked(),
            volume=self.volume.value(),
            speech_rate=self.rate.value(),
            get_ready_seconds=self.get_ready.value(),
            rest_seconds=self.rest.value(),
            recheck_days=self.recheck.value(),
            time_budget=self.budget.currentData(),
            countdown_in_seconds=self.countdown.currentData(),
        )
