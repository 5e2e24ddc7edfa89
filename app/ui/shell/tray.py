"""The tray icon while Inward runs: Start today's session, Self-check, Quit.

Only where the desktop has a tray (QSystemTrayIcon.isSystemTrayAvailable); elsewhere the
window alone is enough. The menu forwards to the window, which decides whether it can start
(a check half typed or a session playing stays as it is).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget


def inward_icon() -> QIcon:
    from importlib.resources import files

    return QIcon(str(files("app.content") / "icons" / "inward.png"))


class Tray(QSystemTrayIcon):
    def __init__(
        self,
        start_session: Callable[[], None],
        self_check: Callable[[], None],
        quit_inward: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(inward_icon(), parent)
        self.setToolTip("Inward")
        self.menu = QMenu(parent)
        self.actions: dict[str, QAction] = {}
        for text, slot in (
            ("Start today's session", start_session),
            ("Self-check", self_check),
            ("Quit", quit_inward),
        ):
            action = self.menu.addAction(text)
            action.triggered.connect(slot)
            self.actions[text] = action
        self.setContextMenu(self.menu)
