"""The assessment summary PDF: worded here, laid out by reports, written atomically, audited."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from marac_desktop import __version__
from marac_desktop.domain import date_style
from marac_desktop.domain.assessments import AssessmentId
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.reports.assessment_summary import (
    AssessmentSummary,
    FollowOnSummary,
    SummaryAnswer,
    SummarySection,
    build_assessment_summary,
)
from marac_desktop.risk import Answer, AssessmentInput, FormDefinition, QuestionKind
from marac_desktop.services import assessments
from marac_desktop.services.assessments import AssessmentRecord
from marac_desktop.services.checklists import Checklist
from marac_desktop.services.marking import protective_marking
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import users_repo
from marac_desktop.storage.atomic import atomic_writer

MAKING = "Making the summary"

ANSWER_LABELS = {
    Answer.YES: "Yes",
    Answer.NO: "No",
    Answer.DONT_KNOW: "Don't know",
    Answer.NOT_ASKED: "Not asked",
}


def _day(value: object) -> str:
    return date_style.shown(value) if isinstance(value, date) else "not recorded"


_DRAFT_ONLY = frozenset({"consider_professional_judgement", "age_not_recorded"})
"""Prompts about filling in the checklist itself, which a completed one no longer needs."""


def _answers(form: FormDefinition, given: AssessmentInput | None) -> tuple[SummarySection, ...]:
    sections = []
    for section in form.sections:
        answers = []
        for question in section.questions:
            if question.kind is QuestionKind.TEXT:
                text = given.texts.get(question.id, "") if given else ""
                answers.append(SummaryAnswer("", question.text, text or "—", free_text=True))
                continue
            answer = given.answers.get(question.id) if given else None
            note = given.notes.get(question.id) if given else None
            labels = {option.id: option.label for option in question.options}
            answers.append(
                SummaryAnswer(
                    question.id.removeprefix("q"),
                    question.text,
                    ANSWER_LABELS[answer] if answer else "—",
                    tuple(labels.get(o, o) for o in note.options) if note else (),
                    note.comment if note else "",
                    note.source if note else "",
                )
            )
        sections.append(SummarySection(section.title, tuple(answers)))
    return tuple(sections)


def _asked(given: AssessmentInput | None) -> bool:
    return given is not None and bool(given.answers or given.texts)


def _follow_ons(record: AssessmentRecord, sheet: Checklist) -> tuple[FollowOnSummary, ...]:
    shown = []
    for form_id in dict.fromkeys([*record.result.follow_on, *record.follow_ons]):
        form = sheet.follow_ons[form_id]
        given = record.follow_ons.get(form_id)
        asked = form.risk_factor_ids()
        if _asked(given):
            assert given is not None
            yes = sum(1 for q in asked if given.answers.get(q) is Answer.YES)
            outcome = f"{yes} of {len(asked)} answered yes."
        elif record.read_only:
            outcome = "These questions were not asked."
        else:
            outcome = "Not asked yet."
        shown.append(FollowOnSummary(form.title, outcome, _answers(form, given)))
    return tuple(shown)


def _prompts(record: AssessmentRecord) -> tuple[str, ...]:
    """What is still to do: a follow-on prompt only while its questions are unasked on a
    draft; a completed assessment keeps only the actions to take beyond the checklist."""
    kept = []
    for prompt in record.result.prompts:
        follow_on = (
            prompt.id.removeprefix("follow_on:") if prompt.id.startswith("follow_on:") else ""
        )
        if record.read_only and (follow_on or prompt.id in _DRAFT_ONLY):
            continue
        if follow_on and _asked(record.follow_ons.get(follow_on)):
            continue
        kept.append(prompt.text)
    return tuple(kept)


def summary_of(
    record: AssessmentRecord, sheet: Checklist, marking: str, assessor_name: str = ""
) -> AssessmentSummary:
    """The summary worded; ``assessor_name`` is the assessor's display name when known."""
    main, result, victim = record.main, record.result, record.case.victim
    concerns = {concern.id: concern.label for concern in sheet.form.concerns}
    judgement = main.professional_judgement
    completed = record.completed_at
    referral = main.last_marac_referral
    return AssessmentSummary(
        protective_marking=marking,
        case_reference=record.case.reference,
        family_name=victim.family_name,
        given_names=victim.given_names,
        date_of_birth=_day(victim.date_of_birth),
        age=str(main.victim_age) if main.victim_age is not None else "not recorded",
        assessment_date=_day(main.assessment_date),
        assessor=assessor_name or record.assessor,
        status=f"Completed {_day(completed)}" if completed else "Draft – not final",
        is_draft=not record.read_only,
        level=result.level.value,
        actuarial_level=result.actuarial_level.value,
        yes_count=result.yes_count,
        question_count=result.question_count,
        refer_to_marac=result.refer_to_marac,
        criteria_met=tuple(criterion.label for criterion in result.criteria.met()),
        red_flags=tuple(
            flag.label for flag in sheet.model.red_flags if flag.id in result.red_flags
        ),
        explanations=result.explanations,
        prompts=_prompts(record),
        judgement_reason=judgement.reason if judgement and judgement.raised else "",
        incident_dates=tuple(_day(day) for day in sorted(main.incident_dates)),
        last_marac_referral=_day(referral) if referral else "none recorded",
        concerns=tuple(concerns.get(c, c) for c in sorted(main.concerns)),
        sections=_answers(sheet.form, main),
        follow_ons=_follow_ons(record, sheet),
        versions=f"form {sheet.form.id} v{sheet.form.version} · model {sheet.model.id} "
        f"v{sheet.model.version}",
        app_version=__version__,
    )


def _assessor_name(workspace: Workspace, record: AssessmentRecord) -> str:
    """The assessor's display name; on a partnership server another account's row is not
    readable, and the account name is shown instead."""
    with workspace.transaction() as session:
        user = users_repo.find(session, record.assessor)
    return user.display_name if user else ""


def _summary(workspace: Workspace, record: AssessmentRecord) -> AssessmentSummary:
    sheet = assessments.current_checklist(workspace)
    marking = protective_marking(workspace)
    return summary_of(record, sheet, marking, _assessor_name(workspace, record))


@requires(Permission.MANAGE_CASES)
def summary_pdf_bytes(
    workspace: Workspace, assessment_id: AssessmentId, progress: Progress | None = None
) -> bytes:
    """The summary as bytes, to print; call ``record_print`` once it has gone to a printer."""
    progress = quiet(progress)
    record = assessments.get(workspace, assessment_id)
    buffer = io.BytesIO()
    summary = _summary(workspace, record)
    progress.step(1, 2, MAKING)
    build_assessment_summary(summary, buffer)
    return buffer.getvalue()


@requires(Permission.MANAGE_CASES)
def record_print(workspace: Workspace, assessment_id: AssessmentId) -> None:
    workspace.audit(AuditAction.PRINT, "assessment", str(assessment_id), detail="summary")


@requires(Permission.MANAGE_CASES)
def save_summary_pdf(
    workspace: Workspace,
    assessment_id: AssessmentId,
    destination: Path,
    progress: Progress | None = None,
) -> None:
    """Write the summary to a file the user chose, atomically and owner-only; audited.
    Stopped, no file is written."""
    progress = quiet(progress)
    record = assessments.get(workspace, assessment_id)
    summary = _summary(workspace, record)
    progress.step(1, 2, MAKING)
    with atomic_writer(destination) as handle:
        build_assessment_summary(summary, handle)
    workspace.audit(AuditAction.EXPORT, "assessment", str(assessment_id), detail="summary PDF")
