"""Check a built bundle (`make package` first; `make package-test` does both).

    python tools/package_test.py [BUNDLE_FOLDER]      # default: dist/inward

Runs the frozen app as a person's machine would, headless, and prints what it found:

1. `inward --self-test` against an empty data folder: it paints, loads the content and
   creates the database at the newest schema.
2. The same against tests/fixtures/schema_0001.sqlite3 copied in as the app's data file:
   the bundle migrates it with its own Alembic and migration scripts; afterwards
   alembic_version must be the head revision of app/db/migrations, no table may have
   lost rows and a backup of the old file must sit next to it.
3. `inward export` of that data (the command line, without Qt).
4. packaging/bundle_check.py inside the bundle: charts, photos, sound, speech, the
   report and the migrations load (the app imports those only on first use).
5. (Linux) packaging/linux/install.sh into a scratch folder, then the self-test again
   through the installed `bin/inward` link.
6. Leftovers and size: no Qt translations, QML or WebEngine; (Linux) no bundled library
   needs a Qt library the bundle lacks; the size in MB and the biggest items.

Exit 0 when everything passed. Sizes are in MB as `du -sm` counts them (MiB), like
DESIGN.md's goal: 200 MB is reported as met or not; only a bundle above
INWARD_BUNDLE_MAX_MB (default 250) fails, to catch something big creeping in.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "schema_0001.sqlite3"
MIGRATIONS = ROOT / "app" / "db" / "migrations"
DATABASE_NAME = "inward.sqlite3"  # app/data_dir.py
SIZE_GOAL_MB = 200
SIZE_AIM_MB = 150
RUN_TIMEOUT_S = 180

# Nothing of these may be in the bundle (lower-case path fragments).
UNWANTED = ("/translations/", "/qml/", "webengine", "qt63d", "qt6quick3d", "qtdesigner", "/tls/")


class Report:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def ok(self, what: str, detail: str = "") -> None:
        print(f"  ok    {what}{': ' + detail if detail else ''}", flush=True)

    def fail(self, what: str, detail: str) -> None:
        self.failures.append(what)
        print(f"  FAIL  {what}: {detail}", flush=True)

    def note(self, text: str) -> None:
        print(f"        {text}", flush=True)


def executable(bundle: Path) -> Path:
    if sys.platform == "win32":
        return bundle / "inward.exe"
    app = bundle.parent / "Inward.app" / "Contents" / "MacOS" / "inward"
    return app if sys.platform == "darwin" and app.exists() else bundle / "inward"


def head_revision() -> str:
    """The head of app/db/migrations, as Alembic itself finds it in the source tree."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory(str(MIGRATIONS)).get_heads()
    if len(heads) != 1:
        raise SystemExit(f"app/db/migrations has {len(heads)} heads: {heads}")
    return heads[0]


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("INWARD_", "QT_", "PYTHON")) and key not in ("DISPLAY",)
    }
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
    )
    env.update(extra)
    return env


def run(command: list[str], env: dict[str, str]) -> tuple[int, str, str, float]:
    start = time.monotonic()
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return -1, "", f"timed out after {RUN_TIMEOUT_S} s", time.monotonic() - start
    return done.returncode, done.stdout, done.stderr, time.monotonic() - start


def tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def table_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        names = [
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not row[0].startswith("sqlite_")
        ]
        return {
            name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names
        }


