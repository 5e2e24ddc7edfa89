"""Kept check photos travel with the JSON backup (a zip beside it) and come back on import."""

from __future__ import annotations

import io
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest

from app.__main__ import main
from app.core.checks.types import Method
from app.core.records import Side
from app.data_dir import PHOTOS_FOLDER, database_path
from app.db.errors import DatabaseError
from app.db.store import Store
from app.db.transfer.backup_photos import MAX_PHOTO_BYTES, archive_path
from tests.db.conftest import make_check, make_trial, sha256, utc


def jpeg(colour: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder with one check whose two readings were measured on kept photos."""
    data = tmp_path / "data"
    photos = data / PHOTOS_FOLDER
    photos.mkdir(parents=True)
    (photos / "prone-ir-left-1-20260301-065000.jpg").write_bytes(jpeg("red"))
    (photos / "prone-ir-right-1-20260301-065100.jpg").write_bytes(jpeg("blue"))
    (photos / "not-named-by-any-check.jpg").write_bytes(jpeg("green"))
    trials = (
        make_trial(
            Side.LEFT, 1, 30.0, method=Method.PHOTO, photo="prone-ir-left-1-20260301-065000.jpg"
        ),
        make_trial(
            Side.RIGHT, 1, 41.0, method=Method.PHOTO, photo="prone-ir-right-1-20260301-065100.jpg"
        ),
    )
    with Store.open(database_path(data)) as store:
        store.add_check(make_check(utc(2026, 3, 1, 6, 50), trials=trials))
    return data


def run(*argv: str) -> int:
    return main(list(argv))


def test_a_backup_brings_its_kept_photos_to_another_computer(
    folder: Path, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "out" / "backup.json"
    target.parent.mkdir()
    assert run("--data-dir", str(folder), "export", str(target)) == 0
    said = capsys.readouterr().out
    archive = tmp_path / "out" / "backup-photos.zip"
    assert f"2 kept photos went to {archive} beside it; keep the two files together." in said
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == [
            "prone-ir-left-1-20260301-065000.jpg",
            "prone-ir-right-1-20260301-065100.jpg",
        ]  # only the photos a reading names
    if os.name == "posix":
        assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # photos of legs: private

    other = tmp_path / "other"
    assert run("--data-dir", str(other), "import", str(target)) == 0
    said = capsys.readouterr().out
    assert f"Photos: 2 photos to bring from {archive}." in said
    for name in ("prone-ir-left-1-20260301-065000.jpg", "prone-ir-right-1-20260301-065100.jpg"):
        restored = other / PHOTOS_FOLDER / name
        assert restored.read_bytes() == (folder / PHOTOS_FOLDER / name).read_bytes()
        if os.name == "posix":
            assert stat.S_IMODE(restored.stat().st_mode) == 0o600
    if os.name == "posix":
        assert stat.S_IMODE((other / PHOTOS_FOLDER).stat().st_mode) == 0o700
    with Store.open(database_path(other)) as store:
        (check,) = store.checks()
        for trial in check.trials:
            assert trial.photo is not None and (other / PHOTOS_FOLDER / trial.photo).is_file()

    assert run("--data-dir", str(other), "import", str(target)) == 0  # again: nothing new
    assert "Photos: 2 photos already here." in capsys.readouterr().out


def test_without_the_photos_zip_the_readings_come_in_and_it_is_said(
    folder: Path, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "backup.json"
    assert run("--data-dir", str(folder), "export", str(target)) == 0
    archive_path(target).unlink()
    other = tmp_path / "other"
    assert run("--data-dir", str(other), "import", str(target)) == 0
    said = capsys.readouterr().out
    assert (
        "Photos: 2 photos missing (no backup-photos.zip beside the backup): those readings "
        "come in without their photo." in said
    )
    with Store.open(database_path(other)) as store:
        assert len(store.checks()) == 1
    assert not (other / PHOTOS_FOLDER).exists()


def test_a_photo_already_here_is_never_replaced(folder: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "backup.json"
    assert run("--data-dir", str(folder), "export", str(target)) == 0
    other = tmp_path / "other"
    (other / PHOTOS_FOLDER).mkdir(parents=True)
    mine = other / PHOTOS_FOLDER / "prone-ir-left-1-20260301-065000.jpg"
    mine.write_bytes(jpeg("yellow"))
    before = sha256(mine)
    assert run("--data-dir", str(other), "import", str(target)) == 0
    assert "1 photo to bring" in capsys.readouterr().out
    assert sha256(mine) == before
    assert (other / PHOTOS_FOLDER / "prone-ir-right-1-20260301-065100.jpg").is_file()


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda zip_path: zip_path.write_bytes(b"PK\x03\x04 cut short"), "cannot be read"),
        (
            lambda zip_path: _rewrite(zip_path, b"#!/bin/sh\necho not a photo\n"),
            "which is not a kept photo",
        ),
        (
            lambda zip_path: _rewrite(zip_path, b"\xff\xd8\xff" + bytes(MAX_PHOTO_BYTES)),
            "too large",
        ),
    ],
    ids=["not-a-zip", "not-a-jpeg", "too-large"],
)
def test_a_damaged_photos_zip_refuses_the_import_and_writes_nothing(
    folder: Path, tmp_path: Path, capsys, damage, words: str
) -> None:
    target = tmp_path / "backup.json"
    assert run("--data-dir", str(folder), "export", str(target)) == 0
    damage(archive_path(target))
    other = tmp_path / "other"
    capsys.readouterr()
    assert run("--data-dir", str(other), "import", str(target)) == 1
    error = capsys.readouterr().err
    assert words in error and "Move it elsewhere to import the backup without its photos" in error
    if database_path(other).exists():
        with Store.open(database_path(other)) as store:
            assert store.checks() == []
    photos = other / PHOTOS_FOLDER
    assert not photos.exists() or list(photos.iterdir()) == []


def _rewrite(zip_path: Path, second: bytes) -> None:
    """The zip with its first photo as exported and its second replaced by ``second``."""
    with zipfile.ZipFile(zip_path) as zipped:
        first_name, second_name = sorted(zipped.namelist())
        first = zipped.read(first_name)
    with zipfile.ZipFile(zip_path, "w") as zipped:
        zipped.writestr(first_name, first)
        zipped.writestr(second_name, second)


def test_photos_brought_by_an_import_that_then_fails_are_taken_back(
    folder: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    target = tmp_path / "backup.json"
    assert run("--data-dir", str(folder), "export", str(target)) == 0
    other = tmp_path / "other"

    def disk_full(db_path: Path, backup: object) -> None:
        raise DatabaseError("Inward could not save: the disk is full.", db_path)

    monkeypatch.setattr("app.db.transfer.backup_import.apply_import", disk_full)
    assert run("--data-dir", str(other), "import", str(target)) == 1
    assert "the disk is full" in capsys.readouterr().err
    assert list((other / PHOTOS_FOLDER).iterdir()) == []


def test_the_window_exports_photos_beside_its_backup(folder: Path, tmp_path: Path) -> None:
    from app.ui.data.transfer import export_to

    message = export_to(database_path(folder), tmp_path / "mine.json")
    assert "2 kept photos went to" in message
    assert len(zipfile.ZipFile(tmp_path / "mine-photos.zip").namelist()) == 2


def test_the_window_brings_the_photos_back_with_the_readings(
    folder: Path, tmp_path: Path, make_window, qtbot, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """History → Import… in the window (read off the GUI thread) restores the zip's photos."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    target = tmp_path / "out" / "backup.json"
    target.parent.mkdir()
    assert run("--data-dir", str(folder), "export", str(target)) == 0
    capsys.readouterr()
    names = ("prone-ir-left-1-20260301-065000.jpg", "prone-ir-right-1-20260301-065100.jpg")
    kept = {name: (folder / PHOTOS_FOLDER / name).read_bytes() for name in names}
    shutil.rmtree(folder)  # the window's data folder is the same path: start it empty
    window = make_window()
    qtbot.mouseClick(window.home.history_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(target), ""))
    qtbot.mouseClick(window.history.import_button, Qt.MouseButton.LeftButton)
    flow = window.transfer_box
    qtbot.waitUntil(lambda: flow.box is not None and flow.box.isVisible(), timeout=30_000)
    assert "2 photos to bring" in flow.box.text()
    qtbot.mouseClick(flow.box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.box.windowTitle() == "Imported", timeout=30_000)
    assert flow.box.text().startswith("Imported and 2 photos: ")
    photos = window.database_path.parent / PHOTOS_FOLDER
    assert {name: (photos / name).read_bytes() for name in names} == kept
