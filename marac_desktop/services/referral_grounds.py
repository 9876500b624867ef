"""What a case holds that a new referral's criteria are worked out from (the rules are in
``risk/referral_grounds.py``; the referral is saved by ``records.record_referral``)."""

from __future__ import annotations

from marac_desktop.domain.assessments import AssessmentStatus
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.permissions import Permission
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk.referral_grounds import AssessedRisk, CaseHistory
from marac_desktop.services import assessments
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import assessments_repo, records_repo


@requires(Permission.MANAGE_CASES)
def case_history(workspace: Workspace, case_id: CaseId) -> CaseHistory:
    """The case's referral and incident days and its completed assessments, each with its
    explained result."""
    sheet = assessments.current_checklist(workspace)
    with workspace.transaction() as session:
        record = records_repo.case_record(session, case_id)
        if record is None:
            raise InvalidInputError("That case no longer exists.")
        completed = [
            s
            for s in assessments_repo.for_case(session, case_id)
            if s.status is AssessmentStatus.COMPLETED
        ]
        workspace.record(
            session, AuditAction.VIEW, "case", str(case_id), detail="referral criteria"
        )
    return CaseHistory(
        referral_days=tuple(r.day for r in record.referrals),
        incident_days=tuple(i.day for i in record.incidents),
        assessments=tuple(
            AssessedRisk(
                s.id, s.assessment_date, assessments.result_of(s, sheet), s.judgement_reason
            )
            for s in sorted(completed, key=lambda s: s.id)
        ),
    )
