"""Command line: `inward [--data-dir PATH] [--self-test] [--start-session]`.

Parsing stays free of Qt and SQLAlchemy imports so `--help` is instant and start-up pays
only for what it uses.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="inward",
        description="A guided routine and self-checks for hip internal rotation.",
    )
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        help="folder for Inward's data (default: the platform's user data folder; "
        "the INWARD_DATA_DIR environment variable also sets it)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window, load content and data, print one line and exit",
    )
    parser.add_argument(
        "--start-session",
        action="store_true",
        help="open straight into today's routine",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    from app.data_dir import resolve_data_dir
    from app.ui.launch import launch

    return launch(
        data_dir=resolve_data_dir(args.data_dir),
        self_test=args.self_test,
        start_session=args.start_session,
    )


if __name__ == "__main__":
    sys.exit(main())
