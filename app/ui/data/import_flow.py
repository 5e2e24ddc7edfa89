"""Importing a backup from the app, off the GUI thread, with its progress shown.

Reading a big backup and writing it take seconds; done on the GUI thread they froze the
window. Here each step runs in a QThread (the work is app.db.transfer.backup_reader's and
app.db.transfer.backup_import's) and reports through signals; the window only shows a
progress dialog with a Cancel button. Nothing is written before the person has seen the
summary and said Yes, and a cancelled or failed import writes nothing (the write is one
transaction). Closing the window cancels and waits.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.core.changes import Changes
from app.ui.common import messages
from app.ui.data.gil_turns import Turns

STEPS = 1000  # the progress dialog's range
Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class ImportThread(QThread):
    """Runs ``work(progress, cancelled)`` and says how it went; touches no widget."""

    progressed = Signal(int, int)  # done, total
    succeeded = Signal(object)
    failed = Signal(str)
    stopped = Signal()  # cancelled: nothing was written

    def __init__(self, work: Work, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def was_cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        from app.core.backup.format import BackupError, ImportCancelled
        from app.db.errors import DatabaseError

        # A full garbage collection over the records being built holds Python's lock for a
        # quarter of a second (found by the e2e test), a freeze of the window: collections
        # wait until the step is done, and what it built is frozen out of their reach (the
        # records hold no cycles; refcounting frees them). ImportFlow unfreezes at its end.
        gc.disable()
        turns = Turns()

        def cancelled() -> bool:
            turns()  # asked every few ms: the window's turn at the lock (gil_turns.py)
            return self._cancel.is_set()

        try:
            result = self._work(self.progressed.emit, cancelled)
        except ImportCancelled:
            self.stopped.emit()
        except (BackupError, DatabaseError, OSError, ValueError) as error:
            self.failed.emit(str(error))
        else:
            self.succeeded.emit(result)
        finally:
            gc.freeze()
            gc.enable()


class ImportFlow(QObject):
    """Read, summarize, ask, write: one import from the file the person chose."""

    finished = Signal()  # whatever the outcome, once its last message is closed

    def __init__(
        self,
        window: QWidget,
        database: Path,
        source: Path,
        imported: Callable[[Changes], object],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.database = database
        self.source = source
        self.imported = imported
        self.worker: ImportThread | None = None
        self.progress: QProgressDialog | None = None
        self.box: QMessageBox | None = None
        self._then: Callable[[Any], None] = lambda _result: None
        self._refused = ""
        self._cancel_wins = False
        window.installEventFilter(self)

    # -- steps ------------------------------------------------------------------------------

    @property
    def photos_dir(self) -> Path:
        from app.data_dir import PHOTOS_FOLDER

        return self.database.parent / PHOTOS_FOLDER

    def start(self) -> None:
        from app.db.regular_files import require_regular
        from app.db.transfer.backup_import import summarize_import
        from app.db.transfer.backup_photos import plan_photos
        from app.db.transfer.backup_reader import read_backup_file

        def read(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            require_regular(self.source, "a backup")  # a named pipe would hang the reader
            backup = read_backup_file(self.source, progress, cancelled)
            summary = summarize_import(self.database, backup, cancelled)
            return backup, summary, plan_photos(backup, self.source, self.photos_dir)

        self._run(
            read, f"Reading {self.source.name}…", self._read, "Import refused", cancel_wins=True
        )

    def _read(self, result: tuple[Any, Any, Any]) -> None:
        backup, summary, photos = result
        text = f"{summary.line()}\n\n{photos.line()}".strip()
        if not summary.anything_new and not photos.to_add:
            self._end("Nothing to import", text)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Import this backup?",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setAccessibleName("Import this backup?")

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes:
                self._write(backup, summary, photos)
            else:
                gc.unfreeze()
                self.finished.emit()

        box.finished.connect(answered)
        self.box = box
        box.open()

    def _write(self, backup: Any, summary: Any, photos: Any) -> None:
        from app.db.transfer.backup_import import apply_import
        from app.db.transfer.backup_photos import remove_photos, restore_photos

        def write(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            restored = restore_photos(photos, self.photos_dir)
            try:
                if not summary.anything_new:
                    return summary, restored
                return apply_import(self.database, backup, progress, cancelled), restored
            except BaseException:
                remove_photos(restored)  # the import wrote nothing, so neither do its photos
                raise

        self._run(write, "Importing your backup…", self._written, "Import failed")

    def _written(self, result: tuple[Any, list[Path]]) -> None:
        done, restored = result
        self.imported(done.changes)  # back on the GUI thread: the pages decide what to redraw
        what = done.new_text() if done.anything_new else "no new data"
        brought = f" and {len(restored):,} photos" if restored else ""
        self._end("Imported", f"Imported{brought}: {what}.")

    # -- running one step -------------------------------------------------------------------

    def _run(
        self,
        work: Work,
        label: str,
        then: Callable[[Any], None],
        refused: str,
        cancel_wins: bool = False,
    ) -> None:
        """Run ``work`` on a thread, its progress shown; ``then`` hears its result. With
        ``cancel_wins`` (a step that writes nothing), a Cancel the window heard only after the
        step had ended still stops the import: a busy window hears clicks late."""
        from app.ui.common import theme

        progress = QProgressDialog(label, "Cancel", 0, STEPS, self.window)
        progress.setFont(theme.font(20))  # read from a step back, as the rest of Inward
        progress.setWindowTitle("Import")
        progress.setAccessibleName(label)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumWidth(520)
        thread = ImportThread(work, self)
        # Bound methods of this QObject, which lives on the GUI thread: queued connections,
        # so each runs on the GUI thread, never on the worker.
        thread.progressed.connect(self._progressed)
        thread.succeeded.connect(self._succeeded)
        thread.failed.connect(self._failed)
        thread.stopped.connect(self._stopped)
        progress.canceled.connect(self.cancel)
        self.progress, self.worker, self._then, self._refused = progress, thread, then, refused
        self._cancel_wins = cancel_wins
        progress.open()
        thread.start()

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None and total > 0:
            self.progress.setValue(min(STEPS, done * STEPS // total))

    def _succeeded(self, result: object) -> None:
        if self._cancel_wins and self.worker is not None and self.worker.was_cancelled():
            self._stopped()
            return
        then = self._then
        self._done()
        then(result)

    def _failed(self, text: str) -> None:
        self._done()
        self._end(self._refused, f"Nothing was imported: {text}", warning=True)

    def _stopped(self) -> None:
        self._done()
        self._end("Import cancelled", "Import cancelled: nothing was imported.")

    def _done(self) -> None:
        thread, progress = self.worker, self.progress
        self.worker = self.progress = None
        if thread is not None:
            thread.wait()
        if progress is not None:
            progress.canceled.disconnect(self.cancel)
            progress.close()
            progress.deleteLater()

    def cancel(self) -> None:
        """Stop the running step (it rolls back); said once the thread has stopped."""
        if self.worker is not None:
            self.worker.cancel()
            if self.progress is not None:
                self.progress.setLabelText("Cancelling: nothing will be imported…")

    def _end(self, title: str, text: str, warning: bool = False) -> None:
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
        gc.unfreeze()  # the backup's records are let go with the flow
        self.box = messages.message(self.window, icon, title, text)
        self.box.finished.connect(lambda _result: self.finished.emit())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window is closing: stop the step and wait, so no thread outlives it."""
        if watched is self.window and event.type() == QEvent.Type.Close:
            thread = self.worker
            if thread is not None:
                thread.cancel()
                thread.wait()
        return super().eventFilter(watched, event)
