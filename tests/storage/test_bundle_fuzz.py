"""Malformed bundles through the real `import` command: exit 0 or 2, never a crash, and a refused
file imports nothing (a good one imports every case it holds)."""

from __future__ import annotations

import copy
import io
import json
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from marac_desktop import cli
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.services import access, bundle
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.orm import (
    AssessmentRow,
    CaseRow,
    IncidentRow,
    PersonRow,
    ReferralRow,
)

PASSWORD = "quiet lantern test phrase"
DAY = "2026-01-15"


def _sound() -> dict[str, Any]:
    answers = [{"form": "dash", "question": f"q{n}", "answer": "no"} for n in range(1, 25)]
    return {
        "format": "marac-bundle",
        "version": 1,
        "people": [
            {"id": "v1", "family_name": "Lindqvist", "given_names": "Test", "disability": None},
            {"id": "p1", "family_name": "Okafor", "given_names": "Test"},
            {"id": "k1", "family_name": "Lindqvist", "given_names": "Child"},
        ],
        "cases": [
            {
                "id": "c1",
                "victim": "v1",
                "perpetrators": [{"person": "p1", "relationship": "ex-partner"}],
                "children": [{"person": "k1"}],
                "idvas": [{"name": "Rowan Test", "allocated_on": DAY}],
            }
        ],
        "incidents": [
            {
                "case": "c1",
                "date": DAY,
                "kind": "threats",
                "source_agency": "Police",
                "reported_to_police": True,
            }
        ],
        "referrals": [
            {
                "case": "c1",
                "date": DAY,
                "referring_agency": "Police",
                "criteria": {
                    "visible_high_risk": True,
                    "professional_judgement": False,
                    "potential_escalation": False,
                    "repeat": False,
                },
                "status": "received",
            }
        ],
        "assessments": [
            {
                "case": "c1",
                "status": "completed",
                "form": "dash",
                "assessment_date": DAY,
                "victim_age": 31,
                "answers": answers,
            }
        ],
    }


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 2**53, 2**53 + 1, 2**63, 10**4000]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["\ud800", "a\udfffb", "", " ", "v1", "p1", "c1", DAY, "9999-12-31", "yes"]),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: object, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*here, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _paths(item, (*here, n))


@st.composite
def _damaged(draw: st.DrawFn) -> object:
    """The sound bundle with a few parts replaced, removed or repeated (or no bundle at all)."""
    if draw(st.integers(0, 9)) == 0:
        return draw(_JSON)
    document: Any = _sound()
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(document) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        how = draw(st.sampled_from(["replace", "remove", "repeat"]))
        if how == "replace":
            parent[path[-1]] = draw(_JSON)
        elif how == "remove":
            del parent[path[-1]]
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
    return document


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


_RAW_ATTACKS = {
    "thousands of digits": '{"format": "marac-bundle", "version": ' + "9" * 5000 + "}",
    "deep nesting": '{"format": "marac-bundle", "version": 1, "people": ' + _deep(200_000) + "}",
    "lone surrogate": json.dumps(_sound()).replace('"Okafor"', '"Oka\\ud800for"'),
    "duplicate field": json.dumps(_sound())[:-1] + ', "version": 1}',
    "NaN": json.dumps(_sound()).replace('"victim_age": 31', '"victim_age": NaN'),
}


def _with_duplicate_perpetrator() -> dict[str, Any]:
    document = _sound()
    case = document["cases"][0]
    case["perpetrators"].append(dict(case["perpetrators"][0]))
    return document


def _with_person_without_id() -> dict[str, Any]:
    document = _sound()
    del document["people"][1]["id"]
    return document


def _with_victim_as_perpetrator() -> dict[str, Any]:
    document = _sound()
    document["cases"][0]["perpetrators"].append({"person": "v1"})
    return document


def _with_repeated_answer() -> dict[str, Any]:
    document = _sound()
    answers = document["assessments"][0]["answers"]
    answers.append(dict(answers[0]))
    return document


