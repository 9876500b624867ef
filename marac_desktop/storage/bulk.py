"""Fast bulk loading (many rows per statement) for generated data sets and large imports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import and_, func, insert, not_, select, true
from sqlalchemy.orm import Session

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import (
    FlagStatus,
    IncidentKind,
    PartyRole,
    ReferralStatus,
)
from marac_desktop.domain.vocabulary import VocabularyId
from marac_desktop.storage import (
    id_sequences,
    match_keys_repo,
    references,
    text_limits,
    vocabulary_repo,
)
from marac_desktop.storage.orm import (
    Base,
    CasePartyRow,
    CaseRow,
    FlagRow,
    IdvaAllocationRow,
    IncidentRow,
    PersonRow,
    ReferralRow,
)
from marac_desktop.storage.records_repo import CODED_PERSON_FIELDS, PERSON_FIELDS, case_reference

CHUNK = 5000


@dataclass(frozen=True, slots=True)
class NewIncident:
    case_id: int
    day: date
    kind: IncidentKind
    agency: str
    police: bool


@dataclass(frozen=True, slots=True)
class NewReferral:
    case_id: int
    day: date
    agency: str
    criteria: ReferralCriteria
    status: ReferralStatus
    meeting_day: date | None


@dataclass(frozen=True, slots=True)
class NewFlag:
    key: str
    kind: str
    case_id: int | None
    person_id: int | None
    raised_on: date
    evidence: str


def _next_id(session: Session, table: type[PersonRow] | type[CaseRow]) -> int:
    return (session.scalar(select(func.max(table.id))) or 0) + 1


def next_person_id(session: Session) -> int:
    return _next_id(session, PersonRow)


def next_case_id(session: Session) -> int:
    return _next_id(session, CaseRow)


def cases_outside(session: Session, ranges: Sequence[Sequence[int]]) -> int:
    """How many cases have an id in none of the ``[first, last]`` ranges."""
    outside = [not_(CaseRow.id.between(first, last)) for first, last in ranges]
    return (
        session.scalar(select(func.count()).select_from(CaseRow).where(and_(true(), *outside))) or 0
    )


def _chunks(rows: list[dict[str, object]]) -> list[list[dict[str, object]]]:
    return [rows[i : i + CHUNK] for i in range(0, len(rows), CHUNK)]


def _insert(session: Session, table: type[Base], rows: list[dict[str, object]]) -> None:
    """Core inserts, many rows per statement: the ORM's per-row bookkeeping is not needed for
    rows this module builds whole (it took about a third of a large demo's time)."""
    text_limits.check_rows(table, rows)
    connection = session.connection()
    for chunk in _chunks(rows):
        connection.execute(insert(table), chunk)


_CODED_MEMO = "marac_bulk_coded"


def _coded(session: Session, which: VocabularyId, text: str, column: str) -> dict[str, str]:
    """``vocabulary_repo.code`` for one value, remembered while the session's vocabularies
    stay the same (a generated data set repeats a few hundred values over millions of cells)."""
    words = vocabulary_repo.vocabularies(session)
    kept = session.info.get(_CODED_MEMO)
    if kept is None or kept[0] is not words:
        kept = session.info[_CODED_MEMO] = (words, {})
    memo: dict[tuple[VocabularyId, str, str], dict[str, str]] = kept[1]
    found = memo.get((which, text, column))
    if found is None:
        coded = vocabulary_repo.code(session, which, text)
        found = memo[(which, text, column)] = {column: coded.code, f"{column}_detail": coded.detail}
    return found


def _coded_person(session: Session, details: PersonDetails) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, which in CODED_PERSON_FIELDS:
        found.update(_coded(session, which, getattr(details, name), name))
    return found


def insert_people(session: Session, people: Sequence[tuple[int, PersonDetails]]) -> None:
    now = datetime.now(UTC)
    _insert(
        session,
        PersonRow,
        [
            {
                "id": pid,
                "created_at": now,
                "dob_precision": d.dob_precision.value,
                **{name: getattr(d, name) for name in PERSON_FIELDS},
                **_coded_person(session, d),
            }
            for pid, d in people
        ],
    )
    id_sequences.catch_up(session, PersonRow)
    keys = sorted((key, pid) for pid, d in people for key in match_keys_repo.keys_of(pid, d))
    for start in range(0, len(keys), CHUNK * 4):
        match_keys_repo.add_keys(session, keys[start : start + CHUNK * 4])


def insert_cases(
    session: Session,
    cases: Sequence[tuple[int, int]],
    idvas: Mapping[int, tuple[str, date]] | None = None,
) -> dict[int, str]:
    """(case id, victim person id); the references come from the case counter, as new_case
    takes them, and are returned by case id. ``idvas``: {case id: (IDVA's name, allocated on)}
    for cases with an IDVA."""
    now = datetime.now(UTC)
    numbers = references.take_case_numbers(session, len(cases))
    given = {cid: case_reference(n) for (cid, _), n in zip(cases, numbers, strict=True)}
    _insert(
        session,
        CaseRow,
        [
            {"id": cid, "reference": given[cid], "victim_id": vid, "created_at": now}
            for cid, vid in cases
        ],
    )
    id_sequences.catch_up(session, CaseRow)
    _insert(
        session,
        IdvaAllocationRow,
        [
            {"case_id": cid, "name": name, "allocated_on": on, "ended_on": None}
            for cid, (name, on) in (idvas or {}).items()
        ],
    )
    _insert(
        session,
        CasePartyRow,
        [{"case_id": cid, "person_id": vid, "role": PartyRole.VICTIM.value} for cid, vid in cases],
    )
    return given


def insert_parties(session: Session, parties: Sequence[tuple[int, int, PartyRole, str]]) -> None:
    _insert(
        session,
        CasePartyRow,
        [
            {
                "case_id": c,
                "person_id": p,
                "role": role.value,
                **_coded(session, VocabularyId.RELATIONSHIP, relation, "relationship"),
            }
            for c, p, role, relation in parties
        ],
    )


def insert_incidents(session: Session, incidents: Sequence[NewIncident]) -> None:
    now = datetime.now(UTC)
    _insert(
        session,
        IncidentRow,
        [
            {
                "case_id": i.case_id,
                "day": i.day,
                "kind": i.kind.value,
                **_coded(session, VocabularyId.AGENCY, i.agency, "source_agency"),
                "reported_to_police": i.police,
                "criminal": i.kind.criminal,
                "created_at": now,
            }
            for i in incidents
        ],
    )


def insert_referrals(session: Session, referrals: Sequence[NewReferral]) -> None:
    now = datetime.now(UTC)
    _insert(
        session,
        ReferralRow,
        [
            {
                "case_id": r.case_id,
                "day": r.day,
                **_coded(session, VocabularyId.AGENCY, r.agency, "referring_agency"),
                **r.criteria.to_json_dict(),
                "status": r.status.value,
                "meeting_day": r.meeting_day,
                "assessment_id": None,
                "created_at": now,
            }
            for r in referrals
        ],
    )


def insert_flags(session: Session, flags: Sequence[NewFlag]) -> None:
    _insert(
        session,
        FlagRow,
        [
            {
                "key": f.key,
                "kind": f.kind,
                "case_id": f.case_id,
                "person_id": f.person_id,
                "raised_on": f.raised_on,
                "evidence": f.evidence,
                "status": FlagStatus.OPEN.value,
                "reviewed_by": None,
                "review_reason": "",
                "reviewed_at": None,
            }
            for f in flags
        ],
    )
