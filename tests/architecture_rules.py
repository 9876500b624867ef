"""The layer rule (docs/architecture.md, "Layers"), read from each module's source.

Each check takes one parsed module and returns its problems, one sentence each, so the same
code checks the real tree (tests/test_architecture.py) and small planted sources that break
each rule (tests/test_architecture_checker.py).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = "marac_desktop"
PACKAGE = Path(__file__).resolve().parents[1] / ROOT

BASE = {"__init__", "errors", "paths"}
"""Top-level modules every layer may import; they import nothing of the project."""

ALLOWED: dict[str, set[str]] = {
    "__init__": set(),
    "errors": set(),
    "paths": set(),
    "domain": set(),
    "risk": {"domain"},
    "matching": {"domain"},
    "storage": {"domain", "risk", "matching"},
    "reports": {"domain", "risk", "matching"},
    "logging_setup": {"storage"},  # writes its files owner-only with storage.atomic
    "services": {"domain", "risk", "matching", "storage", "reports", "logging_setup"},
    "ui": {"domain", "risk", "matching", "services", "logging_setup"},
    "cli": {"domain", "risk", "matching", "services", "logging_setup", "ui"},
    "__main__": {"cli"},
}
"""Layer -> the layers it may import besides itself and BASE. A subpackage is a layer, and so
is each top-level module."""

_NO_FRAMEWORKS = {"PySide6", "sqlalchemy", "alembic", "reportlab", "sqlcipher3"}
FORBIDDEN_THIRD_PARTY: dict[str, set[str]] = {
    "__init__": _NO_FRAMEWORKS,
    "errors": _NO_FRAMEWORKS,
    "paths": _NO_FRAMEWORKS,
    "logging_setup": _NO_FRAMEWORKS,
    "domain": _NO_FRAMEWORKS,
    "risk": _NO_FRAMEWORKS,
    "matching": _NO_FRAMEWORKS,
    "storage": {"PySide6", "reportlab"},
    "reports": {"PySide6", "sqlalchemy", "sqlcipher3"},
    "services": {"PySide6", "alembic", "sqlcipher3"},
    "ui": {"sqlalchemy", "alembic", "sqlcipher3"},
    "cli": {"PySide6", "sqlalchemy", "alembic", "sqlcipher3"},
    "__main__": _NO_FRAMEWORKS,
}

DYNAMIC_IMPORT_ALLOWED: dict[str, set[str]] = {
    "matching/variants.py": {"importlib.resources"},  # reads the packaged name lists, no code
}
"""Module (relative to the package) -> the importlib parts it may use, each with its reason."""
_DYNAMIC_MODULES = ("importlib", "imp", "runpy", "pkgutil")
_DYNAMIC_NAMES = {"__import__", "exec", "eval"}
_DYNAMIC_ATTRIBUTES = {"__import__", "import_module"}

UI_UNREACHABLE_ATTRIBUTES = {"transaction", "database", "session"}
"""What the UI may never touch: an open unit of work, the database or a session."""
UI_WORKSPACE_ATTRIBUTES = {
    "actor",
    "can",
    "close",
    "file_path",
    "is_recovery",
    "location",
    "lock",
    "on_server",
    "path",
    "user",
    "warnings",
}
"""The parts of a Workspace the UI may use; everything else goes through a service function."""

SERVICE_SQLALCHEMY = {"sqlalchemy.orm.Session"}
"""What services may take from SQLAlchemy: the session type they hand to storage. Queries
(select, func, ORM rows) are built in storage/ only."""
SERVICE_SESSION_CALLS = {
    "add",
    "add_all",
    "connection",
    "delete",
    "execute",
    "get",
    "merge",
    "query",
    "scalar",
    "scalars",
}
QUERY_ALLOWED: dict[str, str] = {}
"""Services that still build queries, each with who removes the entry and when. An entry whose
module no longer breaks the rule fails the test, so none outlives its reason."""


@dataclass(frozen=True)
class Module:
    name: str  # dotted: marac_desktop.ui.app
    relative: str  # ui/app.py
    layer: str
    is_package: bool
    tree: ast.Module


def layer_of(relative: str) -> str:
    parts = Path(relative).parts
    return parts[0] if len(parts) > 1 else Path(relative).stem


def parse(relative: str, source: str) -> Module:
    """One module of the package from its path (relative to the package) and source."""
    path = Path(relative)
    is_package = path.name == "__init__.py"
    dotted = [ROOT, *path.with_suffix("").parts]
    if is_package:
        dotted.pop()
    name = ".".join(dotted)
    return Module(name, path.as_posix(), layer_of(relative), is_package, ast.parse(source))


def package_modules(package: Path = PACKAGE) -> list[Module]:
    return [
        parse(p.relative_to(package).as_posix(), p.read_text(encoding="utf-8"))
        for p in sorted(package.rglob("*.py"))
    ]


def top_level_names(package: Path = PACKAGE) -> set[str]:
    """The package's subpackages and top-level modules: what ``marac_desktop.X`` can name."""
    return {p.stem for p in package.glob("*.py")} | {
        p.name for p in package.iterdir() if (p / "__init__.py").exists()
    }


class _RelativeTooFarError(ValueError):
    pass


