"""The layer rule of docs/architecture.md ("Layers"), checked on every module of the package.

The checks live in tests/architecture_rules.py; tests/test_architecture_checker.py plants each
way round them in a small source and shows it is caught.
"""

from __future__ import annotations

import functools

import pytest

from tests.architecture_rules import (
    ALLOWED,
    BASE,
    QUERY_ALLOWED,
    Module,
    borrowed_names,
    dynamic_import_problems,
    imports,
    layer_problems,
    package_modules,
    query_problems,
    top_level_names,
    ui_reach_problems,
)

MODULES = package_modules()
BY_NAME = {m.name: m for m in MODULES}
TOP_LEVEL = top_level_names()


def _ids(module: Module) -> str:
    return module.relative


@functools.cache
def _borrowed(dotted: str) -> set[str]:
    module = BY_NAME.get(dotted)
    return borrowed_names(module) if module else set()


def test_every_module_is_in_a_layer() -> None:
    assert {m.layer for m in MODULES} == set(ALLOWED), "every layer exists, every module has one"
    assert {"paths", "errors", "logging_setup", "__main__", "cli", "__init__"} <= TOP_LEVEL


def test_the_layers_form_no_cycle() -> None:
    def below(layer: str, seen: tuple[str, ...]) -> None:
        assert layer not in seen, f"cycle: {' -> '.join((*seen, layer))}"
        for lower in ALLOWED[layer] | (set() if layer in BASE else BASE):
            below(lower, (*seen, layer))

    for layer in ALLOWED:
        below(layer, ())


@pytest.mark.parametrize("module", MODULES, ids=_ids)
def test_module_respects_the_layer_rule(module: Module) -> None:
    assert layer_problems(module, TOP_LEVEL) == []


@pytest.mark.parametrize("module", MODULES, ids=_ids)
def test_no_dynamic_import(module: Module) -> None:
    assert dynamic_import_problems(module) == []


@pytest.mark.parametrize("module", [m for m in MODULES if m.layer in ("ui", "cli")], ids=_ids)
def test_ui_and_cli_reach_no_session_database_or_storage(module: Module) -> None:
    assert ui_reach_problems(module, _borrowed) == []


@pytest.mark.parametrize(
    "module",
    [m for m in MODULES if m.layer == "services" and m.relative not in QUERY_ALLOWED],
    ids=_ids,
)
def test_services_build_no_queries(module: Module) -> None:
    assert query_problems(module) == []


@pytest.mark.parametrize("relative", sorted(QUERY_ALLOWED))
def test_query_allow_list_is_still_needed(relative: str) -> None:
    module = next(m for m in MODULES if m.relative == relative)
    assert query_problems(module), f"{relative} builds no queries now: remove it from QUERY_ALLOWED"


def test_qt_only_in_ui() -> None:
    for module in MODULES:
        if module.layer != "ui":
            assert not any(n.split(".")[0] == "PySide6" for _, n in imports(module)), module.name
