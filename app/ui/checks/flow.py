"""The self-check pages and how they lead to each other.

Checks page -> form (set-up and readings, photos) -> result -> back to the checks page.
Edits and deletes go through the CheckBook, so Ctrl+Z undoes them; the list is redrawn when
the window's change signal says the checks changed while it is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget

from app.core.changes import Changes, Kind
from app.core.checks.entry import EntryErrors, build_record
from app.core.checks.loader import load_checks
from app.core.checks.result import describe_result
from app.core.checks.table import check_list_rows
from app.core.checks.types import CheckRecord, find_definition
from app.data_dir import PHOTOS_FOLDER
from app.ui.checks.book import CheckBook
from app.ui.checks.form import CheckForm
from app.ui.checks.page import ChecksPage
from app.ui.checks.photo_dialog import PhotoDialog
from app.ui.checks.result import CheckResultPage
from app.ui.common.messages import delete_on_close, warn

if TYPE_CHECKING:
    from app.db.store import Store
    from app.ui.shell.data_changed import DataChanged


class ChecksFlow(QObject):
    def __init__(
        self,
        pages: QStackedWidget,
        store: Callable[[], Store],
        data_dir: Path,
        wall: Callable[[], datetime],
        go_home: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.definitions = load_checks()
        self._pages, self._data_dir, self._wall = pages, data_dir, wall
        self.book = CheckBook(store, self)
        self.list_page = ChecksPage()
        self.list_page.set_definitions(self.definitions)
        self.form = CheckForm()
        self.result_page = CheckResultPage()
        for page in (self.list_page, self.form, self.result_page):
            pages.addWidget(page)
        self.last_saved: CheckRecord | None = None

        self._unsaved_photos: set[str] = set()  # kept by the photo measurer, not yet saved
        self.list_page.home_requested.connect(go_home)
        self.list_page.start_requested.connect(self.start)
        self.list_page.edit_requested.connect(lambda record_id: self._safely(self.edit, record_id))
        self.list_page.delete_requested.connect(
            lambda record_id: self._safely(self.book.delete, record_id)
        )
        self.list_page.undo_requested.connect(lambda: self._safely(self.book.undo_stack.undo))
        self.list_page.redo_requested.connect(lambda: self._safely(self.book.undo_stack.redo))
        self.form.save_requested.connect(self.save)
        self.form.cancel_requested.connect(self.cancel)
        self.form.photo_requested.connect(self.measure_photo)
        self.result_page.done_requested.connect(self.show_list)
        self.result_page.edit_requested.connect(
            lambda: self.last_saved is not None and self.edit(self.last_saved.id)
        )

    def show_list(self) -> None:
        self._safely(self.refresh)
        self._pages.setCurrentWidget(self.list_page)

    def cancel(self) -> None:
        """Leave the form; photos kept for readings that were never saved go too."""
        self.discard_unsaved_photos()
        self.show_list()

    def discard_unsaved_photos(self) -> None:
        """Remove the photos kept for readings that were never saved (Cancel, or the window
        closed with the form open): nothing refers to them, and they are photos of legs."""
        for name in sorted(self._unsaved_photos):
            self._remove_photo(name)

    def _remove_photo(self, name: str) -> None:
        self._unsaved_photos.discard(name)
        with suppress(OSError):  # a read-only folder: the photo stays, as it did before
            (self._data_dir / PHOTOS_FOLDER / name).unlink(missing_ok=True)

    def _safely(self, action: Callable[..., object], *args: object) -> None:
        """A storage problem becomes a message; an undo that failed empties the undo stack,
        since the stack no longer matches the file."""
        from app.db.errors import DatabaseError

        try:
            action(*args)
        except DatabaseError as error:
            self.book.undo_stack.clear()
            self._warn("Inward could not change your checks", str(error))

    def _warn(self, title: str, text: str) -> None:
        self.warning_box = warn(self.list_page, title, text)

    def follow(self, changes: DataChanged) -> None:
        """Publish every change to the checks on the window's change signal, and redraw the
        list when the checks changed while it is on screen."""
        self.book.publish = changes.publish
        changes.changed.connect(self._data_changed)

    def _data_changed(self, changes: Changes) -> None:
        if changes.touches([Kind.CHECKS]) and self._pages.currentWidget() is self.list_page:
            self.refresh()

    def refresh(self) -> None:
        rows = check_list_rows(self.book.records(), self.definitions)
        self.list_page.show_rows(rows, self.book.undo_stack.canUndo())

    def start(self, slug: str) -> None:
        self.form.open_for(find_definition(self.definitions, slug), self._wall())
        self._pages.setCurrentWidget(self.form)

    def edit(self, record_id: int | None) -> None:
        if record_id is None:
            return
        record = self.book.store().check(record_id)
        try:
            definition = find_definition(self.definitions, record.check_slug)
        except KeyError:  # imported from another version of Inward: no form to show it in
            self._warn(
                "This check cannot be edited here",
                f"This check is of a kind this version of Inward does not know "
                f"(“{record.check_slug}”), perhaps brought by a backup from another version. "
                "It stays in your history and in exports as it is; it can be deleted, but not "
                "edited here.",
            )
            return
        self.form.open_for(definition, self._wall(), record)
        self._pages.setCurrentWidget(self.form)

    def save(self) -> None:
        """Store the form's check and show its result; a bad entry keeps the form as typed."""
        from app.db.errors import DatabaseError

        definition = self.form.definition
        assert definition is not None
        try:
            record = build_record(
                definition,
                self.form.inputs(),
                self.form.taken_at(),
                self._wall(),
                self.form.note.text(),
                self.form.record_id,
            )
            saved = self.book.edit(record) if record.id is not None else self.book.add(record)
        except EntryErrors as errors:
            self.form.show_problems(errors.problems)
            return
        except DatabaseError as error:
            self.form.show_problems({"note": f"The check could not be saved: {error}"})
            return
        self.last_saved = saved
        self._unsaved_photos.clear()
        history = self.book.records(saved.check_slug)
        text = describe_result(definition, saved, history)
        caution = [text.caution] if text.caution else []
        details = [text.how, text.difference, *text.change, *caution]
        self.result_page.show_result(text.heading, list(text.sides), details, list(text.context))
        self._pages.setCurrentWidget(self.result_page)

    def measure_photo(self, key: str) -> None:
        definition = self.form.definition
        assert definition is not None
        stamp = self._wall().astimezone().strftime("%Y%m%d-%H%M%S")
        dialog = PhotoDialog(
            self._data_dir / PHOTOS_FOLDER, f"{definition.slug}-{key}-{stamp}", self.form
        )
        delete_on_close(dialog)
        dialog.accepted.connect(lambda: self._photo_measured(key, dialog))
        self.photo_dialog = dialog
        dialog.open()

    def _photo_measured(self, key: str, dialog: PhotoDialog) -> None:
        """Use the measured angle; a photo kept earlier for this reading and not yet saved is
        replaced, so it goes. (A photo of a saved check stays: undo can bring it back.)"""
        if dialog.angle is None:
            return
        previous = self.form.row(key).photo
        if dialog.kept_photo is not None:
            self._unsaved_photos.add(dialog.kept_photo)
        if previous in self._unsaved_photos and previous != dialog.kept_photo:
            self._remove_photo(previous)
        self.form.set_from_photo(key, dialog.angle, dialog.kept_photo)
