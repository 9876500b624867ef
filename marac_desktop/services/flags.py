"""Flags with their evidence, kept up to date from the records, and the review queue."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from marac_desktop.domain.audit import AuditAction
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.edits import Edited
from marac_desktop.domain.permissions import Permission
from marac_desktop.domain.records import CaseFlag, CaseRecord, FlagId, FlagStatus, PartyRole
from marac_desktop.domain.words import counted
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk.flags import (
    FlagKind,
    FlagRules,
    IncidentFact,
    PerpetratorCase,
    ReferralFact,
    escalation_flag,
    is_notice,
    repeat_flag,
    serial_perpetrator_flag,
    twelve_month_notice,
)
from marac_desktop.services import settings
from marac_desktop.services.workspace import Workspace, requires
from marac_desktop.storage import records_repo, versions
from marac_desktop.storage.bulk import NewFlag, NewIncident, NewReferral

MAX_NOTE = 2000


def case_flags(
    case_id: int,
    incidents: Sequence[IncidentFact],
    referrals: Sequence[ReferralFact],
    rules: FlagRules,
    today: date,
) -> list[NewFlag]:
    """The case's flags, each with a key that stays the same however often it is worked out."""
    found = []
    for flag in (
        repeat_flag(incidents, referrals, rules),
        escalation_flag(incidents, today, rules),
    ):
        if flag is not None:
            key = f"{flag.kind}:{case_id}:{flag.raised_on.isoformat()}"
            found.append(NewFlag(key, flag.kind, case_id, None, flag.raised_on, flag.evidence))
    heard = [r.meeting_day or r.day for r in referrals]
    last = max(heard) if heard else None
    notice = twelve_month_notice(last, today, rules)
    if notice is not None and last is not None:
        key = f"{notice.kind}:{case_id}:{last.isoformat()}"
        found.append(NewFlag(key, notice.kind, case_id, None, notice.raised_on, notice.evidence))
    return found


def perpetrator_flag(
    person_id: int,
    case_id: int,
    cases: Sequence[PerpetratorCase],
    rules: FlagRules,
    today: date,
) -> NewFlag | None:
    """The serial-perpetrator flag about the person, raised on the case ``case_id``."""
    flag = serial_perpetrator_flag(cases, today, rules)
    if flag is None:
        return None
    count = len({c.victim_id for c in cases})
    key = f"{flag.kind}:person:{person_id}:{count}"
    return NewFlag(key, flag.kind, case_id, person_id, flag.raised_on, flag.evidence)


def new_case_flags(
    cases: Sequence[tuple[int, int]],
    references: Mapping[int, str],
    incidents: Iterable[NewIncident],
    referrals: Iterable[NewReferral],
    perpetrator_cases: Mapping[int, Collection[int]],
    rules: FlagRules,
    today: date,
) -> list[NewFlag]:
    """The flags of cases written in bulk (demo data, a sheet's history), from their rows.

    ``cases`` holds (case id, victim id), ``references`` their references by case id;
    ``perpetrator_cases`` each perpetrator's case ids.
    """
    incident_facts: dict[int, list[IncidentFact]] = defaultdict(list)
    referral_facts: dict[int, list[ReferralFact]] = defaultdict(list)
    for i in incidents:
        incident_facts[i.case_id].append(IncidentFact(i.day, i.kind.criminal))
    for r in referrals:
        referral_facts[r.case_id].append(ReferralFact(r.day, r.meeting_day))
    found = [
        flag
        for case_id, _ in cases
        for flag in case_flags(
            case_id, incident_facts[case_id], referral_facts[case_id], rules, today
        )
    ]
    victim_of = dict(cases)
    for person_id, case_ids in perpetrator_cases.items():
        if len({victim_of[c] for c in case_ids}) < rules.serial_victims:
            continue
        harmed = []
        for c in sorted(set(case_ids)):
            days = [f.day for f in incident_facts[c]] + [f.day for f in referral_facts[c]]
            if days:
                harmed.append(PerpetratorCase(c, references[c], victim_of[c], max(days)))
        if not harmed:
            continue
        latest = max(harmed, key=lambda c: (c.day, c.case_id)).case_id
        flag = perpetrator_flag(person_id, latest, harmed, rules, today)
        if flag is not None:
            found.append(flag)
    return found


def _facts(record: CaseRecord) -> tuple[list[IncidentFact], list[ReferralFact]]:
    return (
        [IncidentFact(i.day, i.kind.criminal) for i in record.incidents],
        [ReferralFact(r.day, r.meeting_day) for r in record.referrals],
    )


