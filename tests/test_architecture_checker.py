"""The architecture checks against planted sources: each way round the layer rule is caught,
and the ordinary forms pass (so a check that refuses everything fails here too)."""

from __future__ import annotations

import functools

import pytest

from tests.architecture_rules import (
    borrowed_names,
    dynamic_import_problems,
    layer_problems,
    package_modules,
    parse,
    query_problems,
    top_level_names,
    ui_reach_problems,
)

TOP_LEVEL = top_level_names()
SERVICES = {m.name: m for m in package_modules() if m.layer == "services"}


@functools.cache
def _borrowed(dotted: str) -> set[str]:
    return borrowed_names(SERVICES[dotted]) if dotted in SERVICES else set()


def _layer(relative: str, source: str) -> list[str]:
    return layer_problems(parse(relative, source), TOP_LEVEL)


# ----- hole 1: the package imported by its own name -----------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "from marac_desktop import storage",
        "from marac_desktop import errors, storage",
        "from marac_desktop import storage as s",
        "import marac_desktop.storage",
        "import marac_desktop.storage.orm as orm",
        "from marac_desktop.storage import orm",
        "from marac_desktop.storage.orm import CaseRow",
    ],
)
def test_ui_importing_storage_by_the_package_name_is_caught(source: str) -> None:
    assert _layer("ui/pages/page.py", source)


# ----- hole 2: relative imports -------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("ui/page.py", "from ..storage import orm"),
        ("ui/page.py", "from .. import storage"),
        ("ui/pages/page.py", "from ...storage.orm import CaseRow"),
        ("ui/__init__.py", "from ..storage import records_repo"),
        ("services/bundle.py", "from ..ui import app"),
        ("domain/cases.py", "from ..risk import engine"),
        ("ui/page.py", "from .... import anything"),  # above the package
    ],
)
def test_relative_imports_are_resolved(relative: str, source: str) -> None:
    assert _layer(relative, source)


@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("ui/pages/page.py", "from ..widgets import text"),
        ("ui/pages/page.py", "from . import sibling"),
        ("ui/page.py", "from ..services import records"),
        ("ui/page.py", "from .. import __version__"),
        ("storage/migrations/versions/0009_x.py", "from ... import orm"),
    ],
)
def test_relative_imports_within_the_rule_pass(relative: str, source: str) -> None:
    assert _layer(relative, source) == []


# ----- hole 3: importlib and __import__ -----------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("ui/page.py", "import importlib\nimportlib.import_module('marac_desktop.storage')"),
        ("ui/page.py", "from importlib import import_module"),
        ("ui/page.py", "import importlib.util"),
        ("ui/page.py", "storage = __import__('marac_desktop.storage')"),
        ("ui/page.py", "import builtins\nbuiltins.__import__('marac_desktop.storage')"),
        ("ui/page.py", "import sys\norm = sys.modules['marac_desktop.storage.orm']"),
        ("ui/page.py", "exec('from marac_desktop import storage')"),
        ("ui/page.py", "from importlib import resources"),  # allowed in one module only
        # the allowed module gets importlib.resources, not the rest of importlib
        ("matching/variants.py", "import importlib.resources\nimportlib.import_module('x')"),
        ("matching/variants.py", "from importlib import import_module"),
    ],
)
def test_dynamic_imports_are_caught(relative: str, source: str) -> None:
    assert dynamic_import_problems(parse(relative, source))


def test_the_allowed_importlib_use_passes() -> None:
    source = "from importlib import resources\nresources.files('marac_desktop.matching')"
    assert dynamic_import_problems(parse("matching/variants.py", source)) == []


# ----- hole 4: the top-level modules --------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("paths.py", "from marac_desktop.services import access"),
        ("errors.py", "from marac_desktop.storage import orm"),
        ("errors.py", "from marac_desktop import paths"),  # the base imports nothing of ours
        ("__init__.py", "from marac_desktop.ui import app"),
        ("logging_setup.py", "from marac_desktop.services import access"),
        ("logging_setup.py", "import PySide6"),
        ("__main__.py", "from marac_desktop.services.workspace import Workspace"),
        ("cli.py", "from sqlalchemy import select"),
        ("services/x.py", "from marac_desktop import cli"),
        ("ui/x.py", "from marac_desktop import __main__"),
        ("helpers.py", "import os"),  # a new top-level module must be given a layer
    ],
)
def test_top_level_modules_are_checked(relative: str, source: str) -> None:
    assert _layer(relative, source)


@pytest.mark.parametrize(
    ("relative", "source"),
    [
        ("logging_setup.py", "from marac_desktop.storage.atomic import atomic_writer"),
        ("logging_setup.py", "from marac_desktop.paths import log_dir"),
        ("__main__.py", "from marac_desktop.cli import main"),
        ("cli.py", "from marac_desktop.ui.app import run_gui"),
        ("ui/x.py", "from marac_desktop import __version__, errors, logging_setup"),
        ("storage/x.py", "from marac_desktop import paths"),
    ],
)
def test_top_level_imports_within_the_rule_pass(relative: str, source: str) -> None:
    assert _layer(relative, source) == []


# ----- what the UI may reach ----------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "with workspace.transaction() as s:\n    pass",
        "with self._workspace.transaction() as s:\n    pass",
        "key = workspace.database.key",
        "self.session.add(row)",
        "workspace.record(None, 'x')",
        "workspace.audit('x')",
        "workspace.signer.sign(b'')",
        "workspace.cache.clear()",
        "getattr(workspace, 'database')",
        "key = vars(workspace)['database']",
        "key = workspace.__dict__['database']",
        "from marac_desktop.services.workspace import Workspace\nWorkspace.transaction(ws)",
        "from marac_desktop.services.workspace import EncryptedDatabase",
        "from marac_desktop.services.workspace import Session",
        "from marac_desktop.services import records\nrecords.records_repo.case_record(s, 1)",
        "from marac_desktop.services import bundle\nbundle.atomic_writer(p)",
        "from ..services.workspace import audit_log",
    ],
)
def test_ui_reaching_for_a_session_or_storage_is_caught(source: str) -> None:
    assert ui_reach_problems(parse("ui/page.py", source), _borrowed)


def test_ui_using_services_as_meant_passes() -> None:
    source = (
        "from marac_desktop.services import records\n"
        "from marac_desktop.services.workspace import Workspace\n"
        "rows = records.list_cases(workspace)\n"
        "if workspace.can(p) and self._workspace.user:\n"
        "    name = workspace.actor\n"
        "workspace.lock()\n"
    )
    assert ui_reach_problems(parse("ui/page.py", source), _borrowed) == []


# ----- queries stay in storage --------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "from sqlalchemy import select",
        "import sqlalchemy",
        "from sqlalchemy.orm import selectinload",
        "from marac_desktop.storage.orm import CaseRow",
        "from marac_desktop.storage import orm",
        "from ..storage.orm import PersonRow",
        "rows = session.execute(statement)",
        "row = session.get(Row, 1)",
        "session.add(row)",
        "n = self.session.scalar(q)",
    ],
)
def test_services_building_queries_are_caught(source: str) -> None:
    assert query_problems(parse("services/x.py", source))


def test_services_handing_a_session_to_storage_pass() -> None:
    source = (
        "from sqlalchemy.orm import Session\n"
        "from marac_desktop.storage import records_repo\n"
        "def f(session: Session) -> None:\n"
        "    records_repo.case_record(session, 1)\n"
    )
    assert query_problems(parse("services/x.py", source)) == []
