"""The player page: readable from across the room, driven by the keyboard.

It only shows a core Display and forwards keys and clicks to the PlayerController. Each
state's look (core.session.display.Look) gets its colour and badge shape from theme.LOOKS.

Three kinds of text are kept apart: a status notice (a small line that stays until replaced),
spoken cues shown as big words when they cannot be heard, and the pinch acknowledgement; the
last two take the figure's place for a few seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from PySide6.QtCore import QEvent, QLineF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.session.cues import pinch_words
from app.core.session.display import Display, describe, words_worth_showing
from app.core.session.looks import Look
from app.core.session.player import PlayerView
from app.core.session.steps import StepKind
from app.ui.common import theme
from app.ui.drawing.illustration import IllustrationView

PREFERRED = QSizePolicy.Policy.Preferred
IGNORED = QSizePolicy.Policy.Ignored

WORD_RATIO = 0.38  # the phase word's pixel size to the main digits' (at least a third)
HINT_RATIO = 0.65  # a hint under the digits, to the phase word
PINCH_MS = 4000  # how long "Pinch noted: ..." stays
CUE_WORDS_MS = 5000  # how long spoken words stay on screen, unless the step changes first
MUTED_TEXT = "MUTED · M for sound"
CUES_MAX_HEIGHT = 110  # a work step's cues: one or two lines
SETUP_RATIO = 0.036  # a set-up step's pixel size to the window height (27 px at 768)
CAUTION_RATIO = 0.05  # the caution's pixel size to the window height (38 px at 768)

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


class StripedLabel(QLabel):
    """A label whose text can be striped through: paused digits look stopped from afar."""

    def __init__(self) -> None:
        super().__init__()
        self.striped = False

    def set_striped(self, striped: bool) -> None:
        if striped != self.striped:
            self.striped = striped
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.striped:
            return
        size = max(8, self.font().pixelSize())
        gap, width = max(10, size // 5), max(3, size // 14)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().window().color(), width))
        rise = self.height()
        for x in range(-rise, self.width() + gap, gap):
            painter.drawLine(QLineF(x, rise, x + rise, 0))
        painter.end()


LabelT = TypeVar("LabelT", bound=QLabel)


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
        self._styled_for: tuple[object, ...] | None = None  # the look the styles were set for
        self._word_px = 40  # the phase word's size, set from the digits'
        self._digits_look: tuple[Look, str] | None = None
        self._pinch_showing = False
        self._cues_sized_for: tuple[bool, int] | None = None

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
        self.countdown_label = self._digits("Countdown", 160)
        self.countdown_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # The big numbers follow the window's size instead of forcing it.
        self.countdown_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.counter_label = self._digits("Rep counter", 80)
        self.counter_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.counter_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.phase_label = self._label("Phase", 32, bold=True)
        self.phase_label.setSizePolicy(PREFERRED, PREFERRED)
        self.cues_label = self._label("Cues", 22)
        self.cues_label.setWordWrap(True)
        self.cues_label.setMaximumHeight(CUES_MAX_HEIGHT)
        self.caution_label = self._label("Caution", 30, bold=True)  # while getting ready
        self.caution_label.hide()
        self.next_label = self._label("Up next", 22)
        self.note_label = self._label("Notice", 18)  # a status notice; stays until replaced
        self.note_label.setWordWrap(True)
        self.muted_badge = self._label("Muted", 40, bold=True)
        self.muted_badge.setText(MUTED_TEXT)
        self.muted_badge.setSizePolicy(PREFERRED, PREFERRED)
        self.muted_badge.hide()
        self.cue_words_label = self._wrapped_label("Spoken cue")
        self.pinch_label = self._wrapped_label("Pinch noted")
        self.cue_words_timer = self._single_shot(CUE_WORDS_MS, self.clear_cue_words)
        self.pinch_timer = self._single_shot(PINCH_MS, self._end_pinch)
        self.illustration = IllustrationView()
        self.left = QStackedWidget()  # the figure, or words that take its place a while
        for widget in (self.illustration, self.cue_words_label, self.pinch_label):
            self.left.addWidget(widget)
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
        numbers.addWidget(self.phase_label, 0, Qt.AlignmentFlag.AlignHCenter)
        left = QVBoxLayout()
        left.addWidget(self.muted_badge, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(self.left, 1)
        body = QGridLayout()
        body.addLayout(left, 0, 0)
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
        self._style_messages()
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
        layout.addWidget(self.caution_label)
        layout.addWidget(self.cues_label)
        layout.addWidget(self.next_label)
        layout.addWidget(self.note_label)
        layout.addLayout(controls)

    def _label(self, accessible_name: str, size: int, bold: bool = False) -> QLabel:
        return self._styled(QLabel(), accessible_name, size, bold)

    def _digits(self, accessible_name: str, size: int) -> StripedLabel:
        """The big countdown or rep count: striped while paused, so a pause reads from afar."""
        return self._styled(StripedLabel(), accessible_name, size, bold=True)

    def _styled(self, label: LabelT, accessible_name: str, size: int, bold: bool) -> LabelT:
        label.setAccessibleName(accessible_name)
        label.setFont(theme.font(size, bold))
        label.setSizePolicy(IGNORED, PREFERRED)
        return label

    def _wrapped_label(self, accessible_name: str) -> QLabel:
        label = self._label(accessible_name, 48, bold=True)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setSizePolicy(IGNORED, IGNORED)
        return label

    def _single_shot(self, milliseconds: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(milliseconds)
        timer.timeout.connect(slot)
        return timer

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
        side_style = f"color: {colour};" if colour else ""
        if side_style != self.side_label.styleSheet():  # a style sheet re-polishes: on change only
            self.side_label.setStyleSheet(side_style)
        self.countdown_label.setText(display.countdown)
        self.counter_label.setText(display.counter)
        self.counter_label.setVisible(bool(display.counter))
        self._show_cues(view, display)
        self.next_label.setText(display.next_up)
        self.time_left_label.setText(display.time_left)
        self.progress.setValue(int(display.progress * 1000))
        self.buttons["pause_requested"].setText("Resume" if view.paused else "Pause")
        self.illustration.show_step(view)
        finished = view.finished
        for button in self.buttons.values():
            button.setVisible(not finished)
        self.home_button.setVisible(finished)
        shape = (len(display.countdown), len(display.counter), display.rep_work)
        if shape != self._fitted_for:  # refit only when the text's shape changes
            self._fitted_for = shape
            self._fit_numbers()
        elif self._look_key() != self._styled_for:
            self._style_look()

    def _show_cues(self, view: PlayerView, display: Display) -> None:
        """At work, the cues on a line or two; before an exercise (get-ready, the rest before
        it) its numbered set-up steps, one per line, and while getting ready its caution."""
        setting_up = view.step is not None and view.step.kind is not StepKind.WORK
        setting_up = setting_up and not view.finished
        height = max(self.window().height(), 300)
        self.cues_label.setText(("\n" if setting_up else "   ·   ").join(display.cues))
        if (setting_up, height) != self._cues_sized_for:  # on a change only: 10 ticks a second
            self._cues_sized_for = (setting_up, height)
            size = max(22, int(height * SETUP_RATIO)) if setting_up else 22
            self.cues_label.setFont(theme.font(size))
            self.cues_label.setMaximumHeight(int(height * 0.4) if setting_up else CUES_MAX_HEIGHT)
            self._relayout()  # the digits get the room the steps leave, or give back
        caution = f"⚠ {display.caution}" if display.caution else ""
        if caution != self.caution_label.text():
            self.caution_label.setText(caution)
            self.caution_label.setVisible(bool(caution))
            self._fit_caution()
            self._relayout()

    def _relayout(self) -> None:
        """Lay the page out now, so the next fit measures the room the labels really have."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self._fitted_for = None

    def _fit_caution(self) -> None:
        """The caution on one line, as large as the window allows for reading from the mat."""
        text = self.caution_label.text()
        if not text:
            return
        height = max(self.window().height(), 300)
        room = max(200, self.width() - 60)
        advance = QFontMetrics(theme.font(100, True)).horizontalAdvance(text)
        size = min(int(height * CAUTION_RATIO), int(100 * room / max(1, advance)))
        self.caution_label.setFont(theme.font(max(18, size), True))
        self.caution_label.setStyleSheet(f"color: {theme.pain_colour()};")

    def show_notice(self, text: str) -> None:
        """A status line (no voice, slept, not saved) that stays until replaced or cleared."""
        self.note_label.setText(text)

    def show_cue_words(self, text: str) -> None:
        """Spoken words that cannot be heard, big in the figure's place for a few seconds.
        A bare beat word ("Lift.") is left out: it is already the big word by the digits."""
        text = words_worth_showing(text)
        if not text:
            return
        self.cue_words_label.setText(text)
        self.cue_words_timer.start()
        self._fit_wrapped(self.cue_words_label)
        self._show_left()

    def clear_cue_words(self) -> None:
        """At the next step or after a few seconds: old words must not read as current."""
        self.cue_words_timer.stop()
        self.cue_words_label.setText("")
        self._show_left()

    def set_muted(self, muted: bool) -> None:
        """A large badge, so someone who hears nothing sees why from the mat."""
        self.muted_badge.setVisible(muted)

    def acknowledge_pinch(self, exercise_name: str) -> None:
        """X was pressed: say on screen, for a few seconds, that it counted."""
        self.pinch_label.setText(pinch_words(exercise_name))
        self._pinch_showing = True
        self.pinch_timer.start()
        self._fit_wrapped(self.pinch_label)
        self._show_left()

    def _end_pinch(self) -> None:
        self._pinch_showing = False
        if self.cue_words_label.text().startswith(self.pinch_label.text().rstrip(".")):
            self.cue_words_label.setText("")  # the same words, as spoken: said enough
        self._show_left()

    def _show_left(self) -> None:
        if self._pinch_showing:
            self.left.setCurrentWidget(self.pinch_label)
        elif self.cue_words_label.text():
            self.left.setCurrentWidget(self.cue_words_label)
        else:
            self.left.setCurrentWidget(self.illustration)

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
            self._fit_caution()
            self._styled_for = None
            self._style_look()
            self._style_messages()

    # -- looks ------------------------------------------------------------------------

    def _look_key(self) -> tuple[object, ...]:
        display = self._display
        if display is None:
            return ()
        return (display.look, display.beat, display.banner, display.phase, self._word_px)

    def _style_look(self) -> None:
        """Colour the digits and draw the banner and the beat as the state's badge."""
        display = self._display
        if display is None:
            return
        self._styled_for = self._look_key()
        look = theme.LOOKS[display.look]
        colour = look.colour()
        if (display.look, colour) != self._digits_look:  # a beat alone leaves them be
            self._digits_look = (display.look, colour)
            for digits in (self.countdown_label, self.counter_label):
                digits.setStyleSheet(f"color: {colour};")
                digits.set_striped(display.look is Look.PAUSED)
        self._badge(self.banner_label, display.banner, look, self._word_px)
        if display.beat is not None:
            beat = theme.BEATS[display.beat]
            self._badge(self.phase_label, beat.glyph + display.phase, beat, self._word_px)
        else:  # a hint ("Hold and breathe"): smaller than a beat, the state's colour, no badge
            self.phase_label.setText(display.phase)
            self.phase_label.setStyleSheet(f"color: {colour};")
            self._fit_width(self.phase_label, int(self._word_px * HINT_RATIO), 0)

    def _badge(self, label: QLabel, text: str, style: theme.LookStyle, pixel_size: int) -> None:
        """The state's word in a badge: filled, or outlined solid, dashed, double or dotted."""
        border = max(4, pixel_size // 9)
        if style.shape == "double":
            border = max(9, pixel_size // 6)  # a double line needs room for both
        padding = max(6, pixel_size // 3)
        label.setText(text)
        colour = style.colour()
        if style.shape == "filled":
            fill, ink, line = colour, theme.on_fill(), "solid"
        else:
            fill, ink, line = "transparent", colour, style.shape.replace("outline", "solid")
        label.setStyleSheet(
            f"color: {ink}; background-color: {fill}; border: {border}px {line} {colour};"
            f" border-radius: {border * 2}px; padding: 0px {padding}px;"
        )
        self._fit_width(label, pixel_size, 2 * (border + padding))

    def _fit_width(self, label: QLabel, pixel_size: int, frame: int) -> None:
        """The word at `pixel_size`, smaller only if it would not fit across its column."""
        room = int(max(100, self.countdown_label.width()) * 0.92) - frame  # hinting's slack
        advance = QFontMetrics(theme.font(100, True)).horizontalAdvance(label.text() or "0")
        label.setFont(theme.font(min(pixel_size, int(100 * room / max(1, advance))), True))

    def _style_messages(self) -> None:
        """The muted badge is ink on the page, the pinch the pain colour, cue words a card."""
        ink, page = theme.ink(), theme.window_colour()
        self.muted_badge.setStyleSheet(
            f"color: {page}; background-color: {ink}; border-radius: 10px; padding: 2px 16px;"
        )
        self.pinch_label.setStyleSheet(
            f"color: {theme.on_fill()}; background-color: {theme.pain_colour()};"
            " border-radius: 16px; padding: 12px;"
        )
        self.cue_words_label.setStyleSheet(
            f"color: {ink}; border: 4px solid {ink}; border-radius: 16px; padding: 12px;"
        )

    # -- sizes ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_numbers()

    def _fit_numbers(self) -> None:
        """The main number takes over a quarter of the window height, to read it at 3 m,
        shrinking only when its box is too small for the text. The phase word and the beat
        follow it at WORD_RATIO of its size."""
        height = max(self.window().height(), 300)
        rep_work = bool(self._display and self._display.rep_work)
        self.numbers.setStretchFactor(self.countdown_label, 1 if rep_work else 3)
        self.numbers.setStretchFactor(self.counter_label, 3 if rep_work else 1)
        big, small = int(height * 0.28), int(height * 0.12)
        self._word_px = int(big * WORD_RATIO)
        self._style_look()
        self.numbers.activate()
        self._fit(self.countdown_label, small if rep_work else big)
        self._fit(self.counter_label, big)
        main = self.counter_label if rep_work else self.countdown_label
        fitted = int(main.font().pixelSize() * WORD_RATIO)
        if fitted < self._word_px:  # the digits had less room: the words follow them down
            self._word_px = fitted
            self._style_look()
        self.exercise_label.setFont(theme.font(max(28, int(height * 0.055)), True))
        self.side_label.setFont(theme.font(max(28, int(height * 0.055)), True))
        self.muted_badge.setFont(theme.font(max(24, int(height * 0.06)), True))
        self.note_label.setFont(theme.font(max(18, int(height * 0.028))))
        self._fit_caution()
        self._style_messages()
        for label in (self.cue_words_label, self.pinch_label):
            self._fit_wrapped(label)

    def _fit_wrapped(self, label: QLabel) -> None:
        """Words as big as the phase word or a little bigger, wrapped, smaller only if the
        figure's box cannot hold them."""
        text = label.text()
        if not text:
            return
        box = self.left.contentsRect().adjusted(0, 0, -40, -40)  # less the card's padding
        size = int(self._word_px * 1.1)
        while size > 16:
            metrics = QFontMetrics(theme.font(size, True))
            bounds = metrics.boundingRect(
                QRect(0, 0, max(50, box.width()), 100_000), Qt.TextFlag.TextWordWrap, text
            )
            if bounds.height() <= box.height() and bounds.width() <= box.width():
                break
            size = int(size * 0.92)
        label.setFont(theme.font(size, True))

    def _fit(self, label: QLabel, pixel_size: int) -> None:
        text = label.text() or "0:00"
        advance = QFontMetrics(theme.font(100, True)).horizontalAdvance(text)
        by_width = int(100 * label.width() * 0.95 / max(1, advance))
        by_height = int(label.height() * 0.9) if label.height() > 50 else pixel_size
        label.setFont(theme.font(min(pixel_size, by_width, by_height), True))
