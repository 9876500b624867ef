"""Risk assessments: start, save as draft, resume, complete (then read-only), and history."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from marac_desktop.domain.assessments import (
    AssessmentId,
    AssessmentStatus,
    StoredAnswer,
    StoredAssessment,
)
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId, CaseSummary, Victim
from marac_desktop.domain.edits import Edited
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.permissions import Permission
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import (
    Answer,
    AnswerNote,
    AreaPolicy,
    AssessmentInput,
    FormDefinition,
    ProfessionalJudgement,
    QuestionKind,
    RiskResult,
)
from marac_desktop.risk.prefill import case_facts, prefilled
from marac_desktop.services import records, settings
from marac_desktop.services.checklists import Checklist, checklist
from marac_desktop.services.workspace import Anyone, Workspace, requires
from marac_desktop.storage import assessments_repo, records_repo, versions


@dataclass(frozen=True, slots=True)
class PreviousAssessment:
    """An earlier completed assessment's answers, by form id (the main form and follow-ons)."""

    assessment_date: date
    inputs: Mapping[str, AssessmentInput]


@dataclass(frozen=True, slots=True)
class AssessmentRecord:
    """A saved assessment as the wizard and the summary need it."""

    id: AssessmentId
    case: CaseSummary
    status: AssessmentStatus
    assessor: str
    main: AssessmentInput
    follow_ons: Mapping[str, AssessmentInput]
    result: RiskResult
    created_at: datetime
    completed_at: datetime | None
    version: int = 1
    """The version this was read at; a save sends it back (``storage/versions.py``)."""
    previous: PreviousAssessment | None = None
    """The case's latest completed assessment before this one (a reassessment shows its
    answers beside the questions)."""

    @property
    def read_only(self) -> bool:
        return self.status is AssessmentStatus.COMPLETED


@dataclass(frozen=True, slots=True)
class LevelPoint:
    """One assessment in a case's history of levels."""

    id: AssessmentId
    assessment_date: date
    status: AssessmentStatus
    level: str
    yes_count: int
    refer_to_marac: bool
    assessor: str


@requires(Anyone.SESSION)
def current_checklist(workspace: Workspace) -> Checklist:
    return checklist(settings.load_policy(workspace))


# ----- cases (the minimal record the checklist needs; issue 4 brings full records) ---------


@requires(Permission.MANAGE_CASES)
def create_case(
    workspace: Workspace,
    family_name: str,
    given_names: str,
    date_of_birth: date | None,
    today: date | None = None,
) -> CaseSummary:
    """A new case for a new victim known by names and date of birth (see create_case_for)."""
    details = PersonDetails(family_name, given_names, date_of_birth=date_of_birth)
    return create_case_for(workspace, details, today)


@requires(Permission.MANAGE_CASES)
def create_case_for(
    workspace: Workspace, details: PersonDetails, today: date | None = None
) -> CaseSummary:
    """A new case for a new victim, as the Assessments page needs it (see records.open_case)."""
    record = records.open_case(workspace, details, today)
    victim = record.victim
    return CaseSummary(
        record.id,
        record.reference,
        Victim(
            victim.id,
            victim.details.family_name,
            victim.details.given_names,
            victim.details.date_of_birth,
        ),
    )


CASE_CHOICES_LIMIT = 300


@dataclass(frozen=True, slots=True)
class CaseChoices:
    cases: list[CaseSummary]
    mine: frozenset[CaseId]
    """The listed cases whose IDVA now is the signed-in user."""


@requires(Permission.MANAGE_CASES)
def listed_cases(
    workspace: Workspace, search: str = "", limit: int = CASE_CHOICES_LIMIT
) -> CaseChoices:
    """The cases to choose from, never all of them at once.

    With no search: the user's own cases (those they are the IDVA on now), then the cases
    assessed most recently (drafts count), then those opened or changed most recently. With a
    search, any case whose reference, family name, given names or postcode contains it.
    """
    text = search.strip()
    with workspace.transaction() as session:
        mine = assessments_repo.allocated_to(session, workspace.user, limit)
        if text:
            ids = [
                int(row.id) for row in records_repo.case_page(session, text, 0, limit, "reference")
            ]
        else:
            ids = list(dict.fromkeys(mine))
            for recent in (
                assessments_repo.recently_assessed(session, limit),
                assessments_repo.recently_changed(session, limit),
            ):
                ids.extend(i for i in recent if i not in ids)
            ids = ids[:limit]
        cases = assessments_repo.case_summaries(session, ids)
        detail = f"{len(cases)} case(s)" + (" found by search" if text else " own or recent")
        workspace.record(session, AuditAction.VIEW, "case_list", detail=detail)
    own = set(mine)
    return CaseChoices(cases, frozenset(c.id for c in cases if c.id in own))


