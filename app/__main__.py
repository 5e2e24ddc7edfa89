"""Command line: `inward [--data-dir PATH] [--self-test] [--start-session | --check]`, and for
scripts `inward [--data-dir PATH] export PATH`, `inward [--data-dir PATH] import PATH` and
`inward [--data-dir PATH] remind` (the reminders' timer runs it; see app/remind.py).

Parsing stays free of Qt and SQLAlchemy imports so `--help` is instant and start-up pays
only for what it uses. `export` and `import` never import Qt: they run without a display.
They exit 0 on success and 1 with a one-line reason on stderr otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

DATA_DIR_HELP = (
    "folder for Inward's data (default: the platform's user data folder; "
    "the INWARD_DATA_DIR environment variable also sets it)"
)


CUE_WORKER_FLAG = "--cue-worker"


class _OneLineParser(argparse.ArgumentParser):
    """A sub-command parser whose usage errors are one line, like the commands' own."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="inward",
        description="A guided routine and self-checks for hip internal rotation.",
    )
    parser.add_argument("--data-dir", metavar="PATH", help=DATA_DIR_HELP)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window, load content and data, print one line and exit",
    )
    opening = parser.add_mutually_exclusive_group()
    opening.add_argument(
        "--start-session",
        action="store_true",
        help="open straight into today's routine",
    )
    opening.add_argument(
        "--check",
        action="store_true",
        help="open straight into the self-check",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="{export,import,remind}", parser_class=_OneLineParser
    )
    export = commands.add_parser(
        "export",
        help="write all your data to PATH: a .json backup or a .zip of CSV tables",
        description="Write everything in the data file to PATH. A PATH ending in .json gets "
        "the full backup (it can be imported again); one ending in .zip gets one CSV file "
        "per table, for spreadsheets. See docs/data-format.md.",
    )
    export.add_argument("path", metavar="PATH", help="where to write (.json or .zip)")
    import_ = commands.add_parser(
        "import",
        help="add what a .json backup holds and the data file lacks",
        description="Check the backup, print what it would add, then add it in one go. "
        "Nothing already in the data file is changed, and importing the same backup twice "
        "adds nothing the second time.",
    )
    import_.add_argument("path", metavar="PATH", help="the .json backup to import")
    import_.add_argument(
        "--dry-run", action="store_true", help="print what would be added; write nothing"
    )
    remind = commands.add_parser(
        "remind",
        help="show a reminder if one is due now (the reminders' timer runs this)",
        description="Read the data file (without changing it), decide whether a reminder is "
        "due now by the choices in Settings, Reminders, show it as a desktop notification "
        "(or print it when there is none) and exit.",
    )
    remind.add_argument(
        "--now", metavar="TIME", help="pretend it is TIME (ISO 8601 with a zone), to try it out"
    )
    for sub in (export, import_, remind):
        # Also after the command (`inward export x.json --data-dir D`); SUPPRESS keeps an
        # earlier `inward --data-dir D export x.json` from being overwritten with None.
        sub.add_argument(
            "--data-dir", metavar="PATH", default=argparse.SUPPRESS, help=DATA_DIR_HELP
        )
    return parser.parse_args(argv)


def _say(stream: TextIO, text: str) -> None:
    """One line, even on a console that cannot show every character."""
    line = " ".join(str(text).split()) + "\n"
    try:
        stream.write(line)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(line.encode(encoding, "replace").decode(encoding))
    stream.flush()


