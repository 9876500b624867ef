"""``records_repo.case_parties`` reads many cases' people at once, as ``case_record`` does one."""

from __future__ import annotations

from datetime import date

import pytest

from marac_desktop.domain.people import Alias, PersonDetails
from marac_desktop.domain.records import PartyRole
from marac_desktop.services import demo, records
from marac_desktop.services.workspace import Workspace
from marac_desktop.storage import records_repo

TODAY = date(2026, 11, 20)


@pytest.mark.both_engines
def test_the_same_people_in_the_same_order_as_the_case_record(admin: Workspace) -> None:
    demo.generate(admin, 40, seed=3, today=TODAY)
    case = records.open_case(admin, PersonDetails("Lindqvist", "Test"), today=TODAY)
    for given in ("Zed", "Abe"):  # added out of name order: ordered by role, then person
        records.add_person_to_case(
            admin, case.id, PersonDetails("Lindqvist", given), PartyRole.CHILD, today=TODAY
        )
    records.add_person_to_case(
        admin,
        case.id,
        PersonDetails("Moreau", "Test", aliases=(Alias("Moro", "T"),)),
        PartyRole.PERPETRATOR,
        today=TODAY,
    )
    wanted = [*range(1, 41), case.id, 999_999]
    with admin.transaction() as session:
        together = records_repo.case_parties(session, wanted)
        for case_id in wanted:
            record = records_repo.case_record(session, case_id)
            assert together[case_id] == (record.parties if record else ()), case_id
    roles = [p.role for p in together[case.id]]
    assert roles == [PartyRole.VICTIM, PartyRole.PERPETRATOR, PartyRole.CHILD, PartyRole.CHILD]
    assert together[case.id][1].person.details.aliases == (Alias("Moro", "T"),)
    assert sum(len(p) > 2 for p in together.values()) > 5  # the demo gives cases children
