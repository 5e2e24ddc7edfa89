"""The layers stay apart: core is pure Python, db knows nothing of Qt or the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

FORBIDDEN = {
    "core": ("PySide6", "shiboken6", "sqlalchemy", "alembic", "app.ui", "app.db"),
    "db": ("PySide6", "shiboken6", "app.ui"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            # Relative imports would hide a module from this check: the app uses none.
            names.add("." * node.level + (node.module or ""))
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    files = sorted((APP / layer).rglob("*.py"))
    assert files, f"no files found in app/{layer}"
    offences = [
        f"{path.relative_to(APP.parent)} imports {name}"
        for path in files
        for name in imported_modules(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer])
    ]
    assert offences == []


def test_app_uses_no_relative_imports() -> None:
    relative = [
        f"{path.relative_to(APP.parent)}: {name}"
        for path in sorted(APP.rglob("*.py"))
        for name in imported_modules(path)
        if name.startswith(".")
    ]
    assert relative == []


def test_the_scanner_sees_nested_imports(tmp_path: Path) -> None:
    """Guard the guard: an import inside a function still counts."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QTimer\n", encoding="utf-8")
    assert "PySide6.QtCore" in imported_modules(sample)
