"""People, cases, incidents and referrals: the records the coordinator keeps. All audited."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Collection, Iterable
from dataclasses import replace
from datetime import date

from sqlalchemy.orm import Session

from marac_desktop.domain import date_style
from marac_desktop.domain.assessments import AssessmentId, AssessmentStatus
from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.edits import Edited
from marac_desktop.domain.people import Person, PersonDetails
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.records import CaseListRow as CaseListRow
from marac_desktop.domain.records import (
    CaseRecord,
    IdvaAllocation,
    Incident,
    IncidentKind,
    PartyRole,
    Referral,
    ReferralStatus,
    current_idva,
)
from marac_desktop.domain.records import PersonListLine as PersonListLine
from marac_desktop.domain.users import IdvaAccount
from marac_desktop.errors import InvalidInputError
from marac_desktop.services import people_matching
from marac_desktop.services.validation import clean, not_future
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import (
    assessments_repo,
    records_repo,
    server_accounts,
    users_repo,
    versions,
)

MAX_NOTES = 2000


MAX_CODED_WORDS = 200
"""The longest gender, ethnicity or sexuality a person may type (kept as words beside "other")."""


def validate_person(
    details: PersonDetails, today: date | None = None, whose: str = ""
) -> PersonDetails:
    """Tidy a person's details, or say in one sentence what is wrong.

    ``whose`` names the person in messages, e.g. "victim's " gives "Enter the victim's family
    name."
    """
    now = today or date.today()
    not_future(details.date_of_birth, "date of birth", now)
    for other in details.other_dobs:
        not_future(other, "other date of birth", now)
    return replace(
        details,
        family_name=clean(details.family_name, f"{whose}family name", required=True),
        given_names=clean(details.given_names, f"{whose}given names", required=True),
        postcode=clean(details.postcode, "postcode", limit=16).upper(),
        phone=clean(details.phone, "phone number", limit=40),
        address=clean(details.address, "address", limit=MAX_NOTES),
        contact_notes=clean(details.contact_notes, "contact notes", limit=MAX_NOTES),
        gender=clean(details.gender, "gender", limit=MAX_CODED_WORDS),
        ethnicity=clean(details.ethnicity, "ethnicity", limit=MAX_CODED_WORDS),
        sexuality=clean(details.sexuality, "sexuality", limit=MAX_CODED_WORDS),
    )


@requires(Permission.MANAGE_CASES)
def open_case(
    workspace: Workspace,
    victim: PersonDetails | PersonId,
    today: date | None = None,
    shown: Collection[PersonId] | None = None,
) -> CaseRecord:
    """A new case for a new or already-known victim (never a second record of the same person).

    ``shown``: the candidates a search showed before a new victim is saved; the save is refused
    if someone else who may be them is on record now (``people_matching.refuse_unseen``)."""
    with workspace.transaction() as session:
        if isinstance(victim, PersonDetails):
            cleaned = validate_person(victim, today, "victim's ")
            if shown is not None:
                people_matching.refuse_unseen(session, cleaned, shown)
            person = records_repo.add_person(session, cleaned, workspace.editor)
            workspace.record(session, AuditAction.CREATE, "person", str(person.id))
            victim_id = person.id
        else:
            if records_repo.get_person(session, victim) is None:
                raise InvalidInputError("That person no longer exists.")
            victim_id = victim
        case = records_repo.new_case(session, victim_id)
        workspace.record(session, AuditAction.CREATE, "case", str(case.id))
        record = records_repo.case_record(session, case.id)
    assert record is not None
    return record


@requires(Permission.MANAGE_CASES)
def add_person_to_case(
    workspace: Workspace,
    case_id: CaseId,
    person: PersonDetails | PersonId,
    role: PartyRole,
    relation: str = "",
    today: date | None = None,
    shown: Collection[PersonId] | None = None,
) -> Person:
    """Add a new or already-known person to the case; ``shown`` as for ``open_case``."""
    if role is PartyRole.VICTIM:
        raise InvalidInputError("A case has one victim; open a new case for another victim.")
    with workspace.transaction() as session:
        _require_case(session, case_id)
        if isinstance(person, PersonDetails):
            cleaned = validate_person(person, today)
            if shown is not None:
                people_matching.refuse_unseen(session, cleaned, shown)
            added = records_repo.add_person(session, cleaned, workspace.editor)
            workspace.record(session, AuditAction.CREATE, "person", str(added.id))
        else:
            found = records_repo.get_person(session, person)
            if found is None:
                raise InvalidInputError("That person no longer exists.")
            added = found
        if (case_id, role.value) in records_repo.cases_of_person(session, added.id):
            raise InvalidInputError("That person is already in this case in that role.")
        records_repo.add_party(session, case_id, added.id, role, clean(relation, "relationship"))
        workspace.record(
            session, AuditAction.CHANGE, "case", str(case_id), detail=f"added {role.value}"
        )
    return added


@requires(Permission.MANAGE_CASES)
def update_person(
    workspace: Workspace,
    person_id: PersonId,
    details: PersonDetails,
    today: date | None = None,
    version: int | None = None,
) -> Person:
    """Save a person's details; ``version`` is the one read (``Person.version``): refused in
    one sentence if someone has saved newer details since."""
    cleaned = validate_person(details, today)
    with workspace.transaction() as session:
        versions.save_edit(session, Edited.PERSON, person_id, version, workspace.editor)
        updated = records_repo.update_person(session, person_id, cleaned)
        workspace.record(session, AuditAction.CHANGE, "person", str(person_id))
    return updated


@requires(Permission.MANAGE_CASES)
def get_person(workspace: Workspace, person_id: PersonId) -> Person:
    with workspace.transaction() as session:
        found = records_repo.get_person(session, person_id)
        if found is None:
            raise InvalidInputError("That person no longer exists.")
        workspace.record(session, AuditAction.VIEW, "person", str(person_id))
    return found


@requires(Permission.MANAGE_CASES)
def record_incident(
    workspace: Workspace,
    case_id: CaseId,
    day: date,
    kind: IncidentKind,
    source_agency: str,
    reported_to_police: bool,
    today: date | None = None,
) -> Incident:
    not_future(day, "incident date", today or date.today())
    with workspace.transaction() as session:
        _require_case(session, case_id)
        incident = records_repo.add_incident(
            session,
            case_id,
            day,
            kind,
            clean(source_agency, "source agency", required=True),
            reported_to_police,
        )
        workspace.record(session, AuditAction.CREATE, "incident", str(incident.id))
    return incident


@requires(Permission.MANAGE_CASES)
def record_referral(
    workspace: Workspace,
    case_id: CaseId,
    day: date,
    referring_agency: str,
    criteria: ReferralCriteria,
    status: ReferralStatus = ReferralStatus.RECEIVED,
    meeting_day: date | None = None,
    today: date | None = None,
    assessment_id: AssessmentId | None = None,
) -> Referral:
    """``assessment_id``: the case's completed assessment the criteria were taken from
    (``risk/referral_grounds.py``); every criterion it met must be among ``criteria``."""
    not_future(day, "referral date", today or date.today())
    if meeting_day is not None and meeting_day < day:
        raise InvalidInputError("The meeting date is before the referral date; check it.")
    if not criteria.any():
        raise InvalidInputError("Tick at least one MARAC referral criterion.")
    with workspace.transaction() as session:
        _require_case(session, case_id)
        if assessment_id is not None:
            _check_assessment(session, case_id, assessment_id, day, criteria)
        referral = records_repo.add_referral(
            session,
            case_id,
            day,
            clean(referring_agency, "referring agency", required=True),
            criteria,
            status,
            meeting_day,
            assessment_id,
        )
        detail = "" if assessment_id is None else f"from assessment {assessment_id}"
        workspace.record(session, AuditAction.CREATE, "referral", str(referral.id), detail=detail)
    return referral


def _check_assessment(
    session: Session,
    case_id: CaseId,
    assessment_id: AssessmentId,
    day: date,
    criteria: ReferralCriteria,
) -> None:
    """The assessment is this case's, completed, not after the referral, and none of the
    criteria its result met is left off (a judgement never lowers a risk)."""
    stored = assessments_repo.get(session, assessment_id)
    if stored is None or stored.case_id != case_id:
        raise InvalidInputError("That assessment is not one of this case's.")
    if stored.status is not AssessmentStatus.COMPLETED:
        raise InvalidInputError("That assessment is not complete yet; complete it first.")
    if stored.assessment_date > day:
        raise InvalidInputError("The assessment is dated after the referral; check the date.")
    met = ReferralCriteria.from_mapping(json.loads(stored.result_json).get("criteria", {}))
    left_off = [c.label for c in met.met() if not criteria.has(c)]
    if left_off:
        listed = ", ".join(left_off[:-1]) + " and " + left_off[-1] if left_off[1:] else left_off[0]
        raise InvalidInputError(
            f"The assessment of {date_style.shown(stored.assessment_date)} met {listed}; a "
            "referral keeps what the assessment met, since a judgement never lowers a risk."
        )


NOT_AN_IDVA_ACCOUNT = (
    "That is not an active IDVA account here; choose one from the list, or type the name of "
    "an IDVA from outside the partnership."
)


def _idva_accounts(workspace: Workspace, session: Session) -> list[IdvaAccount]:
    if workspace.on_server:
        return server_accounts.active_idvas(session)
    return users_repo.active_idvas(session)


@requires(Permission.MANAGE_CASES)
def idva_accounts(workspace: Workspace) -> list[IdvaAccount]:
    """The active IDVA accounts a case's IDVA may be chosen from, by display name."""
    with workspace.transaction() as session:
        return _idva_accounts(workspace, session)