def run_export(data_dir: Path, target: Path) -> str:
    """Export the data file in ``data_dir`` to ``target``; the line to print on success."""
    from app.core.formatting import plural
    from app.data_dir import PHOTOS_FOLDER, database_path
    from app.db.errors import DatabaseError
    from app.db.schema import ensure_current
    from app.db.transfer.backup_export import export_backup, write_json
    from app.db.transfer.backup_photos import export_photos
    from app.db.transfer.csv_export import export_csv

    suffix = target.suffix.lower()
    if suffix not in (".json", ".zip"):
        raise ValueError(
            f"{target} should end in .json (a full backup) or .zip (CSV tables), "
            f"not {suffix or 'nothing'}"
        )
    if not target.parent.is_dir():
        raise ValueError(f"the folder {target.parent} does not exist")
    db_path = database_path(data_dir)
    if not db_path.is_file():
        raise DatabaseError(f"There is no Inward data file at {db_path}, so nothing to export.")
    ensure_current(db_path)  # an older file is brought up to date, as opening Inward would
    if suffix == ".zip":
        counts = export_csv(db_path, target)
        tables = ", ".join(f"{table} {rows:,}" for table, rows in counts.items())
        return f"Exported {len(counts)} CSV tables to {target} (rows: {tables})."
    document = export_backup(db_path)
    write_json(document, target)
    photos = export_photos(document["checks"], data_dir / PHOTOS_FOLDER, target)
    sets = sum(len(session["sets"]) for session in document["sessions"])
    return (
        f"Exported {plural(len(document['sessions']), 'session')} ({plural(sets, 'set')}), "
        f"{plural(len(document['checks']), 'check')}, "
        f"{plural(len(document['settings']), 'setting')} and "
        f"{plural(len(document['exercise_choices']), 'exercise choice')} to {target}. "
        f"{photos.line()}"
    )


def run_import(data_dir: Path, source: Path, dry_run: bool, out: TextIO) -> str:
    """Check ``source``, print what it would add, then add it; the last line to print."""
    from app.data_dir import PHOTOS_FOLDER, database_path
    from app.db.regular_files import require_regular
    from app.db.transfer.backup_import import apply_import, summarize_import
    from app.db.transfer.backup_photos import plan_photos, remove_photos, restore_photos
    from app.db.transfer.backup_reader import read_backup_file

    require_regular(source, "a backup")  # a named pipe would keep it waiting for ever
    db_path = database_path(data_dir)
    photos_dir = data_dir / PHOTOS_FOLDER
    backup = read_backup_file(source)
    summary = summarize_import(db_path, backup)
    photos = plan_photos(backup, source, photos_dir)
    _say(out, f"{summary.line()} {photos.line()}")
    if dry_run:
        return "Dry run: nothing was written."
    if not summary.anything_new and not photos.to_add:
        return "Nothing was written."
    restored = restore_photos(photos, photos_dir)
    try:
        added = apply_import(db_path, backup) if summary.anything_new else summary
    except BaseException:
        remove_photos(restored)  # the import wrote nothing, so neither do its photos
        raise
    brought = f" and {len(restored):,} photos into {photos_dir}" if restored else ""
    what = added.new_text() if summary.anything_new else "no new data"
    return f"Imported into {db_path}{brought}: {what}."


def run_command(args: argparse.Namespace) -> int:
    from app.core.backup.format import BackupError
    from app.data_dir import resolve_data_dir
    from app.db.errors import DatabaseError

    try:
        data_dir = resolve_data_dir(args.data_dir)
        if args.command == "export":
            message = run_export(data_dir, Path(args.path))
        else:
            message = run_import(data_dir, Path(args.path), args.dry_run, sys.stdout)
    except (BackupError, DatabaseError, ValueError) as error:
        _say(sys.stderr, f"inward {args.command}: {error}")
        return 1
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        _say(sys.stderr, f"inward {args.command}: could not use{where}: {error.strerror or error}")
        return 1
    _say(sys.stdout, message)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments[:1] == [CUE_WORKER_FLAG]:  # the window's own cue processes, not for people
        from app.ui.player.cue_worker import run

        return run(arguments[1])
    args = parse_args(argv)
    if args.command == "remind":
        from app.data_dir import resolve_data_dir
        from app.remind import main as remind

        return remind(resolve_data_dir(args.data_dir), args.now)
    if args.command is not None:
        return run_command(args)
    from app.data_dir import resolve_data_dir
    from app.ui.shell.launch import launch

    return launch(
        data_dir=resolve_data_dir(args.data_dir),
        self_test=args.self_test,
        start_session=args.start_session,
        check=args.check,
    )


if __name__ == "__main__":
    sys.exit(main())
