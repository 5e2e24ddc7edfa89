"""Measure a trial from a photo: open or drop it, drag knee and ankle, use the angle.

The photo is kept only when the person ticks "Keep photo"; it is then saved downscaled
in the data folder's photos/ and its file name goes with the trial.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.checks.labels import format_degrees
from app.ui.checks.goniometer_view import GoniometerView
from app.ui.checks.photo import LoadedPhoto, PhotoError, load_photo, save_kept_photo

IMAGE_FILTER = "Photos (*.jpg *.jpeg *.png *.webp *.bmp *.gif *.tif *.tiff);;All files (*)"


class PhotoDialog(QDialog):
    def __init__(self, photos_dir: Path, stem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Measure from a photo")
        self.setAccessibleName("Measure from a photo")
        self.resize(900, 700)
        self.photos_dir = photos_dir
        self.stem = stem
        self.angle: float | None = None
        self._placed = False
        self.kept_photo: str | None = None
        hint = QLabel(
            "Open or drop a photo taken square-on. Drag the yellow handle to the centre of "
            "the knee and the pink one to the centre of the ankle. If the camera was tilted, "
            "mark a true vertical (two points on a door frame)."
        )
        hint.setWordWrap(True)
        self.view = GoniometerView()
        self.view.angle_changed.connect(self._angle_changed)
        self.view.photo_dropped.connect(self.open_path)
        self.message = QLabel()
        self.message.setAccessibleName("Photo message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #dc2626;")
        self.angle_label = QLabel("Angle: —")
        self.angle_label.setAccessibleName("Measured angle")
        self.angle_label.setMinimumWidth(140)
        open_button = QPushButton("Open photo…")
        open_button.setAccessibleName("Open photo")
        open_button.clicked.connect(self._choose)
        self.vertical_box = QCheckBox("Mark true vertical")
        self.vertical_box.setAccessibleName("Mark true vertical")
        self.vertical_box.toggled.connect(self.view.set_vertical_mode)
        self.keep_box = QCheckBox("Keep photo (saved small, on this computer only)")
        self.keep_box.setAccessibleName("Keep photo")
        self.use_button = QPushButton("Use this angle")
        self.use_button.setAccessibleName("Use this angle")
        self.use_button.setEnabled(False)
        self.use_button.setDefault(True)
        self.use_button.clicked.connect(self._use)
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)

        tools = QHBoxLayout()
        tools.addWidget(open_button)
        tools.addWidget(self.vertical_box)
        tools.addStretch(1)
        tools.addWidget(self.angle_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_box)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a photo", "", IMAGE_FILTER)
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> None:
        """Load a photo; a bad file leaves the current photo and says why."""
        try:
            photo = load_photo(path)
        except PhotoError as error:
            self.message.setText(str(error))
            return
        self.show_photo(photo)

    def show_photo(self, photo: LoadedPhoto) -> None:
        self.message.clear()
        self._placed = False  # the handles start on a vertical line: nothing measured yet
        self.use_button.setEnabled(False)
        self.view.set_photo(photo)

    def _angle_changed(self, angle: float) -> None:
        self.angle = round(angle)  # what the big readout shows is what the trial gets
        self.angle_label.setText(f"Angle: {format_degrees(self.angle)}")
        self.use_button.setEnabled(self._placed)
        self._placed = True

    def _use(self) -> None:
        if self.view.angle() is None:
            self.message.setText("Drag the knee and ankle handles apart to measure the angle.")
            return
        photo = self.view.photo()
        if self.keep_box.isChecked() and photo is not None:
            try:
                self.kept_photo = save_kept_photo(photo.image, self.photos_dir, self.stem)
            except PhotoError as error:
                self.message.setText(f"The photo could not be kept: {error}")
                return
        self.accept()