@requires(Permission.MANAGE_CASES)
def allocate_idva(
    workspace: Workspace,
    case_id: CaseId,
    allocation: IdvaAllocation,
    today: date | None = None,
    version: int | None = None,
) -> int:
    """Record the IDVA supporting the victim from ``allocation.allocated_on``; the IDVA before
    (if any) stops being allocated that day. Earlier allocations are kept for the reports.
    ``version`` is the case's as read (``CaseRecord.version``): refused in one sentence if
    someone has changed its IDVA since. Returns the case's new version.

    ``allocation.account`` names an active IDVA account (whose display name is kept as the
    name), or is ``None`` for an IDVA from outside the partnership, known by the name typed."""
    not_future(allocation.allocated_on, "IDVA allocation date", today or date.today())
    name = clean(allocation.name, "IDVA's name", allocation.account is None)
    with workspace.transaction() as session:
        if allocation.account is not None:
            accounts = {a.username: a for a in _idva_accounts(workspace, session)}
            chosen = accounts.get(allocation.account)
            if chosen is None:
                raise InvalidInputError(NOT_AN_IDVA_ACCOUNT)
            name = chosen.display_name
        saved = versions.save_edit(session, Edited.CASE, case_id, version, workspace.editor)
        current = _current_idva(session, case_id)
        if current is not None and allocation.allocated_on < current.allocated_on:
            raise InvalidInputError(
                "The IDVA allocation date is before the current IDVA's; check it."
            )
        records_repo.end_idva(session, case_id, allocation.allocated_on)
        records_repo.add_idva(
            session,
            case_id,
            IdvaAllocation(name, allocation.allocated_on, account=allocation.account),
        )
        workspace.record(session, AuditAction.CHANGE, "case", str(case_id), detail="idva")
    return saved


