"""Files appear whole or not at all, with the mode their content asks for."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from app.db.atomic_files import SHARED_FILE, atomic_write, write_atomically

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


@pytest.fixture
def umask():
    """Set the umask for one test and give the old one back."""
    old = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_health_data_is_owner_only_even_with_an_open_umask(tmp_path: Path, umask) -> None:
    umask(0)
    target = tmp_path / "export.json"
    write_atomically(target, "{}")
    assert target.read_text("utf-8") == "{}"
    assert mode(target) == 0o600


@posix_only
def test_a_file_for_the_system_gets_what_the_umask_allows(tmp_path: Path, umask) -> None:
    umask(0o022)
    target = tmp_path / "inward.timer"
    write_atomically(target, b"[Timer]\n", SHARED_FILE)
    assert mode(target) == 0o644


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(target) as out:
        out.write(b"half of the new")
        raise RuntimeError("the writer stopped")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_a_failed_rename_names_the_chosen_file_not_the_hidden_one(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    (target / "inside").mkdir(parents=True)  # a folder where the file should go
    with pytest.raises(OSError) as caught:
        write_atomically(target, "text")
    assert caught.value.filename == str(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_a_missing_folder_is_said_with_the_file_name(tmp_path: Path) -> None:
    target = tmp_path / "gone" / "backup.json"
    with pytest.raises(FileNotFoundError) as caught:
        write_atomically(target, "{}")
    assert caught.value.filename == str(target)
