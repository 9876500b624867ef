"""The assessment summary PDF: worded here, laid out by reports, written atomically, audited."""

from __future__ import annotations

import io
from pathlib import Path

from marac_desktop import __version__
from marac_desktop.domain.assessments import AssessmentId
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.reports.assessment_summary import (
    AssessmentSummary,
    SummaryAnswer,
    build_assessment_summary,
)
from marac_desktop.risk import Answer, QuestionKind
from marac_desktop.services import assessments
from marac_desktop.services.assessments import AssessmentRecord
from marac_desktop.services.checklists import Checklist
from marac_desktop.services.marking import protective_marking
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage.atomic import atomic_writer

MAKING = "Making the summary"

ANSWER_LABELS = {
    Answer.YES: "Yes",
    Answer.NO: "No",
    Answer.DONT_KNOW: "Don't know",
    Answer.NOT_ASKED: "Not asked",
}


def _day(value: object) -> str:
    return value.strftime("%d %b %Y") if hasattr(value, "strftime") else "not recorded"


def summary_of(record: AssessmentRecord, sheet: Checklist, marking: str) -> AssessmentSummary:
    main, result, victim = record.main, record.result, record.case.victim
    answers = []
    for question in sheet.form.questions():
        if question.kind is not QuestionKind.RISK_FACTOR:
            continue
        given = main.answers.get(question.id)
        note = main.notes.get(question.id)
        bits = [note.comment, f"source: {note.source}" if note.source else ""] if note else []
        answers.append(
            SummaryAnswer(
                question.id.removeprefix("q"),
                question.text,
                ANSWER_LABELS[given] if given else "—",
                " · ".join(b for b in bits if b),
            )
        )
    own_words = tuple(
        (q.text, main.texts[q.id])
        for q in sheet.form.questions()
        if q.kind is QuestionKind.TEXT and main.texts.get(q.id)
    )
    follow_ons = []
    for form_id, data in record.follow_ons.items():
        form = sheet.follow_ons[form_id]
        asked = form.risk_factor_ids()
        yes = sum(1 for q in asked if data.answers.get(q) is Answer.YES)
        follow_ons.append(f"{form.title}: {yes} of {len(asked)} answered yes.")
    judgement = main.professional_judgement
    completed = record.completed_at
    return AssessmentSummary(
        protective_marking=marking,
        case_reference=record.case.reference,
        family_name=victim.family_name,
        given_names=victim.given_names,
        date_of_birth=_day(victim.date_of_birth),
        age=str(main.victim_age) if main.victim_age is not None else "not recorded",
        assessment_date=_day(main.assessment_date),
        assessor=record.assessor,
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
        prompts=tuple(prompt.text for prompt in result.prompts),
        judgement_reason=judgement.reason if judgement and judgement.raised else "",
        own_words=own_words,
        follow_ons=tuple(follow_ons),
        answers=tuple(answers),
        versions=f"form {sheet.form.id} v{sheet.form.version} · model {sheet.model.id} "
        f"v{sheet.model.version}",
        app_version=__version__,
    )


@requires(Permission.MANAGE_CASES)
def summary_pdf_bytes(
    workspace: Workspace, assessment_id: AssessmentId, progress: Progress | None = None
) -> bytes:
    """The summary as bytes, to print; call ``record_print`` once it has gone to a printer."""
    progress = quiet(progress)
    record = assessments.get(workspace, assessment_id)
    buffer = io.BytesIO()
    sheet = assessments.current_checklist(workspace)
    progress.step(1, 2, MAKING)
    build_assessment_summary(summary_of(record, sheet, protective_marking(workspace)), buffer)
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
    sheet = assessments.current_checklist(workspace)
    summary = summary_of(record, sheet, protective_marking(workspace))
    progress.step(1, 2, MAKING)
    with atomic_writer(destination) as handle:
        build_assessment_summary(summary, handle)
    workspace.audit(AuditAction.EXPORT, "assessment", str(assessment_id), detail="summary PDF")
