"""Case records and flags through the services, on a real encrypted database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from marac_desktop.domain.criteria import ReferralCriteria
from marac_desktop.domain.people import Alias, PersonDetails
from marac_desktop.domain.records import (
    FlagStatus,
    IncidentKind,
    PartyRole,
    ReferralStatus,
)
from marac_desktop.domain.users import Role
from marac_desktop.errors import InvalidInputError, PermissionDeniedError
from marac_desktop.services import access, audit, flags, records
from marac_desktop.services.workspace import Workspace
from tests.conftest import add_user

TODAY = date(2026, 11, 20)
HIGH = ReferralCriteria(visible_high_risk=True)


def _victim(family: str, given: str) -> PersonDetails:
    return PersonDetails(family, given, date_of_birth=date(1990, 1, 2), postcode="ls1 4ab")


@pytest.mark.both_engines
def test_case_with_parties_incidents_referrals(admin: Workspace) -> None:
    case = records.open_case(admin, _victim("Kowalczyk", "Agnieszka"), today=TODAY)
    perpetrator = records.add_person_to_case(
        admin,
        case.id,
        PersonDetails("Kowalczyk", "Marek", aliases=(Alias("Kowal", "Mark"),)),
        PartyRole.PERPETRATOR,
        "husband",
        today=TODAY,
    )
    records.add_person_to_case(
        admin,
        case.id,
        PersonDetails("Kowalczyk", "Zuzia", date_of_birth=date(2019, 5, 5)),
        PartyRole.CHILD,
        "daughter",
        today=TODAY,
    )
    records.record_incident(
        admin, case.id, date(2026, 9, 1), IncidentKind.THREATS, "Police", True, today=TODAY
    )
    records.record_referral(admin, case.id, date(2026, 9, 3), "IDVA service", HIGH, today=TODAY)
    record = records.case_record(admin, case.id)
    assert record.victim.details.postcode == "LS1 4AB"
    assert [p.role for p in record.parties] == [
        PartyRole.VICTIM,
        PartyRole.PERPETRATOR,
        PartyRole.CHILD,
    ]
    assert record.people(PartyRole.PERPETRATOR)[0].details.aliases == (Alias("Kowal", "Mark"),)
    assert record.people(PartyRole.PERPETRATOR)[0].id == perpetrator.id
    assert len(record.incidents) == 1 and record.referrals[0].status is ReferralStatus.RECEIVED
    actions = {(e.action, e.target_type) for e in audit.recent_entries(admin)}
    assert {
        ("create", "case"),
        ("create", "incident"),
        ("create", "referral"),
        ("view", "case"),
        ("change", "case"),
    } <= actions


@pytest.mark.both_engines
def test_bad_input_is_refused(admin: Workspace) -> None:
    with pytest.raises(InvalidInputError, match="family name"):
        records.open_case(admin, PersonDetails(" ", "Ann"), today=TODAY)
    with pytest.raises(InvalidInputError, match="future"):
        records.open_case(
            admin, PersonDetails("Lee", "Ann", date_of_birth=date(2027, 1, 1)), today=TODAY
        )
    case = records.open_case(admin, _victim("Lee", "Ann"), today=TODAY)
    with pytest.raises(InvalidInputError, match="future"):
        records.record_incident(
            admin, case.id, date(2026, 11, 21), IncidentKind.OTHER, "Police", False, today=TODAY
        )
    with pytest.raises(InvalidInputError, match="criterion"):
        records.record_referral(admin, case.id, TODAY, "Police", ReferralCriteria(), today=TODAY)
    with pytest.raises(InvalidInputError, match="one victim"):
        records.add_person_to_case(admin, case.id, _victim("X", "Y"), PartyRole.VICTIM)


@pytest.mark.both_engines
@pytest.mark.parametrize(("gap", "raised"), [(365, True), (366, False)])
def test_repeat_flag_at_the_window_edge(admin: Workspace, gap: int, raised: bool) -> None:
    case = records.open_case(admin, _victim("Begum", "Rokeya"), today=TODAY)
    referral_day = TODAY - timedelta(days=gap)
    records.record_referral(admin, case.id, referral_day, "Police", HIGH, today=TODAY)
    records.record_incident(
        admin, case.id, TODAY, IncidentKind.UNWANTED_CONTACT, "Housing", False, today=TODAY
    )
    flags.refresh(admin, case.id, today=TODAY)
    kinds = [f.kind for f in flags.queue(admin)]
    assert ("repeat" in kinds) is raised


@pytest.mark.both_engines
def test_serial_perpetrator_on_the_second_victim(admin: Workspace) -> None:
    first = records.open_case(admin, _victim("Smith", "Jo"), today=TODAY)
    abuser = records.add_person_to_case(
        admin, first.id, PersonDetails("Doe", "Rick"), PartyRole.PERPETRATOR, today=TODAY
    )
    records.record_incident(
        admin, first.id, date(2025, 1, 1), IncidentKind.THREATS, "Police", True, today=TODAY
    )
    flags.refresh(admin, first.id, today=TODAY)
    assert not [f for f in flags.queue(admin) if f.kind == "serial_perpetrator"]
    second = records.open_case(admin, _victim("Brown", "Kim"), today=TODAY)
    records.add_person_to_case(admin, second.id, abuser.id, PartyRole.PERPETRATOR, today=TODAY)
    records.record_incident(
        admin, second.id, date(2026, 10, 1), IncidentKind.THREATS, "Police", True, today=TODAY
    )
    flags.refresh(admin, second.id, today=TODAY)
    serial = [f for f in flags.queue(admin) if f.kind == "serial_perpetrator"]
    assert len(serial) == 1 and serial[0].person_id == abuser.id
    assert "2 different victims" in serial[0].evidence
    flags.refresh(admin, second.id, today=TODAY)  # raised once only
    assert len([f for f in flags.queue(admin) if f.kind == "serial_perpetrator"]) == 1


def test_review_needs_a_reason_and_the_right_role(admin: Workspace, db_path: Path) -> None:
    case = records.open_case(admin, _victim("Ahmed", "Sara"), today=TODAY)
    for days in (10, 40, 70):
        records.record_incident(
            admin,
            case.id,
            TODAY - timedelta(days=days),
            IncidentKind.PHYSICAL_VIOLENCE,
            "Police",
            True,
            today=TODAY,
        )
    flags.refresh(admin, case.id, today=TODAY)
    (flag,) = flags.queue(admin)
    assert flag.kind == "potential_escalation" and flag.evidence.startswith("3 incidents")
    with pytest.raises(InvalidInputError, match="reason"):
        flags.review(admin, flag.id, confirm=True, reason="  ")
    idva = access.unlock(db_path, "ivy", add_user(admin, "ivy", Role.IDVA))
    with pytest.raises(PermissionDeniedError):
        flags.review(idva, flag.id, confirm=False, reason="not needed")
    idva.close()
    reviewed = flags.review(admin, flag.id, confirm=False, reason="same incident logged 3 times")
    assert reviewed.status is FlagStatus.DISMISSED and reviewed.reviewed_by == "admin"
    assert flags.queue(admin) == []
    assert flags.queue(admin, include_reviewed=True)[0].review_reason.startswith("same incident")


@pytest.mark.both_engines
def test_case_list_is_searched_sorted_and_paged_in_the_database(admin: Workspace) -> None:
    for family, given in [
        ("Nowak", "Ewa"),
        ("Adeyemi", "Bisi"),
        ("Nguyen", "Lan"),
        ("Novak", "Petra"),
    ]:
        records.open_case(admin, _victim(family, given), today=TODAY)
    assert records.count_cases(admin) == 4
    assert records.count_cases(admin, "nov") == 1
    assert records.count_cases(admin, "ewa now") == 1  # the start of each word, in any order
    assert records.count_cases(admin, "no") == 0  # under three letters: whole words only
    page = records.case_page(admin, "", 0, 2, sort="family_name")
    assert [r.family_name for r in page] == ["Adeyemi", "Nguyen"]
    page = records.case_page(admin, "", 2, 2, sort="family_name")
    assert [r.family_name for r in page] == ["Novak", "Nowak"]
    assert records.case_page(admin, "ls1", 0, 10)[0].reference == "C-000001"


@pytest.mark.both_engines
def test_search_treats_wildcards_as_text(admin: Workspace) -> None:
    records.open_case(admin, _victim("Nowak", "Ewa"), today=TODAY)
    assert records.count_cases(admin, "%") == 0
    assert records.count_cases(admin, "_owak") == 0
    assert records.count_cases(admin, "owak") == 0  # words are found by their start
    assert records.count_cases(admin, "nowak%") == 1
