"""The check form: set-up, then up to three readings per side, left first.

It only collects what was typed and shows the messages core gives back; nothing typed is
ever cleared by a failed save.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.checks.entry import RECORD_NOTE, TAKEN_AT, TrialInput
from app.core.checks.labels import METHODS
from app.core.checks.types import (
    MAX_TRIALS,
    CheckDefinition,
    CheckRecord,
    MeasuredBy,
    Method,
    Mode,
)
from app.core.checks.validation import MAX_NOTE_CHARS
from app.core.records import Side
from app.ui.common import theme
from app.ui.common.page_actions import page_actions

METHOD_NAMES = {method: words.choice for method, words in METHODS.items()}
MODE_NAMES = {
    Mode.PASSIVE: "Passive (let it fall / helper moves it)",
    Mode.ACTIVE: "Active (own muscles)",
}
BY_NAMES = {MeasuredBy.SELF: "By myself", MeasuredBy.HELPER: "By a helper"}
ERROR_STYLE = "border: 2px solid #dc2626;"
PICTURE_SIZE = (300, 220)  # logical pixels: the check's position beside its set-up steps


def _combo(names: dict, accessible: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(accessible)
    for value, text in names.items():
        combo.addItem(text, str(value))  # plain text in the combo; enums are rebuilt on read
    return combo


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(str(value))
    if index >= 0:
        combo.setCurrentIndex(index)


class TrialRow:
    """The widgets of one reading."""

    def __init__(self, side: Side, number: int) -> None:
        self.side, self.number = side, number
        label = f"{side.value.capitalize()} trial {number}"
        self.degrees = QLineEdit()
        self.degrees.setPlaceholderText("degrees")
        self.degrees.setAccessibleName(f"{label} degrees")
        self.degrees.setMaximumWidth(110)
        self.method = _combo(METHOD_NAMES, f"{label} method")
        self.by = _combo(BY_NAMES, f"{label} measured by")
        self.mode = _combo(MODE_NAMES, f"{label} mode")
        self.pain = QCheckBox("Pinch / pain")
        self.pain.setAccessibleName(f"{label} pinch or pain")
        self.note = QLineEdit()
        self.note.setPlaceholderText("note")
        self.note.setMaxLength(MAX_NOTE_CHARS)
        self.note.setAccessibleName(f"{label} note")
        self.photo_button = QPushButton("From photo…")
        self.photo_button.setAccessibleName(f"{label} from photo")
        self.photo: str | None = None

    @property
    def key(self) -> str:
        return f"{self.side.value}-{self.number}"

    def widgets(self) -> list[QWidget]:
        return [
            self.degrees,
            self.method,
            self.by,
            self.mode,
            self.pain,
            self.note,
            self.photo_button,
        ]

    def value(self) -> TrialInput:
        return TrialInput(
            side=self.side,
            number=self.number,
            degrees_text=self.degrees.text(),
            method=Method(self.method.currentData()),
            mode=Mode(self.mode.currentData()),
            measured_by=MeasuredBy(self.by.currentData()),
            pain=self.pain.isChecked(),
            note=self.note.text(),
            photo=self.photo,
        )

    def clear(self) -> None:
        self.degrees.clear()
        self.note.clear()
        self.pain.setChecked(False)
        self.photo = None


class CheckForm(QWidget):
    save_requested = Signal()
    cancel_requested = Signal()
    photo_requested = Signal(str)  # the trial row's key, e.g. "left-2"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Check form")
        self.definition: CheckDefinition | None = None
        self.record_id: int | None = None
        self._original_time = datetime.now(UTC)
        self.title = QLabel()
        self.title.setFont(theme.font(30, bold=True))
        self.title.setAccessibleName("Check name")
        self.setup = QLabel()
        self.setup.setWordWrap(True)
        self.setup.setFont(theme.font(17))
        self.setup.setAccessibleName("Set-up")
        self.picture = QLabel()
        self.picture.setAccessibleName("Where to measure")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        # Qt's last day, 31 Dec 9999, is already the year 10000 in UTC west of Greenwich,
        # which Python cannot hold: Save would fail silently. A day short, such a date is
        # refused as in the future, like any other.
        self.when.setMaximumDate(QDate(9999, 12, 30))
        self.when.setAccessibleName("Date and time")
        self.default_method = _combo(METHOD_NAMES, "Method for every trial")
        self.default_by = _combo(BY_NAMES, "Measured by, every trial")
        self.default_mode = _combo(MODE_NAMES, "Mode for every trial")
        self.note = QLineEdit()
        self.note.setAccessibleName("Check note")
        self.note.setPlaceholderText("Anything worth remembering about this check")
        self.note.setMaxLength(MAX_NOTE_CHARS)
        self.errors = QLabel()
        self.errors.setAccessibleName("Problems")
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet("color: #dc2626;")
        self.errors.setFont(theme.font(16))
        self.rows = [
            TrialRow(side, n) for side in (Side.LEFT, Side.RIGHT) for n in range(1, MAX_TRIALS + 1)
        ]

        defaults = QFormLayout()
        defaults.addRow("When", self.when)
        defaults.addRow("Method", self.default_method)
        defaults.addRow("Measured", self.default_by)
        defaults.addRow("Mode", self.default_mode)
        for combo, attribute in (
            (self.default_method, "method"),
            (self.default_by, "by"),
            (self.default_mode, "mode"),
        ):
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, a=attribute: self._apply_default(c, a)
            )

        grid = QGridLayout()
        for column, heading in enumerate(
            ["", "Degrees", "Method", "Measured", "Mode", "", "Note", ""]
        ):
            grid.addWidget(QLabel(heading), 0, column)
        for row_number, row in enumerate(self.rows, start=1):
            side_label = QLabel(f"{row.side.value.capitalize()} {row.number}")
            side_label.setFont(theme.font(16, bold=True))
            grid.addWidget(side_label, row_number, 0)
            for column, widget in enumerate(row.widgets(), start=1):
                grid.addWidget(widget, row_number, column)
            row.photo_button.clicked.connect(
                lambda _c=False, k=row.key: self.photo_requested.emit(k)
            )

        buttons, self.save_button = page_actions(
            ("Cancel", "Cancel check", self.cancel_requested),
            ("Save check", "Save check", self.save_requested),
        )

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        setup_row = QHBoxLayout()
        setup_row.addWidget(self.setup, 1)
        setup_row.addWidget(self.picture)
        layout.addLayout(setup_row)
        layout.addLayout(defaults)
        layout.addLayout(grid)
        layout.addWidget(self.note)
        layout.addWidget(self.errors)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addLayout(buttons)

    # -- filling ------------------------------------------------------------------------

    def _show_picture(self, definition: CheckDefinition) -> None:
        """The position with the angle to read marked: the same drawing as in the player."""
        from app.ui.drawing.illustration import pose_picture

        background = self.palette().window().color()
        pixmap = pose_picture(definition.slug, PICTURE_SIZE, self.devicePixelRatioF(), background)
        self.picture.setVisible(pixmap is not None)
        if pixmap is not None:
            self.picture.setPixmap(pixmap)
            self.picture.setAccessibleDescription(f"{definition.name}: {definition.measure}")

    def open_for(
        self, definition: CheckDefinition, now: datetime, record: CheckRecord | None = None
    ) -> None:
        """A fresh form for a new check, or an earlier record's values to edit."""
        self.definition = definition
        self.record_id = record.id if record else None
        self.title.setText(definition.name)
        steps = "\n".join(f"{n}. {text}" for n, text in enumerate(definition.setup, start=1))
        self.setup.setText(f"{definition.position}\n{steps}\nMeasure: {definition.measure}")
        self._show_picture(definition)
        for combo in [self.default_mode, *(row.mode for row in self.rows)]:
            for index in range(combo.count()):
                allowed = Mode(combo.itemData(index)) in definition.modes
                model = combo.model()
                assert isinstance(model, QStandardItemModel)  # what a QComboBox starts with
                item = model.item(index)
                item.setEnabled(allowed)
        moment = record.taken_at if record else now
        self._original_time = moment
        self.when.setDateTime(local_wall_time(moment))
        self.note.setText(record.note if record else "")
        for row in self.rows:
            row.photo_button.setEnabled(definition.shin_angle)
            row.photo_button.setToolTip(
                "" if definition.shin_angle else "The photo measurer reads the shin's angle only."
            )
        for row in self.rows:
            row.clear()
            self._mark(row.degrees, False)
        self.errors.clear()
        self._apply_all_defaults()
        for trial in record.trials if record else ():
            row = self.row(f"{trial.side.value}-{trial.number}")
            row.degrees.setText(f"{trial.degrees:g}")
            _select(row.method, trial.method)
            _select(row.by, trial.measured_by)
            _select(row.mode, trial.mode)
            row.pain.setChecked(trial.pain)
            row.note.setText(trial.note)
            row.photo = trial.photo
        self.rows[0].degrees.setFocus()

    def row(self, key: str) -> TrialRow:
        return next(row for row in self.rows if row.key == key)

    def set_from_photo(self, key: str, degrees: float, photo: str | None) -> None:
        row = self.row(key)
        row.degrees.setText(f"{degrees:g}")
        _select(row.method, Method.PHOTO)
        row.photo = photo

    def _apply_default(self, combo: QComboBox, attribute: str) -> None:
        for row in self.rows:
            _select(getattr(row, attribute), combo.currentData())

    def _apply_all_defaults(self) -> None:
        for combo, attribute in (
            (self.default_method, "method"),
            (self.default_by, "by"),
            (self.default_mode, "mode"),
        ):
            self._apply_default(combo, attribute)

    # -- reading ------------------------------------------------------------------------

    def inputs(self) -> list[TrialInput]:
        return [row.value() for row in self.rows]

    def taken_at(self) -> datetime:
        wall = self.when.dateTime().toPython()
        assert isinstance(wall, datetime)
        shown = wall.astimezone(UTC)  # shown local, stored UTC
        original = self._original_time.astimezone(UTC)
        if shown == original.replace(second=0, microsecond=0):
            return original  # untouched: keep the seconds the minute-only field hides
        return shown

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each bad field outlined and every message listed; what was typed stays."""
        for row in self.rows:
            self._mark(row.degrees, row.key in problems)
        self._mark(self.when, TAKEN_AT in problems)
        self._mark(self.note, RECORD_NOTE in problems)
        self.errors.setText("\n".join(problems.values()))

    @staticmethod
    def _mark(widget: QWidget, bad: bool) -> None:
        widget.setStyleSheet(ERROR_STYLE if bad else "")


def local_wall_time(moment: datetime) -> QDateTime:
    """The moment as the person's own clock shows it, for the date-and-time field."""
    local = moment.astimezone()
    return QDateTime(
        QDate(local.year, local.month, local.day),
        QTime(local.hour, local.minute, local.second, local.microsecond // 1000),
    )
