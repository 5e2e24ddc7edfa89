"""app/db stays below the UI: no PySide6, nothing from app.ui (see DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import app.db

FORBIDDEN = ("PySide6", "app.ui", "shiboken6")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_app_db_imports_no_ui() -> None:
    package = Path(app.db.__file__).parent
    files = sorted(package.rglob("*.py"))
    assert files
    for path in files:
        for name in imported_modules(path):
            assert not name.startswith(FORBIDDEN), f"{path} imports {name}"
