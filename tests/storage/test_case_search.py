"""The case list finds a case by any party's names in any order, by alias, reference or postcode,
and says what it found it by."""

from __future__ import annotations

from datetime import date

import pytest

from marac_desktop.domain.people import Alias, PersonDetails
from marac_desktop.domain.records import PartyRole
from marac_desktop.services import records
from marac_desktop.services.workspace import Workspace

TODAY = date(2026, 11, 20)


def _found(ws: Workspace, search: str) -> list[tuple[str, str]]:
    assert records.count_cases(ws, search) == len(rows := records.case_page(ws, search, 0, 50))
    return [(row.reference, row.found_by) for row in rows]


@pytest.mark.both_engines
def test_any_party_in_any_order(admin: Workspace) -> None:
    victim = PersonDetails("Farah", "Amina", aliases=(Alias("Warsame", "Ami"),), postcode="LS6 2AB")
    case = records.open_case(admin, victim, TODAY)
    records.add_person_to_case(
        admin, case.id, PersonDetails("Mc Donald", "Deborah Anne"), PartyRole.PERPETRATOR, "", TODAY
    )
    records.add_person_to_case(
        admin, case.id, PersonDetails("王", "小明"), PartyRole.CHILD, "", TODAY
    )
    other = records.open_case(admin, PersonDetails("Nowak", "Amina"), TODAY)
    first, second = case.reference, other.reference
    assert _found(admin, "Amina Farah") == [(first, "victim")]
    assert _found(admin, "farah, amina") == [(first, "victim")]
    assert _found(admin, "Amina") == [(first, "victim"), (second, "victim")]
    assert _found(admin, "warsame") == [(first, "victim")]  # an alias
    assert _found(admin, "Deborah Donald") == [(first, "perpetrator")]
    assert _found(admin, "McDonald") == [(first, "perpetrator")]
    assert _found(admin, "deb mc") == [(first, "perpetrator")]  # the start of each word
    assert _found(admin, "Wang") == [(first, "child")]
    assert _found(admin, "王") == [(first, "child")]
    assert _found(admin, "ls6 2") == [(first, "postcode")]
    assert _found(admin, first) == [(first, "reference")]
    prefix = first.split("-")[0] + "-"  # the start of every reference, with no digit in it
    assert _found(admin, prefix) == [(first, "reference"), (second, "reference")]
    assert _found(admin, "Amina Donald") == []  # two people's words do not make one person
    assert _found(admin, "!!") == []
    assert records.case_page(admin, "", 0, 50)[0].found_by == ""


@pytest.mark.both_engines
def test_a_changed_name_is_found_by_its_new_words_only(admin: Workspace) -> None:
    case = records.open_case(admin, PersonDetails("Kowalska", "Ewa"), TODAY)
    records.update_person(admin, case.victim.id, PersonDetails("Nowak", "Ewa"), TODAY)
    assert _found(admin, "kowalska") == []
    assert _found(admin, "ewa nowak") == [(case.reference, "victim")]
