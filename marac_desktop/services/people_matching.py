"""Is this one of the people already on record? Ranked candidates with reasons; never a merge.

A search reads its candidates by blocking key from the database (``storage/match_keys_repo``)
and scores only those, so there is no index to build, nothing held between searches, and a
person added at another desk is found by the next search.
"""

from __future__ import annotations

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
from marac_desktop.matching import PersonQuery
from marac_desktop.matching.ranking import (
    SHOW_THRESHOLD,
    NameCache,
    best_candidates,
    birth_dates,
    dates_can_reach,
    profile_of,
    score_profiles,
)
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import assessments_repo, match_keys_repo, records_repo, vocabulary_repo


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


@requires(Permission.MANAGE_CASES)
def find_candidates(
    workspace: Workspace,
    details: PersonDetails,
    limit: int = 8,
    progress: Progress | None = None,
) -> list[PersonCandidate]:
    """People on record who may be this person, best first, each with reasons and case history.

    Only the people sharing a blocking key with ``details`` are read and scored.
    """
    progress = quiet(progress)
    if not details.family_name.strip() and not details.given_names.strip():
        raise InvalidInputError("Enter at least a family name or a given name to search for.")
    progress.step(0, 0, "Searching: comparing")
    wanted = profile_of(PersonQuery.from_details(details))
    names_seen: NameCache = {}
    with workspace.transaction() as session:
        ids = match_keys_repo.candidate_ids(session, wanted)
        scored = (
            score_profiles(wanted, profile_of(record), record.id, SHOW_THRESHOLD, names_seen)
            for record in sorted(
                match_keys_repo.records(session, ids), key=lambda record: int(record.id)
            )
            if dates_can_reach(wanted, birth_dates(record), SHOW_THRESHOLD)
        )
        found = best_candidates(scored, limit)
        chosen = [int(candidate.record_id) for candidate in found]
        people = records_repo.people_by_id(session, chosen)
        cases = records_repo.cases_of_people(session, chosen)
        levels = assessments_repo.latest_levels(
            session, sorted({line[0] for lines in cases.values() for line in lines})
        )
        gender_words = vocabulary_repo.vocabulary(session, VocabularyId.GENDER)
        results = []
        for candidate in found:
            person = people.get(int(candidate.record_id))
            if person is None:
                continue
            history = tuple(
                CaseHistoryLine(CaseId(c), ref, PartyRole(role), last, levels.get(c))
                for c, ref, role, last in cases[person.id]
            )
            gender = gender_words.shown(person.details.gender, person.details.gender_detail, "")
            results.append(
                PersonCandidate(person, candidate.score, candidate.reasons, history, gender)
            )
        progress.step(0, 0, "Searching: comparing")  # a stop here rolls back, recording nothing
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
