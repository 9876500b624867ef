"""Meetings, their lists, attendance and agency actions in and out of the database."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Row, case, delete, exists, func, select
from sqlalchemy.orm import Session, aliased

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import Criterion, ReferralCriteria
from marac_desktop.domain.meetings import (
    Action,
    ActionChange,
    ActionEdit,
    ActionField,
    ActionFilter,
    ActionId,
    ActionStatus,
    AgendaSection,
    Attendance,
    Meeting,
    MeetingCase,
    MeetingId,
    MeetingStatus,
)
from marac_desktop.domain.records import PartyRole, ReferralStatus
from marac_desktop.domain.vocabulary import VocabularyId
from marac_desktop.risk.agenda_rules import ListCandidate, OpenReferral
from marac_desktop.risk.criteria import CaseCriteriaFacts, ScoredAssessment
from marac_desktop.risk.policy import AreaPolicy
from marac_desktop.storage import references, research_repo, vocabulary_repo
from marac_desktop.storage.anonymised import anonymised_select
from marac_desktop.storage.id_chunks import id_chunks
from marac_desktop.storage.null_order import MayBeNull, order_term
from marac_desktop.storage.orm import (
    ActionChangeRow,
    ActionEditRow,
    ActionRow,
    AssessmentRow,
    AttendanceRow,
    CasePartyRow,
    CaseRow,
    IncidentRow,
    MeetingCaseRow,
    MeetingRow,
    PersonRow,
    ReferralRow,
)

OPEN_REFERRAL = (ReferralStatus.RECEIVED.value, ReferralStatus.ACCEPTED.value)


def _now() -> datetime:
    return datetime.now(UTC)


def _pairs(result: Iterable[Any]) -> dict[Any, Any]:
    return {key: value for key, value in result}


# ----- meetings ---------------------------------------------------------------------------


def _meeting(row: MeetingRow) -> Meeting:
    return Meeting(
        MeetingId(row.id),
        row.starts_at,
        row.venue,
        row.online,
        row.chair,
        row.area,
        row.cutoff,
        row.slot_minutes,
        MeetingStatus(row.status),
        row.version,
    )


def add_meeting(
    session: Session,
    starts_at: datetime,
    venue: str,
    online: bool,
    chair: str,
    area: str,
    cutoff: date,
    slot_minutes: int,
) -> Meeting:
    row = MeetingRow(
        starts_at=starts_at,
        venue=venue,
        online=online,
        chair=chair,
        area=area,
        cutoff=cutoff,
        slot_minutes=slot_minutes,
        status=MeetingStatus.PLANNED.value,
        last_number=0,
        created_at=_now(),
    )
    session.add(row)
    session.flush()
    return _meeting(row)


def update_meeting(
    session: Session,
    meeting_id: int,
    starts_at: datetime,
    venue: str,
    online: bool,
    chair: str,
    area: str,
    cutoff: date,
    slot_minutes: int,
) -> None:
    row = session.get(MeetingRow, meeting_id)
    if row is not None:
        row.starts_at, row.venue, row.online = starts_at, venue, online
        row.chair, row.area, row.cutoff, row.slot_minutes = chair, area, cutoff, slot_minutes


def get_meeting(session: Session, meeting_id: int) -> Meeting | None:
    row = session.get(MeetingRow, meeting_id)
    return _meeting(row) if row else None


def list_meetings(session: Session) -> list[Meeting]:
    rows = session.scalars(select(MeetingRow).order_by(MeetingRow.starts_at.desc()))
    return [_meeting(r) for r in rows]


def case_counts(session: Session) -> dict[int, int]:
    """How many cases each meeting's list holds."""
    rows = session.execute(
        select(MeetingCaseRow.meeting_id, func.count()).group_by(MeetingCaseRow.meeting_id)
    )
    return {meeting_id: count for meeting_id, count in rows}


