"""Guards against the Qt binding bug that made us cap PySide6 below 6.12.

PySide6 6.12.0 drops a reference to None on every call of a void method; on Python 3.11
the app aborted ("deallocating None") a few minutes into a session.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_widget_updates_leave_none_alone(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("0:41")
        label.update()
    assert sys.getrefcount(None) - before > -100
