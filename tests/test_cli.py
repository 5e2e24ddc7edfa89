"""`inward export PATH` and `inward import PATH`: exit codes, one-line messages, no Qt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.__main__ import main, parse_args
from app.data_dir import ENV_VAR, database_path
from app.db.store import Store
from app.db.transfer.csv_export import CSV_TABLES
from tests.core.backup.test_backup_format import valid
from tests.db.conftest import make_check, make_set, sha256, utc

ROOT = Path(__file__).resolve().parents[1]


def inward(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The command as a script runs it, without a display (no QT_QPA_PLATFORM, no DISPLAY)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", ENV_VAR)
    }
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**environment, **(env or {})},
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A data folder with two sessions, a check and a setting."""
    data = tmp_path / "data"
    with Store.open(database_path(data)) as store:
        for day in (1, 2):
            session_id = store.start_session({"items": []}, utc(2026, 3, day, 7))
            store.record_set(session_id, make_set(utc(2026, 3, day, 7, 1)))
            store.finish_session(session_id, utc(2026, 3, day, 7, 30))
        store.add_check(make_check(utc(2026, 3, 1, 6, 50)))
        store.set_setting("preferences", {"volume": 40})
    return data


def one_line(text: str) -> str:
    lines = text.splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_export_json_then_import_into_a_new_folder(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup.json"
    result = inward("--data-dir", str(folder), "export", str(target))
    assert result.returncode == 0, result.stderr
    assert one_line(result.stdout) == (
        f"Exported 2 sessions (2 sets), 1 check, 1 setting and 0 exercise choices to {target}."
    )
    assert result.stderr == ""
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "inward-backup"

    other = tmp_path / "other"
    result = inward("import", str(target), "--data-dir", str(other))  # --data-dir after
    assert result.returncode == 0, result.stderr
    first, last = result.stdout.splitlines()
    assert first.startswith("To add: 2 sessions, 2 sets, 0 check-ins, 1 check (2 readings)")
    assert last == (
        f"Imported into {database_path(other)}: 2 sessions, 2 sets, 0 check-ins, "
        "1 check (2 readings), 1 setting, 0 exercise choices."
    )
    with Store.open(database_path(other)) as store:
        assert store.get_setting("preferences", None) == {"volume": 40}
        assert len(store.checks()) == 1

    digest = sha256(database_path(other))
    result = inward("import", str(target), "--data-dir", str(other))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Nothing new to import: all of it is already here (2 sessions, 2 sets, 0 check-ins, "
        "1 check, 1 setting, 0 exercise choices).",
        "Nothing was written.",
    ]
    assert sha256(database_path(other)) == digest


def test_export_zip_writes_the_csv_tables(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "tables.ZIP"
    result = inward("export", str(target), env={ENV_VAR: str(folder)})  # folder from the env
    assert result.returncode == 0, result.stderr
    assert one_line(result.stdout).startswith(f"Exported 7 CSV tables to {target} (rows: ")
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == [f"{table}.csv" for table in CSV_TABLES]


def test_a_dry_run_writes_nothing(folder: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps(valid()), encoding="utf-8")
    digest = sha256(database_path(folder))
    result = inward("--data-dir", str(folder), "import", "--dry-run", str(backup))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Dry run: nothing was written."
    assert sha256(database_path(folder)) == digest


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "inward-backup", "vers', "it ends too soon, so it may have been cut short"),
        (json.dumps({**valid(), "version": 9}), "format version 9, from a newer Inward"),
        (json.dumps({**valid(), "sessions": [{"id": -1}]}), "sessions[0].id: must be a whole"),
        ("[1, 2]", "a backup must be a JSON object"),
    ],
)
def test_a_bad_backup_exits_1_with_one_line_and_the_data_untouched(
    folder: Path, tmp_path: Path, content: str, message: str
) -> None:
    backup = tmp_path / "b.json"
    backup.write_text(content, encoding="utf-8")
    digest = sha256(database_path(folder))
    result = inward("import", str(backup), "--data-dir", str(folder))
    assert result.returncode == 1
    assert result.stdout == ""
    line = one_line(result.stderr)
    assert line.startswith("inward import: ") and message in line
    assert sha256(database_path(folder)) == digest


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("export", "{tmp}/out.txt"), "should end in .json (a full backup) or .zip (CSV tables)"),
        (("export", "{tmp}/missing/out.json"), "the folder {tmp}/missing does not exist"),
        (("--data-dir", "{tmp}/empty", "export", "{tmp}/o.json"), "There is no Inward data file"),
        (("import", "{tmp}/nothing.json"), "there is no file {tmp}/nothing.json"),
    ],
)
def test_command_failures_exit_1_with_one_line(
    folder: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    filled = [arg.format(tmp=tmp_path) for arg in args]
    if "--data-dir" not in filled:
        filled = ["--data-dir", str(folder), *filled]
    result = inward(*filled)
    assert result.returncode == 1
    assert message.format(tmp=tmp_path) in one_line(result.stderr)
    assert not (tmp_path / "empty").exists()


def test_a_usage_mistake_exits_2_with_one_line() -> None:
    result = inward("import")
    assert result.returncode == 2
    assert one_line(result.stderr) == (
        "inward import: the following arguments are required: PATH (see inward import --help)"
    )


def test_export_and_import_never_load_qt(folder: Path, tmp_path: Path) -> None:
    runs = [
        ["--data-dir", str(folder), "export", str(tmp_path / "b.json")],
        ["--data-dir", str(folder), "export", str(tmp_path / "b.zip")],
        ["--data-dir", str(tmp_path / "n"), "import", str(tmp_path / "b.json")],
    ]
    script = (
        "import sys\n"
        "from app.__main__ import main\n"
        f"for argv in {runs!r}:\n"
        "    assert main(argv) == 0, argv\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "assert not loaded, loaded\n"
        "print('no qt')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "no qt"


def test_the_window_options_parse_as_before() -> None:
    args = parse_args(["--data-dir", "x", "--self-test", "--start-session"])
    assert (args.command, args.data_dir, args.self_test, args.start_session) == (
        None,
        "x",
        True,
        True,
    )
    assert parse_args([]).command is None
    assert parse_args(["--data-dir", "d", "export", "o.json"]).data_dir == "d"
    assert parse_args(["export", "o.json", "--data-dir", "e"]).data_dir == "e"
    assert parse_args(["import", "--dry-run", "b.json"]).dry_run


def test_main_in_process_reports_on_stderr(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "b.json"
    backup.write_text(json.dumps({**valid(), "checks": "many"}), encoding="utf-8")
    assert main(["--data-dir", str(folder), "import", str(backup)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert one_line(captured.err) == (
        "inward import: checks: must be a list [...], got the text 'many'"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_given_as_a_backup_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "backup.json"
    os.mkfifo(pipe)
    result = inward("--data-dir", str(tmp_path / "d"), "import", str(pipe))  # before: hung
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        f"inward import: {pipe} is a named pipe, not a file; Inward reads a backup only from "
        "an ordinary file."
    )
    assert not (tmp_path / "d").exists()