def case_count(session: Session, meeting_id: int) -> int:
    """How many cases one meeting's list holds."""
    count = session.scalar(
        select(func.count())
        .select_from(MeetingCaseRow)
        .where(MeetingCaseRow.meeting_id == meeting_id)
    )
    return int(count or 0)


def set_meeting_status(session: Session, meeting_id: int, status: MeetingStatus) -> None:
    row = session.get(MeetingRow, meeting_id)
    if row is not None:
        row.status = status.value


def next_planned(session: Session, today: date) -> Meeting | None:
    """The earliest meeting still planned for ``today`` or later (read on the start's index)."""
    row = session.scalars(
        select(MeetingRow)
        .where(
            MeetingRow.starts_at >= datetime.combine(today, datetime.min.time()),
            MeetingRow.status == MeetingStatus.PLANNED.value,
        )
        .order_by(MeetingRow.starts_at, MeetingRow.id)
        .limit(1)
    ).first()
    return _meeting(row) if row else None


def previous_meeting(session: Session, meeting: Meeting) -> Meeting | None:
    row = session.scalars(
        select(MeetingRow)
        .where(
            MeetingRow.starts_at < meeting.starts_at,
            MeetingRow.id != meeting.id,
            MeetingRow.status != MeetingStatus.CANCELLED.value,
        )
        .order_by(MeetingRow.starts_at.desc())
        .limit(1)
    ).first()
    return _meeting(row) if row else None


# ----- the list ---------------------------------------------------------------------------


def _meeting_case(row: MeetingCaseRow) -> MeetingCase:
    return MeetingCase(
        MeetingId(row.meeting_id),
        CaseId(row.case_id),
        row.position,
        AgendaSection(row.section),
        row.reason,
        row.number,
        tuple(json.loads(row.research_agencies)),
        row.heard,
        row.minutes_used,
        row.agency_summary,
        row.risks,
        row.version,
    )


def _rows(session: Session, meeting_id: int) -> list[MeetingCaseRow]:
    return list(
        session.scalars(
            select(MeetingCaseRow)
            .where(MeetingCaseRow.meeting_id == meeting_id)
            .order_by(MeetingCaseRow.position)
        )
    )


def research_agencies(session: Session, meeting_id: int) -> set[str]:
    """The code of every agency asked to research a case on the meeting's list."""
    asked: set[str] = set()
    chosen = select(MeetingCaseRow.research_agencies).where(MeetingCaseRow.meeting_id == meeting_id)
    for codes in session.scalars(chosen.distinct()):
        asked.update(json.loads(codes))
    return asked


def meeting_cases(session: Session, meeting_id: int) -> list[MeetingCase]:
    return [_meeting_case(r) for r in _rows(session, meeting_id)]


def meeting_case(session: Session, meeting_id: int, case_id: int) -> MeetingCase | None:
    row = session.get(MeetingCaseRow, (meeting_id, case_id))
    return _meeting_case(row) if row else None


def entry_versions(session: Session, meeting_id: int) -> list[Row[Any]]:
    """Each listed case's entry version with who saved it and when (case_id, version,
    changed_by, changed_at)."""
    return list(
        session.execute(
            select(
                MeetingCaseRow.case_id,
                MeetingCaseRow.version,
                MeetingCaseRow.changed_by,
                MeetingCaseRow.changed_at,
            ).where(MeetingCaseRow.meeting_id == meeting_id)
        )
    )


def agency_codes(session: Session, agencies: Iterable[str]) -> list[str]:
    """Agency codes, each once, in the order given (names typed are coded as ``other``)."""
    coded = (vocabulary_repo.code(session, VocabularyId.AGENCY, a).code for a in agencies)
    return list(dict.fromkeys(c for c in coded if c))


