"""One home for message boxes: window-modal, never blocking the event loop (a session may
be running), and freed when closed, so no caller repeats the QMessageBox set-up."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def delete_on_close(widget: QWidget) -> None:
    """Dialogs are made per use; each frees itself when closed."""
    from PySide6.QtCore import Qt  # the Qt namespace is slow to load: keep it off start-up

    widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)


def question(
    parent: QWidget, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Question
) -> QMessageBox:
    """A box for the caller to add its buttons to and open: titled and named for screen
    readers, freed when closed."""
    box = QMessageBox(parent)
    delete_on_close(box)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setAccessibleName(title)
    box.setText(text)
    return box


def message(parent: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    """A window-modal message with OK, already open, named for screen readers."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    delete_on_close(box)
    box.setAccessibleName(title)
    box.open()
    return box


def warn(parent: QWidget, title: str, text: str) -> QMessageBox:
    """Something went wrong: say what, plainly."""
    return message(parent, QMessageBox.Icon.Warning, title, text)


def tell(parent: QWidget, title: str, text: str) -> QMessageBox:
    """Something went right and the person should know."""
    return message(parent, QMessageBox.Icon.Information, title, text)
