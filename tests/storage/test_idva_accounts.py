"""The IDVA on a case chosen from the IDVA accounts (or typed, for an IDVA from outside the
partnership): the link is kept by user name, checked, and decides whose cases are whose."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from marac_desktop.domain.assessments import REASSESSMENT_DAYS
from marac_desktop.domain.cases import CaseId
from marac_desktop.domain.people import PersonDetails
from marac_desktop.domain.records import IdvaAllocation
from marac_desktop.domain.users import IdvaAccount, Role
from marac_desktop.errors import InvalidInputError
from marac_desktop.risk import Answer
from marac_desktop.services import assessments, home, records, users
from marac_desktop.services.records import NOT_AN_IDVA_ACCOUNT
from marac_desktop.services.workspace import Workspace
from tests.conftest import SignIn, add_user

TODAY = date(2026, 11, 20)
SINCE = date(2026, 3, 2)
ROBIN_PASSWORD = "amber kettle long phrase"


def _case(ws: Workspace, family: str) -> CaseId:
    return records.open_case(ws, PersonDetails(family, "Test"), today=TODAY).id


@pytest.fixture
def robin(admin: Workspace, sign_in: SignIn) -> Workspace:
    users.add_user(admin, "robin", Role.IDVA, ROBIN_PASSWORD, "Robin Idva")
    return sign_in("robin", ROBIN_PASSWORD)


@pytest.mark.both_engines
def test_an_idva_chooses_an_account_or_types_an_outside_name(
    admin: Workspace, robin: Workspace, sign_in: SignIn
) -> None:
    add_user(admin, "cora", Role.COORDINATOR)
    users.add_user(admin, "ash", Role.IDVA, "quiet birch long phrase", "Ash Adviser")
    users.add_user(admin, "gone", Role.IDVA, "quiet birch long phrase", "Gone Adviser")
    users.revoke_user(admin, "gone")
    # An IDVA (no administrator: on a server they read only their own users row) sees them all.
    assert records.idva_accounts(robin) == [
        IdvaAccount("ash", "Ash Adviser"),
        IdvaAccount("robin", "Robin Idva"),
    ]
    linked, outside = _case(admin, "Linked"), _case(admin, "Outside")

    records.allocate_idva(robin, linked, IdvaAllocation("", SINCE, account="ash"), TODAY)
    records.allocate_idva(robin, outside, IdvaAllocation(" Pat  Outside ", SINCE), TODAY)

    assert records.case_record(robin, linked).idva == IdvaAllocation(
        "Ash Adviser", SINCE, account="ash"
    )
    assert records.case_record(robin, outside).idva == IdvaAllocation("Pat Outside", SINCE)


@pytest.mark.both_engines
@pytest.mark.parametrize("account", ["cora", "gone", "nobody", "ROBIN"])
def test_only_an_active_idva_account_may_be_chosen(
    admin: Workspace, robin: Workspace, account: str
) -> None:
    add_user(admin, "cora", Role.COORDINATOR)
    add_user(admin, "gone", Role.IDVA)
    users.revoke_user(admin, "gone")
    case = _case(admin, "Refused")
    with pytest.raises(InvalidInputError) as refused:
        records.allocate_idva(robin, case, IdvaAllocation("Cora", SINCE, account=account), TODAY)
    assert str(refused.value) == NOT_AN_IDVA_ACCOUNT
    assert records.case_record(robin, case).idvas == ()  # nothing saved


@pytest.mark.both_engines
def test_a_linked_case_is_the_idvas_own_on_the_assessments_list_and_home(
    admin: Workspace, robin: Workspace
) -> None:
    linked, by_name, renamed_other, elsewhere = (
        _case(admin, family) for family in ("Linked", "Byname", "Other", "Elsewhere")
    )
    # Linked, under a name that is not Robin's (as if allocated before a rename).
    records.allocate_idva(admin, linked, IdvaAllocation("", SINCE, account="robin"), TODAY)
    # Before allocations named accounts: matched by the name, as it was.
    records.allocate_idva(admin, by_name, IdvaAllocation(" robin IDVA ", SINCE), TODAY)
    # Linked to another account: Robin's name on it does not make it Robin's.
    add_user(admin, "ash", Role.IDVA)
    users.rename_user(admin, "ash", "Robin Idva")
    records.allocate_idva(admin, renamed_other, IdvaAllocation("", SINCE, account="ash"), TODAY)
    users.rename_user(admin, "ash", "Ash Adviser")
    for _ in range(3):  # changed after the IDVA's cases
        _case(admin, "Newer")

    listed = assessments.listed_cases(robin)
    assert listed.mine == {linked, by_name}
    assert set(c.id for c in listed.cases[:2]) == {linked, by_name}
    assert elsewhere not in listed.mine

    # Assessed long ago by someone else: due for Robin, whose case it is now.
    record = assessments.start(admin, linked, TODAY - timedelta(days=REASSESSMENT_DAYS + 5))
    answers = {f"q{n}": Answer.NO for n in range(1, 25)}
    assessments.complete(
        admin, record.id, record.main.__class__("dash", record.main.assessment_date, answers), {}
    )
    work = home.home(robin, today=TODAY).assessments
    assert work is not None
    assert [d.case.case_id for d in work.due] == [linked]


@pytest.mark.both_engines
def test_renaming_the_account_keeps_its_cases(
    admin: Workspace, robin: Workspace, sign_in: SignIn
) -> None:
    case = _case(admin, "Kept")
    records.allocate_idva(admin, case, IdvaAllocation("", SINCE, account="robin"), TODAY)
    users.rename_user(admin, "robin", "Robin Renamed")
    renamed = sign_in("robin", ROBIN_PASSWORD)  # signed in again: known by the new name
    assert assessments.listed_cases(renamed).mine == {case}
    assert records.case_record(robin, case).idva == IdvaAllocation(
        "Robin Idva", SINCE, account="robin"
    )
    assert records.idva_accounts(robin) == [IdvaAccount("robin", "Robin Renamed")]