def alembic_version(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")]


def self_test(report: Report, exe: Path, home: Path, data: Path, what: str) -> bool:
    code, out, err, seconds = run(
        [str(exe), "--self-test", "--data-dir", str(data)], clean_env(home)
    )
    line = out.strip().splitlines()[-1] if out.strip() else ""
    if code != 0 or "self-test ok" not in line:
        report.fail(what, f"exit {code} after {seconds:.1f} s\n{tail(out)}\n{tail(err)}")
        return False
    report.ok(what, f"exit 0 in {seconds:.1f} s: {line}")
    return True


def check_empty_folder(report: Report, exe: Path, work: Path, head: str) -> None:
    data = work / "empty" / "data"  # not there yet: the app creates it
    if not self_test(report, exe, work / "home-empty", data, "self-test, empty data folder"):
        return
    database = data / DATABASE_NAME
    if not database.is_file():
        report.fail("new database", f"{database} was not created")
        return
    versions = alembic_version(database)
    if versions == [head]:
        report.ok("new database", f"alembic_version {versions[0]} (head {head})")
    else:
        report.fail("new database", f"alembic_version {versions}, head is {head}")


def check_fixture(report: Report, exe: Path, work: Path, head: str) -> Path | None:
    data = work / "fixture"
    data.mkdir()
    database = data / DATABASE_NAME
    shutil.copyfile(FIXTURE, database)
    before = table_counts(database)
    old = alembic_version(database)
    what = f"self-test, {FIXTURE.name} (schema {old[0]}) as {DATABASE_NAME}"
    if not self_test(report, exe, work / "home-fixture", data, what):
        return None
    versions = alembic_version(database)
    if versions != [head]:
        report.fail("migrated inside the bundle", f"alembic_version {versions}, head is {head}")
        return None
    after = table_counts(database)
    lost = {
        table: (count, after.get(table))
        for table, count in before.items()
        if table != "alembic_version" and after.get(table, -1) < count
    }
    if lost:
        report.fail("migrated inside the bundle", f"rows lost (before, after): {lost}")
        return None
    kept = ", ".join(f"{t} {c}" for t, c in before.items() if t != "alembic_version")
    report.ok("migrated inside the bundle", f"{old[0]} -> {versions[0]} (head); rows kept: {kept}")
    backups = sorted(path.name for path in data.glob("inward-backup-*.sqlite3"))
    if backups:
        report.ok("backup before migrating", ", ".join(backups))
    else:
        report.fail("backup before migrating", f"no inward-backup-*.sqlite3 in {data}")
    return data


def check_export(report: Report, exe: Path, work: Path, data: Path) -> None:
    target = work / "export.json"
    command = [str(exe), "--data-dir", str(data), "export", str(target)]
    code, out, err, seconds = run(command, clean_env(work / "home-export"))
    if code == 0 and target.is_file():
        report.ok("inward export", f"{seconds:.1f} s: {out.strip()}")
    else:
        report.fail("inward export", f"exit {code}\n{tail(out)}\n{tail(err)}")


def check_late_imports(report: Report, exe: Path, work: Path) -> None:
    env = clean_env(work / "home-check", INWARD_BUNDLE_CHECK="1")
    code, out, err, seconds = run([str(exe)], env)
    lines = [line for line in out.splitlines() if line.startswith(("ok", "FAIL", "bundle"))]
    if code == 0:
        report.ok("late imports (packaging/bundle_check.py)", f"{seconds:.1f} s")
    else:
        report.fail("late imports (packaging/bundle_check.py)", f"exit {code}\n{tail(err, 8)}")
    for line in lines:
        report.note(line)


def check_cue_workers(report: Report, exe: Path, work: Path) -> None:
    """The bundle runs its own sound and voice workers; with PulseAudio here, sound opens."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tools.cue_recording import NullSink, pulse_tools_present

    sink = NullSink() if pulse_tools_present() else None
    try:
        for role in ("sound", "voice"):
            env = clean_env(work / f"home-{role}", INWARD_SPEECH_ENGINES="")
            env.update(sink.env if sink is not None else {})
            command = [str(exe), "--cue-worker", role]
            try:
                done = subprocess.run(
                    command,
                    env=env,
                    input='{"op": "quit"}\n',
                    capture_output=True,
                    text=True,
                    timeout=RUN_TIMEOUT_S,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                report.fail(f"{role} worker", f"did not quit within {RUN_TIMEOUT_S} s")
                continue
            replies = [
                json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")
            ]
            state = next((r for r in replies if r.get("ev") == role), None)
            wanted_ok = role == "sound" and sink is not None
            if done.returncode != 0 or state is None or (wanted_ok and not state.get("ok")):
                report.fail(
                    f"{role} worker", f"exit {done.returncode}: {replies}\n{tail(done.stderr)}"
                )
            else:
                report.ok(f"{role} worker", json.dumps(state))
    finally:
        if sink is not None:
            sink.close()


def check_linux_install(report: Report, bundle: Path, work: Path) -> None:
    """packaging/linux/install.sh into a scratch prefix; the linked `inward` must start."""
    prefix = work / "prefix"
    script = ROOT / "packaging" / "linux" / "install.sh"
    command = ["sh", str(script), "--prefix", str(prefix), "--bundle", str(bundle)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        report.fail("linux install.sh", f"exit {done.returncode}\n{tail(done.stderr)}")
        return
    expected = [
        prefix / "share" / "applications" / "inward.desktop",
        prefix / "share" / "metainfo" / "org.inward.Inward.metainfo.xml",
        prefix / "share" / "icons" / "hicolor" / "256x256" / "apps" / "inward.png",
    ]
    absent = [str(path.relative_to(prefix)) for path in expected if not path.is_file()]
    if absent:
        report.fail("linux install.sh", f"not installed: {absent}")
        return
    entry = expected[0].read_text(encoding="utf-8")
    program = prefix / "bin" / "inward"
    if f"\nExec={program}\n" not in entry or f"\nExec={program} --start-session" not in entry:
        report.fail("linux install.sh", f"the menu entry does not run {program} by its path")
        return
    linked = prefix / "bin" / "inward"
    if self_test(
        report, linked, work / "home-installed", work / "installed", "installed, via bin/"
    ):
        report.ok(
            "linux install.sh", f"bundle, menu entry, metainfo and icons under {prefix.name}/"
        )


def files_in(bundle: Path) -> list[Path]:
    return [path for path in bundle.rglob("*") if path.is_file() and not path.is_symlink()]


def check_leftovers(report: Report, bundle: Path) -> None:
    unwanted = [
        str(path.relative_to(bundle))
        for path in files_in(bundle)
        if any(part in path.as_posix().lower() for part in UNWANTED)
    ]
    if unwanted:
        report.fail("nothing left out came back", f"{len(unwanted)} files, e.g. {unwanted[:5]}")
    else:
        report.ok("nothing left out came back", "no Qt translations, QML, WebEngine, 3D, TLS")
    if not sys.platform.startswith("linux") or shutil.which("ldd") is None:
        return
    missing: dict[str, set[str]] = {}
    for path in files_in(bundle):
        if ".so" not in path.name:
            continue
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False)
        for line in result.stdout.splitlines():
            if "not found" in line:
                missing.setdefault(line.split("=>")[0].strip(), set()).add(path.name)
    qt_missing = {lib: users for lib, users in missing.items() if lib.startswith("libQt6")}
    if qt_missing:
        report.fail("bundled libraries complete", f"Qt libraries missing: {qt_missing}")
    else:
        report.ok("bundled libraries complete", "every Qt library a bundled file links is there")
    if missing:
        report.note(
            "from the system, absent here (fine headless; desktops have them): "
            + ", ".join(sorted(missing))
        )


def size_report(report: Report, bundle: Path) -> None:
    files = files_in(bundle)
    total = sum(path.stat().st_size for path in files)
    mib = total / 2**20  # what `du -sm` says, the unit of DESIGN.md's goal and 670 MB floor
    limit = float(os.environ.get("INWARD_BUNDLE_MAX_MB", "250"))
    goal = "met" if mib <= SIZE_GOAL_MB else "NOT met"
    aim = "met" if mib <= SIZE_AIM_MB else "not met"
    detail = (
        f"{mib:.0f} MB as du counts ({total / 1e6:.0f} million bytes) in {len(files)} files; "
        f"goal <= {SIZE_GOAL_MB} MB {goal}, aim {SIZE_AIM_MB} MB {aim}"
    )
    if mib > limit:
        report.fail("bundle size", f"{detail}; above the {limit:.0f} MB ceiling")
    else:
        report.ok("bundle size", detail)
    groups: dict[str, int] = {}
    internal = bundle / "_internal"
    for path in files:
        relative = path.relative_to(internal if internal in path.parents else bundle)
        key = "/".join(relative.parts[:3] if relative.parts[0] == "PySide6" else relative.parts[:1])
        groups[key] = groups.get(key, 0) + path.stat().st_size
    report.note("biggest items:")
    for name, size in sorted(groups.items(), key=lambda item: -item[1])[:12]:
        report.note(f"  {size / 2**20:6.1f} MB  {name}")
    report.note("biggest files:")
    for path in sorted(files, key=lambda p: -p.stat().st_size)[:10]:
        report.note(f"  {path.stat().st_size / 2**20:6.1f} MB  {path.relative_to(bundle)}")


def main(argv: list[str]) -> int:
    bundle = Path(argv[0]) if argv else ROOT / "dist" / "inward"
    exe = executable(bundle)
    if not exe.is_file():
        print(f"No bundle at {exe}: run `make package` first.", file=sys.stderr)
        return 1
    head = head_revision()
    print(f"Testing {exe} (migrations head {head})", flush=True)
    report = Report()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="inward-package-test-") as folder:
        work = Path(folder)
        check_empty_folder(report, exe, work, head)
        data = check_fixture(report, exe, work, head)
        if data is not None:
            check_export(report, exe, work, data)
        check_late_imports(report, exe, work)
        check_cue_workers(report, exe, work)
        if sys.platform.startswith("linux"):
            check_linux_install(report, bundle, work)
    check_leftovers(report, bundle)
    size_report(report, bundle)
    seconds = time.monotonic() - started
    if report.failures:
        print(f"package test FAILED ({', '.join(report.failures)}) in {seconds:.0f} s")
        return 1
    print(f"package test passed in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