def last_activity(record: CaseRecord) -> date | None:
    days = [i.day for i in record.incidents] + [r.day for r in record.referrals]
    return max(days) if days else None


def _raise(session: Session, flag: NewFlag) -> bool:
    return records_repo.raise_flag(
        session, flag.key, flag.kind, flag.case_id, flag.person_id, flag.raised_on, flag.evidence
    )


def perpetrator_cases(session: Session, person_id: int) -> list[PerpetratorCase]:
    """Every case (with a dated incident or referral) where the person causes harm."""
    found = []
    for other_id, role in records_repo.cases_of_person(session, person_id):
        if role != PartyRole.PERPETRATOR.value:
            continue
        other = records_repo.case_record(session, other_id)
        day = last_activity(other) if other else None
        if other is not None and day is not None:
            found.append(PerpetratorCase(other.id, other.reference, other.victim.id, day))
    return found


def refresh_case(session: Session, case_id: int, rules: FlagRules, today: date) -> int:
    """Raise any flag the case now meets (each only once); return how many are new."""
    record = records_repo.case_record(session, case_id)
    if record is None:
        return 0
    incidents, referrals = _facts(record)
    new = sum(_raise(session, f) for f in case_flags(case_id, incidents, referrals, rules, today))
    for perpetrator in record.people(PartyRole.PERPETRATOR):
        cases = perpetrator_cases(session, perpetrator.id)
        flag = perpetrator_flag(perpetrator.id, case_id, cases, rules, today)
        new += flag is not None and _raise(session, flag)
    return new


@requires(Permission.MANAGE_CASES)
def refresh(workspace: Workspace, case_id: CaseId, today: date | None = None) -> int:
    """Raise the flags the case now meets; audited when any is new."""
    with workspace.transaction() as session:
        rules = FlagRules(settings.area_policy(session))
        new = refresh_case(session, case_id, rules, today or date.today())
        if new:
            workspace.record(
                session,
                AuditAction.CREATE,
                "flag",
                str(case_id),
                detail=counted(new, "new flag"),
            )
    return new


def _statuses(include_reviewed: bool, status: FlagStatus | None) -> list[FlagStatus]:
    if status is not None:
        return [status]
    return list(FlagStatus) if include_reviewed else [FlagStatus.OPEN]


def _kinds(kinds: Collection[FlagKind] | None) -> list[str] | None:
    return None if kinds is None else [k.value for k in kinds]


@requires(Permission.REVIEW_FLAGS)
def queue(
    workspace: Workspace,
    include_reviewed: bool = False,
    *,
    kinds: Collection[FlagKind] | None = None,
    status: FlagStatus | None = None,
) -> list[CaseFlag]:
    """Flags waiting for a safeguarding lead (and, if asked, those already reviewed).

    ``kinds`` keeps those kinds only; ``status`` one status only (instead of
    ``include_reviewed``). The whole queue, newest first; a page shows ``queue_page``.
    """
    with workspace.transaction() as session:
        found = records_repo.flags(session, _statuses(include_reviewed, status), _kinds(kinds))
        workspace.record(
            session, AuditAction.VIEW, "flag_queue", detail=counted(len(found), "flag")
        )
    return found


QueueRow = records_repo.FlagListRow
QUEUE_SORTS = tuple(records_repo.FLAG_SORTS)
"""What ``queue_page`` sorts by; ``raised_on`` descending is the queue's usual order."""


@requires(Permission.REVIEW_FLAGS)
def count_queue(
    workspace: Workspace,
    include_reviewed: bool = False,
    *,
    kinds: Collection[FlagKind] | None = None,
    status: FlagStatus | None = None,
) -> int:
    """How many flags ``queue`` would list with the same filters, counted in the database."""
    with workspace.transaction() as session:
        return records_repo.count_flags(session, _statuses(include_reviewed, status), _kinds(kinds))


@requires(Permission.REVIEW_FLAGS)
def queue_page(
    workspace: Workspace,
    offset: int,
    limit: int,
    include_reviewed: bool = False,
    *,
    kinds: Collection[FlagKind] | None = None,
    status: FlagStatus | None = None,
    sort: str = "raised_on",
    descending: bool = True,
) -> list[QueueRow]:
    """One page of the queue, filtered and sorted in the database, each flag with the case
    reference and the person's name it is about (fast at any size)."""
    if sort not in records_repo.FLAG_SORTS:
        raise InvalidInputError("The flags cannot be sorted that way.")
    with workspace.transaction() as session:
        rows = records_repo.flag_page(
            session,
            _statuses(include_reviewed, status),
            _kinds(kinds),
            offset,
            limit,
            sort,
            descending,
        )
        if offset == 0:  # one audit row per queue shown, not per page scrolled
            workspace.record(session, AuditAction.VIEW, "flag_queue")
    return rows


