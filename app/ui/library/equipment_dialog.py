"""The equipment checklist: what the person has shapes which exercises the plan uses.

Shown first from a banner on Today, and again from My routine. Each item lists what needs it;
the dialog only collects the answer (app.core.plan.equipment decides what it changes).
"""

from __future__ import annotations

from collections.abc import Sequence, Set

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.core.plan.equipment import EquipmentItem
from app.core.plan.words import join_words
from app.ui.common import theme

COLUMNS = 2
SHOWN_USERS = 1  # exercises named per item; the rest are counted


def _used_by(item: EquipmentItem) -> str:
    names = list(item.used_by[:SHOWN_USERS])
    more = len(item.used_by) - len(names)
    if more:
        names.append(f"{more} more")
    return f"for {join_words(names)}"


class EquipmentDialog(QDialog):
    def __init__(
        self, items: Sequence[EquipmentItem], missing: Set[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your equipment")
        self.setAccessibleName("Your equipment")
        self.setMinimumWidth(900)
        heading = QLabel("Which of these do you have?")
        heading.setFont(theme.font(26, bold=True))
        intro = QLabel(
            "Untick what you do not have: exercises that need it are swapped for another of "
            "their stage, or left out, and Today says so. You can change this any time from "
            "My routine."
        )
        intro.setWordWrap(True)
        intro.setFont(theme.font(17))
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(heading)
        layout.addWidget(intro)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(32)
        layout.addLayout(grid)
        for place, item in enumerate(items):
            box = QCheckBox(f"{item.name[:1].upper()}{item.name[1:]}")
            box.setAccessibleName(item.name)
            box.setFont(theme.font(20, bold=True))
            box.setChecked(item.name not in missing)
            box.setStyleSheet("QCheckBox::indicator { width: 26px; height: 26px; }")
            used = QLabel(_used_by(item))
            used.setFont(theme.font(15))
            used.setContentsMargins(38, 0, 0, 6)
            cell = QVBoxLayout()
            cell.setSpacing(0)
            cell.addWidget(box)
            cell.addWidget(used)
            grid.addLayout(cell, place // COLUMNS, place % COLUMNS)
            self.boxes[item.name] = box
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for button in buttons.buttons():
            button.setFont(theme.font(18))
            button.setMinimumHeight(48)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout.addWidget(buttons)
        if self.boxes:
            next(iter(self.boxes.values())).setFocus()

    def missing(self) -> set[str]:
        """The items left unticked."""
        return {name for name, box in self.boxes.items() if not box.isChecked()}
