"""The layer rule of DESIGN.md section 3, read from each module's imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "marac_desktop"
SHARED = {"marac_desktop", "marac_desktop.errors", "marac_desktop.paths"}

# layer -> project packages it may import (besides SHARED and itself)
ALLOWED = {
    "domain": set(),
    "risk": {"domain"},
    "matching": {"domain"},
    "storage": {"domain", "risk", "matching"},
    "reports": {"domain", "risk", "matching"},
    "services": {"domain", "risk", "matching", "storage", "reports", "logging_setup"},
    "ui": {"domain", "risk", "matching", "services", "logging_setup"},
    "cli": {"domain", "risk", "matching", "services", "logging_setup", "ui"},
}
FORBIDDEN_THIRD_PARTY = {
    "domain": {"PySide6", "sqlalchemy", "alembic", "reportlab", "sqlcipher3"},
    "risk": {"PySide6", "sqlalchemy", "alembic", "reportlab", "sqlcipher3"},
    "matching": {"PySide6", "sqlalchemy", "alembic", "reportlab", "sqlcipher3"},
    "storage": {"PySide6", "reportlab"},
    "reports": {"PySide6", "sqlalchemy", "sqlcipher3"},
    "services": {"PySide6"},
    "ui": {"sqlalchemy", "alembic", "sqlcipher3"},
    "cli": {"PySide6", "sqlalchemy"},
}


def _layer(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) in ALLOWED)


def test_every_layer_is_checked() -> None:
    assert {_layer(p) for p in MODULES} >= {"domain", "storage", "services", "ui", "cli"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_respects_the_layer_rule(path: Path) -> None:
    layer = _layer(path)
    for name in _imports(path):
        top = name.split(".")[0]
        assert top not in FORBIDDEN_THIRD_PARTY[layer], f"{layer} may not import {name}"
        if top == "marac_desktop" and name not in SHARED:
            target = name.split(".")[1]
            assert target == layer or target in ALLOWED[layer], f"{layer} may not import {name}"


def test_qt_only_in_ui() -> None:
    for path in PACKAGE.rglob("*.py"):
        if _layer(path) != "ui":
            assert not any(n.split(".")[0] == "PySide6" for n in _imports(path)), path
