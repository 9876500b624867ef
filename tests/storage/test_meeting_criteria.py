"""The criteria the agenda shows agree with the record, and one area policy is applied everywhere.

Each policy value is changed on its own; every place that applies it (the checklist result, the
flags raised on a new record and on import, the agenda's criteria and age band) must change its
answer with it.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.key_derivation import TEST_KDF
from marac_desktop.domain.meetings import MeetingId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IncidentKind, PartyRole, ReferralStatus
from marac_desktop.risk import Answer, AreaPolicy, RiskResult
from marac_desktop.services import (
    access,
    agenda_view,
    assessments,
    bundle,
    demo,
    flags,
    meeting_documents,
    meeting_list,
    meetings,
    records,
    settings,
)
from marac_desktop.services.workspace import Workspace
from tests.conftest import ADMIN, ADMIN_PASSWORD

TODAY = date(2026, 3, 6)
STARTS = datetime(2026, 3, 12, 10, 0)  # cut-off Thursday 5 March
REFERRED = date(2026, 3, 2)
BORN_17 = date(2008, 6, 1)  # 17 on every day used here
VISIBLE = ReferralCriteria(visible_high_risk=True)


@contextmanager
def _database(folder: Path, policy: AreaPolicy) -> Iterator[Workspace]:
    path = folder / "marac.db"
    access.create_database(path, ADMIN, ADMIN_PASSWORD, "Test Administrator", kdf=TEST_KDF)
    workspace = access.unlock(path, ADMIN, ADMIN_PASSWORD)
    try:
        settings.save_policy(workspace, policy)
        yield workspace
    finally:
        workspace.close()


def _case(ws: Workspace, family: str = "Okafor", born: date | None = BORN_17) -> CaseId:
    details = PersonDetails(family, "Test", date_of_birth=born, gender="female")
    return records.open_case(ws, details, today=TODAY).id


def _refer(ws: Workspace, case_id: CaseId, ticked: ReferralCriteria, day: date = REFERRED) -> None:
    records.record_referral(ws, case_id, day, "Police", ticked, today=TODAY)


def _incidents(ws: Workspace, case_id: CaseId, *days: date) -> None:
    for day in days:
        records.record_incident(ws, case_id, day, IncidentKind.THREATS, "Police", True, TODAY)


def _assess(
    ws: Workspace, case_id: CaseId, yes: int, day: date = REFERRED, **context: object
) -> RiskResult:
    """A completed assessment with ``yes`` yes answers; returns the checklist's result."""
    record = assessments.start(ws, case_id, day, today=TODAY)
    answers = {f"q{n}": Answer.YES if n <= yes else Answer.NO for n in range(1, 25)}
    main = replace(record.main, answers=answers, **context)  # type: ignore[arg-type]
    return assessments.complete(ws, record.id, main, {}, today=TODAY).result


def _row(ws: Workspace, case_id: CaseId) -> agenda_view.AgendaRow:
    meeting_id = meetings.create_meeting(
        ws, STARTS, "Civic Centre", False, "DI Chair", "Leeds", today=TODAY
    ).id
    view = meeting_list.build_list(ws, MeetingId(meeting_id))
    return next(r for r in view.rows if r.case_id == case_id)


def _flag_kinds(ws: Workspace) -> set[str]:
    return {flag.kind for flag in flags.queue(ws)}


def _agenda_text(ws: Workspace, meeting_id: int) -> str:
    pdf = meeting_documents.agenda_bytes(ws, MeetingId(meeting_id))
    pages = PdfReader(io.BytesIO(pdf)).pages
    return "".join("".join(page.extract_text().split()) for page in pages)


# ----- criteria that agree with the record -----------------------------------------------


@pytest.mark.both_engines
def test_the_agenda_shows_the_referrers_tick_as_judgement_when_the_score_is_below(
    admin: Workspace,
) -> None:
    twelve = _case(admin, "Twelve")
    _refer(admin, twelve, VISIBLE)
    _assess(admin, twelve, 12)
    fourteen = _case(admin, "Fourteen")
    _refer(admin, fourteen, VISIBLE)
    _assess(admin, fourteen, 14)
    late = _case(admin, "Late")
    _refer(admin, late, VISIBLE)
    _assess(admin, late, 12)
    _assess(admin, late, 18, day=date(2026, 3, 6))  # after the cut-off: not on this agenda
    meeting_id = meetings.create_meeting(
        admin, STARTS, "Civic Centre", False, "DI Chair", "Leeds", today=TODAY
    ).id
    rows = {r.case_id: r for r in meeting_list.build_list(admin, MeetingId(meeting_id)).rows}

    assert rows[twelve].criteria == ("professional judgement (referrer)",)
    assert (rows[twelve].risk_level, rows[twelve].yes_count) == ("medium", 12)
    assert rows[fourteen].criteria == ("visible high risk",)
    assert (rows[fourteen].risk_level, rows[fourteen].yes_count) == ("high", 14)
    assert rows[late].criteria == ("professional judgement (referrer)",)
    assert rows[late].yes_count == 12

    text = _agenda_text(admin, meeting_id)
    assert text.count("visiblehighrisk") == 1
    assert text.count("professionaljudgement(referrer)") == 2
    assert "medium(12yes)" in text and "high(14yes)" in text


