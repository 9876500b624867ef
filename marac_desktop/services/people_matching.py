"""Is this one of the people already on record? Ranked candidates with reasons; never a merge.

A search reads its candidates by blocking key from the database (``storage/match_keys_repo``)
and scores only those, so there is no index to build, nothing held between searches, and a
person added at another desk is found by the next search.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.edits import found_sentence
from marac_desktop.domain.people import Person, PersonDetails
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.progress import Progress, quiet
from marac_desktop.domain.records import PartyRole
from marac_desktop.domain.vocabulary import VocabularyId
from marac_desktop.errors import InvalidInputError, NewCandidateError
from marac_desktop.matching import PersonQuery
from marac_desktop.matching.keys import query_keys
from marac_desktop.matching.ranking import (
    SHOW_THRESHOLD,
    Candidate,
    NameCache,
    Profile,
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


def _ranked(session: Session, wanted: Profile, limit: int) -> list[Candidate]:
    names_seen: NameCache = {}
    ids = match_keys_repo.candidate_ids(session, wanted)
    scored = (
        score_profiles(wanted, profile_of(record), record.id, SHOW_THRESHOLD, names_seen)
        for record in sorted(match_keys_repo.records(session, ids), key=lambda r: int(r.id))
        if dates_can_reach(wanted, birth_dates(record), SHOW_THRESHOLD)
    )
    return best_candidates(scored, limit)


def refuse_unseen(
    session: Session, details: PersonDetails, shown: Collection[PersonId], limit: int = 8
) -> None:
    """Before a new person is saved: refuse in one sentence, naming who saved them and when, if
    someone who may be this person is on record now and was not among the ``shown``
    candidates (another desk added them since the search). Two desks adding matching people
    at once take this check one after the other (``match_keys_repo.lock_keys``)."""
    wanted = profile_of(PersonQuery.from_details(details))
    match_keys_repo.lock_keys(session, query_keys(wanted) | match_keys_repo.keys_of(0, details))
    unseen = [int(c.record_id) for c in _ranked(session, wanted, limit)]
    unseen = [i for i in unseen if PersonId(i) not in shown]
    if unseen:
        who, when = max(records_repo.saved_by(session, unseen), key=lambda s: s[1] or datetime.min)
        raise NewCandidateError(found_sentence(who, when))


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
    with workspace.transaction() as session:
        found = _ranked(session, wanted, limit)
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