@requires(Permission.MANAGE_CASES)
def end_idva(
    workspace: Workspace,
    case_id: CaseId,
    ended_on: date,
    today: date | None = None,
    version: int | None = None,
) -> int:
    """The current IDVA stops supporting the victim on ``ended_on``; ``version`` as for
    ``allocate_idva``. Returns the case's new version."""
    not_future(ended_on, "date the IDVA stopped", today or date.today())
    with workspace.transaction() as session:
        saved = versions.save_edit(session, Edited.CASE, case_id, version, workspace.editor)
        current = _current_idva(session, case_id)
        if current is None:
            raise InvalidInputError("No IDVA is allocated to this case.")
        if ended_on < current.allocated_on:
            raise InvalidInputError("The IDVA stops before they were allocated; check the date.")
        records_repo.end_idva(session, case_id, ended_on)
        workspace.record(session, AuditAction.CHANGE, "case", str(case_id), detail="idva ended")
    return saved


def _require_case(session: Session, case_id: CaseId) -> None:
    if not records_repo.case_exists(session, case_id):
        raise InvalidInputError("That case no longer exists.")


def _current_idva(session: Session, case_id: CaseId) -> IdvaAllocation | None:
    _require_case(session, case_id)
    return current_idva(records_repo.idva_history(session, case_id))