def test_meeting_show_prints_the_same_criteria(
    admin: Workspace,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from marac_desktop import cli

    case_id = _case(admin)
    _refer(admin, case_id, VISIBLE)
    _assess(admin, case_id, 12)
    row = _row(admin, case_id)
    monkeypatch.setattr(sys, "stdin", io.StringIO(ADMIN_PASSWORD + "\n"))
    argv = ["meeting", "show", "--meeting", "1", "--db", str(db_path), "--user", ADMIN]
    assert cli.main([*argv, "--password-stdin"]) == 0
    shown = json.loads(capsys.readouterr().out)["cases"][0]
    assert shown["criteria"] == list(row.criteria) == ["professional judgement (referrer)"]
    assert (shown["risk_level"], shown["yes_count"]) == ("medium", 12)


# ----- one area policy, applied everywhere -----------------------------------------------


@dataclass(frozen=True, slots=True)
class Scenario:
    changed: dict[str, int]
    build: Callable[[Workspace], dict[str, object]]
    """Makes the records under the stored policy; returns what each place said about them."""


def _repeat(ws: Workspace) -> dict[str, object]:
    case_id = _case(ws)
    first = date(2025, 6, 1)
    records.record_referral(
        ws, case_id, first, "Police", VISIBLE, ReferralStatus.HEARD, date(2025, 6, 12), TODAY
    )
    _incidents(ws, case_id, date(2025, 12, 1))  # 183 days after the first referral
    _refer(ws, case_id, ReferralCriteria(repeat=True))  # 274 days after it
    result = _assess(ws, case_id, 5, last_marac_referral=first)
    flags.refresh(ws, case_id, TODAY)
    return {
        "checklist": result.criteria.repeat,
        "flags": "repeat" in _flag_kinds(ws),
        "agenda": _row(ws, case_id).criteria,
    }


_THREE = (date(2026, 1, 10), date(2026, 2, 10), date(2026, 3, 1))
_SPREAD = (date(2025, 9, 1), date(2026, 1, 10), date(2026, 3, 1))  # 185 days to the cut-off


def _escalation(days: tuple[date, ...]) -> Callable[[Workspace], dict[str, object]]:
    def build(ws: Workspace) -> dict[str, object]:
        case_id = _case(ws)
        _incidents(ws, case_id, *days)
        _refer(ws, case_id, ReferralCriteria(potential_escalation=True))
        result = _assess(ws, case_id, 5, incident_dates=days)
        flags.refresh(ws, case_id, TODAY)
        return {
            "checklist": result.criteria.potential_escalation,
            "flags": "potential_escalation" in _flag_kinds(ws),
            "agenda": _row(ws, case_id).criteria,
        }

    return build


def _serial(ws: Workspace) -> dict[str, object]:
    first = _case(ws, "First")
    _refer(ws, first, VISIBLE, day=date(2024, 6, 1))  # 643 days before today
    second = _case(ws, "Second")
    _refer(ws, second, VISIBLE)
    perpetrator = records.add_person_to_case(
        ws, first, PersonDetails("Harm", "Causer"), PartyRole.PERPETRATOR, "ex-partner", TODAY
    )
    records.add_person_to_case(ws, second, perpetrator.id, PartyRole.PERPETRATOR, "partner", TODAY)
    flags.refresh(ws, second, TODAY)
    return {"flags": "serial_perpetrator" in _flag_kinds(ws)}


def _minimum_age(ws: Workspace) -> dict[str, object]:
    case_id = _case(ws)
    _refer(ws, case_id, VISIBLE)
    result = _assess(ws, case_id, 15)
    return {
        "checklist": (result.age_route, result.refer_to_marac),
        "agenda": _row(ws, case_id).age_band,
    }


def _high_threshold(ws: Workspace) -> dict[str, object]:
    case_id = _case(ws)
    _refer(ws, case_id, VISIBLE)
    result = _assess(ws, case_id, 13)
    return {"checklist": result.criteria.visible_high_risk, "agenda": _row(ws, case_id).criteria}


SCENARIOS = {
    "repeat window": Scenario({"repeat_window_days": 100}, _repeat),
    "escalation count": Scenario({"escalation_incidents": 4}, _escalation(_THREE)),
    "escalation window": Scenario({"escalation_window_days": 100}, _escalation(_SPREAD)),
    "serial window": Scenario({"serial_window_days": 400}, _serial),
    "minimum age": Scenario({"minimum_victim_age": 18}, _minimum_age),
    "high threshold": Scenario({"high_threshold": 13}, _high_threshold),
}


def _import_flags(ws: Workspace, folder: Path, policy: AreaPolicy) -> bool | set[str]:
    """The flags the same records raise when imported into a database with the same policy."""
    document = bundle.export_bundle(ws)
    with _database(folder, policy) as other:
        bundle.import_bundle(other, document, today=TODAY)
        return _flag_kinds(other)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_each_policy_value_changes_every_place_that_applies_it(name: str, tmp_path: Path) -> None:
    scenario = SCENARIOS[name]
    said: dict[str, dict[str, object]] = {}
    for label, policy in (
        ("default", AreaPolicy()),
        ("changed", AreaPolicy.from_mapping(scenario.changed)),
    ):
        with _database(tmp_path / label, policy) as ws:
            said[label] = scenario.build(ws)
            if "flags" in said[label]:
                said[label]["import"] = _import_flags(ws, tmp_path / f"{label}-import", policy)
    places = set(said["default"])
    assert places == set(said["changed"])
    for place in places:
        assert said["default"][place] != said["changed"][place], (name, place, said)
    if "import" in places:
        assert said["default"]["import"] != said["changed"]["import"]


def test_the_demo_raises_flags_with_the_stored_policy(tmp_path: Path) -> None:
    counted = {}
    for window in (365, 30):
        with _database(tmp_path / str(window), AreaPolicy(repeat_window_days=window)) as ws:
            demo.generate(ws, 150, seed=3, today=TODAY)
            repeats = [f for f in flags.queue(ws) if f.kind == "repeat"]
            assert all(f"within the {window}-day repeat window" in f.evidence for f in repeats)
            counted[window] = len(repeats)
    assert counted[365] > counted[30]
