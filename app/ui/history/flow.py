"""The History page and what opens from it (the report, export, import), built out of
sight once start-up is over so that opening History only has to paint it. Kept out of
the main window, which owns one HistoryFlow and forwards to it.

A change to what History shows (the window's change signal) redraws it at once while it
is on screen, else marks it to be read again when it is next opened.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from app.ui.common.messages import delete_on_close

if TYPE_CHECKING:
    from app.core.changes import Changes
    from app.ui.history.page import HistoryPage
    from app.ui.report.dialog import ReportDialog
    from app.ui.shell.main_window import MainWindow

CHART_PRELOAD_DELAY_MS = 1500
HISTORY_PREBUILD_POLL_MS = 250  # until the chart imports are in


class HistoryFlow:
    """History, the report and data out and in, for one window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._history: HistoryPage | None = None
        self._chart_import: threading.Thread | None = None
        self.prebuild_history = True  # build History out of sight once start-up is over
        self.report_dialog: ReportDialog
        self.transfer_box: QObject | None  # the export box or the import flow
        window.changes.changed.connect(self._data_changed)

    def _data_changed(self, changes: Changes) -> None:
        from app.core.history.redraw import history_changed

        if self._history is None or not history_changed(changes):
            return
        # A replaced file (a restore) is read at once: the page's rows are of a file gone.
        if self.window.pages.currentWidget() is self._history or changes.replaced:
            self._history.refresh(self.window._wall())
        else:
            self._history.mark_stale()  # read again when opened, not now

    def schedule(self) -> None:
        """Import History's modules and build the page while the person reads the Today
        page, so History opens without that wait."""
        QTimer.singleShot(CHART_PRELOAD_DELAY_MS, self.window, self._preload_charts)

    def _preload_charts(self) -> None:
        if (
            self.window._player_page is not None
            and self.window.pages.currentWidget() is self.window._player_page
        ):
            # Importing and building the page holds Python's lock for a moment, which could
            # stall a session's countdown (the audio test's heartbeat): wait for Today.
            QTimer.singleShot(CHART_PRELOAD_DELAY_MS, self.window, self._preload_charts)
            return
        from app.ui.history.read_ahead import preload_charts

        self._chart_import = preload_charts()
        QTimer.singleShot(HISTORY_PREBUILD_POLL_MS, self.window, self._prebuild_history)

    def _prebuild_history(self) -> None:
        """Build and fill the History page out of sight once its imports are in, while the
        person is on the Today page, so that opening History only has to paint it. Skipped
        (History is then built when opened) if a session or another page is in the way."""
        if self._history is not None or not self.prebuild_history:
            return
        if self._chart_import is not None and self._chart_import.is_alive():
            QTimer.singleShot(HISTORY_PREBUILD_POLL_MS, self.window, self._prebuild_history)
            return
        steps = [
            lambda: self.history,  # build (~0.1 s)
            self._load_history,  # read and draw out of sight
            self._paint_history_once,  # the first paint sets up fonts, styles and charts
        ]

        def next_step() -> None:
            if (
                self.window.pages.currentWidget() is not self.window.home
                or self.window.runner is not None
            ):
                return  # the person is busy: History is finished when it is opened
            steps.pop(0)()
            if steps:
                QTimer.singleShot(
                    0, self.window, next_step
                )  # one step per turn: the window stays lively

        next_step()

    def _paint_history_once(self) -> None:
        page = self.history
        if page.isHidden() or self.window.pages.currentWidget() is not page:
            page.resize(self.window.pages.size())
            page.grab()

    @property
    def history(self) -> HistoryPage:
        """The History page, built on first use."""
        if self._history is None:
            from app.ui.history.page import HistoryPage

            page = HistoryPage()
            page.home_requested.connect(self.window.show_home)
            page.report_requested.connect(self.open_report)
            page.export_requested.connect(self.export_data)
            page.import_requested.connect(self.import_data)
            self.window.pages.addWidget(page)
            self._history = page
        return self._history

    def open_history(self) -> None:
        if self.window.content is None:
            return
        self._load_history()
        self.window.pages.setCurrentWidget(self.history)

    def _load_history(self) -> None:
        """Bring the History page up to date (it skips reading when nothing it shows changed)."""
        assert self.window.content is not None
        from app.core.checks.loader import load_checks

        if self.window.check_definitions is None:
            self.window.check_definitions = load_checks()
        names = {exercise.slug: exercise.name for exercise in self.window.content.exercises}
        self.history.load(
            self.window.database_path,
            self.window.check_definitions,
            self.window._wall(),
            exercise_names=names,
        )

    def open_report(self) -> None:
        from app.ui.report.dialog import ReportDialog

        with self.window._reporting("open the report"):
            dialog = ReportDialog(
                self.window.store,
                content=self.window.content,
                definitions=self.window.check_definitions,
                plan=self.window.plan,  # the programme as Today shows it
                today=self.window._wall().astimezone().date(),
                parent=self.window,
                publish=self.window.changes.publish,
            )
            delete_on_close(dialog)
            self.report_dialog = dialog
            dialog.open()

    def export_data(self) -> None:
        from app.ui.data.transfer import ask_export

        self.transfer_box = ask_export(self.window, self.window.database_path)

    def import_data(self) -> None:
        from app.ui.data.transfer import ask_import

        self.transfer_box = ask_import(
            self.window, self.window.database_path, self.window.changes.publish
        )