@requires(Permission.MANAGE_CASES)
def case_choices(
    workspace: Workspace, search: str = "", limit: int = CASE_CHOICES_LIMIT
) -> list[CaseSummary]:
    """The cases of ``listed_cases``, without saying which are the user's own."""
    return listed_cases(workspace, search, limit).cases


@requires(Permission.MANAGE_CASES)
def get_case(workspace: Workspace, case_id: CaseId) -> CaseSummary:
    with workspace.transaction() as session:
        case = assessments_repo.get_case(session, case_id)
        if case is None:
            raise InvalidInputError("That case no longer exists.")
        workspace.record(session, AuditAction.VIEW, "case", str(case_id))
    return case


@requires(Permission.MANAGE_CASES)
def latest_levels(workspace: Workspace, case_ids: Sequence[CaseId]) -> dict[CaseId, str]:
    """The level of each case's latest completed assessment; cases with none are left out."""
    if not case_ids:
        return {}
    with workspace.transaction() as session:
        levels = assessments_repo.latest_levels(session, list(case_ids))
        workspace.record(
            session, AuditAction.VIEW, "case_list", detail=f"levels of {len(case_ids)} case(s)"
        )
    return {CaseId(case_id): level for case_id, level in levels.items()}


@requires(Permission.MANAGE_CASES)
def level_history(workspace: Workspace, case_id: CaseId) -> list[LevelPoint]:
    """Every assessment of a case, oldest first, with its level."""
    with workspace.transaction() as session:
        stored = assessments_repo.for_case(session, case_id)
        workspace.record(session, AuditAction.VIEW, "case", str(case_id), detail="levels")
    return [
        LevelPoint(
            s.id, s.assessment_date, s.status, s.level, s.yes_count, s.refer_to_marac, s.assessor
        )
        for s in stored
    ]


# ----- conversion between the scoring input and stored rows -------------------------------


def _stored_answers(form: FormDefinition, data: AssessmentInput) -> list[StoredAnswer]:
    rows: list[StoredAnswer] = []
    for question in form.questions():
        note = data.notes.get(question.id, AnswerNote())
        if question.kind is QuestionKind.TEXT:
            text = data.texts.get(question.id, "").strip()
            if text:
                rows.append(StoredAnswer(form.id, form.version, question.id, None, text=text))
            continue
        answer = data.answers.get(question.id)
        if answer is None and not (note.comment or note.source or note.options):
            continue
        rows.append(
            StoredAnswer(
                form.id,
                form.version,
                question.id,
                None if answer is None else answer.value,
                comment=note.comment.strip(),
                source=note.source.strip(),
                options=note.options,
            )
        )
    return rows


def _input_from(stored: StoredAssessment, form: FormDefinition) -> AssessmentInput:
    form_id = form.id
    mine = [a for a in stored.answers if a.form_id == form_id]
    text_ids = {q.id for q in form.questions() if q.kind is QuestionKind.TEXT}
    judgement = (
        ProfessionalJudgement(stored.judgement_raised, stored.judgement_reason)
        if stored.judgement_raised or stored.judgement_reason
        else None
    )
    main = form_id == stored.form_id
    return AssessmentInput(
        form_id=form_id,
        assessment_date=stored.assessment_date,
        answers={a.question_id: Answer(a.answer) for a in mine if a.answer is not None},
        professional_judgement=judgement if main else None,
        victim_age=stored.victim_age if main else None,
        incident_dates=stored.incident_dates if main else (),
        last_marac_referral=stored.last_marac_referral if main else None,
        concerns=frozenset(stored.concerns) if main else frozenset(),
        notes={
            a.question_id: AnswerNote(a.comment, a.source, a.options)
            for a in mine
            if a.question_id not in text_ids
        },
        texts={a.question_id: a.text for a in mine if a.question_id in text_ids},
    )


def _inputs(stored: StoredAssessment, sheet: Checklist) -> dict[str, AssessmentInput]:
    """The stored answers by form id, the main form's first."""
    follow_on_ids = sorted({a.form_id for a in stored.answers} - {stored.form_id})
    inputs: dict[str, AssessmentInput] = {}
    if stored.form_id == sheet.form.id:
        inputs[stored.form_id] = _input_from(stored, sheet.form)
    for form_id in follow_on_ids:
        if form_id in sheet.follow_ons:
            inputs[form_id] = _input_from(stored, sheet.follow_ons[form_id])
    return inputs


