"""The player page: readable from across the room, driven by the keyboard.

It only shows a core Display and forwards keys and clicks to the PlayerController.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.core.display import Display, describe
from app.core.player import PlayerView
from app.ui import theme
from app.ui.illustration import IllustrationView

PREFERRED = QSizePolicy.Policy.Preferred

# (label, accessible name, keys, signal name)
CONTROLS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("◀ Previous", "Previous step", ("Left", "P"), "previous_requested"),
    ("Pause", "Pause or resume", ("Space",), "pause_requested"),
    ("Next ▶", "Next step", ("Right", "N"), "next_requested"),
    ("+15 s", "Add 15 seconds", ("+", "="), "add_time_requested"),
    ("Done", "Done with this set", ("D", "Return", "Enter"), "done_requested"),
    ("Skip exercise", "Skip exercise", ("S",), "skip_requested"),
    ("Pinch / pain", "Stop: pinch or pain", ("X",), "pain_requested"),
    ("Leave", "Leave session", ("Escape",), "leave_requested"),
)


class PlayerPage(QWidget):
    previous_requested = Signal()
    pause_requested = Signal()
    next_requested = Signal()
    add_time_requested = Signal()
    done_requested = Signal()
    skip_requested = Signal()
    pain_requested = Signal()
    leave_requested = Signal()
    home_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Player")
        self._stage_names: Mapping[int, str] = {}
        self.countdown_in_seconds = False
        self._display: Display | None = None
        self._fitted_for: tuple[int, int, bool] | None = None  # what the fonts were sized for

        self.stage_label = self._label("Stage", 22)
        self.time_left_label = self._label("Session time left", 22)
        self.time_left_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.time_left_label.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred
        )
        self.banner_label = self._label("Step", 28, bold=True)
        self.exercise_label = self._label("Current exercise", 40, bold=True)
        self.exercise_label.setWordWrap(True)
        self.side_label = self._label("Side", 36, bold=True)
        self.side_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.side_label.setSizePolicy(PREFERRED, PREFERRED)
        self.countdown_label = self._label("Countdown", 160, bold=True)
        self.countdown_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The big numbers follow the window's size instead of forcing it.
        self.countdown_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.counter_label = self._label("Rep counter", 80, bold=True)
        self.counter_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.counter_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.phase_label = self._label("Phase", 32)
        self.phase_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cues_label = self._label("Cues", 22)
        self.cues_label.setWordWrap(True)
        self.cues_label.setMaximumHeight(110)
        self.next_label = self._label("Up next", 22)
        self.note_label = self._label("Note", 18)
        self.note_label.setWordWrap(True)
        self.illustration = IllustrationView()
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Session progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(12)

        header = QHBoxLayout()
        header.addWidget(self.stage_label, 1)
        header.addWidget(self.time_left_label)
        title = QHBoxLayout()
        title.addWidget(self.exercise_label, 1)
        title.addWidget(self.side_label)

        numbers = QVBoxLayout()
        self.numbers = numbers
        numbers.addWidget(self.banner_label, 0, Qt.AlignmentFlag.AlignHCenter)
        numbers.addWidget(self.countdown_label, 3)
        numbers.addWidget(self.counter_label, 2)
        numbers.addWidget(self.phase_label)
        body = QGridLayout()
        body.addWidget(self.illustration, 0, 0)
        body.addLayout(numbers, 0, 1)
        body.setColumnStretch(0, 2)
        body.setColumnStretch(1, 3)
        body.setRowStretch(0, 1)

        self.buttons: dict[str, QPushButton] = {}
        controls = QHBoxLayout()
        for text, name, keys, signal_name in CONTROLS:
            button = QPushButton(text)
            button.setAccessibleName(name)
            button.setToolTip(f"{name} ({' or '.join(keys)})")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumHeight(44)
            signal = getattr(self, signal_name)
            button.clicked.connect(signal.emit)
            controls.addWidget(button)
            self.buttons[signal_name] = button
            for key in keys:
                self._shortcut(key, signal.emit)
        self._colour_pain_button()
        self.home_button = QPushButton("Back to home")
        self.home_button.setAccessibleName("Back to home")
        self.home_button.clicked.connect(self.home_requested.emit)
        self.home_button.hide()
        controls.addWidget(self.home_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addLayout(header)
        layout.addWidget(self.progress)
        layout.addLayout(title)
        layout.addLayout(body, 1)
        layout.addWidget(self.cues_label)
        layout.addWidget(self.next_label)
        layout.addWidget(self.note_label)
        layout.addLayout(controls)

    def _label(self, accessible_name: str, size: int, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setAccessibleName(accessible_name)
        label.setFont(theme.font(size, bold))
        label.setSizePolicy(QSizePolicy.Policy.Ignored, PREFERRED)
        return label

    def _shortcut(self, key: str, slot: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)

    # -- showing ----------------------------------------------------------------------

    def set_stage_names(self, names: Mapping[int, str]) -> None:
        self._stage_names = names

    def show_view(self, view: PlayerView) -> None:
        display = describe(view, self._stage_names, self.countdown_in_seconds)
        self._display = display
        self.banner_label.setText(display.banner)
        self.stage_label.setText(display.stage)
        self.exercise_label.setText(display.exercise)
        self.side_label.setText(display.side)
        colour = theme.side_colour(display.side)
        self.side_label.setStyleSheet(f"color: {colour};" if colour else "")
        self.countdown_label.setText(display.countdown)
        self.counter_label.setText(display.counter)
        self.counter_label.setVisible(bool(display.counter))
        self.phase_label.setText(display.phase)
        self.cues_label.setText("   ·   ".join(display.cues))
        self.next_label.setText(display.next_up)
        self.time_left_label.setText(display.time_left)
        self.progress.setValue(int(display.progress * 1000))
        self.buttons["pause_requested"].setText("Resume" if view.paused else "Pause")
        self.banner_label.setStyleSheet(f"color: {theme.accent()};")
        self.illustration.show_step(view)
        finished = view.finished
        for button in self.buttons.values():
            button.setVisible(not finished)
        self.home_button.setVisible(finished)
        shape = (len(display.countdown), len(display.counter), display.rep_work)
        if shape != self._fitted_for:  # refit only when the text's shape changes
            self._fitted_for = shape
            self._fit_numbers()

    def show_note(self, text: str) -> None:
        self.note_label.setText(text)

    @property
    def display(self) -> Display | None:
        return self._display

    def _colour_pain_button(self) -> None:
        self.buttons["pain_requested"].setStyleSheet(f"color: {theme.pain_colour()};")

    def changeEvent(self, event: QEvent) -> None:
        """A switch between light and dark recolours what was coloured by hand."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_pain_button()

    # -- sizes ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_numbers()

    def _fit_numbers(self) -> None:
        """The main number takes over a quarter of the window height, to read it at 3 m,
        shrinking only when its box is too small for the text."""
        height = max(self.window().height(), 300)
        rep_work = bool(self._display and self._display.rep_work)
        self.numbers.setStretchFactor(self.countdown_label, 1 if rep_work else 3)
        self.numbers.setStretchFactor(self.counter_label, 3 if rep_work else 1)
        self.numbers.activate()
        big, small = int(height * 0.28), int(height * 0.12)
        self._fit(self.countdown_label, small if rep_work else big)
        self._fit(self.counter_label, big)
        self.exercise_label.setFont(theme.font(max(28, int(height * 0.055)), True))
        self.side_label.setFont(theme.font(max(28, int(height * 0.055)), True))

    def _fit(self, label: QLabel, pixel_size: int) -> None:
        text = label.text() or "0:00"
        advance = QFontMetrics(theme.font(100, True)).horizontalAdvance(text)
        by_width = int(100 * label.width() * 0.95 / max(1, advance))
        by_height = int(label.height() * 0.9) if label.height() > 50 else pixel_size
        label.setFont(theme.font(min(pixel_size, by_width, by_height), True))
