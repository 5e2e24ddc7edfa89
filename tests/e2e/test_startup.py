"""The command line as a desktop or a script uses it: self-test, data folder, bad files."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.data_dir import ENV_VAR, database_path, resolve_data_dir

ROOT = Path(__file__).resolve().parents[2]


def inward(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=environment,
        check=False,
    )


def test_self_test_creates_the_database_and_says_ok(tmp_path: Path) -> None:
    result = inward("--self-test", "--data-dir", str(tmp_path / "d"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("inward self-test ok: window painted, 28 exercises")
    assert database_path(tmp_path / "d").exists()


def test_data_folder_comes_from_the_environment(tmp_path: Path) -> None:
    result = inward("--self-test", env={ENV_VAR: str(tmp_path / "env")})
    assert result.returncode == 0, result.stderr
    assert database_path(tmp_path / "env").exists()


def test_argument_beats_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert resolve_data_dir(str(tmp_path / "arg")) == tmp_path / "arg"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv(ENV_VAR)
    assert "Inward" in str(resolve_data_dir(None))


def test_a_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    assert inward("--self-test", "--data-dir", str(folder)).returncode == 0
    path = database_path(folder)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = inward("--self-test", "--data-dir", str(folder))
    assert result.returncode == 1
    assert "newer version of Inward" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_a_malformed_content_file_is_named(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    text = (ROOT / "app" / "content" / "exercises.toml").read_text(encoding="utf-8")
    broken = text.replace('kind = "hold"', 'kind = "hover"', 1)
    (content / "exercises.toml").write_text(broken, encoding="utf-8")
    result = inward(
        "--self-test", "--data-dir", str(tmp_path / "d"), env={"INWARD_CONTENT_DIR": str(content)}
    )
    assert result.returncode == 1
    assert "exercises.toml" in result.stderr
    assert "release-deep-glutes" in result.stderr and "dose.kind" in result.stderr


def test_first_schema_fixture_opens_through_the_app(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    folder.mkdir()
    shutil.copy(ROOT / "tests" / "fixtures" / "schema_0001.sqlite3", database_path(folder))
    result = inward("--self-test", "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr


def test_start_session_action_opens_the_player(make_window) -> None:
    window = make_window()
    window.start_todays_session()
    assert window.pages.currentWidget() is window.player_page
    assert window.player_page.banner_label.text() == "GET READY"


NOT_UTF8 = os.fsdecode(b"caf\xe9-latin1")  # a folder name written on an old Latin-1 system


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes; Windows' are text")
def test_a_data_folder_whose_name_is_not_utf8_is_refused_plainly(tmp_path: Path) -> None:
    folder = os.path.join(str(tmp_path), NOT_UTF8)
    for args, env in (
        (("--self-test", "--data-dir", folder), None),
        (("--self-test",), {ENV_VAR: folder}),
    ):
        result = inward(*args, env=env)
        assert result.returncode == 1, (result.returncode, result.stderr)  # before: -11, SIGSEGV
        assert "not valid UTF-8" in result.stderr and "caf\ufffd-latin1" in result.stderr
        assert not os.path.exists(folder)  # nothing made under a name it cannot show


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes; Windows' are text")
def test_the_window_says_why_it_cannot_use_such_a_folder(
    qapp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from app.ui.shell import launch

    told: list[tuple[str, str]] = []
    monkeypatch.setattr(launch, "tell", lambda title, text: told.append((title, text)))
    assert launch.launch(Path(tmp_path) / NOT_UTF8) == 2
    ((title, text),) = told
    assert title == "Inward cannot use this data folder"
    assert "not valid UTF-8" in text and "--data-dir" in text


def test_the_window_paints_before_the_plan_and_the_content_are_loaded(tmp_path: Path) -> None:
    """The first paint shows an empty window at once; content, checks and the plan engine
    are the work between paint and usable. One top-level import of the plan (a change
    handler's) once pulled all of it in before the paint: 28 ms later on a 2-core machine."""
    script = (
        "import sys\n"
        "from app.ui.shell import main_window\n"
        "class Probe(main_window.MainWindow):\n"
        "    def __init__(self, *args, **kwargs):\n"
        "        super().__init__(*args, **kwargs)\n"
        "        self.first_painted.connect(self.note)\n"
        "    def note(self):\n"
        "        early = ('app.core.plan.engine', 'app.core.checks.types',\n"
        "                 'app.core.content.exercises', 'tomllib')\n"
        "        print('early', [name for name in early if name in sys.modules], flush=True)\n"
        "main_window.MainWindow = Probe\n"
        "from app.__main__ import main\n"
        f"sys.exit(main(['--self-test', '--data-dir', {str(tmp_path)!r}]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "early []" in result.stdout.splitlines()
