"""Is this one of the people already on record? Ranked candidates with reasons; never a merge.

The match index is built once per unlocked session (a few seconds for 250,000 people) and kept
until someone is added or changed (records.update_person empties the cache) or it locks.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.people import Person, PersonDetails
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.domain.records import PartyRole
from marac_desktop.domain.vocabulary import VocabularyId
from marac_desktop.errors import InvalidInputError
from marac_desktop.matching import PersonQuery, PersonRecord
from marac_desktop.matching.index import MatchIndex
from marac_desktop.services.freeing import free_in_slices
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import assessments_repo, records_repo, vocabulary_repo

_INDEX = "people_matching.index"


@dataclass(frozen=True, slots=True)
class CaseHistoryLine:
    case_id: CaseId
    reference: str
    role: PartyRole
    last_referral: date | None
    latest_level: str | None


@dataclass(frozen=True, slots=True)
class PersonCandidate:
    person: Person
    score: int
    reasons: tuple[str, ...]
    cases: tuple[CaseHistoryLine, ...]
    gender_label: str = ""


INDEX_STEP = 5_000
"""People indexed between chances to stop (a stopped build keeps nothing of it)."""
INDEXING = "Searching: indexing everyone on record"


def _index(workspace: Workspace, progress: Progress) -> MatchIndex:
    with workspace.transaction() as session:
        stamp = records_repo.people_stamp(session)
        cached = workspace.cache.get(_INDEX)
        if isinstance(cached, tuple) and cached[0] == stamp:
            index: MatchIndex = cached[1]
            return index
        people = records_repo.all_people(session)

    def records() -> Iterator[PersonRecord]:
        for done, person in enumerate(people):
            if done % INDEX_STEP == 0:
                progress.step(done, len(people), INDEXING)
            yield PersonRecord.from_person(person)

    try:
        index = MatchIndex(records())
    finally:
        free_in_slices(people)
    workspace.cache[_INDEX] = (stamp, index)
    return index


@requires(Permission.MANAGE_CASES)
def find_candidates(
    workspace: Workspace,
    details: PersonDetails,
    limit: int = 8,
    progress: Progress | None = None,
) -> list[PersonCandidate]:
    """People on record who may be this person, best first, each with reasons and case history.

    The first search of a session builds the match index (the slow part); a stop while it
    is built keeps none of it, a stop after it keeps the index; neither writes anything.
    """
    progress = quiet(progress)
    if not details.family_name.strip() and not details.given_names.strip():
        raise InvalidInputError("Enter at least a family name or a given name to search for.")
    progress.step(0, 0, "Searching: reading everyone on record")
    index = _index(workspace, progress)
    progress.step(0, 0, "Searching: comparing")
    found = index.search(PersonQuery.from_details(details), limit=limit)
    results = []
    with workspace.transaction() as session:
        for candidate in found:
            person = records_repo.get_person(session, int(candidate.record_id))
            if person is None:
                continue
            cases = records_repo.person_cases(session, person.id)
            levels = assessments_repo.latest_levels(session, [c[0] for c in cases])
            history = tuple(
                CaseHistoryLine(CaseId(c), ref, PartyRole(role), last, levels.get(c))
                for c, ref, role, last in cases
            )
            gender = vocabulary_repo.vocabulary(session, VocabularyId.GENDER).shown(
                person.details.gender, person.details.gender_detail, ""
            )
            results.append(
                PersonCandidate(person, candidate.score, candidate.reasons, history, gender)
            )
        workspace.record(
            session, AuditAction.VIEW, "person_search", detail=f"{len(results)} candidate(s)"
        )
    return results


@requires(Permission.MANAGE_CASES)
def confirm_same_person(workspace: Workspace, a: PersonId, b: PersonId) -> int:
    """Record that two records are one person (a link, not a merge: both records stay)."""
    if a == b:
        raise InvalidInputError("Choose two different records to link.")
    with workspace.transaction() as session:
        if (
            records_repo.get_person(session, a) is None
            or records_repo.get_person(session, b) is None
        ):
            raise InvalidInputError("One of those people no longer exists.")
        if any(other == b for _, other in records_repo.linked_people(session, a)):
            raise InvalidInputError("Those records are already linked.")
        link = records_repo.add_link(session, a, b, workspace.actor)
        workspace.record(
            session,
            AuditAction.CHANGE,
            "person_link",
            str(link),
            detail=f"linked {min(a, b)} and {max(a, b)}",
        )
    return link


@requires(Permission.MANAGE_CASES)
def undo_link(workspace: Workspace, link_id: int) -> None:
    with workspace.transaction() as session:
        if records_repo.undo_link(session, link_id, workspace.actor) is None:
            raise InvalidInputError("That link no longer exists or was already undone.")
        workspace.record(session, AuditAction.CHANGE, "person_link", str(link_id), detail="undone")


@requires(Permission.MANAGE_CASES)
def linked_people(workspace: Workspace, person_id: PersonId) -> list[tuple[int, Person]]:
    """(link id, the other person) for each confirmed link of this person."""
    with workspace.transaction() as session:
        links = records_repo.linked_people(session, person_id)
        people = [(link, records_repo.get_person(session, other)) for link, other in links]
    return [(link, person) for link, person in people if person is not None]
