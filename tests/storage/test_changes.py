"""The change check that keeps other desktops' pages current: it moves on someone else's save,
not on one's own, nor on anyone's reading, printing or signing in; on both engines."""

from __future__ import annotations

from datetime import date

import pytest

from marac_desktop.domain.audit import QUIET_ACTIONS, AuditAction
from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IncidentKind
from marac_desktop.domain.users import Role
from marac_desktop.services import changes, records
from marac_desktop.services.workspace import Workspace
from tests.conftest import SignIn, add_user

pytestmark = pytest.mark.both_engines


@pytest.fixture
def idva(admin: Workspace, sign_in: SignIn) -> Workspace:
    return sign_in("ivy", add_user(admin, "ivy", Role.IDVA))


def test_someone_elses_save_is_seen_and_only_once(admin: Workspace, idva: Workspace) -> None:
    first = changes.changes_since(idva)
    assert not first.changed
    case = records.open_case(admin, PersonDetails("Testvictim", "Ada"))
    seen = changes.changes_since(idva, first.head)
    assert seen.changed
    assert seen.head > first.head
    assert not changes.changes_since(idva, seen.head).changed
    criteria = ReferralCriteria(professional_judgement=True)
    records.record_referral(admin, case.id, date.today(), "Police", criteria)
    assert changes.changes_since(idva, seen.head).changed


def test_ones_own_saves_and_anyones_reading_do_not_count(admin: Workspace, idva: Workspace) -> None:
    case = records.open_case(idva, PersonDetails("Testvictim", "Bea"))
    start = changes.changes_since(idva).head
    records.record_incident(idva, case.id, date.today(), IncidentKind.THREATS, "Police", True)
    records.case_record(admin, case.id)
    for action in sorted(QUIET_ACTIONS):
        admin.audit(action, "case", str(case.id))
    check = changes.changes_since(idva, start)
    assert check.head > start
    assert not check.changed
    admin.audit(AuditAction.CHANGE, "case", str(case.id))
    assert changes.changes_since(idva, start).changed