def add_meeting_case(
    session: Session,
    meeting_id: int,
    case_id: int,
    section: AgendaSection,
    reason: str,
    agencies: Sequence[str],
    position: int | None = None,
) -> MeetingCase:
    (number,) = references.take_meeting_numbers(session, meeting_id)
    last = session.scalar(
        select(func.max(MeetingCaseRow.position)).where(MeetingCaseRow.meeting_id == meeting_id)
    )
    row = MeetingCaseRow(
        meeting_id=meeting_id,
        case_id=case_id,
        number=number,
        position=position if position is not None else (last or 0) + 1,
        section=section.value,
        reason=reason,
        research_agencies=json.dumps(agency_codes(session, agencies)),
        heard=False,
        minutes_used=None,
        agency_summary="",
        risks="",
    )
    session.add(row)
    session.flush()
    return _meeting_case(row)


def clear_list(session: Session, meeting_id: int) -> None:
    research_repo.drop_meeting_returns(session, meeting_id)
    session.execute(delete(MeetingCaseRow).where(MeetingCaseRow.meeting_id == meeting_id))


def remove_meeting_case(session: Session, meeting_id: int, case_id: int) -> None:
    research_repo.drop_returns(session, meeting_id, case_id)
    session.execute(
        delete(MeetingCaseRow).where(
            MeetingCaseRow.meeting_id == meeting_id, MeetingCaseRow.case_id == case_id
        )
    )
    for position, row in enumerate(_rows(session, meeting_id), start=1):
        row.position = position


def reorder(session: Session, meeting_id: int, case_ids: Sequence[int]) -> None:
    by_case = {row.case_id: row for row in _rows(session, meeting_id)}
    for position, case_id in enumerate(case_ids, start=1):
        by_case[case_id].position = position


def update_meeting_case(session: Session, meeting_id: int, case_id: int, **values: object) -> None:
    row = session.get(MeetingCaseRow, (meeting_id, case_id))
    if row is None:
        raise KeyError(case_id)
    for name, value in values.items():
        if name == "research_agencies":
            value = json.dumps(agency_codes(session, value))  # type: ignore[arg-type]
        setattr(row, name, value)


def mark_referrals_heard(session: Session, case_id: int, meeting_day: date) -> int:
    """Set the case's open referrals received by the meeting day to heard; how many."""
    rows = session.scalars(
        select(ReferralRow).where(
            ReferralRow.case_id == case_id,
            ReferralRow.status.in_(OPEN_REFERRAL),
            ReferralRow.day <= meeting_day,
        )
    )
    count = 0
    for row in rows:
        row.status = ReferralStatus.HEARD.value
        row.meeting_day = meeting_day
        count += 1
    return count


# ----- attendance -------------------------------------------------------------------------


def attendance(session: Session, meeting_id: int) -> list[Attendance]:
    rows = session.scalars(
        select(AttendanceRow)
        .where(AttendanceRow.meeting_id == meeting_id)
        .order_by(AttendanceRow.id)
    )
    return [
        Attendance(
            r.agency,
            r.attendee,
            r.present,
            r.apologies,
            r.information_sent,
            r.signed_confidentiality,
        )
        for r in rows
    ]


def replace_attendance(session: Session, meeting_id: int, entries: Sequence[Attendance]) -> None:
    session.execute(delete(AttendanceRow).where(AttendanceRow.meeting_id == meeting_id))
    for entry in entries:
        session.add(
            AttendanceRow(
                meeting_id=meeting_id,
                agency=entry.agency,
                attendee=entry.attendee,
                present=entry.present,
                apologies=entry.apologies,
                information_sent=entry.information_sent,
                signed_confidentiality=entry.signed_confidentiality,
            )
        )


# ----- what the list rules and the agenda need to know about cases -------------------------


