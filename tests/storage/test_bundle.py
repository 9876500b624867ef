"""The JSON bundle: round trip, schema, and all-or-nothing import naming every problem."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.progress import CancelledError, Progress, Step
from marac_desktop.domain.records import IdvaAllocation
from marac_desktop.risk import Answer, AssessmentInput
from marac_desktop.services import access, assessments, audit, bundle, demo, records
from marac_desktop.services.bundle import BundleError
from marac_desktop.services.workspace import Workspace

TODAY = date(2026, 11, 20)
QUILL = IdvaAllocation("Testadviser Quill", date(2026, 10, 2))
ROOK = IdvaAllocation("Testadviser Rook", date(2026, 11, 9))
SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "bundle.schema.json").read_text(encoding="utf-8")
)


def _fresh(tmp_path: Path, name: str) -> Workspace:
    path = tmp_path / name / "m.db"
    access.create_database(path, "admin", "quiet lantern test phrase", kdf=TEST_KDF)
    return access.unlock(path, "admin", "quiet lantern test phrase")


def _comparable(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "exported_at"}


@pytest.fixture
def source(admin: Workspace) -> Workspace:
    demo.generate(admin, 12, seed=5, today=TODAY)
    case = records.case_page(admin, "", 0, 1)[0]
    draft = assessments.start(admin, case.id, TODAY, today=TODAY)
    answers = {f"q{n}": Answer.YES if n < 16 else Answer.NO for n in range(1, 25)}
    main = AssessmentInput(
        "dash",
        TODAY,
        answers,
        victim_age=30,
        texts={"own_fears": "Ẅïłł ŧħę ĉħïłđŗęñ ƀę şäƒę — 安全"},
    )
    assessments.complete(admin, draft.id, main, {}, today=TODAY)
    records.allocate_idva(admin, case.id, QUILL, today=TODAY)
    records.allocate_idva(admin, case.id, ROOK, today=TODAY)  # Quill's allocation ends that day
    return admin


def test_export_reimports_unchanged_and_matches_the_schema(
    source: Workspace, tmp_path: Path
) -> None:
    exported = bundle.export_bundle(source)
    jsonschema.validate(exported, SCHEMA)
    assert len(exported["cases"]) == 12 and exported["assessments"]
    target = _fresh(tmp_path, "empty")
    try:
        summary = bundle.import_bundle(target, json.loads(json.dumps(exported)), today=TODAY)
        assert summary.cases == 12 and summary.assessments == 1
        assert _comparable(bundle.export_bundle(target)) == _comparable(exported)
    finally:
        target.close()


def test_the_idva_history_survives_a_round_trip(source: Workspace, tmp_path: Path) -> None:
    exported = json.loads(json.dumps(bundle.export_bundle(source)))
    assert exported["cases"][0]["idvas"][-2:] == [  # after any the demo allocated
        {"name": "Testadviser Quill", "allocated_on": "2026-10-02", "ended_on": "2026-11-09"},
        {"name": "Testadviser Rook", "allocated_on": "2026-11-09", "ended_on": None},
    ]
    assert any(c["idvas"] == [] for c in exported["cases"])  # none is an empty list
    target = _fresh(tmp_path, "idva")
    try:
        bundle.import_bundle(target, exported, today=TODAY)
        imported = records.case_page(target, "", 0, 100)
        first = records.case_record(target, imported[0].id)
        assert first.idvas[-2:] == (replace(QUILL, ended_on=ROOK.allocated_on), ROOK)
        assert first.idva == ROOK
        assert [records.case_record(target, c.id).idvas for c in imported] == [
            records.case_record(source, c.id).idvas for c in records.case_page(source, "", 0, 100)
        ]
    finally:
        target.close()


def test_a_bundle_without_idvas_still_imports(source: Workspace, tmp_path: Path) -> None:
    older = bundle.export_bundle(source)
    for case in older["cases"]:
        del case["idvas"]
    jsonschema.validate(older, SCHEMA)
    target = _fresh(tmp_path, "older")
    try:
        assert bundle.import_bundle(target, older, today=TODAY).cases == 12
        assert all(
            records.case_record(target, c.id).idvas == ()
            for c in records.case_page(target, "", 0, 100)
        )
    finally:
        target.close()


def _idva(name: Any = "Testadviser Quill", allocated_on: Any = "2026-10-02", **more: Any) -> Any:
    return {"name": name, "allocated_on": allocated_on, "ended_on": None, **more}


def test_bad_idvas_are_one_sentence_each_and_import_nothing(
    source: Workspace, tmp_path: Path
) -> None:
    document = bundle.export_bundle(source)
    document["cases"][0]["idvas"] = [_idva(name="")]
    document["cases"][1]["idvas"] = [_idva(allocated_on="2026-02-30")]
    document["cases"][2]["idvas"] = [_idva(allocated_on="2026-11-21")]
    document["cases"][3]["idvas"] = [_idva(ended_on="2026-10-01")]
    document["cases"][4]["idvas"] = [_idva(), _idva(allocated_on="2026-11-09")]
    target = _fresh(tmp_path, "bad-idva")
    try:
        with pytest.raises(BundleError) as caught:
            bundle.import_bundle(target, document, today=TODAY)
        assert caught.value.problems == [
            "cases[0].idvas[0].name: must not be empty",
            "cases[1].idvas[0].allocated_on: is not a real date",
            "cases[2].idvas[0].allocated_on: is in the future",
            "cases[3].idvas[0].ended_on: is before allocated_on",
            "cases[4].idvas[1].ended_on: is not given, but idvas[0] has not ended either",
        ]
        assert records.count_cases(target) == 0
    finally:
        target.close()


@pytest.mark.parametrize(
    ("idvas", "problem"),
    [
        ([_idva(name="Q" * 201)], "cases[4].idvas[0].name: is longer than 200 characters"),
        ([_idva(name="   ")], "cases[4].idvas[0].name: must not be empty"),
        ([_idva(name=7)], "cases[4].idvas[0].name: must be text"),
        ([{"allocated_on": "2026-10-02"}], "cases[4].idvas[0].name: is missing"),
        ([{"name": "Testadviser Quill"}], "cases[4].idvas[0].allocated_on: is missing"),
        (
            [_idva(allocated_on="2/10/2026")],
            "cases[4].idvas[0].allocated_on: must be a date written YYYY-MM-DD",
        ),
        (
            [_idva(ended_on="2026-10-02"), _idva(ended_on="2026-02-30")],
            "cases[4].idvas[1].ended_on: is not a real date",
        ),
        ([_idva(ended_on="2026-11-21")], "cases[4].idvas[0].ended_on: is in the future"),
        (
            [_idva(ended_on="2026-11-09"), _idva(allocated_on="2026-11-09", ended_on="2026-11-08")],
            "cases[4].idvas[1].ended_on: is before allocated_on",
        ),
        (
            [_idva(), {"name": "Testadviser Rook", "allocated_on": "2026-11-09"}],
            "cases[4].idvas[1].ended_on: is not given, but idvas[0] has not ended either",
        ),
        ([_idva(team="North")], "cases[4].idvas[0].team: is not a recognised field"),
        (["Testadviser Quill"], "cases[4].idvas[0]: must be an object {...}"),
        (_idva(), "cases[4].idvas: must be a list [...]"),
    ],
)
def test_each_idva_problem_is_one_sentence(
    source: Workspace, tmp_path: Path, idvas: Any, problem: str
) -> None:
    document = bundle.export_bundle(source)
    document["cases"][4]["idvas"] = idvas
    target = _fresh(tmp_path, "t")
    try:
        with pytest.raises(BundleError) as caught:
            bundle.import_bundle(target, document, today=TODAY)
        assert caught.value.problems == [problem]
        assert records.count_cases(target) == 0
    finally:
        target.close()


def test_the_old_single_idva_field_is_not_read(source: Workspace, tmp_path: Path) -> None:
    document = bundle.export_bundle(source)
    document["cases"][4]["idva"] = {"name": "Testadviser Quill", "allocated_on": "2026-10-02"}
    target = _fresh(tmp_path, "t")
    try:
        with pytest.raises(BundleError) as caught:
            bundle.import_bundle(target, document, today=TODAY)
        assert caught.value.problems == ["cases[4].idva: is not a recognised field"]
        assert records.count_cases(target) == 0
    finally:
        target.close()


def test_one_bad_record_imports_nothing_and_is_named(source: Workspace, tmp_path: Path) -> None:
    document = bundle.export_bundle(source)
    broken = copy.deepcopy(document)
    broken["incidents"][3]["date"] = "2026-02-30"
    broken["cases"][5]["victim"] = "p99999"
    target = _fresh(tmp_path, "target")
    try:
        with pytest.raises(BundleError) as caught:
            bundle.import_bundle(target, broken, today=TODAY)
        assert caught.value.problems == [
            "cases[5].victim: refers to a person who is not in the bundle",
            "incidents[3].date: is not a real date",
        ]
        assert "nothing was imported" in str(caught.value)
        assert records.count_cases(target) == 0
    finally:
        target.close()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d.update(format="other"), "bundle: is not a marac-bundle version 1 file"),
        (
            lambda d: d["people"][0].update(family_name=""),
            "people[0].family_name: must not be empty",
        ),
        (
            lambda d: d["people"][0].update(date_of_birth="2030-01-01"),
            "people[0].date_of_birth: is in the future",
        ),
        (
            lambda d: d["people"][0].update(nickname="x"),
            "people[0].nickname: is not a recognised field",
        ),
        (
            lambda d: d["referrals"][0].update(status="lost"),
            "referrals[0].status: must be one of received, accepted, heard, declined",
        ),
        (
            lambda d: d["assessments"][0]["answers"][0].update(question="q99"),
            "assessments[0]: answers[0] names a question that is not in the form",
        ),
    ],
)
def test_each_kind_of_problem_is_reported(
    source: Workspace, tmp_path: Path, change: Any, problem: str
) -> None:
    document = bundle.export_bundle(source)
    change(document)
    target = _fresh(tmp_path, "t")
    try:
        with pytest.raises(BundleError) as caught:
            bundle.import_bundle(target, document, today=TODAY)
        assert problem in caught.value.problems
        assert records.count_cases(target) == 0
    finally:
        target.close()


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(Exception, match="not valid JSON"):
        bundle.read_bundle_file(path)


def test_import_raises_the_flags_the_records_meet(source: Workspace, tmp_path: Path) -> None:
    from marac_desktop.services import flags

    exported = bundle.export_bundle(source)
    target = _fresh(tmp_path, "flagged")
    try:
        bundle.import_bundle(target, exported, today=TODAY)
        kinds = sorted(f.kind for f in flags.queue(target))
        assert kinds == sorted(f.kind for f in flags.queue(source))
    finally:
        target.close()


def test_imported_cases_get_new_references(source: Workspace, tmp_path: Path) -> None:
    exported = bundle.export_bundle(source)
    exported["cases"][0]["reference"] = "SMITH J 85"
    exported["cases"][1]["reference"] = "C-000002"
    target = _fresh(tmp_path, "refs")
    try:
        bundle.import_bundle(target, exported, today=TODAY)
        references = [r.reference for r in records.case_page(target, "", 0, 100)]
        assert "SMITH J 85" not in references
        assert references == [f"C-{n:06d}" for n in range(1, 13)]
        bundle.import_bundle(target, exported, today=TODAY)  # a second import still works
        assert records.count_cases(target) == 24
        assert records.open_case(target, PersonDetails("Lee", "Ann"), today=TODAY).reference
    finally:
        target.close()


def test_the_bundle_is_written_a_piece_at_a_time_as_the_same_text(
    source: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle, "WRITE_CHUNK", 64)
    steps: list[Step] = []
    target = tmp_path / "out.json"
    assert bundle.write_bundle(source, target, Progress(steps.append)) == 12
    text = target.read_text(encoding="utf-8")
    written = json.loads(text)
    assert text == json.dumps(written, ensure_ascii=False, indent=1)  # as one call wrote it
    assert _comparable(written) == _comparable(bundle.export_bundle(source))
    assert sum(1 for s in steps if s.text == bundle.WRITING) > 10


def test_a_bundle_stopped_while_it_is_written_leaves_no_file(
    source: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle, "WRITE_CHUNK", 64)
    progress = Progress(lambda step: progress.cancel() if step.text == bundle.WRITING else None)
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(CancelledError):
        bundle.write_bundle(source, folder / "out.json", progress)
    assert list(folder.iterdir()) == []
    assert "export" not in {e.action for e in audit.recent_entries(source, 5)}