def _previous(
    session: Session, stored: StoredAssessment, sheet: Checklist
) -> PreviousAssessment | None:
    earlier = assessments_repo.latest_completed_before(session, stored.case_id, stored)
    if earlier is None:
        return None
    return PreviousAssessment(earlier.assessment_date, _inputs(earlier, sheet))


def as_scored(stored: StoredAssessment, sheet: Checklist) -> Checklist:
    """The checklist a stored assessment is scored with: a completed one keeps the settings it
    was done under."""
    if stored.status is AssessmentStatus.COMPLETED:
        return replace(sheet, policy=AreaPolicy.from_mapping(json.loads(stored.policy_json)))
    return sheet


def result_of(stored: StoredAssessment, sheet: Checklist) -> RiskResult:
    """The stored assessment's result, explained (see ``as_scored``)."""
    scored_with = as_scored(stored, sheet)
    return scored_with.score(_input_from(stored, scored_with.form))


def _record(
    stored: StoredAssessment,
    case: CaseSummary,
    sheet: Checklist,
    previous: PreviousAssessment | None = None,
) -> AssessmentRecord:
    """Rebuild the input; a completed assessment is scored with the settings it was done under."""
    sheet = as_scored(stored, sheet)
    main = _input_from(stored, sheet.form)
    follow_on_ids = sorted({a.form_id for a in stored.answers} - {stored.form_id})
    return AssessmentRecord(
        id=stored.id,
        case=case,
        status=stored.status,
        assessor=stored.assessor,
        main=main,
        follow_ons={f: _input_from(stored, sheet.follow_ons[f]) for f in follow_on_ids},
        result=sheet.score(main),
        created_at=stored.created_at,
        completed_at=stored.completed_at,
        version=stored.version,
        previous=previous,
    )


def _check(main: AssessmentInput, sheet: Checklist, today: date) -> None:
    if main.form_id != sheet.form.id:
        raise InvalidInputError(f"These answers are for form {main.form_id}, not {sheet.form.id}.")
    if main.assessment_date > today:
        raise InvalidInputError("The assessment date is in the future; use the day it was done.")
    for incident in main.incident_dates:
        if incident > main.assessment_date:
            raise InvalidInputError("An incident date is after the assessment date; check it.")
    if main.last_marac_referral and main.last_marac_referral > main.assessment_date:
        raise InvalidInputError("The last MARAC referral date is after the assessment date.")


def _to_store(
    base: StoredAssessment,
    main: AssessmentInput,
    follow_ons: Mapping[str, AssessmentInput],
    sheet: Checklist,
    result: RiskResult,
) -> StoredAssessment:
    answers = _stored_answers(sheet.form, main)
    for form_id, data in follow_ons.items():
        if form_id not in sheet.follow_ons:
            raise InvalidInputError(f"There is no follow-on form {form_id} for this checklist.")
        answers.extend(_stored_answers(sheet.follow_ons[form_id], data))
    judgement = main.professional_judgement
    return replace(
        base,
        form_version=sheet.form.version,
        model_id=sheet.model.id,
        model_version=sheet.model.version,
        assessment_date=main.assessment_date,
        victim_age=main.victim_age,
        incident_dates=tuple(sorted(main.incident_dates)),
        last_marac_referral=main.last_marac_referral,
        concerns=tuple(sorted(main.concerns)),
        judgement_raised=bool(judgement and judgement.raised),
        judgement_reason=judgement.reason.strip() if judgement else "",
        level=result.level.value,
        actuarial_level=result.actuarial_level.value,
        yes_count=result.yes_count,
        refer_to_marac=result.refer_to_marac,
        result_json=json.dumps(result.to_json_dict(), ensure_ascii=False),
        policy_json=json.dumps(sheet.policy.to_mapping()),
        updated_at=datetime.now(UTC),
        answers=tuple(answers),
    )


# ----- use-cases --------------------------------------------------------------------------