def _with_huge_age() -> dict[str, Any]:
    document = _sound()
    document["assessments"][0]["victim_age"] = 2**70
    return document


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Workspace]]:
    path = tmp_path_factory.mktemp("fuzz") / "marac.db"
    access.create_database(path, "admin", PASSWORD, kdf=TEST_KDF)
    watcher = access.unlock(path, "admin", PASSWORD)
    yield path, watcher
    watcher.close()


def _counts(ws: Workspace) -> tuple[int, ...]:
    with ws.transaction() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (PersonRow, CaseRow, IncidentRow, ReferralRow, AssessmentRow)
        )


def _import(path: Path, data: bytes, tmp: Path) -> tuple[int, str]:
    """Run `marac import FILE` as the command line does; return the exit code and stderr."""
    target = tmp / "bundle.json"
    target.write_bytes(data)
    stdin, stderr = sys.stdin, sys.stderr
    sys.stdin, sys.stderr = io.StringIO(PASSWORD + "\n"), io.StringIO()
    try:
        code = cli.main(
            ["import", "--db", str(path), "--user", "admin", "--password-stdin", str(target)]
        )
        return code, sys.stderr.getvalue()
    finally:
        sys.stdin, sys.stderr = stdin, stderr


def _check(database: tuple[Path, Workspace], data: bytes, tmp: Path) -> int:
    path, watcher = database
    before = _counts(watcher)
    code, errors = _import(path, data, tmp)
    after = _counts(watcher)
    assert code in (0, 2), errors
    if code == 2:
        assert after == before, "a refused bundle imported something"
        assert errors.strip(), "a refusal must say why"
        assert "unexpected" not in errors
    else:
        document = json.loads(data)
        assert after[1] - before[1] == len(document.get("cases", [])), "a partial import"
    return code


@pytest.mark.parametrize("name", sorted(_RAW_ATTACKS))
def test_unreadable_files_are_refused_in_a_sentence(
    name: str, database: tuple[Path, Workspace], tmp_path: Path
) -> None:
    assert _check(database, _RAW_ATTACKS[name].encode(), tmp_path) == 2


@pytest.mark.parametrize(
    "document",
    [
        _with_duplicate_perpetrator(),
        _with_person_without_id(),
        _with_victim_as_perpetrator(),
        _with_huge_age(),
        _with_repeated_answer(),
    ],
    ids=[
        "duplicate perpetrator",
        "person without id",
        "victim as perpetrator",
        "huge age",
        "repeated answer",
    ],
)
def test_malformed_bundles_are_refused_with_listed_problems(
    document: dict[str, Any], database: tuple[Path, Workspace], tmp_path: Path
) -> None:
    data = json.dumps(document).encode()
    assert _check(database, data, tmp_path) == 2
    with pytest.raises(bundle.BundleError) as refused:
        bundle.import_bundle(database[1], document)
    assert all(": " in problem for problem in refused.value.problems)


def test_the_sound_bundle_imports(database: tuple[Path, Workspace], tmp_path: Path) -> None:
    assert _check(database, json.dumps(_sound()).encode(), tmp_path) == 0


@settings(
    max_examples=int(os.environ.get("MARAC_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(document=_damaged())
@example(document=_with_duplicate_perpetrator())
@example(document=_with_repeated_answer())
@example(document=[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]])
def test_damaged_bundles_exit_0_or_2_and_never_import_part(
    document: object, database: tuple[Path, Workspace], tmp_path: Path
) -> None:
    _check(database, json.dumps(document, allow_nan=True).encode(), tmp_path)


def test_today_is_the_limit_for_assessment_dates(database: tuple[Path, Workspace]) -> None:
    document = _sound()
    document["assessments"][0]["assessment_date"] = (date.today().replace(year=9999)).isoformat()
    with pytest.raises(bundle.BundleError, match="assessments\\[0\\]: assessment_date"):
        bundle.import_bundle(database[1], document)