@requires(Permission.MANAGE_CASES)
def case_record(workspace: Workspace, case_id: CaseId) -> CaseRecord:
    with workspace.transaction() as session:
        record = records_repo.case_record(session, case_id, people_flags=True)
        if record is None:
            raise InvalidInputError("That case no longer exists.")
        yours = assessments_repo.is_allocated_to(session, workspace.user, case_id)
        workspace.record(session, AuditAction.VIEW, "case", str(case_id))
    return dataclasses.replace(record, yours=yours)


@requires(Permission.MANAGE_CASES)
def case_with_reference(workspace: Workspace, reference: str) -> CaseId:
    """The case a reference such as C-000123 names (as typed: spaces and case ignored)."""
    wanted = "".join(reference.split()).upper()
    with workspace.transaction() as session:
        found = records_repo.case_with_reference(session, wanted)
    if found is None:
        raise InvalidInputError("No case has that reference; check it on the Cases page.")
    return CaseId(found)


@requires(Permission.MANAGE_CASES)
def case_references(workspace: Workspace, case_ids: Iterable[CaseId]) -> dict[CaseId, str]:
    """The reference of each case asked for that still exists, in one query."""
    with workspace.transaction() as session:
        found = records_repo.case_references(session, case_ids)
    return {CaseId(case_id): reference for case_id, reference in found.items()}


@requires(Permission.MANAGE_CASES)
def count_cases(workspace: Workspace, search: str = "") -> int:
    with workspace.transaction() as session:
        return records_repo.count_cases(session, search)


@requires(Permission.MANAGE_CASES)
def case_page(
    workspace: Workspace,
    search: str,
    offset: int,
    limit: int,
    sort: str = "reference",
    descending: bool = False,
) -> list[CaseListRow]:
    """One page of the case list, searched and sorted in the database (fast at any size)."""
    with workspace.transaction() as session:
        rows = records_repo.case_page(session, search, offset, limit, sort, descending)
        if offset == 0:  # one audit row per list shown, not per page scrolled
            workspace.record(session, AuditAction.VIEW, "case_list")
    return rows


PEOPLE_LIMIT = 200
"""Most people the People search lists (the search narrows it)."""


@requires(Permission.MANAGE_CASES)
def find_people(
    workspace: Workspace,
    search: str,
    roles: tuple[PartyRole, ...] = tuple(PartyRole),
    limit: int = PEOPLE_LIMIT,
) -> list[PersonListLine]:
    """Victims, perpetrators and children (as ``roles`` says) whose names hold every word of
    ``search`` in any order, each with their cases; searched in the database by key."""
    with workspace.transaction() as session:
        found = records_repo.find_people(session, search, roles, limit)
        workspace.record(
            session, AuditAction.VIEW, "person_list", detail=f"{len(found)} person(s) found"
        )
    return found