def list_candidates(
    session: Session, meeting: Meeting, heard_from: date, heard_to: date
) -> list[ListCandidate]:
    """The cases the list rules can put on this meeting's list, each with what the rules read:
    an open referral received by the meeting day, an open action from an earlier meeting, or a
    last hearing between ``heard_from`` and ``heard_to`` (``agenda_rules.last_heard_window``).

    Each query is a range read on an index (referrals by status and meeting day: the open ones,
    and the hearings in the window, each checked for a later hearing by case; open actions by
    status), so the work grows with the open referrals, the open actions and the hearings of
    the window, not with every case there is. What the rules do not read is left out:
    ``last_heard`` outside the window, open referrals after the meeting day of a case not heard
    in it, and ``has_children`` of a case with no open referral.
    """
    open_refs: dict[int, list[OpenReferral]] = defaultdict(list)
    after: dict[int, list[OpenReferral]] = defaultdict(list)
    for case_id, day, agency, repeat in session.execute(
        select(
            ReferralRow.case_id, ReferralRow.day, ReferralRow.referring_agency, ReferralRow.repeat
        ).where(ReferralRow.status.in_(OPEN_REFERRAL))
    ):
        (open_refs if day <= meeting.day else after)[case_id].append(
            OpenReferral(day, agency, repeat)
        )
    later = aliased(ReferralRow)
    heard_later = exists().where(
        later.case_id == ReferralRow.case_id,
        later.status == ReferralStatus.HEARD.value,
        later.meeting_day > heard_to,
    )
    heard = {
        case_id: day
        for case_id, day in session.execute(
            select(ReferralRow.case_id, func.max(ReferralRow.meeting_day))
            .where(
                ReferralRow.status == ReferralStatus.HEARD.value,
                ReferralRow.meeting_day.between(heard_from, heard_to),
                ~heard_later,
            )
            .group_by(ReferralRow.case_id)
        )
    }
    incomplete = _pairs(
        session.execute(
            select(ActionRow.case_id, func.count())
            .join(MeetingRow, MeetingRow.id == ActionRow.meeting_id)
            .where(
                ActionRow.status == ActionStatus.OPEN.value,
                MeetingRow.starts_at < meeting.starts_at,
                MeetingRow.id != meeting.id,
            )
            .group_by(ActionRow.case_id)
        )
    )
    with_children = cases_with_children(session, list(open_refs))
    return [
        ListCandidate(
            case_id,
            (*open_refs.get(case_id, ()), *(after.get(case_id, ()) if case_id in heard else ())),
            case_id in with_children,
            incomplete.get(case_id, 0),
            heard.get(case_id),
        )
        for case_id in sorted(set(open_refs) | set(heard) | set(incomplete))
    ]


def case_references(session: Session, case_ids: Sequence[int]) -> dict[int, str]:
    rows = session.execute(select(CaseRow.id, CaseRow.reference).where(CaseRow.id.in_(case_ids)))
    return {case_id: reference for case_id, reference in rows}


def listed_elsewhere(
    session: Session, meeting_id: int, case_ids: Sequence[int]
) -> dict[int, datetime]:
    """Which of ``case_ids`` wait, not yet heard, on the list of another meeting still
    planned: each with the start of the earliest such meeting (read by case, on its index)."""
    found: dict[int, datetime] = {}
    for chunk in id_chunks(case_ids):
        rows = session.execute(
            select(MeetingCaseRow.case_id, func.min(MeetingRow.starts_at))
            .join(MeetingRow, MeetingRow.id == MeetingCaseRow.meeting_id)
            .where(
                MeetingCaseRow.case_id.in_(chunk),
                MeetingCaseRow.meeting_id != meeting_id,
                MeetingCaseRow.heard.is_(False),
                MeetingRow.status == MeetingStatus.PLANNED.value,
            )
            .group_by(MeetingCaseRow.case_id)
        )
        found.update({case_id: starts_at for case_id, starts_at in rows})
    return found


