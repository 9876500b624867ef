"""What the partnership does about a perpetrator: partners' referrals of them for tasking,
referrals to programmes and processes with their outcome, and agencies' SMART actions. Every
change is audited; interventions and actions are saved against the version read."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.edits import Edited
from marac_desktop.domain.meetings import ActionStatus
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.perpetrators import (
    Intervention,
    InterventionId,
    InterventionStatus,
    PerpetratorAction,
    PerpetratorActionId,
)
from marac_desktop.domain.vocabulary import OTHER, VocabularyId
from marac_desktop.errors import InvalidInputError
from marac_desktop.services.actions import MAX_WHAT
from marac_desktop.services.meeting_settings import agency_code
from marac_desktop.services.validation import clean, long_text, not_future
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import (
    perpetrator_register,
    perpetrator_work_repo,
    versions,
    vocabulary_repo,
)

MAX_REASON = 1000


def require_perpetrator(session: Session, person_id: int) -> None:
    if not perpetrator_register.is_perpetrator(session, person_id):
        raise InvalidInputError("That person is not recorded as a perpetrator.")


def written_reason(text: str, label: str) -> str:
    reason = long_text(text, label, limit=MAX_REASON)
    if not reason:
        raise InvalidInputError(f"Enter the {label}.")
    return reason


@requires(Permission.MANAGE_PERPETRATORS)
def record_partner_referral(
    workspace: Workspace,
    person_id: PersonId,
    day: date,
    agency: str,
    reason: str,
    today: date | None = None,
) -> int:
    """A partner agency refers the perpetrator for tasking; it counts in the ranking as a
    referral on ``day``."""
    not_future(day, "referral date", today or date.today())
    why = written_reason(reason, "reason for the referral")
    with workspace.transaction() as session:
        require_perpetrator(session, person_id)
        coded = vocabulary_repo.code(session, VocabularyId.AGENCY, agency)
        if not coded.code:
            raise InvalidInputError("Choose the referring agency.")
        referral_id = perpetrator_work_repo.add_partner_referral(
            session, person_id, day, coded.code, coded.detail, why, workspace.actor
        )
        workspace.record(
            session,
            AuditAction.CREATE,
            "perpetrator_referral",
            str(referral_id),
            detail=f"perpetrator {person_id}",
        )
    return referral_id


@requires(Permission.MANAGE_PERPETRATORS)
def add_intervention(
    workspace: Workspace,
    person_id: PersonId,
    kind: str,
    agency: str,
    referred_on: date,
    notes: str = "",
    today: date | None = None,
) -> Intervention:
    """A referral of the perpetrator to a programme or process (``kind``: a term of the
    intervention vocabulary, or words for one that is not listed)."""
    not_future(referred_on, "referral date", today or date.today())
    written = long_text(notes, "notes", limit=MAX_REASON)
    with workspace.transaction() as session:
        require_perpetrator(session, person_id)
        coded = vocabulary_repo.code(session, VocabularyId.INTERVENTION, kind)
        if not coded.code:
            raise InvalidInputError("Choose the programme or process.")
        if coded.code == OTHER and not coded.detail:
            raise InvalidInputError("Say which programme or process.")
        added = perpetrator_work_repo.add_intervention(
            session,
            person_id,
            Intervention(
                InterventionId(0),
                coded.code,
                coded.detail,
                agency_code(session, agency),
                referred_on,
                InterventionStatus.REFERRED,
                referred_on,
                written,
            ),
            workspace.editor,
        )
        workspace.record(
            session,
            AuditAction.CREATE,
            "intervention",
            str(added.id),
            detail=f"perpetrator {person_id} {coded.code}",
        )
    return added


@requires(Permission.MANAGE_PERPETRATORS)
def set_intervention_status(
    workspace: Workspace,
    intervention_id: InterventionId,
    status: InterventionStatus,
    on: date,
    notes: str,
    version: int | None = None,
    today: date | None = None,
) -> Intervention:
    """Where an intervention stands now (accepted, engaged, completed, declined, breached),
    from ``on``; refused if someone has changed it since ``version`` was read."""
    not_future(on, "date", today or date.today())
    written = long_text(notes, "notes", limit=MAX_REASON)
    with workspace.transaction() as session:
        versions.save_edit(session, Edited.INTERVENTION, intervention_id, version, workspace.editor)
        before = perpetrator_work_repo.intervention_status(session, intervention_id)
        if on < before.referred_on:
            raise InvalidInputError("That date is before the referral; check it.")
        changed = perpetrator_work_repo.set_intervention_status(
            session, intervention_id, status, on, written
        )
        workspace.record(
            session,
            AuditAction.CHANGE,
            "intervention",
            str(intervention_id),
            detail=f"{before.status.value}->{status.value}",
        )
    return changed


@requires(Permission.MANAGE_PERPETRATORS)
def add_action(
    workspace: Workspace,
    person_id: PersonId,
    agency: str,
    what: str,
    who: str,
    due: date,
    today: date | None = None,
) -> PerpetratorAction:
    """A SMART action about the perpetrator: the agency, what exactly, who, and by when."""
    description = long_text(what, "action", limit=MAX_WHAT)
    if not description:
        raise InvalidInputError("Enter what the agency will do.")
    person = clean(who, "person responsible", required=True)
    if due < (today or date.today()):
        raise InvalidInputError("The due date has passed; make it today or later.")
    with workspace.transaction() as session:
        require_perpetrator(session, person_id)
        added = perpetrator_work_repo.add_action(
            session,
            person_id,
            agency_code(session, agency),
            description,
            person,
            due,
            workspace.editor,
        )
        workspace.record(
            session,
            AuditAction.CREATE,
            "perpetrator_action",
            str(added.id),
            detail=f"perpetrator {person_id}",
        )
    return added


@requires(Permission.MANAGE_PERPETRATORS)
def set_action_status(
    workspace: Workspace,
    action_id: PerpetratorActionId,
    status: ActionStatus,
    version: int | None = None,
) -> PerpetratorAction:
    with workspace.transaction() as session:
        versions.save_edit(session, Edited.PERPETRATOR_ACTION, action_id, version, workspace.editor)
        before = perpetrator_work_repo.action_status(session, action_id)
        if before is status:
            raise InvalidInputError("The action already has that status.")
        changed = perpetrator_work_repo.set_action_status(session, action_id, status)
        workspace.record(
            session,
            AuditAction.CHANGE,
            "perpetrator_action",
            str(action_id),
            detail=f"{before.value}->{status.value}",
        )
    return changed
