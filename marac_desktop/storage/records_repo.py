"""People, case parties, incidents, referrals, person links and flags in and out of the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row, Select, false, func, inspect, or_, select, union
from sqlalchemy.orm import Session

from marac_desktop.domain.assessments import AssessmentId
from marac_desktop.domain.cases import CaseId, PersonId
from marac_desktop.domain.criteria import Criterion, ReferralCriteria
from marac_desktop.domain.people import Alias, DobPrecision, Person, PersonDetails
from marac_desktop.domain.records import (
    CaseFlag,
    CaseListRow,
    CaseParty,
    CaseRecord,
    FlagId,
    FlagStatus,
    IdvaAllocation,
    Incident,
    IncidentId,
    IncidentKind,
    PartyRole,
    PersonListLine,
    Referral,
    ReferralId,
    ReferralStatus,
    SearchHit,
)
from marac_desktop.domain.vocabulary import VocabularyId
from marac_desktop.matching.keys import postcode_text, search_words
from marac_desktop.risk.flags import NOTICE_KINDS
from marac_desktop.storage import match_keys_repo, references, vocabulary_repo
from marac_desktop.storage.null_order import MayBeNull, order_term
from marac_desktop.storage.orm import (
    AliasRow,
    Base,
    CasePartyRow,
    CaseRow,
    FlagRow,
    IdvaAllocationRow,
    IncidentRow,
    OtherDobRow,
    PersonLinkRow,
    PersonRow,
    ReferralRow,
)

PERSON_FIELDS = (
    "family_name",
    "given_names",
    "date_of_birth",
    "disability",
    "language",
    "interpreter_needed",
    "address",
    "postcode",
    "phone",
    "safe_to_call",
    "contact_notes",
)
CODED_PERSON_FIELDS = (
    ("gender", VocabularyId.GENDER),
    ("ethnicity", VocabularyId.ETHNICITY),
    ("sexuality", VocabularyId.SEXUALITY),
)
"""Person fields holding a vocabulary code, each with a ``*_detail`` column beside it."""


def case_reference(number: int) -> str:
    return f"C-{number:06d}"


def person(row: PersonRow) -> Person:
    details = PersonDetails(
        **{name: getattr(row, name) for name in PERSON_FIELDS},
        **{name: getattr(row, name) for name, _ in CODED_PERSON_FIELDS},
        **{f"{name}_detail": getattr(row, f"{name}_detail") for name, _ in CODED_PERSON_FIELDS},
        dob_precision=DobPrecision(row.dob_precision),
        aliases=tuple(Alias(a.family_name, a.given_names) for a in row.aliases),
        other_dobs=tuple(d.date_of_birth for d in row.other_dobs),
    )
    return Person(PersonId(row.id), details, row.version)


def _fill(session: Session, row: PersonRow, details: PersonDetails) -> None:
    for name in PERSON_FIELDS:
        setattr(row, name, getattr(details, name))
    for name, which in CODED_PERSON_FIELDS:
        detail = getattr(details, f"{name}_detail")
        coded = vocabulary_repo.code(session, which, getattr(details, name), detail)
        setattr(row, name, coded.code)
        setattr(row, f"{name}_detail", coded.detail)
    row.dob_precision = details.dob_precision.value
    row.aliases = [
        AliasRow(family_name=a.family_name, given_names=a.given_names) for a in details.aliases
    ]
    row.other_dobs = [OtherDobRow(date_of_birth=d) for d in details.other_dobs]


def add_person(session: Session, details: PersonDetails, editor: str = "") -> Person:
    """A new person, saved by ``editor`` (``Workspace.editor``) now, filed under their keys."""
    now = datetime.now(UTC)
    row = PersonRow(created_at=now, changed_by=editor[:100], changed_at=now if editor else None)
    _fill(session, row, details)
    session.add(row)
    session.flush()
    added = person(row)
    match_keys_repo.file_person(session, added.id, added.details)
    return added


def update_person(session: Session, person_id: int, details: PersonDetails) -> Person:
    row = session.get_one(PersonRow, person_id)
    before = person(row).details
    _fill(session, row, details)
    session.flush()
    updated = person(row)
    match_keys_repo.refile_person(session, person_id, before, updated.details)
    return updated


def saved_by(session: Session, person_ids: Sequence[int]) -> list[tuple[str, datetime | None]]:
    """Who last saved each person asked for, and when (``changed_by``, ``changed_at``)."""
    rows = session.execute(
        select(PersonRow.changed_by, PersonRow.changed_at).where(PersonRow.id.in_(person_ids))
    )
    return [(row.changed_by, row.changed_at) for row in rows]


def get_person(session: Session, person_id: int) -> Person | None:
    row = session.get(PersonRow, person_id)
    return person(row) if row else None


def new_case(session: Session, victim_id: int, created_at: datetime | None = None) -> CaseRow:
    """A case with the next reference C-nnnnnn from the case counter (references never come
    from outside); when cases copied in hold that number, the counter first moves past them."""
    (number,) = references.take_case_numbers(session)
    if session.scalar(select(CaseRow.id).where(CaseRow.reference == case_reference(number))):
        references.catch_up_case_numbers(session)
        (number,) = references.take_case_numbers(session)
    row = CaseRow(
        reference=case_reference(number),
        victim_id=victim_id,
        created_at=created_at or datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    session.add(CasePartyRow(case_id=row.id, person_id=victim_id, role=PartyRole.VICTIM.value))
    session.flush()
    return row


def add_party(
    session: Session, case_id: int, person_id: int, role: PartyRole, relation: str = ""
) -> None:
    coded = vocabulary_repo.code(session, VocabularyId.RELATIONSHIP, relation)
    session.add(
        CasePartyRow(
            case_id=case_id,
            person_id=person_id,
            role=role.value,
            relation=coded.code,
            relation_detail=coded.detail,
        )
    )
    session.flush()


def add_incident(
    session: Session, case_id: int, day: date, kind: IncidentKind, agency: str, police: bool
) -> Incident:
    coded = vocabulary_repo.code(session, VocabularyId.AGENCY, agency)
    row = IncidentRow(
        case_id=case_id,
        day=day,
        kind=kind.value,
        source_agency=coded.code,
        source_agency_detail=coded.detail,
        reported_to_police=police,
        criminal=kind.criminal,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return _incident(row)


def add_referral(
    session: Session,
    case_id: int,
    day: date,
    agency: str,
    criteria: ReferralCriteria,
    status: ReferralStatus,
    meeting_day: date | None = None,
    assessment_id: int | None = None,
) -> Referral:
    coded = vocabulary_repo.code(session, VocabularyId.AGENCY, agency)
    row = ReferralRow(
        case_id=case_id,
        day=day,
        referring_agency=coded.code,
        referring_agency_detail=coded.detail,
        **criteria.to_json_dict(),
        status=status.value,
        meeting_day=meeting_day,
        assessment_id=assessment_id,
        created_at=datetime.now(UTC),
    )
    session.add(row)
    session.flush()
    return _referral(row)


def _incident(row: IncidentRow | Row[Any]) -> Incident:
    return Incident(
        IncidentId(row.id),
        CaseId(row.case_id),
        row.day,
        IncidentKind(row.kind),
        row.source_agency,
        row.reported_to_police,
        row.source_agency_detail,
    )


def _referral(row: ReferralRow | Row[Any]) -> Referral:
    criteria = ReferralCriteria.from_mapping({c: getattr(row, c) for c in Criterion})
    return Referral(
        ReferralId(row.id),
        CaseId(row.case_id),
        row.day,
        row.referring_agency,
        criteria,
        ReferralStatus(row.status),
        row.meeting_day,
        row.referring_agency_detail,
        None if row.assessment_id is None else AssessmentId(row.assessment_id),
    )


def _flag(row: FlagRow | Row[Any]) -> CaseFlag:
    return CaseFlag(
        FlagId(row.id),
        row.kind,
        CaseId(row.case_id) if row.case_id else None,
        PersonId(row.person_id) if row.person_id else None,
        row.raised_on,
        row.evidence,
        FlagStatus(row.status),
        row.reviewed_by,
        row.review_reason,
        row.reviewed_at,
    )


def case_record(session: Session, case_id: int, people_flags: bool = False) -> CaseRecord | None:
    """The case with its flags; ``people_flags`` also reads the flags about its people raised
    elsewhere (for the case screen: flags have no index by person, so not for every case)."""
    case = session.get(CaseRow, case_id)
    if case is None:
        return None
    parties = list(session.scalars(select(CasePartyRow).where(CasePartyRow.case_id == case_id)))
    incidents = session.scalars(
        select(IncidentRow)
        .where(IncidentRow.case_id == case_id)
        .order_by(IncidentRow.day, IncidentRow.id)
    )
    referrals = session.scalars(
        select(ReferralRow)
        .where(ReferralRow.case_id == case_id)
        .order_by(ReferralRow.day, ReferralRow.id)
    )
    flags = session.scalars(
        select(FlagRow).where(FlagRow.case_id == case_id).order_by(FlagRow.raised_on, FlagRow.id)
    )
    about_people = (
        session.scalars(
            select(FlagRow)
            .where(
                FlagRow.person_id.in_([p.person_id for p in parties]),
                or_(FlagRow.case_id.is_(None), FlagRow.case_id != case_id),
            )
            .order_by(FlagRow.raised_on, FlagRow.id)
        )
        if people_flags
        else ()
    )
    return _record(
        case.id,
        case.reference,
        _parties(parties, lambda p: person(p.person)),
        incidents,
        referrals,
        flags,
        idva_history(session, case_id),
        tuple(_flag(f) for f in about_people),
        case.version,
    )


_PARTY_ORDER = {PartyRole.VICTIM: 0, PartyRole.PERPETRATOR: 1, PartyRole.CHILD: 2}


def _parties(
    rows: Iterable[CasePartyRow | Row[Any]], person_of: Callable[[Any], Person]
) -> tuple[CaseParty, ...]:
    """Victim, perpetrators, then children, each by person id."""
    parties = (
        CaseParty(person_of(p), PartyRole(p.role), p.relation, p.relation_detail) for p in rows
    )
    return tuple(sorted(parties, key=lambda p: (_PARTY_ORDER[p.role], p.person.id)))


def _record(
    case_id: int,
    reference: str,
    parties: tuple[CaseParty, ...],
    incidents: Iterable[IncidentRow | Row[Any]],
    referrals: Iterable[ReferralRow | Row[Any]],
    flags: Iterable[FlagRow | Row[Any]],
    idvas: tuple[IdvaAllocation, ...],
    about_people: tuple[CaseFlag, ...] = (),
    version: int = 1,
) -> CaseRecord:
    return CaseRecord(
        CaseId(case_id),
        reference,
        parties,
        tuple(_incident(i) for i in incidents),
        tuple(_referral(r) for r in referrals),
        tuple(_flag(f) for f in flags),
        idvas,
        about_people,
        version,
    )


BATCH = 500
"""Cases read together by ``case_records`` (well under SQLite's limit on bound values)."""


def _columns(model: type[Base]) -> list[Any]:
    """Every column of ``model`` by its attribute name: selected like this, rows come back as
    plain named tuples, which cost far less to build than ORM objects."""
    return [getattr(model, c.key) for c in inspect(model).column_attrs]


def _by_case(rows: Iterable[Row[Any]]) -> dict[int, list[Row[Any]]]:
    grouped: dict[int, list[Row[Any]]] = {}
    for row in rows:
        if row.case_id is not None:  # flags about a person only have none
            grouped.setdefault(row.case_id, []).append(row)
    return grouped


def _batch_rows(
    session: Session, model: Any, batch: Sequence[int], first: Any
) -> dict[int, list[Row[Any]]]:
    """``model``'s rows for the cases in ``batch``, by case, in (``first``, id) order."""
    query = select(*_columns(model)).where(model.case_id.in_(batch)).order_by(first, model.id)
    return _by_case(session.execute(query))


def case_ids(session: Session) -> list[int]:
    """Every case's id, in order."""
    return list(session.scalars(select(CaseRow.id).order_by(CaseRow.id)))


def case_records(
    session: Session, case_ids: Sequence[int], people: Mapping[PersonId, Person] | None = None
) -> list[CaseRecord]:
    """The cases asked for that exist, in the order asked, as ``case_record`` gives them
    (without flags raised about their people elsewhere); a few queries per ``BATCH`` cases.
    ``people`` may hold the parties already read (the export reads everyone first)."""
    known: dict[PersonId, Person] = dict(people or {})
    records: list[CaseRecord] = []
    for start in range(0, len(case_ids), BATCH):
        batch = list(case_ids[start : start + BATCH])
        cases: dict[int, tuple[str, int]] = {
            case_id: (reference, version)
            for case_id, reference, version in session.execute(
                select(CaseRow.id, CaseRow.reference, CaseRow.version).where(CaseRow.id.in_(batch))
            )
        }
        party_rows = list(
            session.execute(select(*_columns(CasePartyRow)).where(CasePartyRow.case_id.in_(batch)))
        )
        unread = {p.person_id for p in party_rows} - known.keys()
        if unread:
            known.update(
                (PersonId(r.id), person(r))
                for r in session.scalars(select(PersonRow).where(PersonRow.id.in_(unread)))
            )
        parties = _by_case(party_rows)
        incidents = _batch_rows(session, IncidentRow, batch, IncidentRow.day)
        referrals = _batch_rows(session, ReferralRow, batch, ReferralRow.day)
        flags = _batch_rows(session, FlagRow, batch, FlagRow.raised_on)
        idvas = _batch_rows(session, IdvaAllocationRow, batch, IdvaAllocationRow.allocated_on)
        records += [
            _record(
                case_id,
                cases[case_id][0],
                _parties(parties.get(case_id, []), lambda p: known[PersonId(p.person_id)]),
                incidents.get(case_id, []),
                referrals.get(case_id, []),
                flags.get(case_id, []),
                tuple(_allocation(r) for r in idvas.get(case_id, [])),
                version=cases[case_id][1],
            )
            for case_id in batch
            if case_id in cases
        ]
    return records


def case_parties(session: Session, case_ids: Sequence[int]) -> dict[int, tuple[CaseParty, ...]]:
    """The people of each case (victim, perpetrators, children, each by person id), read in one
    query for all the cases: for documents that list many cases' people."""
    found: dict[int, list[CasePartyRow]] = {case_id: [] for case_id in case_ids}
    for row in session.scalars(select(CasePartyRow).where(CasePartyRow.case_id.in_(found))):
        found[row.case_id].append(row)
    return {case_id: _parties(rows, lambda p: person(p.person)) for case_id, rows in found.items()}


def case_exists(session: Session, case_id: int) -> bool:
    return session.get(CaseRow, case_id) is not None


def idva_history(session: Session, case_id: int) -> tuple[IdvaAllocation, ...]:
    rows = session.scalars(
        select(IdvaAllocationRow)
        .where(IdvaAllocationRow.case_id == case_id)
        .order_by(IdvaAllocationRow.allocated_on, IdvaAllocationRow.id)
    )
    return tuple(_allocation(r) for r in rows)


def _allocation(row: IdvaAllocationRow | Row[Any]) -> IdvaAllocation:
    return IdvaAllocation(row.name, row.allocated_on, row.ended_on, row.account)


def add_idva(session: Session, case_id: int, allocation: IdvaAllocation) -> None:
    session.add(
        IdvaAllocationRow(
            case_id=case_id,
            name=allocation.name,
            allocated_on=allocation.allocated_on,
            ended_on=allocation.ended_on,
            account=allocation.account,
        )
    )
    session.flush()


def end_idva(session: Session, case_id: int, ended_on: date) -> None:
    """End every allocation of the case that is still open."""
    for row in session.scalars(
        select(IdvaAllocationRow).where(
            IdvaAllocationRow.case_id == case_id, IdvaAllocationRow.ended_on.is_(None)
        )
    ):
        row.ended_on = ended_on
    session.flush()


ALL_PEOPLE_BATCH = 2_000
"""Rows the ORM turns into objects at a time: all at once held the interpreter lock (and so
the window, while the match index or a bundle was built) for over a second at 250,000 cases."""


def all_people(session: Session) -> list[Person]:
    rows = session.scalars(
        select(PersonRow).order_by(PersonRow.id).execution_options(yield_per=ALL_PEOPLE_BATCH)
    )
    return [person(row) for row in rows]


def cases_of_person(session: Session, person_id: int) -> list[tuple[int, str]]:
    """(case id, role) for every case the person is in."""
    rows = session.execute(
        select(CasePartyRow.case_id, CasePartyRow.role).where(CasePartyRow.person_id == person_id)
    )
    return [(r[0], r[1]) for r in rows]


# ----- the case list, paged and searched in the database -----------------------------------


def _open_flags() -> Any:
    return (
        select(func.count(FlagRow.id))
        .where(
            FlagRow.case_id == CaseRow.id,
            FlagRow.status == FlagStatus.OPEN.value,
            FlagRow.kind.not_in(sorted(NOTICE_KINDS)),
        )
        .correlate(CaseRow)
        .scalar_subquery()
    )


@dataclass(frozen=True, slots=True)
class _Search:
    """A case-list search: name words (matched by prefix, in any order, against one person of
    the case); when it holds a digit or a hyphen, the start of a reference ("C-"); when it
    holds a digit, the start of the victim's postcode too."""

    words: list[str]
    code: str
    postcode: bool

    @classmethod
    def of(cls, text: str) -> _Search:
        plain = [term for term in text.split() if not any(char.isdigit() for char in term)]
        words = search_words(" ".join(plain))
        digits = any(char.isdigit() for char in text)
        return cls(words, text.strip() if digits or "-" in text else "", digits)

    def party_cases(self) -> Select[Any]:
        return select(CasePartyRow.case_id).where(
            CasePartyRow.person_id.in_(match_keys_repo.people_with_words(self.words))
        )

    def reference_cases(self) -> Select[Any]:
        start = self.code.upper()
        return select(CaseRow.id).where(
            CaseRow.reference >= start, CaseRow.reference < start[:-1] + chr(ord(start[-1]) + 1)
        )

    def postcode_cases(self) -> Select[Any]:
        people = match_keys_repo.people_with_postcode(postcode_text(self.code))
        return select(CaseRow.id).where(CaseRow.victim_id.in_(people))

    def cases(self) -> list[Select[Any]]:
        found = [self.party_cases()] if self.words else []
        if self.code and postcode_text(self.code):
            found.append(self.reference_cases())
            if self.postcode:
                found.append(self.postcode_cases())
        return found


def _matching_cases(session: Session, search: str, by_person: bool = True) -> Select[int]:
    """The ids of the cases the search finds; without a search, and ``by_person`` False (the
    order reads nothing of the victim), the cases alone, so a deep page skips along an index
    of cases instead of looking up each victim it passes. A search reads the key index only
    (``person_match_keys``), never every person."""
    text = search.strip()
    if not text and not by_person:
        return select(CaseRow.id)
    query = select(CaseRow.id)
    if by_person:
        query = query.join(PersonRow, PersonRow.id == CaseRow.victim_id)
    if not text:
        return query
    found = _Search.of(text).cases()
    if not found:
        return query.where(false())
    return query.where(CaseRow.id.in_(union(*found) if len(found) > 1 else found[0]))


_HIT_ORDER = (SearchHit.VICTIM, SearchHit.PERPETRATOR, SearchHit.CHILD)


def _found_by(session: Session, search: str, case_ids: list[int]) -> dict[int, str]:
    """For each case on a page, what the search found it by (the victim before others)."""
    wanted = _Search.of(search)
    hits: dict[int, list[SearchHit]] = {case_id: [] for case_id in case_ids}
    if wanted.words:
        parties = session.execute(
            select(CasePartyRow.case_id, CasePartyRow.role, CasePartyRow.person_id).where(
                CasePartyRow.case_id.in_(case_ids)
            )
        ).all()
        among = sorted({person_id for _, _, person_id in parties})
        found = set(session.scalars(match_keys_repo.people_with_words(wanted.words, among)))
        for case_id, role, person_id in parties:
            if person_id in found:
                hits[case_id].append(SearchHit(role))
    if wanted.code and postcode_text(wanted.code):
        for case_id in session.scalars(wanted.reference_cases().where(CaseRow.id.in_(case_ids))):
            hits[case_id].append(SearchHit.REFERENCE)
    if wanted.postcode and postcode_text(wanted.code):
        for case_id in session.scalars(wanted.postcode_cases().where(CaseRow.id.in_(case_ids))):
            hits[case_id].append(SearchHit.POSTCODE)
    order = [*_HIT_ORDER, SearchHit.REFERENCE, SearchHit.POSTCODE]
    return {case_id: min(found, key=order.index).value for case_id, found in hits.items() if found}


# Sort key -> (column, tie-breaker). Each pair matches an index where one exists, so a page
# is read straight from the index instead of sorting every case first.
SORT_COLUMNS: dict[str, tuple[Any, Any]] = {
    "reference": (CaseRow.reference, None),
    "family_name": (PersonRow.family_name, PersonRow.id),
    "given_names": (PersonRow.given_names, PersonRow.id),
    "date_of_birth": (MayBeNull(PersonRow.date_of_birth), PersonRow.id),
    "last_referral": (MayBeNull(CaseRow.last_referral), CaseRow.id),  # kept by triggers (0009)
    "open_flags": (_open_flags(), CaseRow.id),
}


PERSON_SORTS = frozenset({"family_name", "given_names", "date_of_birth"})
"""The sort keys read from the victim's details."""


def count_cases(session: Session, search: str = "") -> int:
    if not search.strip():
        return session.scalar(select(func.count(CaseRow.id))) or 0
    subquery = _matching_cases(session, search).subquery()
    return session.scalar(select(func.count()).select_from(subquery)) or 0


def sorted_cases(
    session: Session, search: str, sort: str = "reference", descending: bool = False
) -> Select[int]:
    """The ids of the cases ``search`` finds, in the list's order; a page is a slice of it."""
    order = [order_term(column, descending) for column in SORT_COLUMNS[sort] if column is not None]
    return _matching_cases(session, search, by_person=sort in PERSON_SORTS).order_by(*order)


def case_page(
    session: Session,
    search: str,
    offset: int,
    limit: int,
    sort: str = "reference",
    descending: bool = False,
) -> list[CaseListRow]:
    """One page: find the page's ids in sorted order first, then fetch only their details."""
    page = sorted_cases(session, search, sort, descending).offset(offset).limit(limit)
    ids = list(session.scalars(page))
    if not ids:
        return []
    details = session.execute(
        select(
            CaseRow.id,
            CaseRow.reference,
            PersonRow.family_name,
            PersonRow.given_names,
            PersonRow.date_of_birth,
            PersonRow.dob_precision,
            CaseRow.last_referral,
            _open_flags().label("open_flags"),
        )
        .join(PersonRow, PersonRow.id == CaseRow.victim_id)
        .where(CaseRow.id.in_(ids))
    )
    by_id = {
        r.id: CaseListRow(
            CaseId(r.id),
            r.reference,
            r.family_name,
            r.given_names,
            r.date_of_birth,
            DobPrecision(r.dob_precision),
            r.last_referral,
            r.open_flags,
        )
        for r in details
    }
    if search.strip():
        found_by = _found_by(session, search, ids)
        return [replace(by_id[i], found_by=found_by.get(i, "")) for i in ids]
    return [by_id[i] for i in ids]


# ----- person links and flags ---------------------------------------------------------------


def add_link(session: Session, a: int, b: int, actor: str) -> int:
    row = PersonLinkRow(
        person_a=min(a, b), person_b=max(a, b), confirmed_by=actor, confirmed_at=datetime.now(UTC)
    )
    session.add(row)
    session.flush()
    return row.id


def undo_link(session: Session, link_id: int, actor: str) -> tuple[int, int] | None:
    row = session.get(PersonLinkRow, link_id)
    if row is None or row.undone_at is not None:
        return None
    row.undone_by, row.undone_at = actor, datetime.now(UTC)
    return row.person_a, row.person_b


def linked_people(session: Session, person_id: int) -> list[tuple[int, int]]:
    """(link id, other person id) for the person's confirmed, not undone links."""
    rows = session.scalars(
        select(PersonLinkRow).where(
            PersonLinkRow.undone_at.is_(None),
            or_(PersonLinkRow.person_a == person_id, PersonLinkRow.person_b == person_id),
        )
    )
    return [(r.id, r.person_b if r.person_a == person_id else r.person_a) for r in rows]


def raise_flag(
    session: Session,
    key: str,
    kind: str,
    case_id: int | None,
    person_id: int | None,
    raised_on: date,
    evidence: str,
) -> bool:
    """Add a flag unless one with the same key exists; True if it is new."""
    if session.scalar(select(FlagRow.id).where(FlagRow.key == key)) is not None:
        return False
    session.add(
        FlagRow(
            key=key,
            kind=kind,
            case_id=case_id,
            person_id=person_id,
            raised_on=raised_on,
            evidence=evidence,
            status=FlagStatus.OPEN.value,
            reviewed_by=None,
            review_reason="",
            reviewed_at=None,
        )
    )
    session.flush()
    return True


def _flag_filter(statuses: Iterable[FlagStatus], kinds: Iterable[str] | None) -> list[Any]:
    where = [FlagRow.status.in_([s.value for s in statuses])]
    if kinds is not None:
        where.append(FlagRow.kind.in_(list(kinds)))
    return where


def flags(
    session: Session, statuses: Iterable[FlagStatus], kinds: Iterable[str] | None = None
) -> list[CaseFlag]:
    query = select(FlagRow).where(*_flag_filter(statuses, kinds))
    rows = session.scalars(query.order_by(FlagRow.raised_on.desc(), FlagRow.id))
    return [_flag(r) for r in rows]


@dataclass(frozen=True, slots=True)
class FlagListRow:
    """A flag in the review queue, with the case reference and the person's name it is about."""

    flag: CaseFlag
    case_reference: str | None
    person_family_name: str | None
    person_given_names: str | None


# Sort key -> the order ascending, as (column, ascending) pairs; descending is its exact reverse.
# Ties go newest first. ``raised_on`` reads straight along ix_flags_queue (0009); the others sort
# the matching flags (their keys from that index for ``kind`` and ``status``).
_NEWEST = ((FlagRow.raised_on, False), (FlagRow.id, True))
FLAG_SORTS: dict[str, tuple[tuple[Any, bool], ...]] = {
    "raised_on": ((FlagRow.raised_on, True), (FlagRow.id, False)),
    "kind": ((FlagRow.kind, True), *_NEWEST),
    # A person's flags by name, a case's by the case's number (the order of the references
    # new_case and bulk give, C-nnnnnn from the id), read from the index, not from every case.
    "about": (
        (MayBeNull(PersonRow.family_name), True),
        (MayBeNull(PersonRow.given_names), True),
        (MayBeNull(FlagRow.case_id), True),
        *_NEWEST,
    ),
    "status": ((FlagRow.status, True), *_NEWEST),
    "evidence": ((FlagRow.evidence, True), *_NEWEST),
    "reviewed": ((MayBeNull(FlagRow.reviewed_at), True), *_NEWEST),
}


def count_flags(
    session: Session, statuses: Iterable[FlagStatus], kinds: Iterable[str] | None = None
) -> int:
    query = select(func.count()).select_from(FlagRow).where(*_flag_filter(statuses, kinds))
    return int(session.scalar(query) or 0)


def flag_page(
    session: Session,
    statuses: Iterable[FlagStatus],
    kinds: Iterable[str] | None,
    offset: int,
    limit: int,
    sort: str = "raised_on",
    descending: bool = False,
) -> list[FlagListRow]:
    """One page of the queue: the page's ids in order first, then only their details.

    The queue's usual order, newest first, is ``raised_on`` descending.
    """
    order = [order_term(c, up == descending) for c, up in FLAG_SORTS[sort]]
    query = select(FlagRow.id).where(*_flag_filter(statuses, kinds))
    if sort == "about":
        query = query.outerjoin(PersonRow, PersonRow.id == FlagRow.person_id)
    ids = list(session.scalars(query.order_by(*order).offset(offset).limit(limit)))
    if not ids:
        return []
    details = session.execute(
        select(FlagRow, CaseRow.reference, PersonRow.family_name, PersonRow.given_names)
        .outerjoin(CaseRow, CaseRow.id == FlagRow.case_id)
        .outerjoin(PersonRow, PersonRow.id == FlagRow.person_id)
        .where(FlagRow.id.in_(ids))
    )
    by_id = {
        row.id: FlagListRow(_flag(row), reference, family, given)
        for row, reference, family, given in details
    }
    return [by_id[i] for i in ids]


def get_flag(session: Session, flag_id: int) -> CaseFlag | None:
    row = session.get(FlagRow, flag_id)
    return _flag(row) if row else None


def open_flag_counts(session: Session) -> dict[str, int]:
    """How many flags of each kind wait for someone."""
    rows = session.execute(
        select(FlagRow.kind, func.count(FlagRow.id))
        .where(FlagRow.status == FlagStatus.OPEN.value)
        .group_by(FlagRow.kind)
    )
    return {kind: int(count) for kind, count in rows}


def review_flag(
    session: Session, flag_id: int, status: FlagStatus, actor: str, reason: str
) -> CaseFlag | None:
    row = session.get(FlagRow, flag_id)
    if row is None:
        return None
    row.status, row.reviewed_by, row.review_reason = status.value, actor, reason
    row.reviewed_at = datetime.now(UTC)
    session.flush()
    return _flag(row)


def case_with_reference(session: Session, reference: str) -> int | None:
    return session.scalar(select(CaseRow.id).where(CaseRow.reference == reference))


def case_references(session: Session, case_ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(case_ids))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(
            select(CaseRow.id, CaseRow.reference).where(CaseRow.id.in_(wanted[start : start + 500]))
        )
        found.update({r[0]: r[1] for r in rows})
    return found


def person_cases(session: Session, person_id: int) -> list[tuple[int, str, str, date | None]]:
    """(case id, reference, role, last referral date) for every case the person is in."""
    rows = session.execute(
        select(CasePartyRow.case_id, CaseRow.reference, CasePartyRow.role, CaseRow.last_referral)
        .join(CaseRow, CaseRow.id == CasePartyRow.case_id)
        .where(CasePartyRow.person_id == person_id)
        .order_by(CasePartyRow.case_id)
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def people_by_id(session: Session, person_ids: Sequence[int]) -> dict[int, Person]:
    """The people asked for that exist, by id, in a few queries."""
    rows = session.scalars(select(PersonRow).where(PersonRow.id.in_(list(person_ids))))
    return {row.id: person(row) for row in rows}


def cases_of_people(
    session: Session, person_ids: Sequence[int]
) -> dict[int, list[tuple[int, str, str, date | None]]]:
    """``person_cases`` for each person asked for, in one query."""
    found: dict[int, list[tuple[int, str, str, date | None]]] = {p: [] for p in person_ids}
    rows = session.execute(
        select(
            CasePartyRow.person_id,
            CasePartyRow.case_id,
            CaseRow.reference,
            CasePartyRow.role,
            CaseRow.last_referral,
        )
        .join(CaseRow, CaseRow.id == CasePartyRow.case_id)
        .where(CasePartyRow.person_id.in_(list(found)))
        .order_by(CasePartyRow.person_id, CasePartyRow.case_id)
    )
    for r in rows:
        found[r[0]].append((r[1], r[2], r[3], r[4]))
    return found


def find_people(
    session: Session,
    search: str,
    roles: Iterable[PartyRole],
    limit: int,
    in_cases: Select[int] | None = None,
) -> list[PersonListLine]:
    """People in a case (one of ``in_cases``, when given) in one of ``roles`` with a name word
    starting with each word of ``search`` (in any order), by name; at most ``limit``, read by
    key (``person_match_keys``)."""
    words = _Search.of(search).words
    if not words:
        return []
    in_role = select(CasePartyRow.person_id).where(
        CasePartyRow.person_id == PersonRow.id,
        CasePartyRow.role.in_([role.value for role in roles]),
    )
    if in_cases is not None:
        in_role = in_role.where(CasePartyRow.case_id.in_(in_cases))
    rows = session.execute(
        select(
            PersonRow.id,
            PersonRow.family_name,
            PersonRow.given_names,
            PersonRow.date_of_birth,
            PersonRow.dob_precision,
        )
        .where(
            PersonRow.id.in_(match_keys_repo.people_with_words(words)),
            in_role.correlate(PersonRow).exists(),
        )
        .order_by(PersonRow.family_name, PersonRow.given_names, PersonRow.id)
        .limit(limit)
    ).all()
    cases = cases_of_people(session, [row.id for row in rows])
    return [
        PersonListLine(
            PersonId(row.id),
            row.family_name,
            row.given_names,
            row.date_of_birth,
            DobPrecision(row.dob_precision),
            tuple(
                (CaseId(case_id), reference, PartyRole(role))
                for case_id, reference, role, _ in cases[row.id]
            ),
        )
        for row in rows
    ]
