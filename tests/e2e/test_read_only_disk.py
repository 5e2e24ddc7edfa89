"""A data folder on a read-only file system: a real tmpfs, remounted read-only, which stops
root too (so this runs in the root run; mounting needs root, so it is skipped without)."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.data_dir import database_path
from app.db.store import Store
from app.ui.data.transfer import export_to
from tests.db.conftest import make_check, utc


def mount(*arguments: str) -> None:
    subprocess.run(["mount", *arguments], check=True, capture_output=True)


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """The window's data folder (this overrides tests/conftest.py's): on a tmpfs that holds
    one check and is then remounted read-only."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a file system needs root (make permission-test covers folders)")
    disk = tmp_path / "disk"
    disk.mkdir()
    mount("-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk))
    try:
        with Store.open(database_path(disk / "Inward")) as store:
            store.add_check(make_check(utc(2026, 11, 1, 8)))
        mount("-o", "remount,ro", str(disk))
        yield disk / "Inward"
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False, capture_output=True)


def test_a_read_only_disk_opens_read_only_and_says_why_it_cannot_save(
    make_window, qtbot, tmp_path: Path
) -> None:
    window = make_window()
    assert window.read_only is not None and "the disk holding your data folder" in window.read_only

    export_to(window.database_path, tmp_path / "out.json")
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["checks"]) == 1

    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.home  # no session that could not be kept
    assert window.warning_box.text() == window.read_only
