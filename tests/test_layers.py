"""The layers stay apart (core is pure Python, db knows nothing of Qt or the UI), and each
package imports only what its own ``__init__`` says it may."""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "app"

FORBIDDEN = {
    "core": ("PySide6", "shiboken6", "sqlalchemy", "alembic", "app.ui", "app.db"),
    "db": ("PySide6", "shiboken6", "app.ui"),
}


def imported_modules(path: Path, *, typing_only: bool = True) -> set[str]:
    """Every module the file imports; without ``typing_only``, those under TYPE_CHECKING go."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if not typing_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(id(inner) for inner in ast.walk(node))
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
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


# -- packages ---------------------------------------------------------------------------
# Each package under app/core and app/ui says, in its __init__ docstring, what lives there and
# "May import: ..." the other parts of the app it uses. "app.core" there means core's shared
# modules (the files directly in app/core), not every core package. Imports made only for type
# hints (under TYPE_CHECKING) are left out: they never run.

PACKAGES = sorted(
    path.parent
    for layer in ("core", "ui")
    for path in (APP / layer).rglob("__init__.py")
    if "__pycache__" not in path.parts
)
MAY_IMPORT = re.compile(r"May import: (?P<names>.*?)\.\s*$", re.S)


def dotted(path: Path, root: Path = APP) -> str:
    return ".".join(path.relative_to(root.parent).with_suffix("").parts)


def unit_of(module: str, root: Path = APP) -> str | None:
    """The package (or the top-level module) a module belongs to, as the rules name it."""
    parts = module.split(".")
    if parts[0] != "app" or len(parts) < 2:
        return None
    depth = 2
    while depth < len(parts) and (root.parent.joinpath(*parts[: depth + 1])).is_dir():
        depth += 1
    return ".".join(parts[:depth])


def allowed(package: Path) -> set[str]:
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    match = MAY_IMPORT.search(doc or "")
    assert match, f"{dotted(package)}: its docstring does not say what it may import"
    names = " ".join(match["names"].split())
    return set() if names == "nothing else in app" else set(names.split(", "))


def offences(package: Path, root: Path = APP) -> list[str]:
    own = dotted(package, root)
    may = allowed(package)
    found = []
    for path in sorted(package.glob("*.py")):
        for name in imported_modules(path, typing_only=False):
            unit = unit_of(name, root)
            if unit and unit != own and unit not in may:
                found.append(f"{path.relative_to(root.parent)} imports {name}")
    return found


@pytest.mark.parametrize("package", PACKAGES, ids=dotted)
def test_each_package_says_what_lives_there_in_two_paragraphs(package: Path) -> None:
    doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
    assert doc, f"{dotted(package)} has no docstring"
    what, may = doc.split("\n\n")
    assert len(what) > 30 and may.startswith("May import: ")
    code = ast.parse((package / "__init__.py").read_text(encoding="utf-8")).body[1:]
    assert code == [], "a package's __init__ holds only its docstring, so importing it is free"


@pytest.mark.parametrize("package", PACKAGES, ids=dotted)
def test_each_package_imports_only_what_it_says_it_may(package: Path) -> None:
    assert offences(package) == []


def test_the_package_rules_have_no_cycle() -> None:
    graph = {dotted(package): allowed(package) - {dotted(package)} for package in PACKAGES}
    try:
        order = list(TopologicalSorter(graph).static_order())
    except CycleError as error:  # pragma: no cover - the assertion below says which
        pytest.fail(f"the packages' rules go round in a circle: {error.args[1]}")
    assert order.index("app.core.content") < order.index("app.core.plan")


def test_the_package_check_sees_an_import_it_was_not_told_of(tmp_path: Path) -> None:
    """Guard the guard: a core package reaching into a package it did not list is caught."""
    app = tmp_path / "app"
    (app / "core" / "plan").mkdir(parents=True)
    (app / "core" / "history").mkdir()
    (app / "core" / "plan" / "__init__.py").write_text(
        '"""Plan.\n\nMay import: app.core.content.\n"""\n', encoding="utf-8"
    )
    (app / "core" / "plan" / "engine.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "from app.core.content.exercises import Exercise\n"
        "if TYPE_CHECKING:\n    from app.core.checks.types import CheckRecord\n"
        "def f():\n    from app.core.history.view import Span\n",
        encoding="utf-8",
    )
    (app / "core" / "content").mkdir()
    (app / "core" / "checks").mkdir()
    assert offences(app / "core" / "plan", root=app) == [
        "app/core/plan/engine.py imports app.core.history.view"
    ]