@dataclass(frozen=True, slots=True)
class Waiting:
    """What is waiting for someone, over the whole queue: flags to review, notices to read."""

    flags: int
    notices: int


@requires(Permission.REVIEW_FLAGS)
def waiting(workspace: Workspace) -> Waiting:
    with workspace.transaction() as session:
        counts = records_repo.open_flag_counts(session)
    notices = sum(n for kind, n in counts.items() if is_notice(kind))
    return Waiting(sum(counts.values()) - notices, notices)


@dataclass(frozen=True, slots=True)
class FlagCase:
    """A case a flag is about, by reference, with its latest incident or referral."""

    case_id: CaseId
    reference: str
    day: date | None


@dataclass(frozen=True, slots=True)
class FlagCases:
    cases: tuple[FlagCase, ...]
    can_open: bool
    """Whether this user may open them (roles that may not see the references only)."""


@requires(Permission.REVIEW_FLAGS)
def flag_cases(workspace: Workspace, flag_id: FlagId) -> FlagCases:
    """The cases behind a flag: a serial-perpetrator flag's are every case of the person."""
    with workspace.transaction() as session:
        flag = records_repo.get_flag(session, flag_id)
        if flag is None:
            raise InvalidInputError("That flag no longer exists.")
        if flag.kind == FlagKind.SERIAL_PERPETRATOR and flag.person_id is not None:
            found = [
                FlagCase(CaseId(c.case_id), c.reference, c.day)
                for c in perpetrator_cases(session, flag.person_id)
            ]
        else:
            record = records_repo.case_record(session, flag.case_id) if flag.case_id else None
            found = [FlagCase(record.id, record.reference, last_activity(record))] if record else []
    found.sort(key=lambda c: (c.day or date.min, c.reference))
    return FlagCases(tuple(found), workspace.can(Permission.MANAGE_CASES))


def _clean_reason(reason: str) -> str:
    return " ".join(reason.split())


def _change(
    workspace: Workspace, flag_id: FlagId, status: FlagStatus, reason: str, notice: bool
) -> CaseFlag:
    """Record a decision on an open flag of the right sort (a notice or a flag to review).
    The flag's row is marked first, so of two desks deciding at once the second waits and
    then finds the flag decided."""
    with workspace.transaction() as session:
        versions.save_edit(session, Edited.FLAG, flag_id, None, workspace.editor)
        flag = records_repo.get_flag(session, flag_id)
        if flag is None:
            raise InvalidInputError("That flag no longer exists.")
        if is_notice(flag.kind) != notice:
            raise InvalidInputError(
                "A 12-month notice is acknowledged, not confirmed or dismissed."
                if not notice
                else "Only 12-month notices are acknowledged; confirm or dismiss this flag."
            )
        if flag.status is not FlagStatus.OPEN:
            raise InvalidInputError(
                f"This was already {flag.status.value} by {flag.reviewed_by or 'someone'}."
            )
        changed = records_repo.review_flag(session, flag_id, status, workspace.actor, reason)
        assert changed is not None
        workspace.record(session, AuditAction.CHANGE, "flag", str(flag_id), detail=status.value)
    return changed


@requires(Permission.REVIEW_FLAGS)
def review(workspace: Workspace, flag_id: FlagId, confirm: bool, reason: str) -> CaseFlag:
    """Confirm or dismiss a flag; a reason is required either way. Notices are refused."""
    reason = _clean_reason(reason)
    if not reason:
        raise InvalidInputError("Give a reason for confirming or dismissing the flag.")
    status = FlagStatus.CONFIRMED if confirm else FlagStatus.DISMISSED
    return _change(workspace, flag_id, status, reason, notice=False)


@requires(Permission.REVIEW_FLAGS)
def acknowledge(workspace: Workspace, flag_id: FlagId, note: str = "") -> CaseFlag:
    """Mark a 12-month notice as read, with an optional note; other flags are refused."""
    note = _clean_reason(note)
    if len(note) > MAX_NOTE:
        raise InvalidInputError(f"Keep the note to {MAX_NOTE} characters.")
    return _change(workspace, flag_id, FlagStatus.ACKNOWLEDGED, note, notice=True)
