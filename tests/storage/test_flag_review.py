"""Where a flag shows, which cases it names and who may open them, and how notices are read."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.permissions import ROLE_PERMISSIONS, Permission
from marac_desktop.domain.records import (
    CaseFlag,
    FlagStatus,
    IncidentKind,
    PartyRole,
)
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.risk.flags import FlagKind
from marac_desktop.services import access, flags, records
from marac_desktop.services.workspace import Workspace
from tests.conftest import add_user

TODAY = date(2026, 11, 20)
HIGH = ReferralCriteria(visible_high_risk=True)


def _victim(family: str, given: str) -> PersonDetails:
    return PersonDetails(family, given, date_of_birth=date(1990, 1, 2))


def _serial(admin: Workspace) -> tuple[CaseId, CaseId, CaseFlag]:
    """Rick harms Jo (first case), then Kim (second case): the flag is raised on the second."""
    first = records.open_case(admin, _victim("Smith", "Jo"), today=TODAY)
    abuser = records.add_person_to_case(
        admin, first.id, PersonDetails("Doe", "Rick"), PartyRole.PERPETRATOR, today=TODAY
    )
    records.record_incident(
        admin, first.id, date(2025, 1, 1), IncidentKind.THREATS, "Police", True, today=TODAY
    )
    flags.refresh(admin, first.id, today=TODAY)
    second = records.open_case(admin, _victim("Brown", "Kim"), today=TODAY)
    records.add_person_to_case(admin, second.id, abuser.id, PartyRole.PERPETRATOR, today=TODAY)
    records.record_incident(
        admin, second.id, date(2026, 10, 1), IncidentKind.THREATS, "Police", True, today=TODAY
    )
    assert flags.refresh(admin, second.id, today=TODAY) == 1
    (flag,) = flags.queue(admin, kinds=[FlagKind.SERIAL_PERPETRATOR])
    assert flag.person_id == abuser.id
    return first.id, second.id, flag


def _lead(admin: Workspace, db_path: Path, name: str = "sam.lead") -> Workspace:
    return access.unlock(db_path, name, add_user(admin, name, Role.SAFEGUARDING_LEAD))


@pytest.mark.both_engines
def test_the_serial_flag_sits_on_its_case_and_names_every_case(admin: Workspace) -> None:
    first_id, second_id, flag = _serial(admin)
    first, second = records.case_record(admin, first_id), records.case_record(admin, second_id)
    assert flag.case_id == second_id
    assert f"{first.reference} (2025-01-01) and {second.reference} (2026-10-01)" in flag.evidence
    assert [f.id for f in second.flags] == [flag.id]  # the case header and its Flags tab
    assert second.people_flags == ()
    assert first.flags == () and [f.id for f in first.people_flags] == [flag.id]  # the badge
    listed = {row.id: row.open_flags for row in records.case_page(admin, "", 0, 10)}
    assert listed == {first_id: 0, second_id: 1}  # the case list agrees with the header

    cases = flags.flag_cases(admin, flag.id)
    assert [(c.case_id, c.reference, c.day) for c in cases.cases] == [
        (first_id, first.reference, date(2025, 1, 1)),
        (second_id, second.reference, date(2026, 10, 1)),
    ]
    assert cases.can_open


def test_roles_that_may_not_open_cases_see_the_references_only(
    admin: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_id, _second_id, flag = _serial(admin)
    reference = records.case_record(admin, first_id).reference
    idva = access.unlock(db_path, "ivy", add_user(admin, "ivy", Role.IDVA))
    with pytest.raises(PermissionDeniedError):  # an IDVA does not see the flag queue
        flags.flag_cases(idva, flag.id)
    idva.close()
    # No role today reviews flags without managing cases; take case access away from leads to
    # show the references are still listed, with no way to open them.
    lead = _lead(admin, db_path)
    without = ROLE_PERMISSIONS[Role.SAFEGUARDING_LEAD] - {Permission.MANAGE_CASES}
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.SAFEGUARDING_LEAD, without)
    cases = flags.flag_cases(lead, flag.id)
    assert not cases.can_open
    assert reference in [c.reference for c in cases.cases]
    with pytest.raises(PermissionDeniedError):
        records.case_record(lead, first_id)
    lead.close()


def _notice_and_repeat(admin: Workspace) -> tuple[CaseFlag, CaseFlag]:
    """A referral 370 days ago (a 12-month notice) and an incident 10 days ago (a repeat)."""
    case = records.open_case(admin, _victim("Ahmed", "Sara"), today=TODAY)
    records.record_referral(admin, case.id, TODAY - timedelta(days=370), "Police", HIGH)
    records.record_incident(
        admin, case.id, TODAY - timedelta(days=10), IncidentKind.THREATS, "Police", True
    )
    assert flags.refresh(admin, case.id, today=TODAY) == 2
    (notice,) = flags.queue(admin, kinds=[FlagKind.TWELVE_MONTH_NOTICE])
    (repeat,) = flags.queue(admin, kinds=[FlagKind.REPEAT])
    return notice, repeat


def test_notices_are_acknowledged_and_counted_apart(admin: Workspace, db_path: Path) -> None:
    notice, repeat = _notice_and_repeat(admin)
    assert flags.waiting(admin) == flags.Waiting(flags=1, notices=1)
    (row,) = records.case_page(admin, "", 0, 10)
    assert row.open_flags == 1  # the repeat flag; the notice is not a flag waiting for review
    for confirm in (True, False):
        with pytest.raises(InvalidInputError, match="acknowledged, not confirmed or dismissed"):
            flags.review(admin, notice.id, confirm=confirm, reason="seen")
    with pytest.raises(InvalidInputError, match="confirm or dismiss this flag"):
        flags.acknowledge(admin, repeat.id)
    idva = access.unlock(db_path, "ivy", add_user(admin, "ivy", Role.IDVA))
    with pytest.raises(PermissionDeniedError):
        flags.acknowledge(idva, notice.id)
    idva.close()

    done = flags.acknowledge(admin, notice.id)  # one action, no reason needed
    assert done.status is FlagStatus.ACKNOWLEDGED
    assert done.reviewed_by == "admin" and done.review_reason == ""
    assert done.reviewed_at is not None
    assert flags.waiting(admin) == flags.Waiting(flags=1, notices=0)
    with pytest.raises(InvalidInputError, match="already acknowledged by admin"):
        flags.acknowledge(admin, notice.id)
    with pytest.raises(InvalidInputError, match="acknowledged, not confirmed"):
        flags.review(admin, notice.id, confirm=True, reason="x")  # still not a flag to review
    shown = flags.queue(admin, status=FlagStatus.ACKNOWLEDGED)
    assert [f.id for f in shown] == [notice.id]
    assert flags.queue(admin, kinds=[FlagKind.REPEAT], status=FlagStatus.ACKNOWLEDGED) == []


@pytest.mark.both_engines
def test_a_notice_keeps_an_optional_note(admin: Workspace) -> None:
    notice, repeat = _notice_and_repeat(admin)
    with pytest.raises(InvalidInputError, match="2000 characters"):
        flags.acknowledge(admin, notice.id, "x" * 2001)
    assert flags.waiting(admin).notices == 1  # nothing was recorded
    done = flags.acknowledge(admin, notice.id, "  Partners   told on 20 Nov ")
    assert done.review_reason == "Partners told on 20 Nov"
    reviewed = flags.review(admin, repeat.id, confirm=True, reason="Back to MARAC")
    assert reviewed.reviewed_at is not None and reviewed.review_reason == "Back to MARAC"
    with pytest.raises(InvalidInputError, match="already confirmed by admin"):
        flags.review(admin, repeat.id, confirm=False, reason="changed my mind")