def _from_base(module: Module, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
    if node.level - 1 >= len(package):
        raise _RelativeTooFarError(node.lineno)
    base = package[: len(package) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports(module: Module) -> list[tuple[int, str]]:
    """(line, absolute dotted name) for everything imported, relative imports resolved: ``from
    a.b import c`` gives ``a.b.c``, so ``from marac_desktop import storage`` names storage."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            try:
                base = _from_base(module, node)
            except _RelativeTooFarError:
                found.append((node.lineno, "." * node.level + (node.module or "")))
                continue
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def _target_layer(name: str, top_level: set[str]) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in top_level else "__init__"


def layer_problems(module: Module, top_level: set[str]) -> list[str]:
    where = module.relative
    if module.layer not in ALLOWED:
        return [f"{where} is in no layer: add {module.layer!r} to ALLOWED"]
    own = {module.layer} | ALLOWED[module.layer] | (set() if module.layer in BASE else BASE)
    problems = []
    for line, name in imports(module):
        top = name.split(".")[0]
        if top == "" or name.startswith("."):
            problems.append(f"{where}:{line} imports {name!r} from above the package")
        elif top in FORBIDDEN_THIRD_PARTY[module.layer] or (
            top == ROOT and _target_layer(name, top_level) not in own
        ):
            problems.append(f"{where}:{line} {module.layer} may not import {name}")
    return problems


def dynamic_import_problems(module: Module) -> list[str]:
    """importlib, __import__, exec and eval would hide an import from the other checks."""
    allowed = DYNAMIC_IMPORT_ALLOWED.get(module.relative, set())
    where = module.relative
    problems = [
        f"{where}:{line} imports {name} (a way round the layer rule)"
        for line, name in imports(module)
        if name.split(".")[0] in _DYNAMIC_MODULES and name not in allowed
    ]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Name) and node.id in _DYNAMIC_NAMES:
            problems.append(f"{where}:{node.lineno} uses {node.id} (a way round the layer rule)")
        elif isinstance(node, ast.Attribute) and (
            node.attr in _DYNAMIC_ATTRIBUTES
            or (
                node.attr == "modules"
                and isinstance(node.value, ast.Name)
                and node.value.id == "sys"
            )
        ):
            problems.append(f"{where}:{node.lineno} uses .{node.attr} (a way round the layer rule)")
    return problems


def borrowed_names(module: Module) -> set[str]:
    """Names a module binds from storage or SQLAlchemy (which another module could re-import)."""
    names: set[str] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                if isinstance(node, ast.Import):
                    source = alias.name
                else:
                    try:
                        source = f"{_from_base(module, node)}.{alias.name}"
                    except _RelativeTooFarError:
                        continue
                if source.split(".")[0] == "sqlalchemy" or source.startswith(f"{ROOT}.storage"):
                    names.add(alias.asname or alias.name.split(".")[0])
    return names


def _is_workspace(node: ast.expr) -> bool:
    name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")
    return isinstance(name, str) and name.lstrip("_") == "workspace"


def ui_reach_problems(module: Module, borrowed: Callable[[str], set[str]]) -> list[str]:
    """In ui/: no transaction, database or session, only the listed parts of a Workspace, and no
    storage or SQLAlchemy name passed on by a service module. ``borrowed(dotted)`` gives
    ``borrowed_names`` of a services module."""
    where = module.relative
    problems = []
    service_aliases: dict[str, str] = {}  # local name -> services module
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom):
            try:
                base = _from_base(module, node)
            except _RelativeTooFarError:
                continue
            for alias in node.names:
                if f"{base}.{alias.name}".startswith(f"{ROOT}.services."):
                    if alias.name in borrowed(base):
                        problems.append(
                            f"{where}:{node.lineno} takes {alias.name} (storage or SQLAlchemy) "
                            f"from {base}"
                        )
                    if base == f"{ROOT}.services":
                        service_aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Attribute):
            if node.attr in UI_UNREACHABLE_ATTRIBUTES:
                problems.append(f"{where}:{node.lineno} uses .{node.attr}")
            elif _is_workspace(node.value) and node.attr not in UI_WORKSPACE_ATTRIBUTES:
                problems.append(f"{where}:{node.lineno} uses the workspace's .{node.attr}")
            elif (
                isinstance(node.value, ast.Name)
                and node.value.id in service_aliases
                and node.attr in borrowed(service_aliases[node.value.id])
            ):
                problems.append(f"{where}:{node.lineno} takes {node.attr} (storage or SQLAlchemy)")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr", "delattr", "vars")
        ):
            problems.append(f"{where}:{node.lineno} uses {node.func.id} (hides what it reaches)")
    return problems


def query_problems(module: Module) -> list[str]:
    """In services/: no query building (SQLAlchemy beyond the Session type, the ORM rows, or a
    session asked directly); queries live in storage/."""
    where = module.relative
    problems = []
    for line, name in imports(module):
        if name.split(".")[0] == "sqlalchemy" and name not in SERVICE_SQLALCHEMY:
            problems.append(f"{where}:{line} imports {name}: build the query in storage/")
        elif name == f"{ROOT}.storage.orm" or name.startswith(f"{ROOT}.storage.orm."):
            problems.append(f"{where}:{line} imports {name}: ORM rows stay in storage/")
    for node in ast.walk(module.tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in SERVICE_SESSION_CALLS
            and isinstance(node.value, ast.Name | ast.Attribute)
            and (node.value.id if isinstance(node.value, ast.Name) else node.value.attr).endswith(
                "session"
            )
        ):
            problems.append(f"{where}:{node.lineno} asks the session .{node.attr}: use storage/")
    return problems
