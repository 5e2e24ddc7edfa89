"""Change one exercise of today's plan: its dose within the allowed range, swap or drop it,
for today only or for always."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.core.content.exercises import Exercise
from app.core.plan.types import ExerciseChoice
from app.core.routine import PlanItem

FORGET = ExerciseChoice()  # "remove my earlier change"
VALUE_NAMES = {
    "seconds": ("Hold", " s"),
    "reps": ("Reps", ""),
    "sets": ("Sets", ""),
    "cadence": ("One rep every", " s"),
    "move_seconds": ("Lift and lower", " s"),
    "relax_seconds": ("Relax", " s"),
}


class AdjustDialog(QDialog):
    def __init__(
        self,
        item: PlanItem,
        alternatives: Sequence[Exercise],
        has_choice: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        exercise = item.exercise
        self.setWindowTitle(f"Adjust: {exercise.name}")
        self.setAccessibleName("Adjust exercise")
        self.item = item
        self.keep = QRadioButton("Do it")
        self.keep.setChecked(True)
        self.drop = QRadioButton("Leave it out")
        self.swap = QRadioButton("Do another exercise instead:")
        self.swap_choice = QComboBox()
        self.swap_choice.setAccessibleName("Exercise to do instead")
        for other in alternatives:
            self.swap_choice.addItem(other.name, other.slug)
        self.swap.setEnabled(bool(alternatives))
        self.swap_choice.setEnabled(False)
        self.swap.toggled.connect(self.swap_choice.setEnabled)
        self.forget = QRadioButton("Forget my earlier change: back to the plan's own choice")
        self.forget.setVisible(has_choice)
        choices = QButtonGroup(self)
        for button in (self.keep, self.drop, self.swap, self.forget):
            choices.addButton(button)

        self.values: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout()
        for name, allowed in exercise.dose.ranges.items():
            label, suffix = VALUE_NAMES.get(name, (name, ""))
            spin = QDoubleSpinBox()
            spin.setAccessibleName(label)
            whole = float(allowed.step).is_integer() and float(allowed.low).is_integer()
            spin.setDecimals(0 if whole else 1)
            spin.setRange(allowed.low, allowed.high)
            spin.setSingleStep(allowed.step)
            spin.setSuffix(suffix)
            spin.setValue(float(getattr(item.dose, name) or allowed.low))
            spin.setToolTip(f"Allowed: {allowed.low:g}–{allowed.high:g}{suffix}")
            self.keep.toggled.connect(spin.setEnabled)
            form.addRow(f"{label} ({allowed.low:g}–{allowed.high:g}{suffix})", spin)
            self.values[name] = spin

        self.today = QRadioButton("For today only")
        self.today.setChecked(True)
        self.always = QRadioButton("For every session from now on")
        scope = QButtonGroup(self)
        scope.addButton(self.today)
        scope.addButton(self.always)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{exercise.name}</b>"))
        layout.addWidget(self.keep)
        layout.addLayout(form)
        layout.addWidget(self.drop)
        layout.addWidget(self.swap)
        layout.addWidget(self.swap_choice)
        layout.addWidget(self.forget)
        layout.addSpacing(8)
        layout.addWidget(self.today)
        layout.addWidget(self.always)
        layout.addWidget(buttons)

    def choice(self) -> ExerciseChoice | None:
        """The change asked for; None when OK was pressed without changing anything.

        FORGET (an empty choice) asks to remove an earlier change."""
        if self.forget.isChecked():
            return FORGET
        if self.drop.isChecked():
            return ExerciseChoice(dropped=True)
        if self.swap.isChecked():
            return ExerciseChoice(swap_for=self.swap_choice.currentData())
        changed = {
            name: spin.value()
            for name, spin in self.values.items()
            if abs(spin.value() - float(getattr(self.item.dose, name) or 0)) > 1e-9
        }
        return ExerciseChoice(dose=changed) if changed else None

    def for_always(self) -> bool:
        return self.always.isChecked()
