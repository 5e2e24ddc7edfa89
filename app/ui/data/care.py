"""Data care: today's backup and the day-change check, a damaged file (said, and
recovered from a backup or an empty file), restoring a backup from Settings, and a
read-only folder. Kept out of the main window, which owns one DataCare and forwards to it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import suppress
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from app.core.backup.daily_due import DAY_CHECK_SECONDS, DailyBackups
from app.core.changes import Changes
from app.ui.common import messages

if TYPE_CHECKING:
    from app.db.daily_backups import BackupInfo
    from app.db.errors import DatabaseError
    from app.ui.data.restore_dialog import RestoreDialog
    from app.ui.shell.main_window import MainWindow

# Today's backup starts once start-up's own work (charts, History) is done; it runs in a
# worker thread, so the window stays lively even for a large file.
BACKUP_DELAY_MS = 4000
# Closing cancels a backup under way (it stops within about 1 MB of copying and removes its
# half copy), and waits this long at most for that, so the window never hangs on close.
BACKUP_JOIN_SECONDS = 1.0


class DataCare:
    """Backups, damage, restore and read-only for one window's data file."""

    def __init__(self, window: MainWindow, wall: Callable[[], datetime]) -> None:
        self.window = window
        self._wall = wall
        self.daily_backups = True  # a backup a day, made a little after start-up
        self._backup_thread: threading.Thread | None = None
        self._backup_cancel = threading.Event()  # set on close: today's backup stops
        self.backup_days = DailyBackups()  # and again at each day change while open
        self.day_timer: QTimer | None = None
        # Damage found by the backup while a session plays, said once Today is back on screen.
        self.deferred_damage: DatabaseError | None = None
        self.damage_box: QMessageBox | None = None  # open while a damaged file awaits a choice
        self.restore_dialog: RestoreDialog
        self.restore_box: QMessageBox
        self.closed = False
        self.read_only: str | None = None  # why nothing can be saved, for a read-only folder
        window.backup_finished.connect(self._backup_done)
        window.pages.currentChanged.connect(self._show_deferred_damage)

    def open_file(self) -> None:
        """Make the data folder private, bring the file up to date and learn whether it
        can be written; raises DatabaseDamagedError for a damaged file."""
        from app.db.private_files import make_data_folder, narrow_existing
        from app.db.read_only import read_only_reason
        from app.db.schema import ensure_current

        path = self.window.database_path
        make_data_folder(self.window.data_dir, path)
        # An earlier Inward left its files readable by others; before any connection opens.
        narrow_existing(self.window.data_dir, path)
        ensure_current(path)
        self.read_only = read_only_reason(path)  # then saving says why
        self.window.changes.watch(path)  # a later write by another program is noticed

    def schedule(self) -> None:
        """Once the window is usable: today's backup soon, and a check each minute for a
        new day while Inward stays open."""
        QTimer.singleShot(BACKUP_DELAY_MS, self.window, self.start_daily_backup)
        if self.day_timer is None:
            self.day_timer = QTimer(self.window)
            self.day_timer.setInterval(DAY_CHECK_SECONDS * 1000)
            self.day_timer.timeout.connect(self.check_day_change)
            self.day_timer.start()

    def close(self) -> None:
        """The window closes: today's backup stops and removes its half copy."""
        self.closed = True
        self._backup_cancel.set()
        if self._backup_thread is not None:
            self._backup_thread.join(BACKUP_JOIN_SECONDS)

    def _today(self) -> date:
        return self._wall().astimezone().date()  # the person's calendar day

    def check_day_change(self) -> None:
        """Each minute: a new day since the last backup (Inward left open) makes one."""
        if self.backup_days.last_day is not None and self.backup_days.due(self._today()):
            self.start_daily_backup()

    def start_daily_backup(self) -> threading.Thread | None:
        """Make today's backup (at most one a day) in a worker thread with its own sqlite3
        connection; the result comes back through ``backup_finished``. No widget is touched
        from the thread."""
        if self.closed or not self.daily_backups or self.damage_box is not None:
            return None
        if self.read_only is not None:  # it could not be written: saving says why instead
            return None
        if self._backup_thread is not None and self._backup_thread.is_alive():
            return None
        path = self.window.database_path
        today = self._today()
        self.backup_days.started(today)
        finished = self.window.backup_finished
        cancel = self._backup_cancel

        def work() -> None:
            from app.db.daily_backups import BackupCancelled, make_daily_backup
            from app.db.errors import DatabaseError

            outcome: Path | DatabaseError | None
            try:
                outcome = make_daily_backup(path, today, cancel=cancel)
            except BackupCancelled:
                return  # the window is closing; the half copy is already removed
            except DatabaseError as error:
                outcome = error
            except OSError as error:
                outcome = DatabaseError(f"Inward could not make today's backup ({error}).", path)
            with suppress(RuntimeError):  # the window is already gone: nobody to tell
                finished.emit(outcome)

        thread = threading.Thread(target=work, name="inward-daily-backup", daemon=True)
        self._backup_thread = thread
        thread.start()
        return thread

    def _backup_done(self, outcome: object) -> None:
        """Back on the GUI thread: a failed backup is said, damage most of all. A session
        that is playing is never interrupted by a message box (Space and Escape would go
        to it): a failed backup is a note on the player, damage is said after the session."""
        from app.db.errors import DatabaseDamagedError, DatabaseError

        if self.closed or not isinstance(outcome, DatabaseError):
            return
        playing = self.window.sessions.playing()
        if isinstance(outcome, DatabaseDamagedError):
            if playing:
                self.deferred_damage = outcome
                self.window.player_page.show_notice(
                    "Inward found a problem with its data file while making today's backup; "
                    "it says more once you are back on the Today page."
                )
            else:
                self._warn_damage(outcome)
        elif playing:
            self.window.player_page.show_notice(str(outcome))
        else:
            self.window._warn("Inward could not make today's backup", str(outcome))

    def _show_deferred_damage(self, _index: int = -1) -> None:
        if (
            self.deferred_damage is not None
            and self.window.pages.currentWidget() is self.window.home
        ):
            damage, self.deferred_damage = self.deferred_damage, None
            if not self.closed:
                self._warn_damage(damage)

    def _warn_damage(self, damage: DatabaseError) -> None:
        """Damage the daily backup found (start-up reads the file fine): what the backups
        offer, or that there are none."""
        from app.db.daily_backups import list_backups

        if list_backups(self.window.data_dir, self._today()):
            advice = (
                "The earlier backups are kept. To go back to one of them, open Settings and "
                "choose “Restore a backup…”: each holds your data as it was when Inward opened "
                "on its day, and restoring keeps the data file as it is now under a new name."
            )
        else:
            advice = (
                "There is no earlier backup to go back to. Inward goes on with the file as it "
                "is; to keep a copy of what can still be read, choose Export… on the History "
                "page."
            )
        self.window._warn("Your data file looks damaged", f"{damage} {advice}")

    def offer_recovery(self) -> None:
        """Say that the data file is damaged and offer the latest good backup, an empty
        file or quitting. Either way on, the damaged file is kept under a new name."""
        from app.core.dates import weekday_date
        from app.db.daily_backups import aside_path, latest_good_backup
        from app.ui.data.restore_dialog import describe_size

        backup = latest_good_backup(self.window.data_dir, self._today())
        kept = aside_path(self.window.database_path, "damaged", self._wall())
        box = messages.question(
            self.window,
            "Your data file is damaged",
            f"Inward cannot read its data file, {self.window.database_path.name}: the file is "
            "damaged. This can happen when the computer lost power or a disk is failing.",
            QMessageBox.Icon.Warning,
        )
        kept_words = (
            f"Nothing has been deleted. If you go on, the damaged file is kept as\n"
            f"    {kept.name}\nin {self.window.data_dir}, so that it can still be looked at or "
            "repaired."
        )
        if backup is not None:
            when = weekday_date(backup.day)
            box.setInformativeText(
                f"{kept_words}\n\nThe latest good backup is from {when} "
                f"({describe_size(backup.size)}). Restoring it brings back your data as it "
                f"was when Inward opened on {when}; anything saved since then, including "
                f"later that day, stays only in the damaged file, {kept.name}."
            )
            restore = box.addButton(
                f"Restore backup from {when}", QMessageBox.ButtonRole.AcceptRole
            )
        else:
            box.setInformativeText(
                f"{kept_words}\n\nThere is no backup to go back to, so Inward can start with "
                "an empty data file."
            )
            restore = None
        empty = box.addButton("Start with an empty file", QMessageBox.ButtonRole.DestructiveRole)
        quit_ = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        # Enter restores the backup; with none, Enter quits: an empty file is never a default.
        box.setDefaultButton(restore if restore is not None else quit_)
        box.setEscapeButton(quit_)

        def answered(_result: int) -> None:
            self.damage_box = None
            clicked = box.clickedButton()
            if clicked is not None and clicked in (restore, empty):
                self._recover(backup if clicked is restore else None, kept)
            else:
                # Nothing was changed; the file is where it was. Closed once the question has
                # finished: closing from inside its answer freed it twice (a crash on exit).
                QTimer.singleShot(0, self.window.close)

        box.finished.connect(answered)
        self.damage_box = box
        box.open()

    def _recover(self, backup: BackupInfo | None, kept: Path) -> None:
        """Set the damaged file aside as ``kept``, put the backup (or nothing) in its place,
        then carry on loading as if nothing had happened."""
        from app.core.dates import weekday_date
        from app.db.daily_backups import restore_backup, set_aside
        from app.db.errors import DatabaseError
        from app.db.schema import ensure_current

        try:
            if backup is not None:
                # a backup from an older Inward is brought up to date before anything moves
                restore_backup(backup.path, self.window.database_path, kept, prepare=ensure_current)
            else:
                set_aside(self.window.database_path, kept)
        except (DatabaseError, OSError) as error:
            self.window._warn("Inward could not replace the damaged file", str(error))
            self.window.warning_box.finished.connect(lambda _result: self.window._open_data(True))
            return
        if backup is not None:
            self.window._tell(
                "Backup restored",
                f"Your data is back as it was when Inward opened on {weekday_date(backup.day)}. "
                f"The damaged file is kept as {kept.name}.",
            )
        else:
            self.window._tell(
                "Started with an empty file",
                f"Inward started a new, empty data file. The damaged file is kept as {kept.name}.",
            )
        self.window._open_data(True)

    def open_restore(self) -> None:
        """The list of daily backups, from Settings."""
        from app.db.daily_backups import backups_folder, list_backups
        from app.ui.data.restore_dialog import RestoreDialog

        dialog = RestoreDialog(
            list_backups(self.window.data_dir, self._today()),
            backups_folder(self.window.data_dir),
            parent=self.window,
        )
        messages.delete_on_close(dialog)
        dialog.restore_requested.connect(self.confirm_restore)
        self.restore_dialog = dialog
        dialog.open()

    def confirm_restore(self, backup: BackupInfo) -> None:
        """Say exactly what restoring will do, and do it only on Restore."""
        from app.core.dates import weekday_date
        from app.db.daily_backups import aside_path

        kept = aside_path(self.window.database_path, "before-restore", self._wall())
        when = weekday_date(backup.day)
        box = messages.question(
            self.window,
            "Restore this backup?",
            f"Your current data is kept as {kept.name} and replaced by the backup from {when}.",
        )
        box.setInformativeText(
            f"The backup holds your data as it was when Inward opened on {when}. Anything "
            f"saved since then, including later that day, is not in it; it stays in "
            f"{kept.name}, in {self.window.data_dir}."
        )
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.finished.connect(
            lambda _result: box.clickedButton() is restore and self.restore_from(backup, kept)
        )
        self.restore_box = box
        box.open()

    def restore_from(self, backup: BackupInfo, kept: Path) -> None:
        """Replace the data file with ``backup`` (the current one kept as ``kept``) and show
        what it holds."""
        from app.core.dates import weekday_date
        from app.db.daily_backups import restore_backup
        from app.db.errors import DatabaseError
        from app.db.schema import ensure_current

        if self.window.runner is not None:
            self.window.runner.stop()
        if self._backup_thread is not None:
            self._backup_thread.join()  # today's backup reads the file about to be moved
        if self.window._store is not None:  # its connections must not outlive the file they read
            self.window._store.close()
            self.window._store = None
        try:
            # a backup from an older Inward is brought up to date before anything moves
            restore_backup(backup.path, self.window.database_path, kept, prepare=ensure_current)
        except DatabaseError as error:
            self.window._warn("Inward could not restore the backup", str(error))
            return
        if self.window._checks is not None:
            self.window._checks.book.undo_stack.clear()  # its steps were about the replaced file
        self.window.pages.setCurrentWidget(self.window.home)
        self.window.changes.publish(Changes.everything())  # another file: every page redraws
        self.window._tell(
            "Backup restored",
            f"Your data is back as it was when Inward opened on {weekday_date(backup.day)}. "
            f"What was there before is kept as {kept.name}.",
        )
