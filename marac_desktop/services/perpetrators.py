"""The perpetrator register: who is recorded as causing harm, found by any name or alias, and
everything the partnership holds on one of them. For the safeguarding lead, the coordinator
and the administrator; an IDVA sees the perpetrators of their own cases only, and of them only
what those cases hold. Every view audited."""

from __future__ import annotations

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import PersonId
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.perpetrators import (
    DescribedFactor,
    PerpetratorFile,
    RegisterLine,
    ReportedConcern,
)
from marac_desktop.domain.records import PartyRole
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.services import checklists
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import (
    idva_links,
    perpetrator_register,
    perpetrator_work_repo,
    records_repo,
)
from marac_desktop.storage.perpetrator_register import InCases

REGISTER_LIMIT = 200
"""Most perpetrators a search of the register lists (the search narrows it)."""
DESCRIBING_SECTION = "person_causing_harm"
"""The checklist section whose answers describe the person causing harm."""
DESCRIBING_QUESTIONS = ("q8", "q13", "q14", "q15", "q16")
"""Questions outside that section that describe what the person causing harm has done:
stalking, weapons, threats to kill, strangulation and sexual violence."""


@requires(Permission.VIEW_PERPETRATORS)
def count_register(workspace: Workspace) -> int:
    with workspace.transaction() as session:
        return perpetrator_register.count_register(session)


@requires(Permission.VIEW_PERPETRATORS)
def register_page(workspace: Workspace, offset: int, limit: int) -> list[RegisterLine]:
    """Perpetrators most recently recorded first; a page at a time, fast at any size."""
    with workspace.transaction() as session:
        lines = perpetrator_register.register_page(session, offset, limit)
        if offset == 0:
            workspace.record(session, AuditAction.VIEW, "perpetrator_register")
    return lines


@requires(Permission.VIEW_PERPETRATORS)
def search_register(workspace: Workspace, search: str) -> list[RegisterLine]:
    """Perpetrators with a name or alias holding every word of ``search``, by name."""
    with workspace.transaction() as session:
        found = records_repo.find_people(session, search, (PartyRole.PERPETRATOR,), REGISTER_LIMIT)
        lines = perpetrator_register.register_lines(session, [p.person_id for p in found])
        workspace.record(
            session,
            AuditAction.VIEW,
            "perpetrator_register",
            detail=f"{len(lines)} perpetrator(s) found",
        )
    return lines


def describing_questions() -> dict[str, str]:
    """Question id -> the question's words, for the answers that describe the person causing
    harm (in form order)."""
    form = checklists.definitions()[0][checklists.MAIN_FORM]
    wanted = set(DESCRIBING_QUESTIONS)
    return {
        q.id: q.text
        for section in form.sections
        for q in section.questions
        if section.id == DESCRIBING_SECTION or q.id in wanted
    }


NOT_IN_OWN_CASES = (
    "That person causes harm in none of the cases you are the IDVA on; the rest of the "
    "register is for coordinators and safeguarding leads."
)


@requires(Permission.VIEW_PERPETRATORS)
def perpetrator_file(workspace: Workspace, person_id: PersonId) -> PerpetratorFile:
    """Everything held on one perpetrator; audited as a view of that person."""
    return _file(workspace, person_id, None)


@requires(Permission.VIEW_OWN_PERPETRATORS)
def own_register(workspace: Workspace, search: str = "") -> list[RegisterLine]:
    """The perpetrators in the cases the user is the IDVA on now (with a name or alias holding
    every word of ``search``, when given), counting those cases only; most recently recorded
    first, or by name when searched."""
    own = idva_links.own_case_ids(workspace.user)
    with workspace.transaction() as session:
        if search.strip():
            found = records_repo.find_people(
                session, search, (PartyRole.PERPETRATOR,), REGISTER_LIMIT, in_cases=own
            )
            lines = perpetrator_register.register_lines(session, [p.person_id for p in found], own)
        else:
            lines = perpetrator_register.register_page(session, 0, REGISTER_LIMIT, own)
        workspace.record(
            session,
            AuditAction.VIEW,
            "perpetrator_register",
            detail=f"{len(lines)} perpetrator(s) in own cases",
        )
    return lines


@requires(Permission.VIEW_OWN_PERPETRATORS)
def own_perpetrator_file(workspace: Workspace, person_id: PersonId) -> PerpetratorFile:
    """What the user's own cases hold on one of their perpetrators: those cases, their
    incidents, checklist answers, concerns and flags; nothing from anyone else's case, and
    none of the partnership's work about the person. Audited as a view of that person."""
    own = idva_links.own_case_ids(workspace.user)
    with workspace.transaction() as session:
        mine = perpetrator_register.is_perpetrator(session, person_id, own)
    if not mine:  # the same refusal whether or not they cause harm in anyone else's case
        workspace.audit(
            AuditAction.PERMISSION_DENIED, "perpetrator", str(person_id), outcome="denied"
        )
        raise PermissionDeniedError(NOT_IN_OWN_CASES)
    return _file(workspace, person_id, own)


def _file(workspace: Workspace, person_id: PersonId, in_cases: InCases) -> PerpetratorFile:
    questions = describing_questions()
    form = checklists.definitions()[0][checklists.MAIN_FORM]
    concern_labels = {concern.id: concern.label for concern in form.concerns}
    everything = in_cases is None
    with workspace.transaction() as session:
        person = records_repo.get_person(session, person_id)
        if person is None or not perpetrator_register.is_perpetrator(session, person_id):
            raise InvalidInputError("That person is not recorded as a perpetrator.")
        cases = perpetrator_register.perpetrator_cases(
            session, person_id, workspace.can(Permission.MANAGE_CASES), in_cases
        )
        case_ids = [c.case_id for c in cases]
        factors = tuple(
            DescribedFactor(reference, day, question, questions[question])
            for reference, day, question in perpetrator_register.described_factors(
                session, case_ids, questions
            )
        )
        found = PerpetratorFile(
            person_id,
            person.details.family_name,
            person.details.given_names,
            person.details.date_of_birth,
            tuple(f"{a.given_names} {a.family_name}".strip() for a in person.details.aliases),
            tuple(cases),
            tuple(perpetrator_register.perpetrator_incidents(session, case_ids)),
            factors,
            tuple(perpetrator_register.flags_about(session, person_id, case_ids, everything)),
            tuple(
                perpetrator_work_repo.partner_referrals(session, person_id) if everything else ()
            ),
            tuple(perpetrator_work_repo.interventions(session, person_id) if everything else ()),
            tuple(perpetrator_work_repo.actions(session, person_id) if everything else ()),
            tuple(perpetrator_work_repo.nominations(session, person_id) if everything else ()),
            tuple(
                ReportedConcern(reference, day, concern_labels.get(concern, concern))
                for reference, day, concern in perpetrator_register.reported_concerns(
                    session, case_ids
                )
            ),
        )
        workspace.record(session, AuditAction.VIEW, "perpetrator", str(person_id))
    return found