def listed_victims(session: Session, meeting_id: int) -> dict[int, tuple[str, str, str]]:
    """Each listed case's reference with its victim's family and given names, for the
    coordinator's own screens only (never an anonymised document)."""
    rows = session.execute(
        select(CaseRow.id, CaseRow.reference, PersonRow.family_name, PersonRow.given_names)
        .join(MeetingCaseRow, MeetingCaseRow.case_id == CaseRow.id)
        .join(PersonRow, PersonRow.id == CaseRow.victim_id)
        .where(MeetingCaseRow.meeting_id == meeting_id)
    )
    return {case_id: (reference, family, given) for case_id, reference, family, given in rows}


def cases_with_children(session: Session, case_ids: Sequence[int]) -> set[int]:
    found: set[int] = set()
    for ids in id_chunks(case_ids):
        found.update(
            session.scalars(
                select(CasePartyRow.case_id).where(
                    CasePartyRow.case_id.in_(ids), CasePartyRow.role == PartyRole.CHILD.value
                )
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What an anonymised agenda row shows about a case, before wording."""

    case_id: int
    victim_dob: date | None
    victim_gender: str
    children: int
    referral_day: date | None
    referring_agency: str
    criteria: CaseCriteriaFacts | None
    """What the criteria are worked out from (``risk.criteria``); None with no referral."""
    last_heard: date | None


def case_facts(
    session: Session, case_ids: Sequence[int], meeting_day: date
) -> dict[int, CaseFacts]:
    """The anonymised facts of each case: every query here is an ``anonymised_select``."""
    ids = list(case_ids)
    victims = {
        case_id: (dob, gender)
        for case_id, dob, gender in session.execute(
            anonymised_select(CaseRow.id, PersonRow.date_of_birth, PersonRow.gender)
            .join(PersonRow, PersonRow.id == CaseRow.victim_id)
            .where(CaseRow.id.in_(ids))
        )
    }
    children = _pairs(
        session.execute(
            anonymised_select(CasePartyRow.case_id)
            .add_columns(func.count())
            .where(CasePartyRow.case_id.in_(ids), CasePartyRow.role == PartyRole.CHILD.value)
            .group_by(CasePartyRow.case_id)
        )
    )
    referrals: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(
        anonymised_select(
            ReferralRow.case_id,
            ReferralRow.day,
            ReferralRow.referring_agency,
            ReferralRow.status,
            ReferralRow.meeting_day,
            *(getattr(ReferralRow, c.value) for c in Criterion),
        )
        .where(ReferralRow.case_id.in_(ids))
        .order_by(ReferralRow.day, ReferralRow.id)
    ):
        referrals[row.case_id].append(row)
    incidents = _incident_days(session, ids)
    assessments = _completed_assessments(session, ids)
    facts: dict[int, CaseFacts] = {}
    for case_id in ids:
        rows = referrals.get(case_id, [])
        earlier = [
            r.meeting_day for r in rows if r.meeting_day is not None and r.meeting_day < meeting_day
        ]
        last_heard = max(earlier, default=None)
        current = next(
            (r for r in rows if r.status in OPEN_REFERRAL or r.meeting_day == meeting_day),
            rows[-1] if rows else None,
        )
        criteria = (
            CaseCriteriaFacts(
                current.day,
                ReferralCriteria.from_mapping({c: getattr(current, c) for c in Criterion}),
                tuple(r.day for r in rows if r is not current),
                incidents.get(case_id, ()),
                assessments.get(case_id, ()),
            )
            if current
            else None
        )
        dob, gender = victims.get(case_id, (None, ""))
        facts[case_id] = CaseFacts(
            case_id,
            dob,
            gender,
            children.get(case_id, 0),
            current.day if current else None,
            current.referring_agency if current else "",
            criteria,
            last_heard,
        )
    return facts


def _incident_days(session: Session, case_ids: list[int]) -> dict[int, tuple[date, ...]]:
    days: dict[int, list[date]] = defaultdict(list)
    for case_id, day in session.execute(
        anonymised_select(IncidentRow.case_id, IncidentRow.day).where(
            IncidentRow.case_id.in_(case_ids)
        )
    ):
        days[case_id].append(day)
    return {case_id: tuple(found) for case_id, found in days.items()}


def _completed_assessments(
    session: Session, case_ids: list[int]
) -> dict[int, tuple[ScoredAssessment, ...]]:
    """Each case's completed assessments in the order they were saved, with the high threshold
    of the policy each was scored under."""
    found: dict[int, list[ScoredAssessment]] = defaultdict(list)
    rows = session.execute(
        anonymised_select(
            AssessmentRow.case_id,
            AssessmentRow.assessment_date,
            AssessmentRow.yes_count,
            AssessmentRow.policy_json,
            AssessmentRow.judgement_raised,
            AssessmentRow.level,
        )
        .where(AssessmentRow.case_id.in_(case_ids), AssessmentRow.status == "completed")
        .order_by(AssessmentRow.id)
    )
    for case_id, day, yes, policy_json, raised, level in rows:
        high = AreaPolicy.from_mapping(json.loads(policy_json)).high_threshold
        found[case_id].append(ScoredAssessment(day, yes, high, raised, level))
    return {case_id: tuple(scored) for case_id, scored in found.items()}


# ----- actions ----------------------------------------------------------------------------


def _action(row: ActionRow) -> Action:
    return Action(
        ActionId(row.id),
        MeetingId(row.meeting_id),
        CaseId(row.case_id),
        row.agency,
        row.what,
        row.who,
        row.due,
        ActionStatus(row.status),
        tuple(ActionChange(c.at, c.by, ActionStatus(c.status), c.note) for c in row.changes),
        row.version,
        tuple(ActionEdit(e.at, e.by, ActionField(e.field), e.old, e.new) for e in row.edits),
    )


def add_action(
    session: Session,
    meeting_id: int,
    case_id: int,
    agency: str,
    what: str,
    who: str,
    due: date,
    actor: str,
) -> Action:
    now = _now()
    coded = vocabulary_repo.code(session, VocabularyId.AGENCY, agency)
    row = ActionRow(
        meeting_id=meeting_id,
        case_id=case_id,
        agency=coded.code,
        agency_detail=coded.detail,
        what=what,
        who=who,
        due=due,
        status=ActionStatus.OPEN.value,
        created_at=now,
    )
    row.changes.append(ActionChangeRow(at=now, by=actor, status=ActionStatus.OPEN.value, note=""))
    session.add(row)
    session.flush()
    return _action(row)


def get_action(session: Session, action_id: int) -> Action | None:
    row = session.get(ActionRow, action_id)
    return _action(row) if row else None


def set_action_status(
    session: Session, action_id: int, status: ActionStatus, note: str, actor: str
) -> Action:
    row = session.get(ActionRow, action_id)
    if row is None:
        raise KeyError(action_id)
    row.status = status.value
    row.changes.append(ActionChangeRow(at=_now(), by=actor, status=status.value, note=note))
    session.flush()
    return _action(row)


def edit_action(
    session: Session,
    action_id: int,
    changed: Mapping[ActionField, tuple[str, str]],
    actor: str,
) -> Action:
    """Correct the fields ``changed`` names, each (value before, value after; a due day as
    ``YYYY-MM-DD``), keeping one history row per field."""
    row = session.get(ActionRow, action_id)
    if row is None:
        raise KeyError(action_id)
    now = _now()
    for field, (old, new) in changed.items():
        if field is ActionField.WHAT:
            row.what = new
        elif field is ActionField.WHO:
            row.who = new
        else:
            row.due = date.fromisoformat(new)
        row.edits.append(ActionEditRow(at=now, by=actor, field=field.value, old=old, new=new))
    session.flush()
    return _action(row)


@dataclass(frozen=True, slots=True)
class ActionListing:
    action: Action
    meeting_starts_at: datetime
    number: int | None
    """The case's number on the list of the meeting that set the action (None when it has
    left that list); ``domain.meetings.meeting_case_reference`` words it."""


def action_agencies(session: Session) -> list[str]:
    return list(session.scalars(select(ActionRow.agency).distinct()))


def _action_filter(
    session: Session,
    agency: str | None,
    meeting_id: int | None,
    status: ActionStatus | None,
    due_before: date | None,
) -> list[Any]:
    where: list[Any] = []
    if agency:
        where.append(
            ActionRow.agency == vocabulary_repo.code(session, VocabularyId.AGENCY, agency).code
        )
    if meeting_id is not None:
        where.append(ActionRow.meeting_id == meeting_id)
    if status is not None:
        where.append(ActionRow.status == status.value)
    if due_before is not None:
        where.append(ActionRow.due < due_before)
    return where


def _overdue_on(day: date) -> Any:
    return (ActionRow.status == ActionStatus.OPEN.value) & (ActionRow.due < day)


def _tracker_where(session: Session, chosen: ActionFilter) -> list[Any]:
    """The conditions that keep the actions ``chosen`` names: the one reading of the tracker's
    filters, shared by its count, its pages and the documents made from it."""
    where = _action_filter(
        session, chosen.agency, chosen.meeting_id, chosen.status, chosen.due_before
    )
    if chosen.overdue_only:
        where.append(_overdue_on(chosen.day))
    return where


def _listings(session: Session, query: Any) -> list[ActionListing]:
    return [
        ActionListing(
            _action(row),
            starts_at,
            number,
        )
        for row, starts_at, number in session.execute(query)
    ]


def _listing_query(*columns: Any) -> Any:
    return (
        select(*(columns or (ActionRow,)), MeetingRow.starts_at, MeetingCaseRow.number)
        .join(MeetingRow, MeetingRow.id == ActionRow.meeting_id)
        .outerjoin(
            MeetingCaseRow,
            (MeetingCaseRow.meeting_id == ActionRow.meeting_id)
            & (MeetingCaseRow.case_id == ActionRow.case_id),
        )
    )


def list_actions(
    session: Session,
    agency: str | None = None,
    meeting_id: int | None = None,
    status: ActionStatus | None = None,
    due_before: date | None = None,
) -> list[ActionListing]:
    query = (
        _listing_query()
        .where(*_action_filter(session, agency, meeting_id, status, due_before))
        .order_by(ActionRow.due, ActionRow.id)
    )
    return _listings(session, query)


@dataclass(frozen=True, slots=True)
class ActionExportRow:
    """One action as the action list documents show it: no history but its latest change."""

    meeting_id: int
    meeting_starts_at: datetime
    number: int | None
    agency: str
    what: str
    who: str
    due: date
    status: ActionStatus
    last_at: datetime | None
    last_note: str


def action_export(
    session: Session, chosen: ActionFilter, sort: str = "due", descending: bool = False
) -> list[ActionExportRow]:
    """The actions the tracker shows for ``chosen``, in its order (``action_page``'s sorts),
    read as plain columns in one query (no ORM objects, no history but the latest status
    change), so an export of every action stays quick."""
    latest = (
        select(ActionChangeRow.action_id, func.max(ActionChangeRow.id).label("change_id"))
        .group_by(ActionChangeRow.action_id)
        .subquery()
    )
    change = aliased(ActionChangeRow)
    query = (
        _listing_query(
            ActionRow.meeting_id,
            ActionRow.agency,
            ActionRow.what,
            ActionRow.who,
            ActionRow.due,
            ActionRow.status,
            change.at,
            change.note,
        )
        .outerjoin(latest, latest.c.action_id == ActionRow.id)
        .outerjoin(change, change.id == latest.c.change_id)
        .where(*_tracker_where(session, chosen))
        .order_by(*_action_order(session, sort, descending))
    )
    return [
        ActionExportRow(
            meeting, starts_at, number, code, what, who, due, ActionStatus(state), at, note or ""
        )
        for meeting, code, what, who, due, state, at, note, starts_at, number in session.execute(
            query
        )
    ]


def _agency_order(session: Session) -> Any:
    """Agencies in the order of their names, as the vocabulary words them (unknown codes last)."""
    words = vocabulary_repo.vocabulary(session, VocabularyId.AGENCY)
    ranked = sorted(words, key=lambda term: term.label.casefold())
    return case(
        {t.code: n for n, t in enumerate(ranked)}, value=ActionRow.agency, else_=len(ranked)
    )


def _action_sorts(session: Session, sort: str) -> tuple[tuple[Any, bool], ...]:
    """The order ascending for a sort key, as (column, ascending); ties by due day then id."""
    by_due = ((ActionRow.due, True), (ActionRow.id, True))
    first: dict[str, tuple[tuple[Any, bool], ...]] = {
        "due": (),
        "meeting": ((MeetingRow.starts_at, True), (MeetingRow.id, True)),
        "case": ((ActionRow.meeting_id, True), (MayBeNull(MeetingCaseRow.number), True)),
        "agency": ((_agency_order(session), True),),
        "what": ((ActionRow.what, True),),
        "who": ((ActionRow.who, True),),
        "status": ((ActionRow.status, True),),
    }
    return (*first[sort], *by_due)


ACTION_SORTS = ("meeting", "case", "agency", "what", "who", "due", "status")


def _action_order(session: Session, sort: str, descending: bool) -> list[Any]:
    return [order_term(c, up == descending) for c, up in _action_sorts(session, sort)]


def count_actions(session: Session, chosen: ActionFilter) -> tuple[int, int]:
    """(how many actions ``chosen`` keeps, how many of them are open past their due day on
    ``chosen.day``)."""
    total, late = session.execute(
        select(func.count(), func.count().filter(_overdue_on(chosen.day)))
        .select_from(ActionRow)
        .where(*_tracker_where(session, chosen))
    ).one()
    return int(total or 0), int(late or 0)


def action_page(
    session: Session,
    chosen: ActionFilter,
    offset: int,
    limit: int,
    sort: str = "due",
    descending: bool = False,
) -> list[ActionListing]:
    """One page of the tracker, filtered and sorted in the database. A page's actions come
    without their history."""
    order = _action_order(session, sort, descending)
    query = select(ActionRow.id).where(*_tracker_where(session, chosen))
    if sort == "meeting":
        query = query.join(MeetingRow, MeetingRow.id == ActionRow.meeting_id)
    if sort == "case":
        query = query.outerjoin(
            MeetingCaseRow,
            (MeetingCaseRow.meeting_id == ActionRow.meeting_id)
            & (MeetingCaseRow.case_id == ActionRow.case_id),
        )
    ids = list(session.scalars(query.order_by(*order).offset(offset).limit(limit)))
    if not ids:
        return []
    a = ActionRow
    details = session.execute(
        _listing_query(
            a.id, a.meeting_id, a.case_id, a.agency, a.what, a.who, a.due, a.status
        ).where(a.id.in_(ids))
    )
    found = {
        r.id: ActionListing(
            Action(
                ActionId(r.id),
                MeetingId(r.meeting_id),
                CaseId(r.case_id),
                r.agency,
                r.what,
                r.who,
                r.due,
                ActionStatus(r.status),
            ),
            r.starts_at,
            r.number,
        )
        for r in details
    }
    return [found[ActionId(i)] for i in ids]


def action_count(session: Session, meeting_id: int, case_id: int) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                ActionRow.meeting_id == meeting_id, ActionRow.case_id == case_id
            )
        )
        or 0
    )


def case_actions(session: Session, case_ids: Sequence[int]) -> list[ActionListing]:
    """Every action set on these cases at any meeting, with its history, in due order."""
    found: list[ActionListing] = []
    for chunk in id_chunks(case_ids):
        query = _listing_query().where(ActionRow.case_id.in_(chunk))
        found += _listings(session, query)
    return sorted(found, key=lambda listing: (listing.action.due, listing.action.id))
