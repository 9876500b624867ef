"""Home: each role's work, read only for the roles whose permissions cover it, counted right."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from marac_desktop.domain.assessments import REASSESSMENT_DAYS
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IncidentKind
from marac_desktop.domain.users import Role
from marac_desktop.errors import WrongPasswordError
from marac_desktop.risk import Answer
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import (
    access,
    actions,
    assessments,
    backups,
    flags,
    home,
    meeting_list,
    meetings,
    records,
    research_returns,
)
from marac_desktop.services.home import DueReason
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import bulk
from marac_desktop.storage.bulk import NewFlag
from tests.conftest import SignIn, add_user
from tests.engines import ADMIN, ADMIN_PASSWORD

TODAY = date(2026, 11, 20)  # a Friday
LONG_AGO = TODAY - timedelta(days=REASSESSMENT_DAYS + 10)
RECENTLY = TODAY - timedelta(days=10)
HIGH = ReferralCriteria(visible_high_risk=True)


def _case(ws: Workspace, family: str) -> CaseId:
    return records.open_case(ws, PersonDetails(family, "Test"), today=TODAY).id


def _completed(ws: Workspace, case_id: CaseId, day: date) -> None:
    record = assessments.start(ws, case_id, day, today=TODAY)
    answers = {f"q{n}": Answer.NO for n in range(1, 25)}
    assessments.complete(
        ws, record.id, record.main.__class__("dash", day, answers), {}, today=TODAY
    )


def _signed_in(sign_in: SignIn, admin: Workspace, name: str, role: Role) -> Workspace:
    return sign_in(name, add_user(admin, name, role))


@pytest.mark.both_engines
def test_each_role_is_given_its_own_sections_only(admin: Workspace, sign_in: SignIn) -> None:
    staff = {
        role: _signed_in(sign_in, admin, name, role)
        for name, role in (
            ("ivy", Role.IDVA),
            ("cora", Role.COORDINATOR),
            ("sam", Role.SAFEGUARDING_LEAD),
        )
    }
    sections = ("assessments", "meetings", "flags", "backups", "accounts")

    def shown(ws: Workspace) -> set[str]:
        work = home.home(ws, today=TODAY)
        return {name for name in sections if getattr(work, name) is not None}

    assert shown(staff[Role.IDVA]) == {"assessments"}
    assert shown(staff[Role.COORDINATOR]) == {"assessments", "meetings"}
    assert shown(staff[Role.SAFEGUARDING_LEAD]) == {"flags"}
    assert shown(admin) == set(sections)  # an administrator holds every role's permissions
    server_backups = home.home(admin, today=TODAY).backups
    assert server_backups is not None
    assert server_backups.on_server is (admin.on_server)


@pytest.mark.both_engines
def test_an_idva_sees_their_drafts_and_their_cases_due(admin: Workspace, sign_in: SignIn) -> None:
    ivy = _signed_in(sign_in, admin, "ivy", Role.IDVA)
    una = _signed_in(sign_in, admin, "una", Role.IDVA)
    lapsed, incident, recent, drafted, theirs, taken_over = (
        _case(admin, family)
        for family in ("Adeyemi", "Bianchi", "Cho", "Duarte", "Eriksen", "Fontaine")
    )
    _completed(ivy, lapsed, LONG_AGO)  # due: the interval has passed
    _completed(ivy, incident, RECENTLY)  # due: an incident since
    records.record_incident(
        admin, incident, TODAY - timedelta(days=2), IncidentKind.THREATS, "Police", True, TODAY
    )
    _completed(ivy, recent, RECENTLY)  # not due yet
    _completed(ivy, drafted, LONG_AGO)
    draft = assessments.start(ivy, drafted, TODAY, today=TODAY)  # the reassessment under way
    _completed(una, theirs, LONG_AGO)  # someone else's
    _completed(ivy, taken_over, LONG_AGO)
    _completed(una, taken_over, RECENTLY)  # the latest is una's now

    work = home.home(ivy, today=TODAY).assessments
    assert work is not None
    assert [(d.case_id, d.assessment_id, d.victim) for d in work.drafts] == [
        (drafted, draft.id, "DUARTE, Test")
    ]
    assert work.draft_count == 1
    assert [(d.case.case_id, d.reason, d.since) for d in work.due] == [
        (incident, DueReason.NEW_INCIDENT, TODAY - timedelta(days=2)),
        (lapsed, DueReason.INTERVAL, LONG_AGO + timedelta(days=REASSESSMENT_DAYS)),
    ]
    assert work.due_count == 2
    other = home.home(una, today=TODAY).assessments
    assert other is not None and other.drafts == ()
    assert [d.case.case_id for d in other.due] == [theirs]


def test_only_the_newest_drafts_are_named_and_every_one_is_counted(admin: Workspace) -> None:
    case_ids = [_case(admin, f"Grey{chr(65 + n)}") for n in range(home.SHOWN + 2)]
    for n, case_id in enumerate(case_ids):
        assessments.start(admin, case_id, TODAY - timedelta(days=n), today=TODAY)
    work = home.home(admin, today=TODAY).assessments
    assert work is not None
    assert work.draft_count == home.SHOWN + 2
    assert [d.case_id for d in work.drafts] == case_ids[: home.SHOWN]


@pytest.mark.both_engines
def test_a_coordinator_sees_the_next_meeting_and_what_waits(
    admin: Workspace, sign_in: SignIn
) -> None:
    cora = _signed_in(sign_in, admin, "cora", Role.COORDINATOR)
    on_old, on_next, alone, twice = (
        _case(admin, family) for family in ("Haddad", "Ito", "Jovanovic", "Kaur")
    )
    for case_id in (on_old, on_next, alone, twice):
        records.record_referral(admin, case_id, date(2026, 9, 1), "Police", HIGH, today=TODAY)
    records.record_referral(admin, twice, date(2026, 9, 2), "Police", HIGH, today=TODAY)

    at_ten = datetime.min.time().replace(hour=10)
    past = meetings.create_meeting(
        cora, datetime.combine(date(2026, 10, 1), at_ten), "Hall", False, "Chair", "Leeds",
        today=date(2026, 9, 1),
    )  # fmt: skip
    meeting_list.add_case(cora, past.id, on_old)
    actions.add_action(cora, past.id, on_old, "Police", "Visit", "PC Test", date(2026, 10, 15))
    actions.add_action(cora, past.id, on_old, "Police", "Call", "PC Test", date(2026, 12, 1))
    cancelled = meetings.create_meeting(
        cora, datetime.combine(date(2026, 11, 24), at_ten), "Hall", False, "Chair", "Leeds", TODAY
    )
    meetings.cancel_meeting(cora, cancelled.id)
    upcoming = meetings.create_meeting(
        cora, datetime.combine(date(2026, 12, 3), at_ten), "Hall", False, "Chair", "Leeds", TODAY
    )
    meetings.create_meeting(
        cora, datetime.combine(date(2026, 12, 31), at_ten), "Hall", False, "Chair", "Leeds", TODAY
    )
    meeting_list.add_case(cora, upcoming.id, on_next)

    work = home.home(cora, today=TODAY).meetings
    assert work is not None and work.next_meeting is not None
    assert work.next_meeting.meeting.id == upcoming.id
    assert work.next_meeting.meeting.cutoff == date(2026, 11, 26)  # 5 working days before
    assert work.next_meeting.cutoff_in == 4  # Monday to Thursday
    assert work.next_meeting.listed == 1
    asked = research_returns.research_status(cora, upcoming.id).asked()
    assert asked > 0 and work.next_meeting.returns_missing == asked
    assert work.next_meeting.returns_overdue == 0  # due two working days before the meeting
    late = home.home(cora, today=date(2026, 12, 2)).meetings
    assert late is not None and late.next_meeting is not None
    assert late.next_meeting.returns_overdue == asked
    assert work.waiting_referrals == 3  # alone's one and twice's two; listed cases wait already
    assert work.overdue_actions == 1
    later = home.home(cora, today=date(2026, 12, 4)).meetings
    assert later is not None and later.next_meeting is not None
    assert later.next_meeting.meeting.starts_at.date() == date(2026, 12, 31)


def test_no_planned_meeting_is_said_as_none(admin: Workspace) -> None:
    work = home.home(admin, today=TODAY).meetings
    assert work is not None
    assert (work.next_meeting, work.waiting_referrals, work.overdue_actions) == (None, 0, 0)


@pytest.mark.both_engines
def test_a_lead_sees_the_flags_waiting_by_kind(admin: Workspace, sign_in: SignIn) -> None:
    sam = _signed_in(sign_in, admin, "sam", Role.SAFEGUARDING_LEAD)
    case_id = _case(admin, "Lindqvist")
    kinds = [FlagKind.REPEAT, FlagKind.REPEAT, FlagKind.REPEAT, FlagKind.SERIAL_PERPETRATOR]
    kinds.append(FlagKind.TWELVE_MONTH_NOTICE)
    with admin.transaction() as session:
        bulk.insert_flags(
            session,
            [
                NewFlag(f"test/{n}", kind.value, case_id, None, TODAY, "Evidence")
                for n, kind in enumerate(kinds)
            ],
        )
    reviewed = flags.queue(sam, kinds=[FlagKind.REPEAT])[0]
    flags.review(sam, reviewed.id, confirm=False, reason="Checked with the police")

    work = home.home(sam, today=TODAY).flags
    assert work is not None
    assert work.waiting == ((FlagKind.REPEAT, 2), (FlagKind.SERIAL_PERPETRATOR, 1))
    assert work.notices == 1


def test_an_administrator_is_warned_of_old_backups_and_unused_accounts(
    admin: Workspace, db_path: Path
) -> None:
    work = home.home(admin, today=TODAY)
    assert work.backups is not None and work.backups.last_backup is None and work.backups.old
    backups.back_up(admin)
    fresh = home.home(admin, today=date.today()).backups
    assert fresh is not None and fresh.last_backup is not None and not fresh.old
    week = timedelta(days=backups.BACKUP_WARNING_DAYS)
    assert home.home(admin, today=date.today() + week).backups.old is False  # type: ignore[union-attr]
    assert home.home(admin, today=date.today() + week + timedelta(days=1)).backups.old  # type: ignore[union-attr]

    ivy_password = add_user(admin, "ivy", Role.IDVA)
    add_user(admin, "una", Role.IDVA)
    with pytest.raises(WrongPasswordError):
        access.unlock(db_path, "ivy", "not the password at all")
    access.unlock(db_path, ADMIN, ADMIN_PASSWORD).close()  # audits the failure
    accounts = home.home(admin, today=TODAY).accounts
    assert accounts is not None and accounts.sign_ins_read
    assert [u.username for u in accounts.never_signed_in] == ["ivy", "una"]
    assert [u.username for u in accounts.failed_sign_ins] == ["ivy"]

    access.unlock(db_path, "ivy", ivy_password).close()
    accounts = home.home(admin, today=TODAY).accounts
    assert accounts is not None
    assert [u.username for u in accounts.never_signed_in] == ["una"]
    assert accounts.failed_sign_ins == ()


def test_home_names_cases_only_in_an_audited_read(admin: Workspace) -> None:
    from marac_desktop.services import audit

    assessments.start(admin, _case(admin, "Moreau"), TODAY, today=TODAY)
    home.home(admin, today=TODAY)
    entry = audit.recent_entries(admin, 1)[0]
    assert (entry.action, entry.target_type, entry.detail) == ("view", "home", "1 case named")