@requires(Permission.RECORD_ASSESSMENTS)
def start(
    workspace: Workspace, case_id: CaseId, assessment_date: date, today: date | None = None
) -> AssessmentRecord:
    """Begin a draft for a case with what the case already holds filled in: the victim's age
    from their date of birth, the incidents, the last MARAC referral heard and the children
    (``risk/prefill.py``)."""
    sheet = current_checklist(workspace)
    with workspace.transaction() as session:
        case = assessments_repo.get_case(session, case_id)
        held = records_repo.case_record(session, case_id)
        if case is None or held is None:
            raise InvalidInputError("That case no longer exists.")
        main, follow_ons = prefilled(
            AssessmentInput(
                form_id=sheet.form.id,
                assessment_date=assessment_date,
                answers={},
                victim_age=case.victim.age_on(assessment_date),
            ),
            sheet.form,
            sheet.follow_ons,
            case_facts(held, assessment_date),
        )
        _check(main, sheet, today or date.today())
        now = datetime.now(UTC)
        blank = StoredAssessment(
            id=AssessmentId(0),
            case_id=case_id,
            status=AssessmentStatus.DRAFT,
            form_id=sheet.form.id,
            form_version=0,
            model_id="",
            model_version=0,
            assessment_date=assessment_date,
            assessor=workspace.actor,
            victim_age=None,
            incident_dates=(),
            last_marac_referral=None,
            concerns=(),
            judgement_raised=False,
            judgement_reason="",
            level="",
            actuarial_level="",
            yes_count=0,
            refer_to_marac=False,
            result_json="{}",
            policy_json="{}",
            created_at=now,
            updated_at=now,
            completed_at=None,
            answers=(),
        )
        result = sheet.score(main)
        stored = assessments_repo.save(session, _to_store(blank, main, follow_ons, sheet, result))
        previous = _previous(session, stored, sheet)
        workspace.record(session, AuditAction.CREATE, "assessment", str(stored.id))
    return _record(stored, case, sheet, previous)


def _save(
    workspace: Workspace,
    assessment_id: AssessmentId,
    main: AssessmentInput,
    follow_ons: Mapping[str, AssessmentInput],
    complete: bool,
    today: date | None,
    version: int | None,
) -> AssessmentRecord:
    sheet = current_checklist(workspace)
    _check(main, sheet, today or date.today())
    result = sheet.score(main)
    missing = [q for q in sheet.form.risk_factor_ids() if q not in main.answers]
    if complete and missing:
        raise InvalidInputError(
            f"{len(missing)} risk factor(s) have no answer (first: {missing[0]}); "
            "choose yes, no, don't know or not asked for each."
        )
    with workspace.transaction() as session:
        versions.save_edit(session, Edited.CHECKLIST, assessment_id, version, workspace.editor)
        stored = assessments_repo.get(session, assessment_id)
        case = assessments_repo.get_case(session, stored.case_id) if stored else None
        if stored is None or case is None:
            raise InvalidInputError("That assessment no longer exists.")
        if stored.status is AssessmentStatus.COMPLETED:
            raise InvalidInputError(
                "This assessment is complete and cannot be changed; start a new assessment "
                "if circumstances have changed."
            )
        updated = _to_store(stored, main, follow_ons, sheet, result)
        if complete:
            updated = replace(
                updated, status=AssessmentStatus.COMPLETED, completed_at=datetime.now(UTC)
            )
        saved = assessments_repo.save(session, updated)
        previous = _previous(session, saved, sheet)
        detail = "completed" if complete else "draft saved"
        workspace.record(session, AuditAction.CHANGE, "assessment", str(saved.id), detail=detail)
    return _record(saved, case, sheet, previous)


@requires(Permission.RECORD_ASSESSMENTS)
def save_draft(
    workspace: Workspace,
    assessment_id: AssessmentId,
    main: AssessmentInput,
    follow_ons: Mapping[str, AssessmentInput],
    today: date | None = None,
    version: int | None = None,
) -> AssessmentRecord:
    """Save the answers so far. ``version`` is the one the form read (``AssessmentRecord``):
    a save over someone else's newer one is refused (``errors.StaleEditError``)."""
    return _save(workspace, assessment_id, main, follow_ons, False, today, version)


@requires(Permission.RECORD_ASSESSMENTS)
def complete(
    workspace: Workspace,
    assessment_id: AssessmentId,
    main: AssessmentInput,
    follow_ons: Mapping[str, AssessmentInput],
    today: date | None = None,
    version: int | None = None,
) -> AssessmentRecord:
    """Save and lock the assessment; every risk factor needs an answer (not asked counts).
    ``version`` as for ``save_draft``."""
    return _save(workspace, assessment_id, main, follow_ons, True, today, version)


@requires(Permission.MANAGE_CASES)
def get(workspace: Workspace, assessment_id: AssessmentId) -> AssessmentRecord:
    sheet = current_checklist(workspace)
    with workspace.transaction() as session:
        stored = assessments_repo.get(session, assessment_id)
        case = assessments_repo.get_case(session, stored.case_id) if stored else None
        if stored is None or case is None:
            raise InvalidInputError("That assessment no longer exists.")
        previous = _previous(session, stored, sheet)
        workspace.record(session, AuditAction.VIEW, "assessment", str(assessment_id))
    return _record(stored, case, sheet, previous)
