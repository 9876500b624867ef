"""Assessments stored against (form, version, question), drafts, completion and history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.domain.cases import CaseSummary
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IdvaAllocation, IncidentKind, PartyRole, ReferralStatus
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.risk import Answer, AnswerNote, AreaPolicy, ProfessionalJudgement, RiskLevel
from marac_desktop.services import access, assessments, audit, demo, records, settings, users
from marac_desktop.services.assessments import current_checklist
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage.engine import connect
from tests.conftest import SignIn, add_user

TODAY = date(2026, 11, 20)
REPEAT = ReferralCriteria(repeat=True)
ROBIN_PASSWORD = "amber kettle long phrase"


def _all(answer: Answer, yes: int = 0) -> dict[str, Answer]:
    ids = [f"q{n}" for n in range(1, 25)]
    return {q: (Answer.YES if i < yes else answer) for i, q in enumerate(ids)}


@pytest.fixture
def case(admin: Workspace) -> CaseSummary:
    return assessments.create_case(admin, "Al-Rashid", "Layla", date(1990, 3, 4))


def test_draft_resume_complete_read_only(
    admin: Workspace, case: CaseSummary, db_path: Path
) -> None:
    record = assessments.start(admin, case.id, TODAY, today=TODAY)
    assert record.status is AssessmentStatus.DRAFT and record.main.victim_age == 36
    sheet = current_checklist(admin)
    main = record.main.__class__(
        form_id="dash",
        assessment_date=TODAY,
        answers=_all(Answer.NO, yes=14) | {"q8": Answer.YES},
        victim_age=36,
        notes={"q1": AnswerNote("bruising to arm", "police officer")},
        texts={"own_fears": "that he will find the new flat"},
    )
    stalking = {"stalking": main.__class__("stalking", TODAY, {"s1": Answer.YES})}
    draft = assessments.save_draft(admin, record.id, main, stalking, today=TODAY)
    assert draft.result.yes_count == 14 and draft.result.level is RiskLevel.HIGH
    admin.close()

    ws = access.unlock(db_path, "admin", "quiet lantern test phrase")
    resumed = assessments.get(ws, record.id)
    assert resumed.main.answers == main.answers
    assert resumed.main.notes["q1"] == AnswerNote("bruising to arm", "police officer")
    assert resumed.main.texts == {"own_fears": "that he will find the new flat"}
    assert resumed.follow_ons["stalking"].answers == {"s1": Answer.YES}
    assert "stalking" in sheet.score(resumed.main).follow_on

    done = assessments.complete(ws, record.id, resumed.main, resumed.follow_ons, today=TODAY)
    assert done.read_only and done.completed_at is not None
    with pytest.raises(InvalidInputError, match="complete"):
        assessments.save_draft(ws, record.id, resumed.main, {}, today=TODAY)
    actions = [(e.action, e.target_type, e.detail) for e in audit.recent_entries(ws)]
    assert ("change", "assessment", "completed") in actions
    assert ("view", "assessment", "") in actions
    ws.close()


def test_answers_are_stored_against_form_version_and_question(
    admin: Workspace, case: CaseSummary, db_path: Path
) -> None:
    record = assessments.start(admin, case.id, TODAY, today=TODAY)
    main = record.main.__class__("dash", TODAY, {"q15": Answer.YES})
    assessments.save_draft(admin, record.id, main, {}, today=TODAY)
    key = bytes(admin.database.key)
    admin.close()
    conn = connect(db_path, key)
    try:
        rows = conn.execute(
            "SELECT form_id, form_version, question_id, answer FROM assessment_answers"
        ).fetchall()
        header = conn.execute(
            "SELECT model_id, model_version, assessor FROM assessments"
        ).fetchall()
    finally:
        conn.close()
    assert rows == [("dash", 1, "q15", "yes")]
    assert header == [("dash-safelives", 1, "admin")]


@pytest.mark.both_engines
def test_complete_needs_every_risk_factor(admin: Workspace, case: CaseSummary) -> None:
    record = assessments.start(admin, case.id, TODAY, today=TODAY)
    partial = record.main.__class__("dash", TODAY, {"q1": Answer.YES})
    with pytest.raises(InvalidInputError, match="23 risk factor"):
        assessments.complete(admin, record.id, partial, {}, today=TODAY)
    full = record.main.__class__("dash", TODAY, _all(Answer.NOT_ASKED))
    assert assessments.complete(admin, record.id, full, {}, today=TODAY).read_only


@pytest.mark.both_engines
def test_history_of_levels_and_judgement(admin: Workspace, case: CaseSummary) -> None:
    first = assessments.start(admin, case.id, date(2026, 1, 10), today=TODAY)
    assessments.complete(
        admin,
        first.id,
        first.main.__class__("dash", date(2026, 1, 10), _all(Answer.NO, 9)),
        {},
        today=TODAY,
    )
    second = assessments.start(admin, case.id, TODAY, today=TODAY)
    judged = second.main.__class__(
        "dash",
        TODAY,
        _all(Answer.NO, 10),
        professional_judgement=ProfessionalJudgement(True, "threats since she left"),
    )
    assessments.complete(admin, second.id, judged, {}, today=TODAY)
    history = assessments.level_history(admin, case.id)
    assert [(p.level, p.yes_count) for p in history] == [("standard", 9), ("high", 10)]


@pytest.mark.both_engines
def test_completed_result_keeps_the_settings_it_was_done_under(
    admin: Workspace, case: CaseSummary
) -> None:
    record = assessments.start(admin, case.id, TODAY, today=TODAY)
    done = assessments.complete(
        admin, record.id, record.main.__class__("dash", TODAY, _all(Answer.NO, 12)), {}, today=TODAY
    )
    assert done.result.level is RiskLevel.MEDIUM
    settings.save_policy(admin, AreaPolicy(high_threshold=12, medium_threshold=8))
    assert assessments.get(admin, record.id).result.level is RiskLevel.MEDIUM
    assert current_checklist(admin).policy.high_threshold == 12


@pytest.mark.both_engines
def test_bad_dates_and_names(admin: Workspace, case: CaseSummary) -> None:
    with pytest.raises(InvalidInputError, match="future"):
        assessments.start(admin, case.id, date(2026, 11, 21), today=TODAY)
    with pytest.raises(InvalidInputError, match="family name"):
        assessments.create_case(admin, "  ", "Layla", None)
    with pytest.raises(InvalidInputError, match="future"):
        assessments.create_case(admin, "Chen", "Wei", date(2030, 1, 1), today=TODAY)
    record = assessments.start(admin, case.id, TODAY, today=TODAY)
    late = record.main.__class__("dash", TODAY, {}, incident_dates=(date(2026, 11, 21),))
    with pytest.raises(InvalidInputError, match="incident"):
        assessments.save_draft(admin, record.id, late, {}, today=TODAY)


def test_roles(admin: Workspace, db_path: Path, case: CaseSummary) -> None:
    lead = access.unlock(db_path, "lead", add_user(admin, "lead", Role.SAFEGUARDING_LEAD))
    with pytest.raises(PermissionDeniedError):
        assessments.start(lead, case.id, TODAY, today=TODAY)
    with pytest.raises(PermissionDeniedError):
        settings.save_policy(lead, AreaPolicy())
    lead.close()
    idva = access.unlock(db_path, "ivy", add_user(admin, "ivy", Role.IDVA))
    assert assessments.start(idva, case.id, TODAY, today=TODAY).assessor == "ivy"
    idva.close()


@pytest.mark.both_engines
def test_a_note_on_an_unanswered_question_survives_resume(
    admin: Workspace, case: CaseSummary
) -> None:
    record = assessments.start(admin, case.id, TODAY, today=TODAY)
    main = record.main.__class__(
        "dash", TODAY, {}, notes={"q3": AnswerNote("ask again when safe", "", ("children",))}
    )
    assessments.save_draft(admin, record.id, main, {}, today=TODAY)
    resumed = assessments.get(admin, record.id)
    assert resumed.main.notes["q3"] == AnswerNote("ask again when safe", "", ("children",))
    assert resumed.main.answers == {} and resumed.main.texts == {}


def _newest_audit_id(ws: Workspace) -> int:
    return max(e.id for e in audit.recent_entries(ws, 1))


@pytest.mark.both_engines
def test_case_choices_most_recently_assessed_first(admin: Workspace) -> None:
    demo.generate(admin, 40, seed=7, today=TODAY)
    old, draft, recent, unassessed = [
        assessments.create_case(admin, family, "Test", None)
        for family in ("Olderly", "Draftson", "Recenta", "Neverby")
    ]
    first = assessments.start(admin, old.id, date(2026, 1, 5), today=TODAY)
    assessments.complete(
        admin,
        first.id,
        first.main.__class__("dash", date(2026, 1, 5), _all(Answer.NO, 14)),
        {},
        today=TODAY,
    )
    assessments.start(admin, draft.id, date(2026, 6, 1), today=TODAY)  # drafts count
    assessments.start(admin, recent.id, date(2026, 9, 1), today=TODAY)
    assessments.start(admin, recent.id, date(2026, 3, 1), today=TODAY)  # its latest date counts

    before = _newest_audit_id(admin)
    choices = assessments.case_choices(admin)
    # then the cases opened or changed most recently, assessed or not
    assert [c.id for c in choices][:4] == [recent.id, draft.id, old.id, unassessed.id]
    assert len(choices) == 44
    assert choices[1].victim.family_name == "Draftson"
    assert [c.id for c in assessments.case_choices(admin, limit=2)] == [recent.id, draft.id]
    assert _newest_audit_id(admin) == before + 2  # one VIEW row per call

    levels = assessments.latest_levels(admin, [c.id for c in choices])
    assert levels == {old.id: "high"}  # drafts (and the demo's cases) have no completed level
    assert _newest_audit_id(admin) == before + 3
    assert assessments.latest_levels(admin, []) == {}


@pytest.mark.both_engines
def test_case_choices_search_finds_any_case(admin: Workspace) -> None:
    demo.generate(admin, 60, seed=3, today=TODAY)
    mine = assessments.create_case(admin, "Zwierzchowska", "Ola", date(1988, 2, 2))
    assert [c.id for c in assessments.case_choices(admin, "  zwierz ")] == [mine.id]
    assert [c.id for c in assessments.case_choices(admin, mine.reference)] == [mine.id]
    found = assessments.case_choices(admin, "LS1", limit=5)  # postcodes of demo victims
    assert len(found) == 5
    assert [c.reference for c in found] == sorted(c.reference for c in found)
    assert found[0].victim.display_name
    assert assessments.case_choices(admin, "no such victim anywhere") == []
    entries = audit.recent_entries(admin, 4)
    assert all(e.target_type == "case_list" and "zwierz" not in e.detail for e in entries)


@pytest.mark.both_engines
def test_an_idva_sees_their_own_cases_first_without_searching(
    admin: Workspace, sign_in: SignIn
) -> None:
    demo.generate(admin, 30, seed=5, today=TODAY)
    users.add_user(admin, "robin", Role.IDVA, ROBIN_PASSWORD, "Robin Idva")
    theirs = assessments.create_case(admin, "Owncase", "Test", None)
    ended = assessments.create_case(admin, "Formerly", "Test", None)
    records.allocate_idva(admin, theirs.id, IdvaAllocation(" robin idva ", date(2026, 1, 2)))
    records.allocate_idva(admin, ended.id, IdvaAllocation("Robin Idva", date(2026, 1, 2)))
    records.end_idva(admin, ended.id, date(2026, 2, 1))
    for _ in range(3):  # newer cases, changed after the IDVA's
        assessments.create_case(admin, "Newerone", "Test", None)
    robin = sign_in("robin", ROBIN_PASSWORD)
    listed = assessments.listed_cases(robin)
    assert listed.cases[0].id == theirs.id and listed.mine == {theirs.id}
    assert len(listed.cases) == 35  # and every other case, the most recently changed first
    assert listed.cases[1].victim.family_name == "Newerone"
    found = assessments.listed_cases(robin, "Owncase")
    assert [c.id for c in found.cases] == [theirs.id] and found.mine == {theirs.id}
    assert assessments.listed_cases(admin).mine == set()


def test_a_new_assessment_starts_with_what_the_case_holds(admin: Workspace) -> None:
    record = records.open_case(
        admin, PersonDetails("Okafor", "Ada", date_of_birth=date(1991, 4, 2))
    )
    for day in (date(2026, 10, 28), date(2026, 6, 1), date(2025, 6, 1)):  # the last: too old
        records.record_incident(
            admin, record.id, day, IncidentKind.PHYSICAL_VIOLENCE, "police", True
        )
    records.record_referral(
        admin, record.id, date(2026, 2, 3), "police", REPEAT, ReferralStatus.HEARD
    )
    records.record_referral(admin, record.id, date(2026, 11, 1), "police", REPEAT)  # not heard
    child = PersonDetails("Okafor", "Tobi", date_of_birth=date(2019, 12, 1))
    records.add_person_to_case(admin, record.id, child, PartyRole.CHILD)

    started = assessments.start(admin, record.id, TODAY, today=TODAY)
    assert started.main.incident_dates == (date(2026, 6, 1), date(2026, 10, 28))
    assert started.main.last_marac_referral == date(2026, 2, 3)
    assert started.main.concerns == {"children_in_household"}
    assert started.follow_ons["children-dependants"].texts == {"c11": "OKAFOR, Tobi (aged 6)"}
    assert "children-dependants" in started.result.follow_on
    assert started.previous is None
    again = assessments.get(admin, started.id)  # kept with the draft
    assert again.main.incident_dates == started.main.incident_dates
    assert again.follow_ons["children-dependants"].texts == {"c11": "OKAFOR, Tobi (aged 6)"}


def test_a_reassessment_carries_the_answers_of_the_last_completed_one(
    admin: Workspace, case: CaseSummary
) -> None:
    first = assessments.start(admin, case.id, date(2026, 3, 1), today=TODAY)
    main = first.main.__class__("dash", date(2026, 3, 1), _all(Answer.NO, 3))
    assessments.complete(admin, first.id, main, {}, today=TODAY)
    assessments.start(admin, case.id, date(2026, 5, 1), today=TODAY)  # a draft does not count
    second = assessments.start(admin, case.id, TODAY, today=TODAY)
    assert second.previous is not None
    assert second.previous.assessment_date == date(2026, 3, 1)
    assert second.previous.inputs["dash"].answers == main.answers
    assert second.main.answers == {}  # shown beside the questions, not answered for them
    assert assessments.get(admin, first.id).previous is None
